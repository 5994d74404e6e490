"""The RDF graph as what each article contributes, so that a store build writes only what changed.

:func:`kg.rdf.graph_triples` makes the graph of a corpus at once; it is built
on :class:`GraphState`, which holds the same graph as sums of the articles'
contributions:

* an entity's node (types, labels, aliases, the articles that mention it) from
  counters that each article adds to and an article going takes away from;
* the plain facts, counted by the articles that state them (a fact stays while
  one article does);
* each event's reports, by article;
* and, per article, its own node and named graph (assertion records and event
  reports), made from that article alone.

An article comes in with :meth:`GraphState.add` and goes with
:meth:`GraphState.remove` (given the linked result it came in with); both
return the subjects whose triples may have changed, and
:meth:`GraphState.subject_triples` makes the triples of one subject. So a build
that adds one article makes the triples of that article and of the entities
and events it touches, whatever the size of the store.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from .model import Document, DocumentResult, Value
from .ontology import TK
from .statedb import Keyed

__all__ = ["GraphState"]


@dataclass
class _Acc:
    """What the articles say of one entity, as counts an article adds and takes away."""

    types: Counter = field(default_factory=Counter)
    labels: dict[str, Counter] = field(default_factory=dict)
    known: dict[str, Counter] = field(default_factory=dict)
    aliases: Counter = field(default_factory=Counter)  # (text, lang)
    docs: Counter = field(default_factory=Counter)
    wikidata: Counter = field(default_factory=Counter)

    def empty(self) -> bool:
        return not self.docs


def _bump(counter: Counter, key, sign: int) -> None:
    n = counter.get(key, 0) + sign
    if n:
        counter[key] = n
    else:
        counter.pop(key, None)


def _bump_in(table: dict[str, Counter], lang: str, key, sign: int) -> None:
    c = table.setdefault(lang, Counter())
    _bump(c, key, sign)
    if not c:
        del table[lang]


def _doc_stub(doc: Document) -> Document:
    """What an event needs of its article (id, language, date), without the text."""
    return Document(id=doc.id, text="", lang=doc.lang, published=doc.published)


class GraphState(Keyed):
    """The graph of a corpus as per-article contributions (see the module docstring). A store keeps its
    tables in its state file (:mod:`kg.statedb`)."""

    _TABLES = {"entities": 50_000, "facts": 20_000, "reports": 20_000, "records": 5_000}

    def __init__(self, fact_modalities: Iterable[str] | None = None):
        from .rdf import FACT_MODALITIES

        self.fact_modalities = frozenset(fact_modalities if fact_modalities is not None else FACT_MODALITIES)
        self.entities: dict[str, _Acc] = {}
        self.facts: dict[URIRef, Counter] = {}  # subject -> (predicate, object) -> articles
        self.reports: dict[URIRef, dict[str, list]] = {}  # event node -> doc -> [(event, doc)]
        self.records: dict[str, frozenset] = {}  # doc -> the IRIs of its assertion records

    def __getstate__(self) -> dict:
        return self._unbound_state()

    # -- articles in and out -------------------------------------------------------------------

    def add(self, result: DocumentResult) -> set[tuple[str, object]]:
        """Take in an article's linked result; returns the subjects it touches: ("entity", id),
        ("event", node IRI), ("doc", doc id)."""
        return self._apply(result, 1)

    def remove(self, result: DocumentResult) -> set[tuple[str, object]]:
        """Take out an article, given the linked result it was added with."""
        return self._apply(result, -1)

    def _apply(self, result: DocumentResult, sign: int) -> set[tuple[str, object]]:
        from .rdf import TKEV, _QID

        doc = result.document
        touched: set[tuple[str, object]] = {("doc", doc.id)}
        for key, entity in result.entities.items():
            eid = entity.id or key
            acc = self.entities.setdefault(eid, _Acc())
            _bump(acc.types, entity.type, sign)
            _bump_in(acc.labels, entity.lang, entity.label, sign)
            for lang, label in (entity.labels or {}).items():
                if label:
                    _bump_in(acc.known, lang, label, sign)
            for alias in sorted(set(entity.aliases) | {m.text for m in entity.mentions}):
                if alias and alias.strip():
                    _bump(acc.aliases, (alias, entity.lang), sign)
            _bump(acc.docs, doc.id, sign)
            qid = getattr(entity, "wikidata", None)
            if isinstance(qid, str):
                qid = qid.rsplit("/", 1)[-1]
                if _QID.match(qid):
                    _bump(acc.wikidata, qid, sign)
            if acc.empty():
                del self.entities[eid]
            touched.add(("entity", eid))
        for subject, (s, p, o) in self._asserted(result):
            counts = self.facts.setdefault(s, Counter())
            _bump(counts, (p, o), sign)
            if not counts:
                del self.facts[s]
            touched.add(("entity", subject))
        for event in result.events:
            node = TKEV[event.id]
            by_doc = self.reports.setdefault(node, {})
            if sign > 0:
                by_doc.setdefault(doc.id, []).append((event, _doc_stub(doc)))
            else:
                by_doc.pop(doc.id, None)
                if not by_doc:
                    del self.reports[node]
            touched.add(("event", node))
        if sign > 0:
            self.records[doc.id] = frozenset(self._records(result))
        else:
            self.records.pop(doc.id, None)
        return touched

    def _asserted(self, result: DocumentResult) -> set[tuple[str, tuple]]:
        """The plain facts an article states: (subject's entity id, triple)."""
        from .rdf import _property, _value_literal, entity_iri

        out = set()
        for fact in result.facts:
            if any(ev.modality in self.fact_modalities for ev in fact.evidence):
                o = _value_literal(fact.object) if isinstance(fact.object, Value) else entity_iri(fact.object)
                out.add((fact.subject, (entity_iri(fact.subject), _property(fact.predicate), o)))
        return out

    @staticmethod
    def _records(result: DocumentResult) -> dict:
        """The article's assertion records: IRI -> (evidence, triple, language); the strongest extraction
        of one statement at one span wins."""
        from .rdf import _property, _value_literal, _with_doc, assertion_iri, entity_iri

        doc = result.document
        records: dict = {}
        for fact in result.facts:
            s = entity_iri(fact.subject)
            p = _property(fact.predicate)
            o = _value_literal(fact.object) if isinstance(fact.object, Value) else entity_iri(fact.object)
            for ev in fact.evidence:
                doc_id = ev.doc_id or doc.id
                a = assertion_iri(s, p, o, doc_id, ev.start, ev.end)
                old = records.get(a)
                if old is None or (ev.confidence, ev.extractor) > (old[0].confidence, old[0].extractor):
                    records[a] = (ev if ev.doc_id else _with_doc(ev, doc_id), (s, p, o), doc.lang)
        return records

    # -- triples ------------------------------------------------------------------------------------

    def document_triples(self, result: DocumentResult, rates=None) -> set[tuple]:
        """The article's node, its assertion records and the reports of its events (its named graph)."""
        from .rdf import _ABS_IRI, SDO, _add_provenance, _text, date_literal, document_iri

        doc = result.document
        g: set[tuple] = set()
        d = document_iri(doc.id)
        g.add((d, RDF.type, TK.Article))
        g.add((d, TK.contentHash, Literal(doc.content_hash)))
        if doc.source:
            g.add((d, DCTERMS.source, Literal(doc.source)))
        if doc.lang:
            g.add((d, DCTERMS.language, Literal(doc.lang)))
        if doc.title:
            g.add((d, DCTERMS.title, _text(doc.title, doc.lang)))
        if doc.published:
            g.add((d, DCTERMS.issued, date_literal(doc.published)))
        if doc.url:
            url = doc.url.strip()
            g.add((d, SDO.url, URIRef(url) if _ABS_IRI.match(url) else Literal(url)))
        for a, (ev, (s, p, o), lang) in self._records(result).items():
            g.add((a, RDF.type, TK.Assertion))
            g.add((a, RDF.subject, s))
            g.add((a, RDF.predicate, p))
            g.add((a, RDF.object, o))
            _add_provenance(g, a, ev, ev.doc_id, lang)
            g.add((a, TK.modality, Literal(ev.modality)))
        # the reports of its events (their nodes are made from every article that reports them)
        from .rdf import TKEV

        for event in result.events:
            node = TKEV[event.id]
            for t in self._event_graph(node, [(event, _doc_stub(doc))], frozenset(), rates):
                if t[0] != node:
                    g.add(t)
        return g

    def entity_triples(self, entity_id: str, gazetteer_entry=None) -> set[tuple]:
        """An entity's node and the plain facts of which it is the subject."""
        from .rdf import WD, _QID, _class, _pick, _text, document_iri, entity_iri

        g: set[tuple] = set()
        e = entity_iri(entity_id)
        acc = self.entities.get(entity_id)
        if acc is not None:
            g.add((e, RDF.type, _class(_pick(acc.types))))
            chosen: set[str] = set()
            for lang in sorted(set(acc.labels) | set(acc.known)):
                pool = acc.known.get(lang) or acc.labels[lang]
                label = _pick(pool)
                chosen.add(label)
                g.add((e, RDFS.label, _text(label, lang)))
                for other in (acc.labels.get(lang, Counter()) + acc.known.get(lang, Counter())):
                    if other != label:
                        g.add((e, SKOS.altLabel, _text(other, lang)))
                        chosen.add(other)
            for alias, lang in acc.aliases:
                if alias not in chosen:
                    g.add((e, SKOS.altLabel, _text(alias, lang)))
            for doc_id in acc.docs:
                g.add((e, TK.mentionedIn, document_iri(doc_id)))
            for qid in acc.wikidata:
                g.add((e, OWL.sameAs, WD[qid]))
            if gazetteer_entry is not None:
                qid = (gazetteer_entry.wikidata or "").rsplit("/", 1)[-1]
                if _QID.match(qid):
                    g.add((e, OWL.sameAs, WD[qid]))
                if gazetteer_entry.ticker:
                    g.add((e, TK.ticker, Literal(gazetteer_entry.ticker)))
                if gazetteer_entry.website:
                    g.add((e, TK.homepage, Literal(gazetteer_entry.website, datatype=XSD.anyURI)))
        for p, o in self.facts.get(e, ()):
            g.add((e, p, o))
        return g

    def subject_facts(self, subject: URIRef) -> set[tuple]:
        return {(subject, p, o) for p, o in self.facts.get(subject, ())}

    def event_triples(self, node: URIRef, rates=None) -> set[tuple]:
        """An event's node (without its reports' records, which are in their articles' graphs)."""
        by_doc = self.reports.get(node)
        if not by_doc:
            return set()
        reports = [r for doc in sorted(by_doc) for r in by_doc[doc]]
        # the records an event entails are those of the articles that report it
        records = frozenset().union(*(self.records.get(doc, frozenset()) for doc in by_doc))
        return {t for t in self._event_graph(node, reports, records, rates) if t[0] == node}

    @staticmethod
    def _event_graph(node: URIRef, reports: list, records, rates) -> set[tuple]:
        from .rdf import _add_event

        g: set[tuple] = set()
        _add_event(g, node, reports, records, rates)
        return g
