"""Amounts of money in US dollars, from the article's own conversion or a dated rate table.

The shipped table (``kg/data/rates/usd_yearly.json``, see its README) holds yearly
average rates, units of a currency per US dollar, with the source of each year. A
user may give another table of the same shape (``kg build --rates FILE``).

:func:`usd_amount` prefers, in order: the amount itself when it is in USD ("stated");
a USD restatement in the article ('3,800억 위안(약 524억 달러)': "text"); the rate of
the event's year, else of the article's publication year ("rates:SOURCE:YEAR"); and,
when neither year is known, the table's latest year, flagged as such
("rates:SOURCE:YEAR:latest"; the nearest year, likewise flagged, for a year the table
lacks) so that nobody mistakes it for the rate of the day.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from .errors import InputError
from .model import Value

__all__ = ["RateTable", "load_rates", "usd_amount", "DEFAULT_RATES"]

#: The shipped yearly average rates.
DEFAULT_RATES = Path(__file__).parent / "data" / "rates" / "usd_yearly.json"


@dataclass(frozen=True)
class RateTable:
    """Units of each currency per US dollar, by year, with the source id of each year."""

    rates: dict[str, dict[str, Decimal]]  # year -> currency -> rate
    source_of: dict[str, str]  # year -> source id
    path: str = ""

    def rate(self, currency: str, year: str | None) -> tuple[Decimal, str, bool] | None:
        """(rate, year used, whether it is the latest year standing in for an unknown one)."""
        if year is not None:
            r = self.rates.get(year, {}).get(currency)
            if r is not None:
                return r, year, False
            # a year the table lacks: the nearest year that has the currency, flagged like an unknown year
            have = [y for y in self.rates if currency in self.rates[y]]
            if not have:
                return None
            y = min(have, key=lambda y: (abs(int(y) - int(year)), y))
            return self.rates[y][currency], y, True
        for y in sorted(self.rates, reverse=True):
            r = self.rates[y].get(currency)
            if r is not None:
                return r, y, True
        return None


def _parse(data: dict, where: str) -> RateTable:
    if not isinstance(data, dict) or not isinstance(data.get("rates"), dict):
        raise InputError(f"{where}: a rate table needs a \"rates\" object: {{\"YEAR\": {{\"CUR\": units per USD}}}}")
    rates: dict[str, dict[str, Decimal]] = {}
    for year, row in data["rates"].items():
        if not (isinstance(year, str) and year.isdigit() and len(year) == 4 and isinstance(row, dict)):
            raise InputError(f"{where}: rates must be keyed by a four-digit year, not {year!r}")
        out = {}
        for cur, value in row.items():
            try:
                d = Decimal(str(value))
            except InvalidOperation:
                raise InputError(f"{where}: rate {cur} {year} is not a number: {value!r}") from None
            if not (isinstance(cur, str) and len(cur) == 3 and cur.isupper()) or d <= 0:
                raise InputError(f"{where}: bad rate {cur!r} {value!r} for {year} (ISO 4217 code, positive number)")
            out[cur] = d
        rates[year] = out
    source_of = {y: str(s) for y, s in (data.get("source_of") or {}).items()}
    return RateTable(rates, source_of, where)


@cache
def load_rates(path: str | Path | None = None) -> RateTable:
    """The rate table at ``path`` (default: the shipped one); one clear error for a broken file."""
    p = Path(path) if path is not None else DEFAULT_RATES
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{p}: no such rate table") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"{p}: not a JSON rate table ({e})") from None
    return _parse(data, str(p))


def _split(normalized: str) -> tuple[Decimal, str] | None:
    try:
        amount, cur = normalized.split()
        return Decimal(amount), cur
    except (ValueError, InvalidOperation):
        return None


def usd_amount(amount: Value, year: str | None, table: RateTable | None = None) -> tuple[Decimal, str] | None:
    """(amount in USD, basis) of a money value (see the module's docstring), or None.

    >>> from kg.model import Value
    >>> usd_amount(Value("money", "$180 million", 0, 12, 0, "180000000 USD"), None)
    (Decimal('180000000'), 'stated')
    >>> v = Value("money", "3,800억 위안", 0, 9, 0, "380000000000 CNY", equivalents=("52400000000 USD",))
    >>> usd_amount(v, None)
    (Decimal('52400000000'), 'text')
    """
    parsed = _split(amount.normalized)
    if parsed is None:
        return None
    value, cur = parsed
    if cur == "USD":
        return value, "stated"
    for eq in amount.equivalents:
        p = _split(eq)
        if p is not None and p[1] == "USD":
            return p[0], "text"
    table = table or load_rates()
    found = table.rate(cur, year)
    if found is None:
        return None
    rate, used, latest = found
    usd = (value / rate).quantize(Decimal(1))
    basis = f"rates:{table.source_of.get(used, 'table')}:{used}" + (":latest" if latest else "")
    return usd, basis
