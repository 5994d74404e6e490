"""Facts and their provenance as an RDF graph (see docs/ARCHITECTURE.md).

Graph shape, in short:

* every fact is a plain triple ``tkid:S tk:pred tkid:O`` (or a typed literal for
  a date), so SPARQL over facts needs no reification;
* every extraction of a fact is a ``tk:Assertion`` provenance record
  (``tkprov:<sha1[:16]>``) with ``rdf:subject/predicate/object``, the source
  document (``prov:wasDerivedFrom tkdoc:ID``), sentence text and index, character
  offsets, extractor name and version, confidence, modality and
  ``prov:wasGeneratedBy tkprov:run``;
* the one build activity ``tkprov:run`` holds ``prov:startedAtTime``, the only
  time stamp in the graph;
* entities are ``a tk:<Class>`` with one ``rdfs:label`` per language,
  ``skos:altLabel`` for other surface forms and ``tk:mentionedIn`` documents;
* documents are ``a tk:Article`` with ``dcterms:source/language/title/issued``
  and ``schema:url`` where known;
* every event (a deal, listing, launch, appointment or support measure) is a
  node ``tkev:<class>-<hash>`` of its ``tk:Event`` subclass with its roles
  (``tk:investee``, ``tk:acquirer`` ...), ``tk:amount``/``tk:currency``/
  ``tk:amountUSD``, ``tk:date``/``tk:datePrecision``/``tk:dateText``,
  ``tk:status``, one ``tk:report`` per article that reports it (a
  ``tk:EventReport`` with the provenance fields of an assertion) and
  ``tk:entails`` to the assertion records of the plain relations it states.

Only extractions whose modality is in :data:`FACT_MODALITIES` ("asserted",
"hedged", "past") become plain fact triples; a "planned" or "denied" relation is kept
as its ``tk:Assertion`` record only, so ``?s tk:acquired ?o`` never returns an
acquisition the text says did not happen. A "past" relation (a former CEO)
is a fact as in Wikidata, where an employer may be a past one; its record's
``tk:modality "past"`` tells it from a current role.

The graph is a single :class:`rdflib.Graph`; the TriG/N-Quads exporters split it
into named graphs when writing.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import unquote

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

import kg
from kg.errors import InputError
from kg.model import DocumentResult, Evidence, Value
from kg.ontology import TK

__all__ = [
    "TKID",
    "TKDOC",
    "TKPROV",
    "TKEV",
    "SDO",
    "WD",
    "PREFIXES",
    "FACT_MODALITIES",
    "RUN",
    "bind_prefixes",
    "entity_iri",
    "document_iri",
    "assertion_iri",
    "date_literal",
    "to_graph",
    "graph_triples",
    "triples_to_graph",
    "load_graph",
    "flatten",
    "graph_stats",
    "Stats",
    "graph_view",
    "GraphView",
    "EntityView",
    "FactView",
    "EvidenceView",
]

TKID = Namespace("https://techkg.dev/id/")
TKDOC = Namespace("https://techkg.dev/doc/")
TKPROV = Namespace("https://techkg.dev/prov/")
TKEV = Namespace("https://techkg.dev/event/")
SDO = Namespace("https://schema.org/")
WD = Namespace("http://www.wikidata.org/entity/")

#: The prefixes every serialisation uses, in this order.
PREFIXES: dict[str, str] = {
    "tk": "https://techkg.dev/ontology#",
    "tkid": str(TKID),
    "tkdoc": str(TKDOC),
    "tkprov": str(TKPROV),
    "tkev": str(TKEV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "wd": str(WD),
}

#: Modalities whose extractions become plain fact triples.
FACT_MODALITIES = frozenset({"asserted", "hedged", "past"})

#: The build activity.
RUN = TKPROV["run"]

# Properties of provenance records and entity bookkeeping: never facts.
_META_PROPS = frozenset(
    TK[n]
    for n in (
        "mentionedIn",
        "sentenceText",
        "sentenceIndex",
        "startOffset",
        "endOffset",
        "extractor",
        "extractorVersion",
        "confidence",
        "modality",
        "linkedEntity",
        "linkedName",
        "linkedDocument",
        "linkRule",
        "ticker",
        "homepage",
    )
)

# Characters an IRI cannot hold (RFC 3987) plus the ones that would end the
# path ("?", "#") and "%" itself, so the mapping id -> IRI is reversible.
_IRI_UNSAFE = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|\\^`%?#]')
_ABS_IRI = re.compile(r'^[A-Za-z][A-Za-z0-9+.\-]*:[^\x00-\x20<>"{}|\\^`]+$')
_LANG_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_QID = re.compile(r"^Q[1-9][0-9]*$")
_DATE_PATTERNS = (
    (re.compile(r"^-?\d{4}$"), XSD.gYear),
    (re.compile(r"^-?\d{4}-(0[1-9]|1[0-2])$"), XSD.gYearMonth),
    (re.compile(r"^-?\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"), XSD.date),
    (re.compile(r"^-?\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$"), XSD.dateTime),
)


def _encode(key: str) -> str:
    key = unicodedata.normalize("NFC", key)
    return _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), key)


def entity_iri(entity_id: str) -> URIRef:
    """The stable IRI of an entity: ``https://techkg.dev/id/`` + its id.

    Only what an IRI cannot hold is percent-encoded; Hangul and Hanzi stay.

    >>> entity_iri("alibaba-group")
    rdflib.term.URIRef('https://techkg.dev/id/alibaba-group')
    >>> str(entity_iri("ko/비렌"))
    'https://techkg.dev/id/ko/비렌'
    >>> str(entity_iri('en/a "b"#1'))
    'https://techkg.dev/id/en/a%20%22b%22%231'
    """
    return URIRef(str(TKID) + _encode(entity_id))


def document_iri(doc_id: str) -> URIRef:
    """The IRI of a document: ``https://techkg.dev/doc/`` + its id.

    >>> str(document_iri("000_bb1140d7c5ae393e"))
    'https://techkg.dev/doc/000_bb1140d7c5ae393e'
    """
    return URIRef(str(TKDOC) + _encode(doc_id))


def assertion_iri(subject: URIRef, predicate: URIRef, obj: URIRef | Literal, doc_id: str, start: int, end: int) -> URIRef:
    """The IRI of one provenance record: ``tkprov:`` + sha1 of the extraction key, 16 hex digits.

    The key is the tab-joined subject IRI, predicate IRI, object (IRI or
    literal lexical form), document id, start and end offsets.

    >>> a = assertion_iri(entity_iri("a"), TK.acquired, entity_iri("b"), "d1", 0, 10)
    >>> a == assertion_iri(entity_iri("a"), TK.acquired, entity_iri("b"), "d1", 0, 10)
    True
    >>> len(str(a)) - len("https://techkg.dev/prov/")
    16
    """
    key = "\t".join((str(subject), str(predicate), str(obj), doc_id, str(start), str(end)))
    return URIRef(str(TKPROV) + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16])


def date_literal(text: str) -> Literal:
    """An ISO date as the narrowest XSD literal; anything else as a plain string.

    >>> date_literal("2019").datatype == XSD.gYear
    True
    >>> date_literal("2019-03").datatype == XSD.gYearMonth
    True
    >>> date_literal("2019-03-05").datatype == XSD.date
    True
    >>> date_literal("last spring")
    rdflib.term.Literal('last spring')
    """
    text = text.strip()
    for pattern, datatype in _DATE_PATTERNS:
        if pattern.match(text):
            return Literal(text, datatype=datatype)
    return Literal(text)


def _value_literal(value: Value) -> Literal:
    if value.kind == "date":
        return date_literal(value.normalized or value.text)
    return Literal(value.normalized or value.text)


def _amount(d: Decimal) -> Literal:
    """An amount as a canonical xsd:decimal ("180000000.0", "138.9"), so it reads back equal."""
    text = format(d.normalize(), "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _decimal(x: float) -> Literal:
    """A confidence as a canonical xsd:decimal ("0.9", "1.0")."""
    try:
        d = Decimal(str(round(float(x), 4)))
    except (InvalidOperation, ValueError):
        d = Decimal(0)
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    text = text.rstrip("0")
    if text.endswith("."):
        text += "0"
    return Literal(text, datatype=XSD.decimal)


def _lang(tag: str | None) -> str | None:
    return tag if tag and _LANG_TAG.match(tag) else None


def _text(text: str, lang: str | None) -> Literal:
    return Literal(text, lang=_lang(lang))


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the fixed techkg prefixes (:data:`PREFIXES`) on ``graph`` and return it.

    >>> g = bind_prefixes(Graph())
    >>> dict(g.namespaces())["tkid"]
    rdflib.term.URIRef('https://techkg.dev/id/')
    """
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, URIRef(ns), override=True, replace=True)
    return graph


def _new_graph() -> Graph:
    return bind_prefixes(Graph(bind_namespaces="none"))


def _pick(counter: Counter) -> str:
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _class(local: str) -> URIRef:
    try:
        return TK[local]
    except (AttributeError, KeyError) as exc:  # ClosedNamespace raises on unknown terms
        raise ValueError(f"unknown ontology class {local!r}") from exc


def _property(local: str) -> URIRef:
    try:
        return TK[local]
    except (AttributeError, KeyError) as exc:
        raise ValueError(f"unknown ontology property {local!r}") from exc


def to_graph(
    results: Sequence[DocumentResult],
    *,
    started_at: datetime | None = None,
    version: str = kg.__version__,
    fact_modalities: Iterable[str] = FACT_MODALITIES,
    linking=None,
    rates=None,
) -> Graph:
    """Turn extraction results into one RDF graph: facts, entities, documents, provenance.

    The graph of :func:`graph_triples` in an rdflib Graph with the techkg prefixes; the
    arguments are the same.

    ``started_at`` is the build time (``prov:startedAtTime`` of ``tkprov:run``;
    default: now, UTC, whole seconds); with the same ``started_at`` the same
    results give the same graph. ``version`` is techkg's version, recorded on
    the run. Extractions whose modality is not in ``fact_modalities`` are kept
    as provenance records only. ``linking`` (a :class:`kg.link.Linking`, for
    results whose ids it has already rewritten) adds its merge decisions and
    same-as candidates, and the identifiers of gazetteer entities. ``rates`` (a
    :class:`kg.rates.RateTable`, default the shipped one) converts event amounts to USD.

    >>> from kg.model import Document, Entity, Evidence, Fact
    >>> doc = Document(id="d1", text="Jack Ma founded Alibaba.", lang="en")
    >>> ents = {"jack-ma": Entity("jack-ma", "Person", "Jack Ma", "en"),
    ...         "alibaba": Entity("alibaba", "Company", "Alibaba", "en")}
    >>> ev = Evidence("d1", 0, doc.text, 0, 24, "en.svo", "0.1.0", 0.9)
    >>> g = to_graph([DocumentResult(doc, [], ents, [Fact("jack-ma", "founderOf", "alibaba", (ev,))])])
    >>> (entity_iri("jack-ma"), TK.founderOf, entity_iri("alibaba")) in g
    True
    >>> len(list(g.subjects(RDF.type, TK.Assertion)))
    1
    """
    return triples_to_graph(graph_triples(results, started_at=started_at, version=version,
                                          fact_modalities=fact_modalities, linking=linking, rates=rates))


def triples_to_graph(triples: Iterable[tuple]) -> Graph:
    """An rdflib Graph with the techkg prefixes holding ``triples``."""
    g = _new_graph()
    for t in triples:
        g.add(t)
    return g


def graph_triples(
    results: Sequence[DocumentResult],
    *,
    started_at: datetime | None = None,
    version: str = kg.__version__,
    fact_modalities: Iterable[str] = FACT_MODALITIES,
    linking=None,
    rates=None,
) -> set[tuple]:
    """The triples of the graph of ``results`` as a plain set (what :func:`to_graph` puts in a Graph).

    A set, because rdflib's in-memory store indexes every triple it is given,
    which takes most of the time of a large build that only writes to the
    Oxigraph store. The graph is made of what each article contributes
    (:class:`kg.graphstate.GraphState`), as a store build makes it article by article.

    >>> from kg.model import Document, Entity, Evidence, Fact
    >>> doc = Document(id="d1", text="Jack Ma founded Alibaba.", lang="en")
    >>> ents = {"jack-ma": Entity("jack-ma", "Person", "Jack Ma", "en"),
    ...         "alibaba": Entity("alibaba", "Company", "Alibaba", "en")}
    >>> ev = Evidence("d1", 0, doc.text, 0, 24, "en.svo", "0.1.0", 0.9)
    >>> ts = graph_triples([DocumentResult(doc, [], ents, [Fact("jack-ma", "founderOf", "alibaba", (ev,))])])
    >>> (entity_iri("jack-ma"), TK.founderOf, entity_iri("alibaba")) in ts
    True
    """
    from .graphstate import GraphState

    state = GraphState(fact_modalities)
    for result in results:
        state.add(result)
    g = run_triples(started_at, version, linking)
    for result in results:
        g |= state.document_triples(result, rates)
    entries = linking.gazetteer_entries if linking is not None else {}
    for entity_id in state.entities:
        g |= state.entity_triples(entity_id, entries.get(entity_id))
    covered = {entity_iri(e) for e in state.entities}
    for subject in state.facts:
        if subject not in covered:
            g |= state.subject_facts(subject)
    for node in state.reports:
        g |= state.event_triples(node, rates)
    if linking is not None:
        known = set(state.entities)
        for d in linking.decisions:
            g |= decision_triples(d, known)
    return g


def run_triples(started_at: datetime | None, version: str = kg.__version__, linking=None) -> set[tuple]:
    """The build activity: when it started, and the gazetteer version it used."""
    if started_at is None:
        started_at = datetime.now(timezone.utc).replace(microsecond=0)
    elif started_at.tzinfo is None:
        started_at = started_at.replace(tzinfo=timezone.utc)
    g: set[tuple] = {(RUN, RDF.type, PROV.Activity), (RUN, RDFS.label, Literal(f"techkg {version} build")),
                     (RUN, PROV.startedAtTime, Literal(started_at.isoformat(), datatype=XSD.dateTime))}
    if linking is not None and linking.gazetteer_version:
        used = TKPROV["gazetteer-" + linking.gazetteer_version]
        g.add((RUN, PROV.used, used))
        g.add((used, RDF.type, PROV.Entity))
        g.add((used, RDFS.label, Literal(f"techkg gazetteer {linking.gazetteer_version}")))
    return g


def decision_triples(d, known: set[str]) -> set[tuple]:
    """A link decision as a tk:MergeDecision / tk:SameAsCandidate node (none when one of its entities
    is not in the graph)."""
    if not all(e in known for e in d.entities):
        return set()
    node = TKPROV["link-" + d.key]
    g = {(node, RDF.type, TK.SameAsCandidate if d.kind == "candidate" else TK.MergeDecision)}
    for e in d.entities:
        g.add((node, TK.linkedEntity, entity_iri(e)))
    for doc_id, name, lang in d.names:
        g.add((node, TK.linkedName, _text(name, lang)))
        g.add((node, TK.linkedDocument, document_iri(doc_id)))
    g.add((node, TK.linkRule, Literal(d.rule)))
    g.add((node, TK.confidence, _decimal(d.confidence)))
    g.add((node, RDFS.comment, Literal(d.reason, lang="en")))
    g.add((node, PROV.wasGeneratedBy, RUN))
    return g



def _add_provenance(g: Graph, node: URIRef, ev: Evidence, doc_id: str, lang: str | None) -> None:
    """Where a record was read: article, sentence, span, extractor, confidence (assertions and event reports)."""
    g.add((node, PROV.wasDerivedFrom, document_iri(doc_id)))
    g.add((node, PROV.wasGeneratedBy, RUN))
    g.add((node, TK.sentenceText, _text(ev.sentence_text, lang)))
    g.add((node, TK.sentenceIndex, Literal(int(ev.sentence_index))))
    g.add((node, TK.startOffset, Literal(int(ev.start))))
    g.add((node, TK.endOffset, Literal(int(ev.end))))
    g.add((node, TK.extractor, Literal(ev.extractor)))
    g.add((node, TK.extractorVersion, Literal(ev.extractor_version)))
    g.add((node, TK.confidence, _decimal(ev.confidence)))


def _add_event(g: Graph, node: URIRef, reports: list, records: dict, rates) -> None:
    """One event node: class, roles, money, date, status, attributes; a report per article; the
    assertion records of the plain relations it states (those that exist: typing may drop some)."""
    from kg.rates import usd_amount

    # several articles may report one event (kg.events.link_events): their roles are united; the
    # amount, date and other attributes come from the first article (by id) that states them
    reports = sorted(reports, key=lambda r: (r[1].id, r[0].evidence[0].start))
    event, doc = reports[0]
    g.add((node, RDF.type, _class(event.type)))
    g.add((node, TK.status, Literal(event.status)))
    for e, _ in reports:
        for role, entity_id in e.roles:
            g.add((node, _property(role), entity_iri(entity_id)))
    event, doc = next(((e, d) for e, d in reports if e.amount is not None), reports[0])
    if event.amount is not None:
        amount, currency = event.amount.normalized.split()
        g.add((node, TK.amount, _amount(Decimal(amount))))
        g.add((node, TK.currency, Literal(currency)))
        if event.amount.approximate:
            g.add((node, TK.amountApproximate, Literal(True)))
        year = None
        if event.date is not None and event.date.normalized:
            year = event.date.normalized[:4]
        elif doc.published:
            year = str(doc.published)[:4]
        usd = usd_amount(event.amount, year, rates)
        if usd is not None:
            g.add((node, TK.amountUSD, _amount(usd[0])))
            g.add((node, TK.amountUSDBasis, Literal(usd[1])))
    event, doc = next(((e, d) for e, d in reports if e.date is not None and e.date.normalized),
                      next(((e, d) for e, d in reports if e.date is not None), reports[0]))
    if event.date is not None:
        g.add((node, TK.dateText, _text(event.date.text, doc.lang)))
        if event.date.normalized:
            g.add((node, TK.date, _event_date(event.date.normalized)))
            g.add((node, TK.datePrecision, Literal(event.date.precision)))
    attributes: dict[str, tuple[str, object]] = {}
    for e, d in reports:
        for name, value in e.attributes:
            attributes.setdefault(name, (value, d))
    for name, (value, doc) in sorted(attributes.items()):
        if name in ("purpose", "role"):
            g.add((node, _property(name), _text(value, doc.lang)))
        elif name == "period":
            g.add((node, TK.period, Literal(value, datatype=XSD.duration)))
        elif name == "shareLimit":
            g.add((node, TK.shareLimit, _amount(Decimal(value))))
        else:
            g.add((node, _property(name), Literal(value)))
    for event, doc in reports:
        for ev in event.evidence:
            report = TKPROV["report-" + hashlib.sha1(
                f"{node}\x1f{ev.doc_id}\x1f{ev.start}\x1f{ev.end}\x1f{ev.extractor}".encode("utf-8")).hexdigest()[:16]]
            g.add((node, TK.report, report))
            g.add((report, RDF.type, TK.EventReport))
            _add_provenance(g, report, ev, ev.doc_id or doc.id, doc.lang)
            for subject, predicate, obj in event.relations:
                a = assertion_iri(entity_iri(subject), _property(predicate), entity_iri(obj), ev.doc_id or doc.id,
                                  ev.start, ev.end)
                if a in records:
                    g.add((node, TK.entails, a))


def _event_date(normalized: str) -> Literal:
    """A date literal for an event; a week ("2025-W08") is given by its Monday."""
    m = re.match(r"^(\d{4})-W(\d{2})$", normalized)
    if m:
        from datetime import date

        return Literal(date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1).isoformat(), datatype=XSD.date)
    return date_literal(normalized)


def _with_doc(ev: Evidence, doc_id: str) -> Evidence:
    return Evidence(
        doc_id, ev.sentence_index, ev.sentence_text, ev.start, ev.end,
        ev.extractor, ev.extractor_version, ev.confidence, ev.modality,
    )


def flatten(graph: Graph) -> Graph:
    """All triples of ``graph`` in one plain :class:`~rdflib.Graph` (a Dataset's named graphs merged).

    A plain Graph is returned as it is.

    >>> from rdflib import Dataset
    >>> ds = Dataset()
    >>> _ = ds.graph(URIRef("urn:g")).add((URIRef("urn:a"), RDF.type, URIRef("urn:B")))
    >>> len(flatten(ds))
    1
    """
    if not getattr(graph, "context_aware", False):
        return graph
    flat = _new_graph()
    for s, p, o, _ctx in graph.quads((None, None, None, None)):
        flat.add((s, p, o))
    return flat


_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".n3": "n3",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}
_QUAD_FORMATS = {"trig", "nquads"}


def load_graph(path: str | Path) -> Graph:
    """Read a graph written by ``kg build`` (Turtle by default; format from the suffix).

    Quad formats are merged into one graph. A missing or unparsable file is an
    :class:`~kg.errors.InputError` with a one-line message.

    >>> load_graph("/nonexistent/graph.ttl")
    Traceback (most recent call last):
    ...
    kg.errors.InputError: graph file not found: /nonexistent/graph.ttl
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"graph file not found: {path}")
    if path.is_dir():
        raise InputError(f"graph path is a directory, not a file: {path}")
    fmt = _FORMATS.get(path.suffix.lower(), "turtle")
    try:
        if fmt in _QUAD_FORMATS:
            from rdflib import Dataset

            ds = Dataset()
            ds.parse(path, format=fmt)
            return flatten(ds)
        g = _new_graph()
        g.parse(path, format=fmt)
        return g
    except Exception as exc:  # rdflib raises many kinds (BadSyntax, SAXParseException, ValueError, ...)
        msg = " ".join(str(exc).split()) or type(exc).__name__
        if len(msg) > 200:
            msg = msg[:197] + "..."
        raise InputError(f"cannot parse {path} as {fmt}: {msg}") from None


# ---------------------------------------------------------------------------
# Reading the graph back: statistics and a simple view for the exporters


def _local(term: URIRef) -> str:
    s = str(term)
    if s.startswith(str(TK)):
        return s[len(str(TK)):]
    for ns in (str(TKID), str(TKDOC), str(TKPROV)):
        if s.startswith(ns):
            return unquote(s[len(ns):])
    return re.split(r"[#/]", s)[-1] or s


def _is_tk(term: object) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(str(TK))


@dataclass
class Stats:
    """Counts of a graph: entities by class, facts by predicate, documents, assertions.

    >>> s = Stats(documents=1, assertions=2, entities_by_class={"Company": 2}, facts_by_predicate={"acquired": 1})
    >>> s.entities, s.facts
    (2, 1)
    >>> print(s)
    documents: 1
    entities: 2
    facts: 1
    assertions: 2
    entities by class:
      Company: 2
    facts by predicate:
      acquired: 1
    """

    documents: int = 0
    assertions: int = 0
    entities_by_class: dict[str, int] = field(default_factory=dict)
    facts_by_predicate: dict[str, int] = field(default_factory=dict)
    entity_count: int | None = None  # distinct entities (an entity may have two classes)
    merges: int = 0  # tk:MergeDecision records: names merged across documents
    same_as_candidates: int = 0  # tk:SameAsCandidate records: reported, not merged
    events_by_class: dict[str, int] = field(default_factory=dict)  # deals, listings, launches ... (tk:Event)

    @property
    def entities(self) -> int:
        return self.entity_count if self.entity_count is not None else sum(self.entities_by_class.values())

    @property
    def facts(self) -> int:
        return sum(self.facts_by_predicate.values())

    def as_dict(self) -> dict:
        return {
            "documents": self.documents,
            "entities": self.entities,
            "facts": self.facts,
            "assertions": self.assertions,
            "entities_by_class": dict(self.entities_by_class),
            "facts_by_predicate": dict(self.facts_by_predicate),
            "merges": self.merges,
            "same_as_candidates": self.same_as_candidates,
            "events": sum(self.events_by_class.values()),
            "events_by_class": dict(self.events_by_class),
        }

    def __str__(self) -> str:
        lines = [
            f"documents: {self.documents}",
            f"entities: {self.entities}",
            f"facts: {self.facts}",
            f"assertions: {self.assertions}",
            *([f"names merged across documents: {self.merges}, same-as candidates: {self.same_as_candidates}"]
              if self.merges or self.same_as_candidates else []),
            "entities by class:",
            *(f"  {k}: {v}" for k, v in self.entities_by_class.items()),
            "facts by predicate:",
            *(f"  {k}: {v}" for k, v in self.facts_by_predicate.items()),
            *([f"events: {sum(self.events_by_class.values())}"] if self.events_by_class else []),
            *(f"  {k}: {v}" for k, v in self.events_by_class.items()),
        ]
        return "\n".join(lines)


def _entity_types(g: Graph) -> dict[URIRef, list[URIRef]]:
    entity_classes = _entity_class_iris()
    out: dict[URIRef, list[URIRef]] = defaultdict(list)
    for s, cls in g.subject_objects(RDF.type):
        if cls in entity_classes and isinstance(s, URIRef):
            out[s].append(cls)
    return out


def _entity_class_iris() -> frozenset[URIRef]:
    """The classes of entities (not articles, provenance records or events)."""
    from kg.ontology import load_ontology

    ont = load_ontology()
    return frozenset(ont.iri(c) for c in ont.entity_classes())


def _sorted_counts(counter: Counter) -> dict[str, int]:
    return dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def graph_stats(graph: Graph) -> Stats:
    """Count entities by class, facts by predicate, documents and provenance records.

    >>> from kg.model import Document, Entity, Fact
    >>> doc = Document(id="d1", text="x", lang="en")
    >>> ents = {"a": Entity("a", "Company", "A", "en"), "b": Entity("b", "Company", "B", "en")}
    >>> ev = Evidence("d1", 0, "x", 0, 1, "t", "0", 0.5)
    >>> s = graph_stats(to_graph([DocumentResult(doc, [], ents, [Fact("a", "acquired", "b", (ev,))])]))
    >>> s.documents, s.entities, s.facts, s.assertions, s.entities_by_class
    (1, 2, 1, 1, {'Company': 2})
    """
    g = flatten(graph)
    types = _entity_types(g)
    by_class = Counter(_local(c) for cs in types.values() for c in set(cs))
    by_pred: Counter = Counter()
    for s, p, _o in g:
        if s in types and _is_tk(p) and p not in _META_PROPS:
            by_pred[_local(p)] += 1
    return Stats(
        documents=len(set(g.subjects(RDF.type, TK.Article))),
        assertions=len(set(g.subjects(RDF.type, TK.Assertion))),
        entities_by_class=_sorted_counts(by_class),
        facts_by_predicate=_sorted_counts(by_pred),
        entity_count=len(types),
        merges=len(set(g.subjects(RDF.type, TK.MergeDecision))),
        same_as_candidates=len(set(g.subjects(RDF.type, TK.SameAsCandidate))),
        events_by_class=_sorted_counts(Counter(_local(c) for e, c in g.subject_objects(RDF.type)
                                               if c in _event_class_iris())),
    )


def _event_class_iris() -> frozenset[URIRef]:
    from kg.ontology import load_ontology

    ont = load_ontology()
    return frozenset(ont.iri(c) for c in ont.descendants("Event"))


@dataclass
class EvidenceView:
    """One provenance record, read back from a graph."""

    iri: str
    doc: str
    sentence_index: int | None
    sentence_text: str
    start: int | None
    end: int | None
    extractor: str
    extractor_version: str
    confidence: float | None
    modality: str


@dataclass
class EntityView:
    """An entity read back from a graph; ``label`` is in its original language."""

    iri: str
    id: str
    type: str  # the class local name ("Company"); several classes are joined by "|"
    label: str
    lang: str | None
    labels: dict[str, str]
    aliases: list[str]
    documents: list[str]
    same_as: list[str]
    attributes: list[tuple[str, str]]  # literal facts: (predicate local name, value)


@dataclass
class FactView:
    """A fact (subject, predicate, object) with every provenance record of it."""

    subject: str
    predicate: str  # IRI
    object: str  # IRI, or the literal's lexical form
    object_is_entity: bool
    asserted: bool  # the plain triple is in the graph (modality asserted/hedged)
    evidence: list[EvidenceView]
    object_datatype: str | None = None

    @property
    def predicate_name(self) -> str:
        return _local(URIRef(self.predicate))

    @property
    def confidence(self) -> float | None:
        values = [e.confidence for e in self.evidence if e.confidence is not None]
        return max(values) if values else None

    @property
    def documents(self) -> list[str]:
        return sorted({e.doc for e in self.evidence if e.doc})


@dataclass
class GraphView:
    """Entities, facts and documents of a graph as plain records, sorted by IRI."""

    entities: list[EntityView]
    facts: list[FactView]
    documents: dict[str, dict[str, str]]  # doc id -> {"title", "language", "source", "url", "issued"}

    def entity(self, iri: str) -> EntityView | None:
        if not hasattr(self, "_index"):
            self._index = {e.iri: e for e in self.entities}
        return self._index.get(iri)


def _int(lit: object) -> int | None:
    try:
        return int(str(lit)) if lit is not None else None
    except ValueError:
        return None


def _float(lit: object) -> float | None:
    try:
        return float(str(lit)) if lit is not None else None
    except ValueError:
        return None


def _original_label(labels: dict[str, list[str]], doc_langs: Counter) -> tuple[str | None, str | None]:
    """The label in the language of the documents (most documents first, English last on ties), else English, else any."""
    for lang, _n in sorted(doc_langs.items(), key=lambda kv: (-kv[1], kv[0] == "en", kv[0])):
        if labels.get(lang):
            return min(labels[lang]), lang
    for lang in ("en", ""):
        if labels.get(lang):
            return min(labels[lang]), lang or None
    for lang in sorted(labels):
        if labels[lang]:
            return min(labels[lang]), lang or None
    return None, None


def graph_view(graph: Graph) -> GraphView:
    """Read entities, facts (with provenance) and documents back from a techkg graph.

    >>> from kg.model import Document, Entity, Fact
    >>> doc = Document(id="d1", text="x", lang="ko")
    >>> ents = {"a": Entity("a", "Company", "알리바바", "ko", labels={"en": "Alibaba"}),
    ...         "b": Entity("b", "AIModel", "큐원", "ko")}
    >>> ev = Evidence("d1", 0, "x", 0, 1, "t", "0", 0.5)
    >>> v = graph_view(to_graph([DocumentResult(doc, [], ents, [Fact("a", "develops", "b", (ev,))])]))
    >>> [(e.id, e.type, e.label, e.lang) for e in v.entities]
    [('a', 'Company', '알리바바', 'ko'), ('b', 'AIModel', '큐원', 'ko')]
    >>> f = v.facts[0]
    >>> f.predicate_name, f.asserted, f.confidence, f.documents
    ('develops', True, 0.5, ['d1'])
    """
    g = flatten(graph)
    types = _entity_types(g)

    documents: dict[str, dict[str, str]] = {}
    doc_lang: dict[URIRef, str] = {}
    for d in sorted(set(g.subjects(RDF.type, TK.Article))):
        info = {}
        for key, prop in (("title", DCTERMS.title), ("language", DCTERMS.language), ("source", DCTERMS.source),
                          ("url", SDO.url), ("issued", DCTERMS.issued)):
            value = g.value(d, prop)
            if value is not None:
                info[key] = str(value)
        documents[_local(d)] = info
        if "language" in info:
            doc_lang[d] = info["language"]

    # provenance records
    records: dict[tuple, list[EvidenceView]] = defaultdict(list)
    for a in sorted(set(g.subjects(RDF.type, TK.Assertion))):
        s, p, o = g.value(a, RDF.subject), g.value(a, RDF.predicate), g.value(a, RDF.object)
        if s is None or p is None or o is None:
            continue
        doc = g.value(a, PROV.wasDerivedFrom)
        records[(s, p, o)].append(
            EvidenceView(
                iri=str(a),
                doc=_local(doc) if isinstance(doc, URIRef) else "",
                sentence_index=_int(g.value(a, TK.sentenceIndex)),
                sentence_text=str(g.value(a, TK.sentenceText) or ""),
                start=_int(g.value(a, TK.startOffset)),
                end=_int(g.value(a, TK.endOffset)),
                extractor=str(g.value(a, TK.extractor) or ""),
                extractor_version=str(g.value(a, TK.extractorVersion) or ""),
                confidence=_float(g.value(a, TK.confidence)),
                modality=str(g.value(a, TK.modality) or ""),
            )
        )

    triples: set[tuple] = set()
    attributes: dict[URIRef, list[tuple[str, str]]] = defaultdict(list)
    for s, p, o in g:
        if s in types and _is_tk(p) and p not in _META_PROPS:
            triples.add((s, p, o))
            if isinstance(o, Literal):
                attributes[s].append((_local(p), str(o)))

    facts = []
    for key in sorted(triples | set(records), key=lambda t: (str(t[0]), str(t[1]), str(t[2]))):
        s, p, o = key
        ev = sorted(records.get(key, []), key=lambda e: (e.doc, e.start or 0, e.end or 0, e.iri))
        facts.append(
            FactView(
                subject=str(s),
                predicate=str(p),
                object=str(o),
                object_is_entity=isinstance(o, URIRef),
                asserted=key in triples,
                evidence=ev,
                object_datatype=str(o.datatype) if isinstance(o, Literal) and o.datatype else None,
            )
        )

    entities = []
    for e in sorted(types, key=str):
        labels: dict[str, list[str]] = defaultdict(list)
        for lit in g.objects(e, RDFS.label):
            labels[getattr(lit, "language", None) or ""].append(str(lit))
        docs = sorted(d for d in g.objects(e, TK.mentionedIn) if isinstance(d, URIRef))
        langs = Counter(doc_lang[d] for d in docs if d in doc_lang)
        label, lang = _original_label(labels, langs)
        entities.append(
            EntityView(
                iri=str(e),
                id=_local(e),
                type="|".join(sorted(_local(c) for c in set(types[e]))),
                label=label or _local(e),
                lang=lang,
                labels={k or "": min(v) for k, v in sorted(labels.items())},
                aliases=sorted({str(x) for x in g.objects(e, SKOS.altLabel)}),
                documents=[_local(d) for d in docs],
                same_as=sorted(str(x) for x in g.objects(e, OWL.sameAs)),
                attributes=sorted(attributes.get(e, [])),
            )
        )
    return GraphView(entities=entities, facts=facts, documents=documents)
