"""Language knowledge loaded from ``kg/data/rules/<lang>.json`` (cached)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

__all__ = ["RULES_DIR", "load_rules"]

RULES_DIR = Path(__file__).parent / "data" / "rules"


@cache
def load_rules(name: str) -> dict[str, Any]:
    """The rule data of a language (or a shared file such as ``values``).

    >>> "titles" in load_rules("ko")
    True
    """
    with open(RULES_DIR / f"{name}.json", encoding="utf-8") as f:
        return json.load(f)
