"""Chinese: spaCy's Chinese with the jieba segmenter and a rule sentence splitter.

Tokens are jieba words on the original characters (``doc.text == text``);
there are no tags or POS. Sentences end after 。！？；… (see
``kg/data/lang/zh.json``; closing quotes stay with their sentence) and at
every line break. jieba's dictionary loads on first use (under 1 s) and its
log messages are silenced.

``model`` may name an installed Chinese spaCy pipeline (e.g.
``zh_core_web_sm``); line breaks still end sentences.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from . import LANGUAGES, LanguageSpec, add_sentence_splitter, load_pipeline, set_pipeline_info

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
        _add_to_trained(nlp)
    else:
        import spacy

        nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
        add_sentence_splitter(nlp, "zh")
        nlp.max_length = 10_000_000
    set_pipeline_info(nlp, "zh", model)
    return nlp


def _add_to_trained(nlp: Language) -> None:
    """Line breaks end sentences before a parser decides the rest; rules when there is none."""
    if "parser" in nlp.pipe_names:
        add_sentence_splitter(nlp, "zh", punct=False, before="parser")
    elif "senter" in nlp.pipe_names:
        add_sentence_splitter(nlp, "zh", punct=False, after="senter")
    else:
        add_sentence_splitter(nlp, "zh", first=True)


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
