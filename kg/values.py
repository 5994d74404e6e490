"""Dates and amounts of money, found by per-language patterns (``kg/data/rules/values.json``).

Money becomes ``"AMOUNT CUR"`` (ISO 4217): '42억 홍콩달러' -> "4200000000 HKD",
'约1.8亿美元' -> "180000000 USD" (approximate), 'HK$4.2bn' -> "4200000000 HKD". A
money value in brackets right after another restates it ('42억 홍콩달러(약 7,730억원)'):
it is kept on the first as ``equivalent``, not counted as a second amount.

Dates become ISO 8601 as precise as written ("2019", "2025-02", "2025-02-24"). A
relative date ('지난 24일', '上周', 'last month') or one without a year ('2월 24일') is
resolved against the document's publication date ("2025-W08" for a week); in an
undated document it keeps its text and an empty ``normalized``, and no relation
uses it.
"""
from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache

from .context import Analysis
from .model import Value
from .rules import load_rules

__all__ = ["find_values", "parse_published"]


@cache
def _patterns(lang: str) -> tuple[list[re.Pattern], list[re.Pattern]]:
    r = load_rules("values")
    return ([re.compile(p) for p in r["date"].get(lang, [])], [re.compile(p) for p in r["money"].get(lang, [])])


@cache
def _approx(lang: str) -> re.Pattern | None:
    words = load_rules("values")["approx"].get(lang, [])
    if not words:
        return None
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?:{alt})\s*$", re.IGNORECASE)


def _number(s: str | None) -> Decimal | None:
    if not s:
        return None
    try:
        return Decimal(s.replace(",", ""))
    except InvalidOperation:
        return None


def parse_published(text: str | None) -> date | None:
    """The publication date of a document from its metadata ('2025-02-24', '2025-02-24T09:30:00+09:00').

    >>> parse_published("2025-02-24T09:30:00+09:00"), parse_published("soon")
    (datetime.date(2025, 2, 24), None)
    """
    if not text:
        return None
    m = re.match(r"\s*((?:19|20)\d{2})[-./](\d{1,2})[-./](\d{1,2})", text)
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def _shift_month(d: date, months: int) -> tuple[int, int]:
    k = d.year * 12 + (d.month - 1) + months
    return k // 12, k % 12 + 1


def _iso_week(d: date) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def _date_value(m: re.Match, r: dict, published: date | None) -> tuple[str, str, bool]:
    """(normalized, precision, relative) of a date match; normalized is "" when it cannot be resolved."""
    g = m.groupdict()
    rel = g.get("rel")
    if rel:
        unit, offset = r["relative"][rel.casefold() if rel.isascii() else rel]
        if published is None:
            return "", "", True
        if unit == "year":
            return str(published.year + offset), "year", True
        if unit == "month":
            y, mo = _shift_month(published, offset)
            return f"{y}-{mo:02d}", "month", True
        if unit == "week":
            return _iso_week(published + timedelta(weeks=offset)), "week", True
        return (published + timedelta(days=offset)).isoformat(), "day", True
    if g.get("weekday"):
        if published is None:
            return "", "", True
        wd = r["weekdays"][g["weekday"].casefold()]
        back = (published.weekday() - wd) % 7 or 7  # the last such day before publication
        return (published - timedelta(days=back)).isoformat(), "day", True
    if g.get("dom"):
        if published is None:
            return "", "", True
        day = int(g["dom"])
        y, mo = published.year, published.month
        if day > published.day:  # '지난 28일' read on the 5th: last month's 28th
            y, mo = _shift_month(published, -1)
        try:
            return date(y, mo, day).isoformat(), "day", True
        except ValueError:
            return "", "", True
    month = g.get("month")
    if g.get("month_name"):
        month = str(r["month_names"][g["month_name"].casefold()])
    year = g.get("year")
    relative = False
    if not year:  # '2월 24일', 'Feb 24': this year's, by the publication date
        if published is None:
            return "", "", True
        year, relative = str(published.year), True
        if g.get("past") and month and int(month) > published.month:
            year = str(published.year - 1)  # '지난 11월' read in February: last year's November
    if not month:
        return year, "year", relative
    if not g.get("day"):
        return f"{year}-{int(month):02d}", "month", relative
    try:
        return date(int(year), int(month), int(g["day"])).isoformat(), "day", relative
    except ValueError:
        return "", "", relative


def _money_value(m: re.Match, r: dict) -> str | None:
    g = m.groupdict()
    num = _number(g.get("num"))
    if num is None:
        return None
    scales = r["scales"]
    amount = num * Decimal(str(scales.get(g.get("scale") or "", 1)))
    for n, sc in (("num2", "scale2"), ("num3", "scale3")):
        if g.get(n):
            amount += (_number(g[n]) or 0) * Decimal(str(scales.get(g.get(sc) or "", 1)))
    if g.get("num4"):  # '2만5,610원': a last part without a scale
        amount += _number(g["num4"]) or 0
    written = g.get("cur_before") or g.get("cur") or ""
    cur = r["currencies"].get(written) or r["currencies"].get(written.replace(" ", ""))
    if cur is None:
        return None
    return f"{amount.normalize():f} {cur}"


def find_values(analysis: Analysis) -> list[Value]:
    """Dates and money in the text (see the module's docstring); sets ``analysis.values``."""
    r = load_rules("values")
    text = analysis.text
    lang = analysis.lang
    published = parse_published(analysis.document.published)
    dates, monies = _patterns(lang)
    out: list[Value] = []
    for pat in dates:
        for m in pat.finditer(text):
            normalized, precision, relative = _date_value(m, r, published)
            s, e = m.span()
            # the date itself, without a preposition the pattern needed ('in 2019', 'on Monday')
            lead = _lead(lang).match(text, s, e) if _lead(lang) else None
            if lead:
                s = lead.end()
            out.append(Value("date", text[s:e].strip(), s, e, analysis.sentence_of(s), normalized, precision, relative))
    approx = _approx(lang)
    for pat in monies:
        for m in pat.finditer(text):
            normalized = _money_value(m, r)
            if normalized is None:
                continue
            s, e = m.span()
            near = bool(approx and approx.search(text[max(0, s - 16):s]))
            out.append(Value("money", text[s:e].strip(), s, s + len(text[s:e].rstrip()), analysis.sentence_of(s),
                             normalized, approximate=near))
    out.sort(key=lambda v: (v.start, -(v.end - v.start)))
    kept: list[Value] = []
    for v in out:  # overlapping matches: the first, longest
        if kept and v.start < kept[-1].end:
            continue
        kept.append(v)
    kept = _fold_restatements(text, kept)
    analysis.values = kept
    return kept


@cache
def _lead(lang: str) -> re.Pattern | None:
    words = load_rules("values")["date_lead"].get(lang, [])
    if not words:
        return None
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\s+", re.IGNORECASE)


@cache
def _restatement_opener() -> re.Pattern:
    """'(' and, optionally, a word that says the bracketed amount is a conversion ('약', 'about')."""
    r = load_rules("values")
    words = {w for ws in r["approx"].values() for w in ws} | set(r["restatement"])
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*[(（]\s*(?:(?:{alt})\s*)?", re.IGNORECASE)
_CLOSE = re.compile(r"^\s*[)）]")


def _fold_restatements(text: str, values: list[Value]) -> list[Value]:
    """'42억 홍콩달러(약 7,730억원)': the bracketed amount restates the first, it is no second amount.

    The brackets may hold several restatements ('(약 524억 달러, 한화 약 75조원)'), separated by
    a comma and perhaps a word naming the currency ('한화'): all are kept as equivalents.
    """
    out: list[Value] = []
    i = 0
    while i < len(values):
        v = values[i]
        i += 1
        if v.kind != "money":
            out.append(v)
            continue
        found: list[str] = []
        opener = _restatement_opener()
        k, pos = i, v.end
        while k < len(values) and values[k].kind == "money":
            w = values[k]
            between = text[pos:w.start]
            if not (opener.fullmatch(between) if not found else _restatement_separator().fullmatch(between)):
                break
            found.append(w.normalized)
            k, pos = k + 1, w.end
        if found and _CLOSE.match(text[pos:]):
            v = replace(v, equivalents=tuple(found))
            i = k
        out.append(v)
    return out


@cache
def _restatement_separator() -> re.Pattern:
    """', 한화 약 ' between two restatements in one pair of brackets."""
    r = load_rules("values")
    words = {w for ws in r["approx"].values() for w in ws} | set(r["restatement"]) | set(r.get("restatement_labels", ()))
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"\s*[,，;/]\s*(?:(?:{alt})\s*)*", re.IGNORECASE)
