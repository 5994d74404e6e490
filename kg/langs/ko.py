"""Korean: a spaCy pipeline whose tokenizer is the Kiwi morphological analyser.

spaCy's own Korean tokenizer needs mecab-ko; techkg keeps spaCy's Korean
``Language`` (``lang == "ko"``, its stop words and lexical attributes) but
replaces the tokenizer by :class:`KiwiTokenizer` (registered as
``techkg.KiwiTokenizer.v1``). The tokenizer does all the work, there are no
pipeline components:

* one token per Kiwi morpheme, on the original characters, so
  ``doc.text == text`` always. Morphemes that share characters (contractions
  such as 했 = 하/XSV + 었/EP, 인 = 이/VCP + ᆫ/ETM) or have no characters
  (the copula 이 in 거다) are merged into one token: ``tag_`` joins the tags
  with "+" (``"XSV+EP"``), ``lemma_`` the forms (``"하+었"``), ``pos_`` is the
  UD POS of the first morpheme that is not a particle or ending.
  :func:`morphemes` splits a token back into (form, tag) pairs;
* ``tag_`` is the Kiwi tag without irregular markers (``VA-I`` -> ``VA``);
  ``pos_`` comes from ``kg/data/lang/ko.json``;
* whitespace follows spaCy: one plain space after a token is
  ``whitespace_``, any other run of whitespace is a token (``tag_ "_SP"``,
  ``pos_ "SPACE"``); characters Kiwi skips are one token each (``tag_ "UN"``);
* sentences: every line break ends a sentence, and Kiwi splits each line
  (keeping quotations together). Whitespace tokens between sentences belong
  to the preceding sentence.

Kiwi is loaded once per process (:func:`get_kiwi`, about 1 s and 260 MB).
"""
from __future__ import annotations

import os
import re
import threading
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any

from ..errors import ModelError
from . import LANGUAGES, LanguageSpec, load_lang_data, set_pipeline_info

if TYPE_CHECKING:  # pragma: no cover
    from kiwipiepy import Kiwi
    from spacy.language import Language
    from spacy.tokens import Doc, Token
    from spacy.vocab import Vocab

__all__ = ["KiwiTokenizer", "get_kiwi", "make_nlp", "morphemes", "SPEC"]

TOKENIZER_NAME = "techkg.KiwiTokenizer.v1"
SPACE_TAG = "_SP"
UNKNOWN_TAG = "UN"

# A line: a maximal run of characters that are not line breaks.
_LINE_RE = re.compile(r"[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
_GAP_RE = re.compile(r"\s+|\S")

#: How many threads Kiwi analyses a batch on (default: one per core).
THREADS_ENV = "TECHKG_KIWI_THREADS"
_kiwi: Kiwi | None = None
_kiwi_lock = threading.Lock()


def get_kiwi() -> Kiwi:
    """The process-wide Kiwi analyser, created on first use (about 1 s).

    Kiwi analyses a batch of lines on as many threads as the machine has
    cores, unless ``TECHKG_KIWI_THREADS`` says how many (a worker process of
    ``--workers`` uses one: the workers already share the cores).

    Other stages may add user words to it (``get_kiwi().add_user_word(...)``)
    before analysing text.
    """
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                threads = os.environ.get(THREADS_ENV, "").strip()
                _kiwi = Kiwi(num_workers=int(threads)) if threads.isdigit() and int(threads) > 0 else Kiwi()
    return _kiwi


@cache
def _pos_data() -> tuple[dict[str, str], frozenset[str], str]:
    data = load_lang_data("ko")
    return dict(data["kiwi_pos"]), frozenset(data["function_tags"]), data.get("unknown_pos", "X")


def _base_tag(tag: Any) -> str:
    """``VV-I`` -> ``VV``; Kiwi tags may be enum-like, so go through str."""
    base = _BASE_TAGS.get(tag)
    if base is None:
        base = _BASE_TAGS[tag] = str(tag).split("-", 1)[0]
    return base


_BASE_TAGS: dict[Any, str] = {}  # Kiwi's few dozen tags, each worked out once


class _Cluster:
    __slots__ = ("start", "end", "forms", "tags")

    def __init__(self, start: int, end: int):
        self.start = start
        self.end = end
        self.forms: list[str] = []
        self.tags: list[str] = []

    def add(self, form: str, tag: str) -> None:
        self.forms.append(form)
        self.tags.append(tag)


def _clusters(line: str, offset: int, morphs: Iterable[Any]) -> list[_Cluster]:
    """Group the morphemes of one line into tokens: overlapping morphemes merge;
    a zero-width morpheme joins the next morpheme at its offset, else the previous one."""
    n = len(line)
    clusters: list[_Cluster] = []
    pending: list[tuple[int, str, str]] = []  # zero-width morphemes
    base_tags = _BASE_TAGS
    for m in morphs:
        s = m.start
        e = s + m.len
        if s < 0 or e > n or e < s:  # (rare) clamp into the line
            s = min(max(s, 0), n)
            e = min(max(e, s), n)
        tag = base_tags.get(m.tag) or _base_tag(m.tag)
        form = m.form
        if e == s:
            pending.append((s, form, tag))
            continue
        if clusters and s < clusters[-1].end:
            cur = clusters[-1]
            for _, pf, pt in pending:
                cur.add(pf, pt)
            cur.start = min(cur.start, s)
            cur.end = max(cur.end, e)
        else:
            cur = _Cluster(s, e)
            for ps, pf, pt in pending:
                if ps < s and clusters:
                    clusters[-1].add(pf, pt)
                else:
                    cur.add(pf, pt)
            clusters.append(cur)
        pending = []
        cur.add(form, tag)
    if pending and clusters:
        for _, pf, pt in pending:
            clusters[-1].add(pf, pt)
    for c in clusters:
        c.start += offset
        c.end += offset
    return clusters


def _lines(text: str) -> list[tuple[int, str]]:
    """The non-blank lines of ``text`` with their offsets (Kiwi analyses a line at a time)."""
    return [(m.start(), m.group()) for m in _LINE_RE.finditer(text) if not m.group().isspace()]


class KiwiTokenizer:
    """spaCy tokenizer: Kiwi morphemes as tokens, with tags, POS, lemmas and sentence starts.

    Serialization is a no-op (Kiwi is process-wide state, nothing to save).
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        return next(self._batch([(text, _lines(text))]))

    def pipe(self, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
        """Docs of ``texts``, Kiwi analysing the lines of ``batch_size`` texts in one call (its model
        stays in the processor's caches, and its worker threads share the batch)."""
        batch: list[tuple[str, list]] = []
        for text in texts:
            batch.append((text, _lines(text)))
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, batch: list[tuple[str, list]]) -> Iterator[Doc]:
        # one call for all the lines of the batch: Kiwi spreads them over its worker threads
        every = [line for _, lines in batch for _, line in lines]
        analyses = iter(get_kiwi().tokenize(every, split_sents=True) if every else ())
        for text, lines in batch:
            yield self._doc(text, lines, [next(analyses) for _ in lines])

    def _doc(self, text: str, lines: list[tuple[int, str]], analyses: list) -> Doc:
        """The Doc of ``text`` from Kiwi's sentences of each of its non-blank ``lines``."""
        from spacy.tokens import Doc

        pos_map, function_tags, unknown_pos = _pos_data()
        clusters: list[_Cluster] = []
        sent_offsets: list[int] = []
        for (offset, line), sents in zip(lines, analyses):
            sent_offsets.append(offset + len(line) - len(line.lstrip()))
            for k, sent in enumerate(sents):
                if k and sent:
                    sent_offsets.append(offset + sent[0].start)
                clusters.extend(_clusters(line, offset, sent))
        clusters.sort(key=lambda c: c.start)

        words: list[str] = []
        spaces: list[bool] = []
        tags: list[str] = []
        pos: list[str] = []
        lemmas: list[str] = []
        starts: list[int] = []  # char offset of each token

        def gap(a: int, b: int) -> None:
            if a >= b:
                return
            if b == a + 1 and text[a] == " " and words and not spaces[-1] and not words[-1].isspace():
                spaces[-1] = True  # the usual gap: one space after a word
                return
            for m in _GAP_RE.finditer(text, a, b):
                chunk = m.group()
                s = m.start()
                if chunk.isspace():
                    if words and not spaces[-1] and not words[-1].isspace() and chunk[0] == " ":
                        spaces[-1] = True
                        chunk = chunk[1:]
                        s += 1
                    if chunk:
                        words.append(chunk)
                        spaces.append(False)
                        tags.append(SPACE_TAG)
                        pos.append("SPACE")
                        lemmas.append(chunk)
                        starts.append(s)
                else:
                    words.append(chunk)
                    spaces.append(False)
                    tags.append(UNKNOWN_TAG)
                    pos.append(pos_map.get(UNKNOWN_TAG, unknown_pos))
                    lemmas.append(chunk)
                    starts.append(s)

        cursor = 0
        for c in clusters:
            if c.start < cursor:  # defensive: never reuse characters
                if c.end <= cursor:
                    continue
                c.start = cursor
            gap(cursor, c.start)
            words.append(text[c.start : c.end])
            spaces.append(False)
            ctags = c.tags
            if len(ctags) == 1:  # most tokens are one morpheme
                head = ctags[0]
                tags.append(head)
                lemmas.append(c.forms[0])
            else:
                head = next((t for t in ctags if t not in function_tags), ctags[0])
                tags.append("+".join(ctags))
                lemmas.append("+".join(c.forms))
            pos.append(pos_map.get(head, unknown_pos))
            starts.append(c.start)
            cursor = c.end
        gap(cursor, len(text))

        sent_starts = [False] * len(words)
        if words:
            sent_starts[0] = True
            first_content = next((i for i, w in enumerate(words) if not w.isspace()), None)
            for off in sent_offsets:
                i = bisect_right(starts, off) - 1
                while i < len(words) and words[i].isspace():
                    i += 1
                if first_content is not None and first_content < i < len(words):
                    sent_starts[i] = True
        return Doc(
            self.vocab,
            words=words,
            spaces=spaces,
            tags=tags,
            pos=pos,
            lemmas=lemmas,
            sent_starts=sent_starts,
        )


    # serialization: nothing to save, Kiwi is rebuilt from its installed model
    def to_bytes(self, **kwargs: Any) -> bytes:  # noqa: ARG002
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> KiwiTokenizer:  # noqa: ARG002
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:  # noqa: ARG002
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> KiwiTokenizer:  # noqa: ARG002
        return self


def morphemes(token: Token) -> list[tuple[str, str]]:
    """The (form, Kiwi tag) pairs of a token made by :class:`KiwiTokenizer`.

    >>> from types import SimpleNamespace as T
    >>> morphemes(T(lemma_="하+었", tag_="XSV+EP"))
    [('하', 'XSV'), ('었', 'EP')]
    >>> morphemes(T(lemma_="C++", tag_="SW"))
    [('C++', 'SW')]
    """
    tags = token.tag_.split("+")
    if len(tags) == 1:
        return [(token.lemma_, token.tag_)]
    forms = token.lemma_.split("+")
    if len(forms) != len(tags):  # a form containing "+": keep it whole
        return [(token.lemma_, token.tag_)]
    return list(zip(forms, tags))


@cache
def _register_tokenizer() -> None:
    import spacy

    if TOKENIZER_NAME not in spacy.registry.tokenizers:

        @spacy.registry.tokenizers(TOKENIZER_NAME)
        def create_kiwi_tokenizer():
            def make(nlp: Language) -> KiwiTokenizer:
                return KiwiTokenizer(nlp.vocab)

            return make


def make_nlp(model: str | None = None) -> Language:
    """A new Korean pipeline (spaCy's Korean ``Language`` with the Kiwi tokenizer).

    ``model`` must be None: Korean is analysed by Kiwi, spaCy pipelines are not used.
    Kiwi itself is loaded on the first call of the tokenizer.

    >>> nlp = make_nlp()
    >>> nlp.lang, nlp.pipe_names
    ('ko', [])
    """
    if model is not None:
        raise ModelError(
            f"Korean is analysed with Kiwi; the spaCy pipeline {model!r} cannot be used for ko "
            "(--model applies to English only)"
        )
    import spacy

    _register_tokenizer()
    nlp = spacy.blank("ko", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER_NAME}}})
    nlp.max_length = 10_000_000
    set_pipeline_info(nlp, "ko", None)
    return nlp


@cache
def _particles() -> dict[str, str]:
    from ..rules import load_rules

    return load_rules("ko")["particles"]


def split_at_names(doc: Doc, spans: Iterable[tuple[int, int]]) -> None:
    """Split tokens where a known name was glued to its particle (``엔비디아에`` -> ``엔비디아`` + ``에``).

    Kiwi reads some unknown names together with the particle after them;
    the particles that may be split off are data (``particles`` in ko.json).
    """
    from ..nlp import token_starts

    particles = _particles()
    by_start = {idx: i for i, idx in enumerate(token_starts(doc))}
    todo = []
    for start, end in spans:
        i = by_start.get(start)
        if i is None:
            continue
        tok = doc[i]
        if start + len(tok.text) <= end:
            continue
        rest = tok.text[end - start:]
        if rest in particles:
            todo.append((tok, end - start, rest))
    if not todo:
        return
    with doc.retokenize() as retok:
        for tok, cut, rest in todo:
            name = tok.text[:cut]
            retok.split(tok, [name, rest], heads=[(tok, 0), (tok, 0)],
                        attrs={"TAG": ["NNP", particles[rest]], "POS": ["PROPN", "ADP"], "LEMMA": [name, rest]})


SPEC = LANGUAGES.register("ko")(
    LanguageSpec(
        code="ko",
        name="Korean",
        script="Hang",
        make_nlp=make_nlp,
        accepts_model=False,
        split_at_names=split_at_names,
        description="Kiwi morphemes as spaCy tokens (tags, UD POS, lemmas, sentences); no parser",
    )
)
