"""Pattern extractors for the languages whose rules file has ``relations`` (English, Chinese).

Each rule family (``titles``, ``founding``, ``acquisitions``, ...) of
``kg/data/rules/<lang>.json`` is registered as the extractor ``<lang>.<family>``,
so adding a family or a language with pattern rules is adding data. The
matcher is :mod:`kg.relations._patterns`.
"""
from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from ..context import Analysis
from ..model import Candidate
from ..rules import RULES_DIR, load_rules
from . import EXTRACTORS, Extractor
from ._patterns import run_family

__all__ = ["pattern_languages"]


def pattern_languages() -> list[str]:
    """Languages with pattern rules: those whose rules file holds ``relations``.

    >>> "en" in pattern_languages() and "ko" not in pattern_languages()
    True
    """
    return sorted(p.stem for p in RULES_DIR.glob("*.json") if "relations" in load_rules(p.stem))


def _run(family: str, name: str, analysis: Analysis) -> Iterator[Candidate]:
    return run_family(analysis, family, name)


for _lang in pattern_languages():
    for _family in load_rules(_lang)["relations"]:
        if not _family.startswith("_"):
            _name = f"{_lang}.{_family}"
            EXTRACTORS.register(_name)(Extractor(_name, (_lang,), "0.1.0", partial(_run, _family, _name)))
