"""Dates and amounts of money, found by per-language patterns (``kg/data/rules/values.json``)."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import cache

from .context import Analysis
from .model import Value
from .rules import load_rules

__all__ = ["find_values"]


@cache
def _patterns(lang: str) -> tuple[list[re.Pattern], list[re.Pattern]]:
    r = load_rules("values")
    return ([re.compile(p) for p in r["date"].get(lang, [])], [re.compile(p) for p in r["money"].get(lang, [])])


def _number(s: str | None) -> Decimal | None:
    if not s:
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def find_values(analysis: Analysis) -> list[Value]:
    """Dates (ISO, as precise as written) and money ("AMOUNT CUR") in the text; sets ``analysis.values``."""
    r = load_rules("values")
    text = analysis.text
    dates, monies = _patterns(analysis.lang)
    out: list[Value] = []
    for pat in dates:
        for m in pat.finditer(text):
            g = m.groupdict()
            year = g.get("year")
            month = g.get("month")
            if g.get("month_name"):
                month = str(r["month_names"].get(g["month_name"].casefold(), ""))
            iso = year
            if month:
                iso += f"-{int(month):02d}"
                if g.get("day"):
                    iso += f"-{int(g['day']):02d}"
            s, e = m.span("month_name") if g.get("month_name") else m.span("year")
            e = m.end()
            out.append(Value("date", text[s:e], s, e, analysis.sentence_of(s), iso))
    for pat in monies:
        for m in pat.finditer(text):
            g = m.groupdict()
            num = _number(g.get("num"))
            if num is None:
                continue
            amount = num * Decimal(str(r["scales"].get(g.get("scale") or "", 1)))
            if g.get("num2"):
                amount += (_number(g["num2"]) or 0) * Decimal(str(r["scales"].get(g.get("scale2") or "", 1)))
            cur = r["currencies"].get(g["cur"], g["cur"])
            s, e = m.span()
            out.append(Value("money", text[s:e].strip(), s, e, analysis.sentence_of(s), f"{amount.normalize():f} {cur}"))
    out.sort(key=lambda v: (v.start, v.end))
    kept: list[Value] = []
    for v in out:  # overlapping matches: keep the first, longest
        if kept and v.start < kept[-1].end:
            continue
        kept.append(v)
    analysis.values = kept
    return kept
