"""Run the language pipelines: cached spaCy ``Language`` objects, Docs and sentences.

Pipelines are built once per process and per ``(lang, model)`` (Kiwi takes
about 1 s and 260 MB, a trained spaCy pipeline about as much), thread-safely.
Every Doc reproduces its input (``doc.text == text``), so token and sentence
character offsets are offsets into the input text.

Sentence indexes: :func:`sentences` and :func:`sentence_spans` skip
whitespace-only sentences and number the others from 0; use these indexes
(never positions in ``doc.sents``) for ``Mention.sentence`` and the like.

>>> doc = analyze("Alibaba rose. Tencent fell.", "en")
>>> [(s.index, s.start, s.end, s.text) for s in sentences(doc)]
[(0, 0, 13, 'Alibaba rose.'), (1, 14, 27, 'Tencent fell.')]
"""
from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from .langs import get_language, pipeline_info
from .model import Sentence

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = [
    "get_nlp",
    "analyze",
    "analyze_many",
    "sentences",
    "sentence_spans",
    "token_starts",
    "token_bounds",
    "has_parser",
    "has_ner",
    "clear_cache",
]

_CACHE: dict[tuple[str, str | None], Language] = {}
_LOCK = threading.Lock()


def get_nlp(lang: str, model: str | None = None) -> Language:
    """The cached spaCy pipeline of language ``lang`` (and spaCy pipeline ``model``).

    Raises :class:`kg.errors.LanguageError` for an unknown language and
    :class:`kg.errors.ModelError` for a model that is not installed.

    >>> get_nlp("en") is get_nlp("en-US")
    True
    """
    spec = get_language(lang)
    key = (spec.code, model)
    nlp = _CACHE.get(key)
    if nlp is None:
        with _LOCK:
            nlp = _CACHE.get(key)
            if nlp is None:
                nlp = spec.make_nlp(model)
                _CACHE[key] = nlp
    return nlp


def clear_cache() -> None:
    """Forget the cached pipelines (the Kiwi analyser itself stays loaded)."""
    with _LOCK:
        _CACHE.clear()


def analyze(text: str, lang: str, model: str | None = None) -> Doc:
    """Run the pipeline of ``lang`` on ``text``.

    >>> doc = analyze("Hello  world", "en")
    >>> doc.text == "Hello  world", [t.text for t in doc]
    (True, ['Hello', ' ', 'world'])
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    return get_nlp(lang, model)(text)


def analyze_many(texts: Iterable[str], lang: str, model: str | None = None, *, batch_size: int = 32) -> Iterator[Doc]:
    """Run the pipeline of ``lang`` on many texts with ``nlp.pipe``; yields Docs in order.

    >>> [len(d) for d in analyze_many(["a b", "c"], "en")]
    [2, 1]
    """
    nlp = get_nlp(lang, model)
    # spaCy's pipe tokenizes one text at a time; a tokenizer that can do better with a batch (Kiwi)
    # is given the batch, and the pipeline takes its Docs
    if hasattr(nlp.tokenizer, "pipe"):
        texts = nlp.tokenizer.pipe(texts, batch_size=batch_size)
    yield from nlp.pipe(texts, batch_size=batch_size)


def token_starts(doc: Doc) -> list[int]:
    """The character offset of each token of ``doc``, in order (read from its arrays: iterating a Doc
    makes a Python object per token)."""
    from spacy.attrs import IDX

    return doc.to_array(IDX).tolist() if len(doc) else []


def token_bounds(doc: Doc) -> tuple[set[int], set[int]]:
    """The character offsets where a token of ``doc`` starts, and where one ends."""
    from spacy.attrs import IDX, LENGTH

    if not len(doc):
        return set(), set()
    arr = doc.to_array([IDX, LENGTH])
    return set(arr[:, 0].tolist()), set((arr[:, 0] + arr[:, 1]).tolist())


def _has_sentences(doc: Doc) -> bool:
    return doc.has_annotation("SENT_START") or doc.has_annotation("DEP")


def _sentence_parts(doc: Doc, text: str | None = None) -> list[tuple[Span, int, int]]:
    text = doc.text if text is None else text
    spans = list(doc.sents) if len(doc) and _has_sentences(doc) else [doc[:]]
    parts = []
    for span in spans:
        a, b = span.start_char, span.end_char
        chunk = text[a:b]
        stripped = chunk.strip()
        if not stripped:
            continue
        a += len(chunk) - len(chunk.lstrip())
        parts.append((span, a, a + len(stripped)))
    return parts


def sentences(doc: Doc, text: str | None = None) -> list[Sentence]:
    """The non-blank sentences of ``doc``, stripped of surrounding whitespace, numbered from 0.

    ``start``/``end`` are character offsets into ``doc.text`` (the input text).
    A Doc without sentence boundaries is one sentence. ``text`` is ``doc.text``
    when the caller has it (a Doc makes its text again from its tokens).

    >>> [s.text for s in sentences(analyze("  One.\\n\\nTwo  ", "en"))]
    ['One.', 'Two']
    """
    text = doc.text if text is None else text
    return [Sentence(i, a, b, text[a:b]) for i, (_, a, b) in enumerate(_sentence_parts(doc, text))]


def sentence_spans(doc: Doc) -> list[Span]:
    """The spaCy spans of the sentences of :func:`sentences`, same order and indexes
    (a span may include the whitespace tokens around its sentence).

    >>> [s.text for s in sentence_spans(analyze("One. Two.", "en"))]
    ['One.', 'Two.']
    """
    return [span for span, _, _ in _sentence_parts(doc)]


def has_parser(obj: Any) -> bool:
    """Whether a pipeline (or the Docs it made) has a trained dependency parser.

    >>> has_parser(get_nlp("en")), has_parser(analyze("x", "en"))
    (False, False)
    """
    if hasattr(obj, "pipe_names"):
        return bool(pipeline_info(obj)["has_parser"])
    return bool(obj.has_annotation("DEP"))


def has_ner(obj: Any) -> bool:
    """Whether a pipeline has a trained entity recognizer (for a Doc: whether entities were set).

    >>> has_ner(get_nlp("en"))
    False
    """
    if hasattr(obj, "pipe_names"):
        return bool(pipeline_info(obj)["has_ner"])
    return bool(obj.has_annotation("ENT_IOB"))


def split_at_names(doc, spans) -> None:
    """Let the language repair tokens glued to a known name (see ``LanguageSpec.split_at_names``)."""
    from .langs import get_language

    spec = get_language(doc.lang_)
    if spec.split_at_names is not None:
        spec.split_at_names(doc, spans)
