"""Korean shallow syntax over Kiwi-tagged spaCy tokens.

Korean marks grammatical roles with particles, so a sentence can be read as a
sequence of *phrases* (nominal runs closed by their particles) and
*predicates* (verb stems with their endings). Phrases linked by the genitive
``의``, the appositive copula ``인`` or an adjectival modifier form *noun
groups* (``중국 AI 대표 기업인 센스타임의 장원 총재``). Subjects are bound to
predicates with a stack, which handles centre embedding::

    딥시크가 [대형 IT 기업이 ... 쏟아부은] 것보다 ... 모델을 내놓았다
    push 딥시크, push 기업, 쏟아부은 pops 기업, 내놓았다 pops 딥시크

Quoted speech is its own scope. A clause without a subject inherits the
paragraph's last topic (Korean drops known subjects).

This module only analyses structure; what the words mean (cue nouns,
titles, trigger verbs) comes from ``kg/data/rules/ko.json``.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from ..rules import load_rules

__all__ = ["KTok", "Phrase", "Predicate", "Group", "Sentence", "analyze_sentence", "tokens_of"]

NOMINAL = {"NNG", "NNP", "NNB", "NR", "NP", "SL", "SN", "SH", "XSN", "XPN", "XR", "SW", "SO",
           "W_SERIAL", "W_HASHTAG", "W_URL", "W_EMAIL", "W_MENTION", "W_EMOJI", "MM"}
PREDICATE_STEMS = {"VV", "VA", "VX", "XSV", "XSA", "VCN", "VV-R", "VV-I", "VA-R", "VA-I", "XSA-I", "XSV-R", "XSV-I", "VX-R", "VX-I"}
ENDINGS = {"EP", "EC", "EF", "ETM", "ETN"}
_RULES = load_rules("ko")
OPEN_QUOTES = frozenset(_RULES["quote_open"])
CLOSE_QUOTES = frozenset(_RULES["quote_close"])
_QUOTES = OPEN_QUOTES | CLOSE_QUOTES
SUBJECT_MARKERS = tuple(_RULES["marker_forms"]["S"])  # 이, 가, 께서
TOPIC_MARKERS = tuple(_RULES["marker_forms"]["T"])  # 은, 는, 도
OBJECT_MARKERS = tuple(_RULES["marker_forms"]["O"])  # 을, 를
CONJUNCTIVE_COPULA = frozenset(_RULES.get("conjunctive_copula", ()))  # 이자
CLAUSE_NOUNS = frozenset(_RULES.get("clause_nouns", ()))  # 뒤, 후, 것: heads of adverbial clauses


@dataclass(slots=True)
class KTok:
    i: int  # index in the sentence's token list
    text: str
    tags: tuple[str, ...]
    lemma: str
    start: int
    end: int
    space_after: bool
    # the first of ``tags``, and whether it is a particle (read hundreds of thousands of times: fields,
    # not properties)
    tag: str = ""
    is_particle: bool = False

    def __post_init__(self) -> None:
        self.tag = self.tags[0]
        self.is_particle = self.tag.startswith("J")

    @property
    def is_nominal(self) -> bool:
        return self.tag in NOMINAL

    @property
    def is_predicate_part(self) -> bool:
        return self.tag in PREDICATE_STEMS or self.tag in ENDINGS or self.tag == "VCP"


def tokens_of(span) -> list[KTok]:
    """Turn the spaCy tokens of a sentence into :class:`KTok` (whitespace tokens dropped)."""
    out: list[KTok] = []
    for t in span:
        text = t.text
        if not text.strip():  # (a space token too)
            continue
        tag = t.tag_
        tags = tuple(tag.split("+")) if tag else ("X",)
        idx = t.idx
        out.append(KTok(len(out), text, tags, t.lemma_ or text, idx, idx + len(text), bool(t.whitespace_), tags[0]))
    return out


@dataclass(slots=True)
class Phrase:
    """A nominal run and the particles that close it."""

    toks: list[KTok]
    marker: str = ""  # the particles' surface, e.g. "는", "에서의", "인" (copula), "라는", ","
    marker_tags: tuple[str, ...] = ()
    quoted: bool = False  # a quoted title: '검은 신화: 오공'
    parens: list[tuple[int, int]] = field(default_factory=list)  # char spans inside ( )

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end

    @property
    def is_genitive(self) -> bool:
        return self.marker.endswith("의") and "JKG" in self.marker_tags

    @property
    def is_copula_link(self) -> bool:
        """``기업인 센스타임``: the copula's adnominal form makes an appositive."""
        return self.marker in ("인", "이란", "이라는", "라는", "란") or self.marker in CONJUNCTIVE_COPULA

    @property
    def is_coordination(self) -> bool:
        return "JC" in self.marker_tags or self.marker in (",", "·", "및")


@dataclass(slots=True)
class Predicate:
    toks: list[KTok]  # stem (+ derivational suffix) and endings
    stem: str  # "출시", "내놓", "설립", "꼽히"
    ending: str  # "ETM" (relative clause), "EC", "EF", "ETN" or ""
    adjectival: bool  # VA/XSA: a modifier inside a noun group
    copula: bool = False
    passive: bool = False
    subject: Group | None = None
    after: str = ""  # text right after the predicate (for modality)
    long_subject: bool = False  # the subject was bound across a relative clause with its own object

    @property
    def start(self) -> int:
        return self.toks[0].start

    @property
    def end(self) -> int:
        return self.toks[-1].end


@dataclass(slots=True)
class Group:
    """Phrases linked by ``의``, ``인``, coordination or adjectives: one noun group."""

    phrases: list[Phrase]
    links: list[str]  # between phrases: "gen", "cop", "coord", "adj"
    quote_depth: int = 0

    @property
    def marker(self) -> str:
        return self.phrases[-1].marker

    @property
    def marker_tags(self) -> tuple[str, ...]:
        return self.phrases[-1].marker_tags

    @property
    def start(self) -> int:
        return self.phrases[0].start

    @property
    def end(self) -> int:
        return self.phrases[-1].end

    def text(self, sentence_text: str, offset: int) -> str:
        return sentence_text[self.start - offset:self.end - offset]


@dataclass(slots=True)
class Sentence:
    toks: list[KTok]
    items: list[Group | Predicate]  # in text order
    topic: Group | None = None  # the sentence's topic or first subject (for the next sentence)
    # views of the sentence that several finders read (made once, by the first that asks)
    views: dict = field(default_factory=dict)


def _quoted_titles(toks: Sequence[KTok]) -> dict[int, int]:
    """Quote pairs that enclose a short title followed by a particle: start index -> end index."""
    spans: dict[int, int] = {}
    i = 0
    while i < len(toks):
        if toks[i].text in OPEN_QUOTES and toks[i].tag in ("SSO", "SSC", "SW", "SO", "SP"):
            for j in range(i + 1, min(len(toks), i + 12)):
                if toks[j].text in CLOSE_QUOTES and (toks[j].text == toks[i].text or toks[i].text in "“‘「『《〈"):
                    inner = toks[i + 1:j]
                    final = any("EF" in t.tags for t in inner)
                    follows = toks[j + 1] if j + 1 < len(toks) else None
                    if inner and not final and follows is not None and follows.is_particle and follows.start == toks[j].end:
                        spans[i] = j
                    elif inner and not final and follows is not None and follows.text == "(" and j + 4 < len(toks) \
                            and toks[j + 2].tag == "SN" and toks[j + 3].text == ")" and toks[j + 4].is_particle \
                            and toks[j + 4].start == toks[j + 3].end:
                        spans[i] = j + 3  # '"TITLE" (2019)를': a title with its year
                    break
        i += 1
    return spans


def analyze_sentence(toks: list[KTok]) -> Sentence:
    """Phrases, predicates and noun groups of one sentence, subjects bound."""
    items: list[Phrase | Predicate | str] = []  # "Q+" / "Q-" mark speech quote scopes
    titles = _quoted_titles(toks)
    cur: list[KTok] = []
    parens: list[tuple[int, int]] = []
    quoted = False

    def close(marker_toks: list[KTok] = ()) -> None:
        nonlocal cur, parens, quoted
        if cur:
            marker = "".join(t.text for t in marker_toks)
            mtags = tuple(tag for t in marker_toks for tag in t.tags)
            items.append(Phrase(cur, marker, mtags, quoted, parens))
        cur, parens, quoted = [], [], False

    i, n = 0, len(toks)
    while i < n:
        t = toks[i]
        if i in titles:  # a quoted title is one nominal unit
            j = titles[i]
            cur.extend(toks[i:j + 1])
            quoted = True
            i = j + 1
            continue
        if t.text in _QUOTES and t.tag in ("SSO", "SSC", "SW", "SO"):
            close()
            items.append("Q")
            i += 1
            continue
        if t.text == "(" and cur:
            # a parenthesis inside a phrase: alias, gloss or acronym; keep it in the phrase
            depth, j = 0, i
            while j < n:
                if toks[j].text == "(":
                    depth += 1
                elif toks[j].text == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j < n and j - i <= 12:
                parens.append((toks[i].end, toks[j].start))
                cur.extend(toks[i:j + 1])
                i = j + 1
                continue
        if t.is_particle:
            j = i
            while j < n and toks[j].is_particle:
                j += 1
            close(toks[i:j])
            i = j
            continue
        if t.tag == "VCP" and cur:
            # copula after a noun: '기업인' (adnominal: appositive link) or '회사다' (predicate)
            j = i + 1
            while j < n and (toks[j].tag in ENDINGS or toks[j].tag == "VCP") and toks[j - 1].end == toks[j].start:
                j += 1
            endings = [tag for tk in toks[i:j] for tag in tk.tags]
            if "ETM" in endings or ("".join(tk.text for tk in toks[i:j]) in CONJUNCTIVE_COPULA
                                     and j < n and toks[j].is_nominal):
                # '회장이자 CEO인 X': '이자' chains two appositives like '인'
                close(toks[i:j])
            else:
                close()
                items.append(Predicate(toks[i:j], "이", _ending(endings), False, copula=True))
            i = j
            continue
        if t.tag in PREDICATE_STEMS or (t.tag in ("NNG", "XR", "NNP") and i + 1 < n and toks[i + 1].tag in ("XSV", "XSA", "XSA-I", "XSV-R", "XSV-I") and not t.space_after):
            # a predicate: verb stem, or noun + 하다/되다 (출시하, 설립된)
            stem_tok = t
            j = i + 1
            while j < n and (toks[j].is_predicate_part or toks[j].tag == "VX") and not toks[j].is_particle:
                if toks[j].tag in ("VV", "VA") and toks[j - 1].space_after:
                    break  # a new verb after a space is a new predicate
                j += 1
            ptoks = toks[i:j]
            tags = [tag for tk in ptoks for tag in tk.tags]
            adjectival = stem_tok.tag in ("VA", "XR") or (len(ptoks) > 1 and ptoks[1].tag.startswith("XSA"))
            passive = any(tk.lemma.startswith(("되", "받", "당하")) for tk in ptoks[1:]) or stem_tok.lemma.endswith(("히", "리", "기"))
            stem = stem_tok.lemma.split("+")[0] if stem_tok.tag not in ("NNG", "NNP", "XR") else stem_tok.text
            close()  # an adjective ('유력한') stays a modifier: the grouping step joins across it
            items.append(Predicate(ptoks, stem, _ending(tags), adjectival, passive=passive))
            i = j
            continue
        if t.tag in ("SF",) or t.text in (";",):
            close()
            items.append("|")
            i += 1
            continue
        if t.text in (",", "·") and t.tag in ("SP", "SC", "SW", "SO"):
            if cur:
                close([t])
            else:
                items.append("|,")
            i += 1
            continue
        if t.tag in ("MAG", "MAJ", "IC", "EC", "EF", "ETM", "ETN", "EP"):
            close()
            items.append("|" if t.tag in ("MAJ", "IC") else "~")
            i += 1
            continue
        if t.is_nominal or t.text in ("-", "&", ":", "."):
            if t.tag == "MM" and not cur and t.text not in ("전",):
                i += 1
                continue
            cur.append(t)
            i += 1
            continue
        close()
        i += 1
    close()
    return _bind(toks, items)


def _ending(tags: Iterable[str]) -> str:
    tags = list(tags)
    for e in ("ETM", "ETN", "EF", "EC"):
        if e in tags:
            return e
    return ""


def _group(items: list) -> list:
    """Merge phrases into noun groups; keep predicates and scope marks."""
    out: list = []
    cur: Group | None = None
    for k, it in enumerate(items):
        if isinstance(it, Phrase):
            if cur is not None:
                prev = cur.phrases[-1]
                if prev.is_genitive:
                    link = "gen"
                elif prev.is_copula_link:
                    link = "cop"
                elif prev.is_coordination:
                    link = "coord"
                elif cur.links and cur.links[-1] == "adj*":
                    link = "adj"
                else:
                    link = None
                if link:
                    if cur.links and cur.links[-1] == "adj*":
                        cur.links[-1] = "adj"
                        link_used = "adj"
                    else:
                        link_used = link
                    cur.phrases.append(it)
                    if link != "adj":
                        cur.links.append(link_used)
                    continue
                out.append(cur)
            cur = Group([it], [])
        elif isinstance(it, Predicate) and it.adjectival and it.ending == "ETM" and cur is not None \
                and (cur.phrases[-1].is_genitive or cur.phrases[-1].is_copula_link or not cur.phrases[-1].marker) \
                and _next_is_phrase(items, k):
            # 'X의 유력한 경쟁사': the adjective modifies inside the group
            cur.links.append("adj*")
        else:
            if cur is not None:
                if cur.links and cur.links[-1] == "adj*":
                    cur.links.pop()
                out.append(cur)
                cur = None
            out.append(it)
    if cur is not None:
        if cur.links and cur.links[-1] == "adj*":
            cur.links.pop()
        out.append(cur)
    return out


def _next_is_phrase(items: list, k: int) -> bool:
    return k + 1 < len(items) and isinstance(items[k + 1], Phrase)



def is_subject(g: Group) -> bool:
    return g.marker in SUBJECT_MARKERS and ("JKS" in g.marker_tags or g.marker == "께서")


def is_object(g: Group) -> bool:
    return g.marker in OBJECT_MARKERS and "JKO" in g.marker_tags


def is_topic(g: Group) -> bool:
    return g.marker in TOPIC_MARKERS and "JX" in g.marker_tags


def _bind(toks: list[KTok], raw: list) -> Sentence:
    grouped = _group(raw)
    items: list[Group | Predicate] = []
    stacks: list[list[tuple[Group, int]]] = [[]]  # one stack per quote scope
    depth = 0
    n_pred = 0
    topic: Group | None = None
    crossed: set[int] = set()  # ids of subjects passed over by a relative clause
    for gi, it in enumerate(grouped):
        if it == "Q":
            # a quote mark toggles the speech scope (marks pair by alternation within the sentence)
            if depth:
                stacks.pop()
                depth -= 1
            else:
                stacks.append([])
                depth += 1
            continue
        if isinstance(it, str):
            continue
        if isinstance(it, Group):
            it.quote_depth = depth
            items.append(it)
            if is_subject(it) or is_topic(it):
                stacks[-1].append((it, n_pred))
                if topic is None and depth == 0:
                    topic = it
            continue
        pred: Predicate = it
        items.append(pred)
        if pred.adjectival and pred.ending == "ETM":
            continue  # a modifier: no subject of its own
        stack = stacks[-1]
        if pred.ending == "ETM":
            if stack and is_subject(stack[-1][0]) and stack[-1][1] == n_pred:
                subj = stack[-1][0]
                head = next((g for g in grouped[gi + 1:gi + 2] if isinstance(g, Group)), None)
                own_object = any(isinstance(g, Group) and is_object(g) and g.start > subj.end for g in items)
                if head is not None and own_object:
                    if head.phrases[0].toks[0].text in CLAUSE_NOUNS:
                        pred.subject = subj  # 'X가 Y를 인수한 뒤 ...': X is also the next verb's subject
                    else:
                        crossed.add(id(subj))  # 'X가 Y를 인수한 회사를 ...': the head is the gapped subject
                else:
                    pred.subject = stack.pop()[0]
        elif stack:
            pred.subject = stack[-1][0]
            pred.long_subject = id(stack[-1][0]) in crossed
            if is_subject(stack[-1][0]):
                stack.pop()
        n_pred += 1
    # modality context: the text following each predicate in the sentence
    for k, it in enumerate(items):
        if isinstance(it, Predicate):
            follow = [t for t in toks if t.start >= it.end][:6]
            it.after = " ".join(t.lemma for t in follow)
    return Sentence(toks, items, topic)


def parse(analysis) -> list[tuple[object, Sentence]]:
    """``(kg.model.Sentence, Sentence)`` for every sentence of a Korean analysis (cached on it)."""
    cached = analysis.syntax.get("ko")
    if cached is None:
        cached = []
        table = _token_table(analysis.doc, analysis.text)
        for s in analysis.sentences:
            span = analysis.doc.char_span(s.start, s.end, alignment_mode="expand")
            toks = _ktoks(table, span.start, span.end) if span is not None else []
            cached.append((s, analyze_sentence(toks)))
        analysis.syntax["ko"] = cached
    return cached


def _token_table(doc, text: str) -> list[tuple]:
    """``(text, tag, lemma, start, end, space after)`` of every token of ``doc``, read from its arrays
    (as :func:`tokens_of` reads them from the tokens, a Python object each, five times slower)."""
    from spacy.attrs import IDX, LEMMA, LENGTH, SPACY, TAG

    if not len(doc):
        return []
    strings = doc.vocab.strings
    rows = doc.to_array([IDX, LENGTH, TAG, LEMMA, SPACY]).tolist()
    return [(text[a:a + n], strings[tag] if tag else "", strings[lemma] if lemma else "", a, a + n, bool(space))
            for a, n, tag, lemma, space in rows]


def _ktoks(table: list[tuple], first: int, stop: int) -> list[KTok]:
    """:func:`tokens_of` for the tokens ``first`` to ``stop`` of a :func:`_token_table`."""
    out: list[KTok] = []
    for text, tag, lemma, a, b, space in table[first:stop]:
        if not text.strip():
            continue
        tags = tuple(tag.split("+")) if tag else ("X",)
        out.append(KTok(len(out), text, tags, lemma or text, a, b, space, tags[0]))
    return out


def genitive_links(sentence: Sentence) -> Iterator[tuple[Group, int, Phrase, Phrase]]:
    """Every genitive link 'X의 Y' inside a noun group: (group, index of X, X, Y)."""
    for it in sentence.items:
        if isinstance(it, Group):
            for k, p in enumerate(it.phrases[:-1]):
                if p.is_genitive and it.links[k] == "gen":
                    yield it, k, p, it.phrases[k + 1]


def phrases(sentence: Sentence) -> Iterator[tuple[Group, int, Phrase]]:
    """Every phrase with its group and its index in the group."""
    for it in sentence.items:
        if isinstance(it, Group):
            for k, p in enumerate(it.phrases):
                yield it, k, p
