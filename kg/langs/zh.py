"""Chinese: spaCy's Chinese with the jieba segmenter and a rule sentence splitter.

Tokens are jieba words on the original characters (``doc.text == text``);
there are no tags or POS. Sentences end after 。！？；… (see
``kg/data/lang/zh.json``; closing quotes stay with their sentence), at
every line break, and at blanks that web text uses as sentence ends
(``sentence_gaps`` in ``kg/data/rules/zh.json``). jieba's dictionary loads on
first use (under 1 s) and its log messages are silenced.

``model`` may name an installed Chinese spaCy pipeline (e.g.
``zh_core_web_sm``); line breaks still end sentences.
"""
from __future__ import annotations

import logging
import re
from functools import cache
from typing import TYPE_CHECKING

from . import LANGUAGES, LanguageSpec, add_sentence_splitter, add_splitter_to_trained, load_pipeline, set_pipeline_info

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["make_nlp", "SPEC"]


def _quiet_jieba() -> None:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)


def make_nlp(model: str | None = None) -> Language:
    """A new Chinese pipeline: jieba tokens and rule sentences (or the spaCy pipeline ``model``).

    >>> nlp = make_nlp()
    >>> [t.text for t in nlp("阿里巴巴集团董事长张勇表示")][:2]
    ['阿里巴巴', '集团']
    """
    _quiet_jieba()
    if model is not None:
        nlp = load_pipeline(model, "zh")
        add_splitter_to_trained(nlp, "zh")
    else:
        import spacy

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        add_sentence_splitter(nlp, "zh")
        _register_gap_splitter()
        nlp.add_pipe("techkg_zh_gaps", after="techkg_sentences")
        nlp.max_length = 10_000_000
    set_pipeline_info(nlp, "zh", model)
    return nlp


_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def _gap_rules() -> dict:
    """``sentence_gaps`` of the Chinese rules: what makes a blank between Chinese words a sentence end."""
    from ..rules import load_rules

    g = load_rules("zh")["sentence_gaps"]
    breakers = re.escape(g["clause_breakers"])
    return {
        "wide": re.compile(g["wide_gap"]),
        "run": g["clause_run"],
        "name_run": g["name_run"],
        "name_openers": g["name_openers"],
        "breaker": re.compile(rf"[\s{breakers}]"),
    }


def _split_gaps(doc):
    """Web text often ends a sentence with a blank instead of punctuation: between two Chinese
    characters, a wide blank (a full-width space, several spaces) starts a new sentence, and so
    does a single space between two long clauses (see :func:`_long_clauses`). Blanks with a line
    break are left to the line splitter."""
    text = doc.text
    g = _gap_rules()
    prev_end = None
    for tok in doc:
        if not tok.text.strip():
            continue
        a, b = prev_end, tok.idx
        prev_end = tok.idx + len(tok.text)
        if a is None or b <= a:
            continue
        gap = text[a:b]
        if "\n" in gap or not (_HAN.match(text[a - 1]) and _HAN.match(text[b])):
            continue
        if (g["wide"].search(gap) and not _short_run(text, a, g)) or _long_clauses(text, a, b, g):
            tok.is_sent_start = True
    return doc


def _short_run(text: str, a: int, g: dict) -> bool:
    """Whether the text before a wide blank is only a short run after punctuation: a name
    introducing its title ('——王明　某某集团董事长'), not the end of a sentence."""
    k = a
    while k > 0 and a - k <= g["name_run"] and not g["breaker"].match(text, k - 1) \
            and text[k - 1] not in g["name_openers"]:
        k -= 1
    return a - k <= g["name_run"] and k > 0 and text[k - 1] in g["name_openers"]


def _long_clauses(text: str, a: int, b: int, g: dict) -> bool:
    """Whether the blank text[a:b] separates two long clauses: at least ``clause_run`` characters
    without punctuation or blanks on both sides ('…是一家软件服务商 星河集团创办于…'). A short
    caption or name ('某某证券 董事长', '王明 某某集团董事长') or a title right before the blank
    ('…集团董事长 王明…') does not end a sentence."""
    n = g["run"]
    before, after = text[a - n:a] if a >= n else "", text[b:b + n]
    if len(before) < n or len(after) < n or g["breaker"].search(before) or g["breaker"].search(after):
        return False
    return not text.endswith(_titles(), 0, a)


@cache
def _titles() -> tuple[str, ...]:
    from ..rules import load_rules

    return tuple(t for t in load_rules("zh")["titles"] if not t.startswith("_"))


@cache
def _register_gap_splitter() -> None:
    from spacy.language import Language

    if not Language.has_factory("techkg_zh_gaps"):
        Language.component("techkg_zh_gaps", func=_split_gaps)




SPEC = LANGUAGES.register("zh")(
    LanguageSpec(
        code="zh",
        name="Chinese",
        script="Hani",
        make_nlp=make_nlp,
        accepts_model=True,
        description="jieba tokens, rule sentences; optional trained spaCy pipeline",
    )
)
