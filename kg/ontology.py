"""The techkg ontology: terms, class hierarchy, domain/range checks and SHACL.

The ontology lives in ``ontology/techkg.ttl`` (OWL 2 in Turtle) and the SHACL
shapes in ``ontology/shapes.ttl``; the package reaches them through
``kg/data/ontology`` (a link to that folder). This module parses them once and
answers the questions the pipeline asks:

* :data:`TK`, a closed namespace of every term the ontology declares, so a
  typo (``TK.Compnay``) fails loudly;
* :class:`Ontology`, the hierarchy and the signatures of the properties,
  by local name (``"Company"``, ``"founderOf"``);
* :func:`validate`, SHACL validation of an extracted graph.

Unions. A domain or range that admits several classes is written in the
ontology as ``[ owl:unionOf ( tk:Person tk:Organization ) ]``;
:meth:`Ontology.domain` and :meth:`Ontology.range` flatten it to a set of
local names, and :meth:`Ontology.accepts` accepts a type that is a subclass
of any member. ``competitorOf`` has the union Organization-or-Product on both
sides and two ``owl:allValuesFrom`` restrictions that keep an organization
from competing with a product; :meth:`Ontology.accepts` honours them.

Datatypes. The range of a datatype property is given as prefixed names
(``"xsd:gYear"``) so it cannot be confused with a class.

>>> onto = load_ontology()
>>> onto.accepts("ceoOf", "Person", "Startup")
True
>>> str(TK.founderOf)
'https://techkg.dev/ontology#founderOf'
"""
from __future__ import annotations

import functools
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS, ClosedNamespace, Namespace

from .errors import OntologyError, UnknownNameError

__all__ = [
    "classes_under",
    "NS",
    "ONTOLOGY_DIR",
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "COARSE_TYPES",
    "MODALITIES",
    "TK",
    "Ontology",
    "ValidationReport",
    "load_ontology",
    "shapes_graph",
    "validate",
]

NS = "https://techkg.dev/ontology#"
ONTOLOGY_DIR = Path(__file__).parent / "data" / "ontology"
ONTOLOGY_FILE = ONTOLOGY_DIR / "techkg.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"

#: The top-level entity classes, in the order :meth:`Ontology.coarse_type` tries them.
COARSE_TYPES = ("Organization", "Person", "Product", "Place", "Technology")
#: The values of ``tk:modality`` (also listed in shapes.ttl).
MODALITIES = ("asserted", "planned", "denied", "hedged", "past")

_SH = Namespace("http://www.w3.org/ns/shacl#")
_PREFIXES = {
    "tk": NS,
    "tkid": "https://techkg.dev/id/",
    "tkdoc": "https://techkg.dev/doc/",
    "tkprov": "https://techkg.dev/prov/",
    "tksh": "https://techkg.dev/shapes#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
}
_DECLARATION_TYPES = (
    OWL.Class,
    RDFS.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    RDFS.Datatype,
)


def _curie(node: URIRef) -> str:
    """``tk:`` terms by local name, other IRIs as ``prefix:local`` or in full."""
    text = str(node)
    if text.startswith(NS):
        return text[len(NS):]
    for prefix, base in _PREFIXES.items():
        if text.startswith(base) and prefix != "tk":
            return f"{prefix}:{text[len(base):]}"
    return text


def _key(term: str | URIRef) -> str:
    """Accept ``"Company"``, ``"tk:Company"`` or the full IRI."""
    text = str(term)
    if text.startswith(NS):
        return text[len(NS):]
    if text.startswith("tk:"):
        return text[3:]
    return text


class Ontology:
    """The parsed ontology, indexed for the questions the pipeline asks.

    Terms are named by local name (``"Company"``); ``"tk:Company"`` and the
    full IRI are accepted too. Methods that take a property raise
    :class:`~kg.errors.UnknownNameError` for an unknown one; the class tests
    (:meth:`is_class`, :meth:`is_subclass`, :meth:`accepts`) answer ``False``
    for unknown classes. The ``graph`` is shared: do not modify it.

    >>> onto = load_ontology()
    >>> onto.version
    '0.1.0'
    >>> onto.superclasses("Startup")
    ['Startup', 'Company', 'Organization']
    """

    def __init__(self, graph: Graph):
        self.graph = graph
        onto_iri = next(iter(graph.subjects(RDF.type, OWL.Ontology)), None)
        if onto_iri is None:
            raise OntologyError("the ontology has no owl:Ontology header")
        version = graph.value(onto_iri, OWL.versionInfo)
        if version is None:
            raise OntologyError(f"the ontology {onto_iri} has no owl:versionInfo")
        self.ontology_iri = str(onto_iri)
        self.version = str(version)

        def tk_subjects(kind: URIRef) -> set[str]:
            return {_key(s) for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(NS)}

        self._classes = frozenset(tk_subjects(OWL.Class) | tk_subjects(RDFS.Class))
        self._object_properties = frozenset(tk_subjects(OWL.ObjectProperty))
        self._datatype_properties = frozenset(tk_subjects(OWL.DatatypeProperty))
        self._annotation_properties = frozenset(tk_subjects(OWL.AnnotationProperty))
        self._terms = frozenset().union(*(tk_subjects(t) for t in _DECLARATION_TYPES))
        props = self._object_properties | self._datatype_properties

        self._parents: dict[str, list[str]] = {}
        self._ancestry: dict[str, tuple[str, ...]] = {}  # class -> superclasses(), worked out once
        self._coarse: dict[str, str | None] = {}  # class -> coarse_type(), worked out once
        self._restrictions: dict[tuple[str, str], frozenset[str]] = {}
        for cls in self._classes:
            parents = []
            for sup in graph.objects(URIRef(NS + cls), RDFS.subClassOf):
                if isinstance(sup, URIRef):
                    if str(sup).startswith(NS):
                        parents.append(_key(sup))
                elif graph.value(sup, RDF.type) == OWL.Restriction:
                    on = graph.value(sup, OWL.onProperty)
                    only = graph.value(sup, OWL.allValuesFrom)
                    if on is not None and only is not None:
                        self._restrictions[(cls, _key(on))] = self._members(only)
            self._parents[cls] = sorted(parents)

        self._domain: dict[str, frozenset[str]] = {}
        self._range: dict[str, frozenset[str]] = {}
        self._super_props: dict[str, list[str]] = {}
        self._inverse: dict[str, str] = {}
        for prop in props:
            iri = URIRef(NS + prop)
            for pred, store in ((RDFS.domain, self._domain), (RDFS.range, self._range)):
                values = list(graph.objects(iri, pred))
                if len(values) > 1:  # OWL reads two domains as their intersection: not what anyone means here
                    raise OntologyError(
                        f"tk:{prop} has {len(values)} {_curie(pred)} values; give one, with owl:unionOf for alternatives"
                    )
                store[prop] = self._members(values[0]) if values else frozenset()
            self._super_props[prop] = sorted(_key(s) for s in graph.objects(iri, RDFS.subPropertyOf) if str(s).startswith(NS))
            for other in graph.objects(iri, OWL.inverseOf):
                self._inverse[prop] = _key(other)
                self._inverse.setdefault(_key(other), prop)
        self._symmetric = frozenset(tk_subjects(OWL.SymmetricProperty))
        self._relations = frozenset(
            p for p in props if graph.value(URIRef(NS + p), URIRef(NS + "isRelation")) == Literal(True)
        )
        self._disjoint = frozenset(
            frozenset((_key(a), _key(b))) for a, b in graph.subject_objects(OWL.disjointWith)
        )

        self._labels: dict[tuple[str, str], str] = {}
        self._definitions: dict[tuple[str, str], str] = {}
        for term in self._terms:
            iri = URIRef(NS + term)
            for store, pred in ((self._labels, RDFS.label), (self._definitions, SKOS.definition)):
                for lit in sorted(graph.objects(iri, pred)):
                    if isinstance(lit, Literal):
                        store.setdefault((term, lit.language or ""), str(lit))

    # -- construction -------------------------------------------------

    @classmethod
    def from_file(cls, path: str | Path) -> Ontology:
        """Parse an ontology file (Turtle); :class:`~kg.errors.OntologyError` if it cannot be read.

        >>> Ontology.from_file(ONTOLOGY_FILE).version
        '0.1.0'
        >>> Ontology.from_file("/nonexistent/techkg.ttl")
        Traceback (most recent call last):
        ...
        kg.errors.OntologyError: ontology file /nonexistent/techkg.ttl is missing; reinstall techkg or restore ontology/techkg.ttl
        """
        return cls(_parse(Path(path), "ontology", "ontology/techkg.ttl"))

    def _members(self, node) -> frozenset[str]:
        """The named classes or datatypes of a class expression (unions flattened)."""
        if isinstance(node, URIRef):
            return frozenset({_curie(node)})
        union = self.graph.value(node, OWL.unionOf)
        if union is None:
            raise OntologyError(f"unsupported class expression in the ontology: {node!r} (only named classes and owl:unionOf)")
        return frozenset().union(*(self._members(m) for m in Collection(self.graph, union)))

    def _prop(self, prop: str | URIRef) -> str:
        name = _key(prop)
        if name not in self._domain:
            raise UnknownNameError(f"unknown ontology property {name!r}; choose one of: {', '.join(sorted(self._domain))}")
        return name

    def _fits(self, cls: str, allowed: Iterable[str]) -> bool:
        allowed = list(allowed)
        return not allowed or any(self.is_subclass(cls, a) for a in allowed)

    def __repr__(self) -> str:
        return f"Ontology({self.ontology_iri!r}, version={self.version!r}, {len(self._classes)} classes, {len(self._domain)} properties)"

    # -- terms ----------------------------------------------------------

    def terms(self) -> set[str]:
        """Local names of every term declared in the ``tk:`` namespace (classes, properties, annotations).

        >>> {"Company", "founderOf", "isRelation"} <= load_ontology().terms()
        True
        """
        return set(self._terms)

    def classes(self) -> set[str]:
        """Local names of all classes.

        >>> {"Company", "Startup", "Assertion"} <= load_ontology().classes()
        True
        """
        return set(self._classes)

    def entity_classes(self) -> set[str]:
        """The classes of entities: those under one of :data:`COARSE_TYPES`.

        >>> "Article" in load_ontology().entity_classes(), "Chip" in load_ontology().entity_classes()
        (False, True)
        """
        return {c for c in self._classes if self.coarse_type(c) is not None}

    def properties(self) -> set[str]:
        """All object and datatype properties, provenance ones included.

        >>> {"founderOf", "foundedOn", "confidence", "mentionedIn"} <= load_ontology().properties()
        True
        """
        return set(self._domain)

    def relation_properties(self) -> set[str]:
        """The properties extracted between entities (marked ``tk:isRelation true``), ``foundedOn`` included.

        >>> sorted(load_ontology().relation_properties())[:4]
        ['acquired', 'ceoOf', 'competitorOf', 'develops']
        >>> "confidence" in load_ontology().relation_properties()
        False
        """
        return set(self._relations)

    def is_class(self, name: str) -> bool:
        """Whether ``name`` is a class of the ontology.

        >>> load_ontology().is_class("Startup"), load_ontology().is_class("Compnay")
        (True, False)
        """
        return _key(name) in self._classes

    def is_property(self, name: str) -> bool:
        """Whether ``name`` is an object or datatype property of the ontology.

        >>> load_ontology().is_property("ceoOf"), load_ontology().is_property("Company")
        (True, False)
        """
        return _key(name) in self._domain

    def is_datatype_property(self, prop: str) -> bool:
        """Whether the property takes a literal value.

        >>> load_ontology().is_datatype_property("foundedOn"), load_ontology().is_datatype_property("founderOf")
        (True, False)
        """
        return self._prop(prop) in self._datatype_properties

    def iri(self, term: str) -> URIRef:
        """The IRI of a declared term.

        >>> load_ontology().iri("Chip")
        rdflib.term.URIRef('https://techkg.dev/ontology#Chip')
        """
        name = _key(term)
        if name not in self._terms:
            raise UnknownNameError(f"unknown ontology term {name!r}")
        return URIRef(NS + name)

    # -- hierarchy -------------------------------------------------------

    def descendants(self, name: str) -> frozenset[str]:
        """The class and every class below it (local names).

        >>> sorted(load_ontology().descendants("Place"))
        ['City', 'Country', 'Place', 'Region']
        """
        return frozenset(c for c in self.classes() if self.is_subclass(c, name))

    def superclasses(self, name: str) -> list[str]:
        """The class itself, then its ancestors, nearest first (breadth-first).

        Only ``tk:`` classes are listed (``Article`` is also a ``prov:Entity``).

        >>> load_ontology().superclasses("Startup")
        ['Startup', 'Company', 'Organization']
        """
        known = self._ancestry.get(name)
        if known is not None:
            return list(known)
        start = _key(name)
        if start not in self._classes:
            raise UnknownNameError(f"unknown ontology class {start!r}")
        seen = [start]
        queue = deque([start])
        while queue:
            for parent in self._parents.get(queue.popleft(), ()):
                if parent not in seen:
                    seen.append(parent)
                    queue.append(parent)
        self._ancestry[name] = tuple(seen)
        return seen

    def is_subclass(self, sub: str, sup: str) -> bool:
        """Whether ``sub`` is ``sup`` or one of its descendants; ``False`` for unknown classes.

        >>> onto = load_ontology()
        >>> onto.is_subclass("Startup", "Organization"), onto.is_subclass("Startup", "Startup")
        (True, True)
        >>> onto.is_subclass("Organization", "Startup")
        False
        """
        sub, sup = _key(sub), _key(sup)
        if sub not in self._classes or sup not in self._classes:
            return False
        return sup in self.superclasses(sub)

    def coarse_type(self, cls: str) -> str | None:
        """The top-level entity class of ``cls`` (one of :data:`COARSE_TYPES`), or ``None``.

        >>> onto = load_ontology()
        >>> onto.coarse_type("Startup"), onto.coarse_type("City"), onto.coarse_type("Article")
        ('Organization', 'Place', None)
        """
        if cls in self._coarse:
            return self._coarse[cls]
        self._coarse[cls] = coarse = self._coarse_of(cls)
        return coarse

    def _coarse_of(self, cls: str) -> str | None:
        if not self.is_class(cls):
            return None
        for c in self.superclasses(cls):
            if c in COARSE_TYPES:
                return c
        return None

    def disjoint(self, a: str, b: str) -> bool:
        """Whether no entity can be both an ``a`` and a ``b`` (``owl:disjointWith``, inherited).

        >>> onto = load_ontology()
        >>> onto.disjoint("Startup", "Person"), onto.disjoint("Company", "Investor")
        (True, False)
        """
        if not (self.is_class(a) and self.is_class(b)):
            return False
        return any(
            frozenset((x, y)) in self._disjoint for x in self.superclasses(a) for y in self.superclasses(b)
        )

    def most_specific(self, a: str, b: str) -> str | None:
        """The more specific of two classes when one is a subclass of the other, else ``None``.

        Two unrelated classes (``Company`` and ``Investor``) also give ``None``:
        there is no single class to retype to.

        >>> onto = load_ontology()
        >>> onto.most_specific("Organization", "Startup"), onto.most_specific("Company", "Company")
        ('Startup', 'Company')
        >>> onto.most_specific("Company", "Person") is None
        True
        """
        if self.is_subclass(a, b):
            return _key(a)
        if self.is_subclass(b, a):
            return _key(b)
        return None

    # -- properties ------------------------------------------------------

    def domain(self, prop: str) -> frozenset[str]:
        """The classes a subject may belong to (unions flattened); empty means anything.

        >>> sorted(load_ontology().domain("founderOf"))
        ['Organization', 'Person']
        >>> load_ontology().domain("mentionedIn")
        frozenset()
        """
        return self._domain[self._prop(prop)]

    def range(self, prop: str) -> frozenset[str]:
        """The classes (or, for datatype properties, ``xsd:`` datatypes) an object may have.

        >>> sorted(load_ontology().range("listedOn"))
        ['Place', 'StockExchange']
        >>> sorted(load_ontology().range("foundedOn"))
        ['xsd:date', 'xsd:gYear', 'xsd:gYearMonth']
        """
        return self._range[self._prop(prop)]

    def accepts(self, prop: str, subject_type: str, object_type: str | None) -> bool:
        """Whether ``subject_type --prop--> object_type`` fits the domain, range and restrictions.

        ``object_type`` is ``None`` for a datatype property (or one of its
        ``xsd:`` range datatypes). A type that is a subclass of any member of
        a union domain or range is accepted; ``owl:allValuesFrom``
        restrictions (``competitorOf``) are checked both ways for symmetric
        properties. Unknown classes give ``False``.

        >>> onto = load_ontology()
        >>> onto.accepts("ceoOf", "Person", "Company"), onto.accepts("ceoOf", "Company", "Person")
        (True, False)
        >>> onto.accepts("competitorOf", "Startup", "Company"), onto.accepts("competitorOf", "Company", "AIModel")
        (True, False)
        >>> onto.accepts("foundedOn", "Startup", None), onto.accepts("foundedOn", "Person", None)
        (True, False)
        """
        p = self._prop(prop)
        if not self.is_class(subject_type) or not self._fits(_key(subject_type), self._domain[p]):
            return False
        s = _key(subject_type)
        if p in self._datatype_properties:
            return object_type is None or object_type in self._range[p]
        if object_type is None or not self.is_class(object_type):
            return False
        o = _key(object_type)
        if not self._fits(o, self._range[p]):
            return False
        checks = [(s, p, o)]
        if p in self._symmetric:
            checks.append((o, p, s))
        if p in self._inverse:
            checks.append((o, self._inverse[p], s))
        for a, q, b in checks:
            for c in self.superclasses(a):
                allowed = self._restrictions.get((c, q))
                if allowed is not None and not self._fits(b, allowed):
                    return False
        return True

    def narrow(self, prop: str, subject_type: str, object_type: str | None) -> tuple[str, str | None] | None:
        """The types to give subject and object so the triple fits, or ``None`` if no retyping helps.

        A type is kept when it fits; a type more general than exactly one
        allowed class is narrowed to it (an ``Organization`` that is
        ``listedOn`` something is a ``Company``). For the typing stage.

        >>> onto = load_ontology()
        >>> onto.narrow("listedOn", "Organization", "Organization")
        ('Company', 'StockExchange')
        >>> onto.narrow("ceoOf", "Person", "Startup")
        ('Person', 'Startup')
        >>> onto.narrow("ceoOf", "Company", "Person") is None
        True
        """
        p = self._prop(prop)

        def pick(t: str | None, allowed: frozenset[str]) -> str | None:
            if t is None or not self.is_class(t):
                return None
            t = _key(t)
            if self._fits(t, allowed):
                return t
            below = [a for a in allowed if self.is_subclass(a, t)]
            return below[0] if len(below) == 1 else None

        s = pick(subject_type, self._domain[p])
        if s is None:
            return None
        if p in self._datatype_properties:
            return (s, object_type) if self.accepts(p, s, object_type) else None
        o = pick(object_type, self._range[p])
        if o is None or not self.accepts(p, s, o):
            return None
        return (s, o)

    def is_symmetric(self, prop: str) -> bool:
        """Whether the property is an ``owl:SymmetricProperty``.

        >>> load_ontology().is_symmetric("partneredWith"), load_ontology().is_symmetric("acquired")
        (True, False)
        """
        return self._prop(prop) in self._symmetric

    def inverse(self, prop: str) -> str | None:
        """The ``owl:inverseOf`` partner of a property (either direction), or ``None``.

        Symmetric properties are not their own declared inverse: ``None``.

        >>> load_ontology().inverse("subsidiaryOf"), load_ontology().inverse("parentOf")
        ('parentOf', 'subsidiaryOf')
        >>> load_ontology().inverse("founderOf") is None
        True
        """
        return self._inverse.get(self._prop(prop))

    def super_properties(self, prop: str) -> list[str]:
        """The property itself, then its ``rdfs:subPropertyOf`` ancestors, nearest first.

        >>> load_ontology().super_properties("ceoOf")
        ['ceoOf', 'executiveOf', 'employeeOf']
        """
        start = self._prop(prop)
        seen = [start]
        queue = deque([start])
        while queue:
            for parent in self._super_props.get(queue.popleft(), ()):
                if parent not in seen:
                    seen.append(parent)
                    queue.append(parent)
        return seen

    # -- labels ------------------------------------------------------------

    def label(self, term: str, lang: str = "en") -> str:
        """The ``rdfs:label`` of a term in ``lang``, else in English, else the local name.

        >>> onto = load_ontology()
        >>> onto.label("founderOf"), onto.label("Company", "ko"), onto.label("Company", "zh")
        ('founder of', '기업', '公司')
        >>> onto.label("Company", "fr")
        'company'
        """
        name = _key(term)
        if name not in self._terms:
            raise UnknownNameError(f"unknown ontology term {name!r}")
        return self._labels.get((name, lang)) or self._labels.get((name, "en")) or name

    def definition(self, term: str, lang: str = "en") -> str:
        """The ``skos:definition`` of a term (English unless another language is present), or ``""``.

        >>> load_ontology().definition("Person")
        'A human being.'
        """
        name = _key(term)
        if name not in self._terms:
            raise UnknownNameError(f"unknown ontology term {name!r}")
        return self._definitions.get((name, lang)) or self._definitions.get((name, "en")) or ""


# -- loading -------------------------------------------------------------------


def _parse(path: Path, what: str, where: str) -> Graph:
    if not path.is_file():
        raise OntologyError(f"{what} file {path} is missing; reinstall techkg or restore {where}")
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many kinds of syntax errors
        raise OntologyError(f"{what} file {path} is not valid Turtle: {exc}") from exc
    for prefix, base in _PREFIXES.items():
        graph.bind(prefix, base, override=False, replace=False)
    return graph


@functools.cache
def load_ontology() -> Ontology:
    """The ontology of ``ontology/techkg.ttl``, parsed once.

    Raises :class:`~kg.errors.OntologyError` if the file is missing or broken.

    >>> onto = load_ontology()
    >>> onto is load_ontology(), onto.is_subclass("Startup", "Organization")
    (True, True)
    """
    return Ontology.from_file(ONTOLOGY_FILE)


#: Every term declared in techkg.ttl; an undeclared name raises ``AttributeError``.
TK = ClosedNamespace(NS, sorted(load_ontology().terms()))


@functools.cache
def classes_under(name: str) -> frozenset[str]:
    """Local names of ``name`` and its subclasses, for type tests in the stages (cached: the
    extractors ask per candidate).

    >>> "Startup" in classes_under("Organization")
    True
    """
    return load_ontology().descendants(name)


@functools.cache
def _shapes() -> Graph:
    return _parse(SHAPES_FILE, "SHACL shapes", "ontology/shapes.ttl")


def shapes_graph() -> Graph:
    """A fresh copy of the SHACL shapes of ``ontology/shapes.ttl``.

    >>> g = shapes_graph()
    >>> from rdflib.namespace import RDF, Namespace
    >>> len(set(g.subjects(RDF.type, Namespace("http://www.w3.org/ns/shacl#").NodeShape))) > 20
    True
    """
    copy = Graph()
    for prefix, base in _shapes().namespaces():
        copy.bind(prefix, base, override=True, replace=True)
    copy += _shapes()
    return copy


# -- validation ----------------------------------------------------------------


@dataclass
class ValidationReport:
    """The outcome of :func:`validate`.

    ``violations`` has one short line per SHACL result, sorted:
    ``"<focus node>: <message>"``.
    """

    conforms: bool
    results_graph: Graph
    text: str
    violations: list[str] = field(default_factory=list)


def _as_graph(data: Graph) -> Graph:
    """A Dataset or ConjunctiveGraph is flattened into one graph (facts and provenance together)."""
    if isinstance(data, rdflib.graph.ConjunctiveGraph):
        flat = Graph()
        for prefix, base in data.namespaces():
            flat.bind(prefix, base)
        for s, p, o, _ in data.quads((None, None, None, None)):
            flat.add((s, p, o))
        return flat
    return data


def _short(node) -> str:
    """A compact, readable form of a node for one-line messages (``tkid:ko/비렌``)."""
    if isinstance(node, BNode):
        return "[]"
    if isinstance(node, Literal):
        nsm = Graph().namespace_manager
        nsm.bind("xsd", _PREFIXES["xsd"], override=True, replace=True)
        return node.n3(nsm)
    text = str(node)
    for prefix, base in _PREFIXES.items():
        if text.startswith(base) and len(text) > len(base):
            return f"{prefix}:{text[len(base):]}"
    return f"<{text}>"


_IRI_IN_TEXT = re.compile(r"https?://[^\s<>\"{}|^`,()]+")


def _summaries(results: Graph) -> list[str]:
    lines = set()
    for result in results.subjects(RDF.type, _SH.ValidationResult):
        focus = results.value(result, _SH.focusNode)
        messages = sorted(str(m) for m in results.objects(result, _SH.resultMessage))
        message = messages[0] if messages else ""
        if not message:
            component = results.value(result, _SH.sourceConstraintComponent)
            path = results.value(result, _SH.resultPath)
            message = f"violates {_short(component)}" + (f" on {_short(path)}" if path is not None else "")
        message = _IRI_IN_TEXT.sub(lambda m: _short(URIRef(m.group(0))), message)
        lines.add(f"{_short(focus)}: {message}" if focus is not None else message)
    return sorted(lines)


def validate(data_graph: Graph) -> ValidationReport:
    """Check an extracted graph against the SHACL shapes; never raises on non-conformance.

    The ontology is mixed into (a copy of) the data graph, so ``sh:class`` and
    ``sh:targetClass`` follow ``rdfs:subClassOf``; no RDFS inference is run,
    because inferring types from ``rdfs:domain``/``rdfs:range`` would make
    the domain and range shapes pass vacuously. A ``Dataset`` is validated
    as the union of its graphs.

    >>> from rdflib import Graph, Literal, URIRef
    >>> from rdflib.namespace import RDF, RDFS
    >>> g = Graph()
    >>> seoul = URIRef("https://techkg.dev/id/seoul")
    >>> _ = g.add((seoul, RDF.type, TK.City))
    >>> validate(g).violations
    ['tkid:seoul: an entity needs an rdfs:label with a language tag']
    >>> _ = g.add((seoul, RDFS.label, Literal("서울", lang="ko")))
    >>> validate(g).conforms
    True
    """
    import pyshacl  # slow to import; only needed here

    data = _as_graph(data_graph)
    try:
        conforms, results, text = pyshacl.validate(
            data,
            shacl_graph=_shapes(),
            ont_graph=load_ontology().graph,
            inference="none",
            advanced=True,
        )
    except Exception as exc:  # a broken shapes file or an unusable data graph
        raise OntologyError(f"SHACL validation could not run: {exc}") from exc
    if not isinstance(results, Graph):  # pyshacl reports a broken shape instead of raising
        raise OntologyError(f"SHACL validation could not run: {results}")
    return ValidationReport(bool(conforms), results, str(text), _summaries(results))
