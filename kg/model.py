"""The small typed records that the pipeline stages hand to each other.

Data flows one way::

    read -> Document
    NLP -> spaCy Doc (+ Sentence list)
    mentions -> Mention
    relations -> Candidate
    resolution -> Entity, Fact (with Evidence)
    typing -> checked Entity/Fact (+ TypingDecision log)
    rdf -> rdflib graph -> exporters

All offsets are character offsets into ``Document.text`` (Python ``str``
indices), end exclusive.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

__all__ = [
    "Document",
    "Sentence",
    "Mention",
    "Value",
    "Candidate",
    "Evidence",
    "Entity",
    "Fact",
    "TypingDecision",
    "EventCandidate",
    "Event",
    "DocumentResult",
]


def _fast_pickle(cls):
    """Pickle a slotted dataclass as its class and its fields in order: the generic way looks the fields
    up again for every object, and a store reads tens of thousands of these at every build."""
    names = tuple(f.name for f in fields(cls))

    def __reduce__(self):
        return cls, tuple(getattr(self, n) for n in names)

    cls.__reduce__ = __reduce__
    return cls


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Document:
    """One input article."""

    id: str
    text: str
    lang: str
    source: str = ""  # file path, "<stdin>", or "file.jsonl:LINE"
    url: str | None = None
    published: str | None = None
    title: str | None = None

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of what techkg read: id, language, text and metadata. An incremental build
        re-extracts an article only when this changes."""
        import hashlib
        import json

        data = json.dumps([self.id, self.lang, self.text, self.title, self.published, self.url, self.source],
                          ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(data.encode("utf-8")).hexdigest()


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Mention:
    """A span of the text that names an entity, with an ontology class (local name)."""

    start: int
    end: int
    text: str
    type: str  # ontology class local name, e.g. "Company"
    sentence: int
    source: str  # finder that proposed it, e.g. "gazetteer", "ko.appositive"
    confidence: float = 1.0
    gazetteer_id: str | None = None

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Value:
    """A literal found in the text: a date or an amount of money."""

    kind: str  # "date" | "money"
    text: str
    start: int
    end: int
    sentence: int
    normalized: str  # ISO date ("2019", "2025-02", "2025-02-24", "2025-W08") or "AMOUNT CUR" ("4200000000 HKD");
    #                  "" for a relative date that no publication date resolves ('지난 24일' in an undated article)
    precision: str = ""  # dates: "year" | "month" | "week" | "day"; "" when unresolved
    relative: bool = False  # a date read relative to the publication date ('last week', '지난달')
    approximate: bool = False  # money said to be about that much ('약', 'about', '约')
    # money: the same amount restated in brackets, normalised ('(약 7,730억원)' -> ("773000000000 KRW",));
    # several when the brackets give several ('(약 524억 달러, 한화 약 75조원)')
    equivalents: tuple[str, ...] = ()

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)

    @property
    def equivalent(self) -> str:
        """The first restatement of the amount, or ""."""
        return self.equivalents[0] if self.equivalents else ""


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Candidate:
    """A relation proposed by an extractor, before resolution and typing."""

    subject: Mention
    predicate: str  # ontology property local name, e.g. "founderOf"
    object: Mention | Value
    confidence: float
    extractor: str  # e.g. "ko.genitive_title"
    sentence: int
    evidence: tuple[int, int]  # the span of text that states the relation
    modality: str = "asserted"  # "asserted" | "planned" | "denied" | "hedged" | "past" (a former role)


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a fact was read: the provenance of one extraction."""

    doc_id: str
    sentence_index: int
    sentence_text: str
    start: int
    end: int
    extractor: str
    extractor_version: str
    confidence: float
    modality: str = "asserted"


@_fast_pickle
@dataclass(slots=True)
class Entity:
    """One real-world thing, with all the mentions that name it in a document."""

    id: str  # stable local key ("alibaba", "ko:비렌"), turned into an IRI by the RDF stage
    type: str  # ontology class local name
    label: str  # preferred label in the document's language
    lang: str
    labels: dict[str, str] = field(default_factory=dict)  # lang -> label (e.g. "en" from the gazetteer)
    aliases: set[str] = field(default_factory=set)
    mentions: list[Mention] = field(default_factory=list)
    gazetteer_id: str | None = None


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Fact:
    subject: str  # Entity.id
    predicate: str  # ontology property local name
    object: str | Value  # Entity.id or a literal
    evidence: tuple[Evidence, ...]

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.evidence)


@_fast_pickle
@dataclass(frozen=True, slots=True)
class TypingDecision:
    """A logged choice of the typing stage (a dropped triple or a retyped entity)."""

    action: str  # "drop" | "retype"
    reason: str
    subject: str
    predicate: str
    object: str


@_fast_pickle
@dataclass(frozen=True, slots=True)
class EventCandidate:
    """An event proposed by an event extractor: its class, the mentions in its roles, money, date, status."""

    type: str  # ontology class local name, e.g. "FundingRound"
    roles: tuple[tuple[str, Mention], ...]  # (role property local name, mention), e.g. ("investee", <UBTech>)
    status: str  # "announced" | "planned" | "considered" | "completed" | "denied" | "rumoured"
    confidence: float
    extractor: str
    sentence: int
    evidence: tuple[int, int]  # the span of text that states the event
    amount: Value | None = None
    date: Value | None = None
    # other attributes as (ontology property local name, value): ("period", "P3Y"), ("purpose", "AI 인프라"),
    # ("amountScope", "combined"), ("shareLimit", "0.6"), ("role", "CEO"), ("roleChange", "start")
    attributes: tuple[tuple[str, str], ...] = ()
    # plain relations the event states, as (subject role, predicate, object role) or with a mention of
    # its own as object (an appointment's organisation); filled from the class's tk:entailsRelation
    relations: tuple[tuple[Mention, str, Mention], ...] = ()


@_fast_pickle
@dataclass(frozen=True, slots=True)
class Event:
    """A resolved event: roles hold entity ids; ``relations`` are the plain facts it states (their keys)."""

    id: str  # stable key, see kg.events.event_key
    type: str
    roles: tuple[tuple[str, str], ...]  # (role, Entity.id), sorted
    status: str
    amount: Value | None
    date: Value | None
    attributes: tuple[tuple[str, str], ...]
    evidence: tuple[Evidence, ...]
    relations: tuple[tuple[str, str, str], ...] = ()  # (subject id, predicate, object id)

    @property
    def confidence(self) -> float:
        return max(e.confidence for e in self.evidence)


@_fast_pickle
@dataclass(slots=True)
class DocumentResult:
    """Everything extracted from one document."""

    document: Document
    sentences: list[Sentence]
    entities: dict[str, Entity]
    facts: list[Fact]
    values: list[Value] = field(default_factory=list)
    decisions: list[TypingDecision] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
