"""Language knowledge loaded from ``kg/data/rules/<lang>.json`` (cached)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["RULES_DIR", "alias_cues", "language_rules", "load_place_list", "load_rules"]

RULES_DIR = Path(__file__).parent / "data" / "rules"
DATA_DIR = Path(__file__).parent / "data"


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The rule data of a language (or a shared file such as ``values``).

    >>> "titles" in load_rules("ko")
    True
    """
    with open(RULES_DIR / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)


@cache
def load_place_list(lang: str) -> tuple[dict[str, str], dict[str, Any]]:
    """A language's place list (``kg/data/<lang>_places.json``): each name with its ontology class
    (``Country``, ``Region`` or ``City``; the first list that holds a name wins), and the whole file
    for the language's own keys (administrative suffixes, words that stop a chain...).

    >>> names, data = load_place_list("zh")
    >>> names["上海"], "admin_suffixes" in data
    ('City', True)
    """
    with open(DATA_DIR / f"{lang}_places.json", encoding="utf-8") as f:
        data = json.load(f)
    names: dict[str, str] = {}
    for type_ in ("Country", "Region", "City"):
        for n in data[type_]:
            names.setdefault(n, type_)
    return names, data


@cache
def language_rules(lang: str) -> dict[str, Any]:
    """The rules of ``lang``, or an empty dict for a language that has no rules file."""
    return load_rules(lang) if (RULES_DIR / f"{lang}.json").exists() else {}


@cache
def alias_cues(lang: str) -> tuple[str, ...]:
    """Words that open a parenthesised alias ('以下简称'), longest first (``alias_cues`` in the rules)."""
    return tuple(sorted(language_rules(lang).get("alias_cues", []), key=len, reverse=True))
