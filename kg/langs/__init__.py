"""The languages techkg reads, one module per language, and script-based detection.

Each module (``ko``, ``zh``, ``en``) registers a :class:`LanguageSpec` in
:data:`LANGUAGES` under its ISO 639-1 code. A spec says how to build the spaCy
pipeline of its language (``make_nlp``); :mod:`kg.nlp` caches the pipelines.

Importing this package (and listing or detecting languages) does not import
spaCy, Kiwi or jieba: they are loaded by ``make_nlp``.

>>> language_codes()
['en', 'ko', 'zh']
>>> get_language("ko").name
'Korean'
>>> detect_language("중국 AI 칩 제조사 블랙세서미")
'ko'
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Callable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..errors import LanguageError
from ..registry import Registry

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = [
    "LANGUAGES",
    "LanguageSpec",
    "get_language",
    "language_codes",
    "detect_language",
    "script_counts",
    "load_lang_data",
    "add_sentence_splitter",
    "add_splitter_to_trained",
    "pipeline_info",
    "set_pipeline_info",
    "load_pipeline",
]


@dataclass(frozen=True)
class LanguageSpec:
    """How techkg handles one language.

    ``script`` is the ISO 15924 code of the script that identifies the
    language in :func:`detect_language` (``Hang``, ``Hani``, ``Latn``).
    ``make_nlp(model)`` builds a fresh spaCy pipeline (use
    :func:`kg.nlp.get_nlp` for the cached one); ``model`` names an installed
    spaCy pipeline or a path, for languages with ``accepts_model``.
    """

    code: str
    name: str
    script: str
    make_nlp: Callable[..., Language]
    accepts_model: bool = False
    description: str = ""
    # Repair segmentation around known names: split tokens at the given (start, end)
    # name spans where the analyser glued a name to what follows; None if not needed.
    split_at_names: Callable[[Any, Iterable[tuple[int, int]]], None] | None = None


LANGUAGES: Registry[LanguageSpec] = Registry("language", "kg.langs", error=LanguageError)


def language_codes() -> list[str]:
    """The registered language codes, sorted.

    >>> language_codes()
    ['en', 'ko', 'zh']
    """
    return LANGUAGES.names()


def get_language(code: str) -> LanguageSpec:
    """The spec of language ``code``; region and script subtags are ignored.

    Raises :class:`kg.errors.LanguageError` (listing the valid codes) for an
    unknown code.

    >>> get_language("zh-Hans").code
    'zh'
    >>> get_language("xx")
    Traceback (most recent call last):
    ...
    kg.errors.LanguageError: unknown language 'xx'; choose one of: en, ko, zh
    """
    if not isinstance(code, str):
        raise LanguageError(f"language code must be a string, not {type(code).__name__}")
    norm = re.split(r"[-_]", code.strip().lower(), maxsplit=1)[0]
    if norm in LANGUAGES:
        return LANGUAGES.get(norm)
    valid = ", ".join(LANGUAGES.names())
    raise LanguageError(f"unknown language {code!r}; choose one of: {valid}")


# --------------------------------------------------------------------------- detection

_SCRIPT_CLASSES = {
    # Hangul syllables, jamo, compatibility jamo, jamo extended A/B
    "Hang": "\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\ud7b0-\ud7ff",
    # CJK unified ideographs, extension A, compatibility ideographs, extensions B-F
    "Hani": "\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff\U00020000-\U0002ebef",
    # hiragana, katakana, katakana extensions, half-width katakana
    "Kana": "\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\uff66-\uff9f",
    # basic Latin letters, Latin-1 and Latin Extended-A/B letters, full-width Latin
    "Latn": "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\uff21-\uff3a\uff41-\uff5a",
}
_SCRIPT_RES = {name: re.compile(f"[{chars}]") for name, chars in _SCRIPT_CLASSES.items()}
_LETTER_RE = re.compile(r"[^\W\d_]")

#: A CJK character (Hangul syllable or Han ideograph) weighs this many Latin
#: letters when deciding whether Latin dominates: a Korean syllable or a
#: Chinese character carries about as much as three English letters.
CJK_WEIGHT = 3
#: Korean when Hangul is at least this share of the CJK letters (Hangul + Han +
#: kana): Korean news glosses names in Hanja ("치후(奇虎)360") and uses "中", "美".
KOREAN_MIN_SHARE = 1 / 3
#: Not Chinese (Japanese, unsupported) when kana are more than this share of the CJK letters.
CHINESE_MAX_KANA_SHARE = 0.1
#: Only the first this many characters are looked at.
DETECT_MAX_CHARS = 100_000


def script_counts(text: str) -> dict[str, int]:
    """Letters of ``text`` per script: ``Hang``, ``Hani``, ``Kana``, ``Latn``, ``Other``.

    >>> script_counts("치후(奇虎)360 AI")
    {'Hang': 2, 'Hani': 2, 'Kana': 0, 'Latn': 2, 'Other': 0}
    """
    text = text[:DETECT_MAX_CHARS]
    counts = {name: len(rx.findall(text)) for name, rx in _SCRIPT_RES.items()}
    letters = len(_LETTER_RE.findall(text))
    counts["Other"] = max(0, letters - sum(counts.values()))
    return counts


def detect_language(text: str) -> str | None:
    """The language code of ``text`` guessed from the scripts of its letters, or None.

    Rules (first match wins), with CJK = Hangul + Han + kana letters:

    * no letters, or letters of other scripts (Cyrillic, Arabic...) outnumber
      the weighted CJK and Latin letters: ``None``;
    * Latin letters outnumber ``CJK_WEIGHT`` (3) x CJK letters: ``en`` (any
      Latin-script text, the only Latin-script language supported);
    * Hangul is at least ``KOREAN_MIN_SHARE`` (a third) of CJK: ``ko``, so
      Korean with Latin acronyms and Hanja glosses stays Korean;
    * kana above ``CHINESE_MAX_KANA_SHARE`` (10 %) of CJK: ``None`` (Japanese);
    * otherwise ``zh``.

    >>> detect_language("중국 AI 칩 제조사")
    'ko'
    >>> detect_language("阿里巴巴集团董事长张勇表示")
    'zh'
    >>> detect_language("Alibaba's CEO Eddie Wu (吴泳铭) said on Monday.")
    'en'
    >>> detect_language("2025-02-26 12:00") is None
    True
    """
    c = script_counts(text)
    cjk = c["Hang"] + c["Hani"] + c["Kana"]
    if cjk == 0 and c["Latn"] == 0:
        return None
    if c["Other"] > cjk * CJK_WEIGHT + c["Latn"]:
        return None
    if c["Latn"] > cjk * CJK_WEIGHT:
        script = "Latn"
    elif c["Hang"] >= cjk * KOREAN_MIN_SHARE:
        script = "Hang"
    elif c["Kana"] > cjk * CHINESE_MAX_KANA_SHARE:
        return None
    else:
        script = "Hani"
    return _language_of_script().get(script)


@cache
def _language_of_script() -> dict[str, str]:
    return {spec.script: code for code, spec in LANGUAGES.items()}


# --------------------------------------------------------------------------- shared data and components


@cache
def load_lang_data(code: str) -> dict[str, Any]:
    """The language data file ``kg/data/lang/<code>.json`` (cached; do not mutate).

    >>> load_lang_data("ko")["kiwi_pos"]["NNP"]
    'PROPN'
    """
    path = files("kg").joinpath("data", "lang", f"{code}.json")
    return json.loads(path.read_text(encoding="utf-8"))


_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")


def _has_line_break(text: str) -> bool:
    return any(ch in _LINE_BREAKS for ch in text)


class _SentenceSplitter:
    """spaCy component: sentence starts at line breaks and (optionally) after final punctuation.

    With ``punct`` every token gets ``is_sent_start`` True or False; without
    it only line-break starts are set to True (the rest is left to a parser,
    which respects them). Whitespace tokens never start a sentence (except the
    first token of a doc), so no sentence is whitespace only.
    """

    def __init__(self, sentence_final: list[str], closing: list[str], punct: bool):
        self.final = frozenset(sentence_final)
        self.closing = frozenset(closing)
        self.punct = punct

    def _is_final(self, text: str) -> bool:
        return bool(text) and all(ch in self.final for ch in text)

    def __call__(self, doc: Doc) -> Doc:
        starts = sentence_starts(doc, self._is_final if self.punct else None, self.closing)
        if self.punct:
            for tok, start in zip(doc, starts):
                tok.is_sent_start = start
        else:
            for tok, start in zip(doc, starts):
                if start and tok.i > 0:
                    tok.is_sent_start = True
        return doc


def sentence_starts(doc: Doc, is_final: Callable[[str], bool] | None, closing: frozenset[str]) -> list[bool]:
    """Per token: does a sentence start here (line breaks; final punctuation if ``is_final``)."""
    n = len(doc)
    starts = [False] * n
    if n:
        starts[0] = True
    seen_content = False  # a non-space token in the current sentence
    hard = soft = False  # a line break / a final punctuation mark is pending
    for i, tok in enumerate(doc):
        text = tok.text
        if tok.is_space:
            if seen_content and _has_line_break(text):
                hard = True
            continue
        if hard:
            starts[i] = i > 0
            hard = soft = False
        elif soft:
            attached = doc[i - 1].whitespace_ == "" and not doc[i - 1].is_space
            if is_final(text) or (text in closing and (attached or text not in ('"', "'"))):
                pass  # closing quote or more punctuation: same sentence
            else:
                starts[i] = True
                soft = False
        seen_content = True
        if is_final is not None and is_final(text):
            soft = True
    return starts


def add_sentence_splitter(nlp: Language, code: str, *, punct: bool = True, **add_pipe_kwargs: Any) -> None:
    """Add the ``techkg_sentences`` component, configured from ``kg/data/lang/<code>.json``.

    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> add_sentence_splitter(nlp, "en")
    >>> [s.text for s in nlp("One. Two!\\nThree").sents]
    ['One.', 'Two!\\n', 'Three']
    """
    _register_factory()
    data = load_lang_data(code)
    config = {
        "sentence_final": list(data.get("sentence_final", [])),
        "closing": list(data.get("closing", [])),
        "punct": punct,
    }
    nlp.add_pipe("techkg_sentences", config=config, **add_pipe_kwargs)


def add_splitter_to_trained(nlp: Language, code: str) -> None:
    """Line breaks end sentences in a trained pipeline too: before its parser decides the rest,
    after its senter, or as the only splitter when it has neither."""
    if "parser" in nlp.pipe_names:
        add_sentence_splitter(nlp, code, punct=False, before="parser")
    elif "senter" in nlp.pipe_names:
        add_sentence_splitter(nlp, code, punct=False, after="senter")
    else:
        add_sentence_splitter(nlp, code, first=True)


@cache
def _register_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory("techkg_sentences"):

        @Language.factory(
            "techkg_sentences",
            default_config={"sentence_final": [], "closing": [], "punct": True},
        )
        def make_sentence_splitter(nlp, name, sentence_final, closing, punct):  # noqa: ARG001
            return _SentenceSplitter(sentence_final, closing, punct)


def pipeline_info(nlp: Language) -> dict[str, Any]:
    """What a pipeline built by a language module has: ``lang``, ``model``, ``has_parser``, ``has_ner``.

    >>> import spacy
    >>> pipeline_info(spacy.blank("en"))["has_parser"]
    False
    """
    info = dict(nlp.meta.get("techkg", {}))
    info.setdefault("lang", nlp.lang)
    info.setdefault("model", None)
    info.setdefault("has_parser", "parser" in nlp.pipe_names)
    info.setdefault("has_ner", "ner" in nlp.pipe_names)
    return info


def set_pipeline_info(nlp: Language, lang: str, model: str | None) -> None:
    """Record in ``nlp.meta["techkg"]`` the language, model and whether a parser/NER is present."""
    nlp.meta["techkg"] = {
        "lang": lang,
        "model": model,
        "has_parser": "parser" in nlp.pipe_names,
        "has_ner": "ner" in nlp.pipe_names,
    }


def load_pipeline(model: str, lang: str) -> Language:
    """``spacy.load(model)`` for language ``lang``, raising :class:`kg.errors.ModelError`
    when the package (or path) is missing or is a pipeline of another language.

    >>> load_pipeline("no_such_pipeline_xyz", "en")
    Traceback (most recent call last):
    ...
    kg.errors.ModelError: spaCy pipeline 'no_such_pipeline_xyz' is not installed; install it with pip install no_such_pipeline_xyz, or omit --model to use rules
    """
    import os
    from pathlib import Path

    import spacy
    import spacy.util

    from ..errors import ModelError

    looks_like_path = os.sep in model or "/" in model or model.startswith(".") or Path(model).exists()
    if not looks_like_path and not spacy.util.is_package(model):
        raise ModelError(
            f"spaCy pipeline {model!r} is not installed; install it with pip install {model}, "
            "or omit --model to use rules"
        )
    if looks_like_path and not Path(model).is_dir():
        raise ModelError(f"spaCy pipeline directory {model!r} does not exist; omit --model to use rules")
    try:
        nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as e:
        raise ModelError(f"spaCy pipeline {model!r} cannot be loaded ({e}); omit --model to use rules") from e
    if nlp.lang != lang:
        raise ModelError(f"spaCy pipeline {model!r} is for language {nlp.lang!r}, not {lang!r}")
    return nlp
