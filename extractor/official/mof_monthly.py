"""Parsers for MoF's monthly *International Transactions in Securities* files.

``montha1.csv``: one row per month, 2005-01 onwards, laid out like the weekly file (assets
then liabilities, each equity / long-term debt / subtotal / short-term debt / total) plus two
balance columns (A−B, C−D); the year sits in the first cell of January only, blank months of
the current year are kept as empty rows, and calendar-year (``2005CY``) and fiscal-year
(``2005FY``) rows and notes follow the months. ``monthb2|b3|b4.csv``: the same by type of
resident investor for equity, long-term debt and short-term debt, 17 groups of
acquisition/disposition/net, ``-`` where a category was not broken out (before 2014).

Both are cp932 as MoF serves them (UTF-8 accepted). Unit: 100 million yen. From 2014-01
investment-fund shares moved from long-term debt to equity (MoF's note 1), so a series that
crosses that month compares different things; the reconciler says so.
"""

from __future__ import annotations

import calendar
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import pandas as pd

from extractor.errors import DataError
from extractor.official.mof import WIDE_COLUMNS, decode, parse_number, stated_update_date

BALANCE_COLUMNS = ("balance.subtotal.net", "balance.total.net")
"""montha1's last two columns: outward minus inward net, subtotal (A−B) and total (C−D)."""

MONTHLY_COLUMNS: tuple[str, ...] = WIDE_COLUMNS + BALANCE_COLUMNS

INSTRUMENT_BREAK = date(2014, 1, 1)
"""First month with investment-fund shares under equity rather than long-term debt."""

_MONTHS = {name: i for i, name in enumerate(calendar.month_abbr) if name}
_YEAR_ROW = re.compile(r"(\d{4})\s*(CY|FY)\s*$")

# monthb column groups, in file order: (group key, investor_type or None for a subtotal).
INVESTOR_GROUPS: tuple[tuple[str, str | None], ...] = (
    ("all", "total"),
    ("public_sector", "public_sector"),
    ("central_bank", "central_bank"),
    ("general_government", "general_government"),
    ("deposit_taking", None),
    ("banks", "banks"),
    ("trust_banks", "trust_banks"),
    ("other_sectors", None),
    ("other_financial", None),
    ("trust_accounts", "trust_accounts"),
    ("trust_accounts_banks", None),
    ("trust_accounts_trust_banks", None),
    ("financial_instruments_firms", "financial_instruments_firms"),
    ("life_insurers", "life_insurers"),
    ("non_life_insurers", "non_life_insurers"),
    ("investment_trusts", "investment_trusts"),
    ("others", "others"),
)
"""Subtotals (``None``) are kept for the import identities but not in the public frame."""

INVESTOR_SUMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("all", ("public_sector", "deposit_taking", "other_sectors")),
    ("deposit_taking", ("banks", "trust_banks")),
    ("other_sectors", ("other_financial", "others")),
    ("other_financial", ("trust_accounts", "financial_instruments_firms", "life_insurers", "non_life_insurers",
                         "investment_trusts")),
)
"""The file's own subtotals (a+b+c+d and its parts), checked on import."""

_TITLE_INSTRUMENT = (("long-term debt", "long_term_debt"), ("short-term debt", "short_term_debt"),
                     ("equity", "equity"))


@dataclass(frozen=True)
class MonthlyFile:
    """montha1 parsed: one row per month, the CY/FY rows, the stated update date, and any
    month written twice (kept for the import check; the table keeps the last copy)."""

    months: pd.DataFrame
    years: pd.DataFrame
    final_update: date | None
    duplicates: list[date]


@dataclass(frozen=True)
class ByInvestorFile:
    """monthb2/3/4 parsed: its instrument, a wide table (``<group>.<measure>``) per month."""

    instrument: str
    months: pd.DataFrame
    final_update: date | None
    duplicates: list[date]


def month_end(start: date) -> date:
    return date(start.year, start.month, calendar.monthrange(start.year, start.month)[1])


def _read(raw: bytes, what: str) -> pd.DataFrame:
    text = decode(raw)
    try:
        return pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"the {what} file is not a readable CSV: {exc}") from exc


def _value(cell: str) -> float:
    """A number, or NaN for MoF's ``-`` (no breakdown) — ``1944`` without its comma is fine."""
    text = unicodedata.normalize("NFKC", str(cell)).strip()
    if text in {"-", "―", "－", ""}:
        return float("nan")
    return float(parse_number(text))


def _rows(table: pd.DataFrame, width: int, what: str):
    """Yield (line number, period start or (kind, year), values) for month and year rows."""
    year: int | None = None
    for line_no, row in enumerate(table.itertuples(index=False), start=1):
        first = unicodedata.normalize("NFKC", str(row[0])).strip()
        if re.fullmatch(r"\d{4}", first):
            year = int(first)
        cells = list(row[3 : 3 + width])
        label = unicodedata.normalize("NFKC", str(row[2])).strip()
        year_row = _YEAR_ROW.search(first)
        if year_row:
            key: object = (year_row[2], int(year_row[1]))
        elif label in _MONTHS and year is not None:
            key = date(year, _MONTHS[label], 1)
        else:
            continue
        if all(not str(c).strip() for c in cells):
            continue  # a month of the current year not yet published
        if len(cells) < width or any(not str(c).strip() for c in cells):
            raise DataError(f"{what} line {line_no}: expected {width} values, some are missing")
        try:
            yield line_no, key, [_value(c) for c in cells]
        except ValueError as exc:
            raise DataError(f"{what} line {line_no}: {exc}") from exc


def _frame(records: list[dict], what: str) -> tuple[pd.DataFrame, list[date]]:
    if not records:
        raise DataError(f"no monthly rows found in the {what} file")
    frame = pd.DataFrame.from_records(records)
    duplicated = sorted(set(frame.loc[frame["period_start"].duplicated(), "period_start"]))
    frame = frame.sort_values("period_start", kind="stable").drop_duplicates("period_start", keep="last")
    return frame.reset_index(drop=True), duplicated


def _year_bounds(kind: str, year: int) -> tuple[date, date]:
    return (date(year, 1, 1), date(year, 12, 31)) if kind == "CY" else (date(year, 4, 1), date(year + 1, 3, 31))


def parse_montha1(raw: bytes) -> MonthlyFile:
    """Parse montha1 into months (wide, weekly column names + balance) and CY/FY rows."""
    what = "MoF monthly (montha1)"
    table = _read(raw, what)
    if table.shape[1] < 3 + len(MONTHLY_COLUMNS):
        raise DataError(f"the {what} file has {table.shape[1]} columns; montha1 has {3 + len(MONTHLY_COLUMNS)}")
    months, years = [], []
    for _, key, values in _rows(table, len(MONTHLY_COLUMNS), what):
        if isinstance(key, tuple):
            start, end = _year_bounds(*key)
            years.append({"kind": key[0], "period_start": start, "period_end": end,
                          **dict(zip(MONTHLY_COLUMNS, values, strict=True))})
        else:
            months.append({"period_start": key, "period_end": month_end(key),
                           **dict(zip(MONTHLY_COLUMNS, values, strict=True))})
    frame, duplicated = _frame(months, what)
    frame[list(MONTHLY_COLUMNS)] = frame[list(MONTHLY_COLUMNS)].astype("int64")
    year_frame = pd.DataFrame.from_records(years, columns=["kind", "period_start", "period_end", *MONTHLY_COLUMNS])
    year_frame[list(MONTHLY_COLUMNS)] = year_frame[list(MONTHLY_COLUMNS)].astype("int64")
    return MonthlyFile(frame, year_frame, stated_update_date(table.head(6)), duplicated)


def instrument_of(table: pd.DataFrame) -> str:
    """Which monthb file this is, from its English title: b2 equity, b3 long-term, b4 short-term."""
    title = " ".join(str(c) for c in table.iloc[:2, 0]).lower()
    if "by types of investors" not in title:
        raise DataError("not a MoF by-investor file (monthb2/b3/b4): its title does not say 'by Types of Investors'")
    for words, instrument in _TITLE_INSTRUMENT:
        if words in title:
            return instrument
    raise DataError("the by-investor file's title names no instrument (equity, long-term or short-term debt)")


def by_investor_columns() -> tuple[str, ...]:
    return tuple(f"{group}.{measure}" for group, _ in INVESTOR_GROUPS
                 for measure in ("acquisition", "disposition", "net"))


def parse_monthb(raw: bytes) -> ByInvestorFile:
    """Parse monthb2/3/4 into a wide table per month (group.measure), ``-`` kept as NaN."""
    what = "MoF by-investor (monthb)"
    table = _read(raw, what)
    instrument = instrument_of(table)
    columns = by_investor_columns()
    if table.shape[1] < 3 + len(columns):
        raise DataError(f"the {what} file has {table.shape[1]} columns; monthb has {3 + len(columns)}")
    months = [{"period_start": key, "period_end": month_end(key), **dict(zip(columns, values, strict=True))}
              for _, key, values in _rows(table, len(columns), what) if not isinstance(key, tuple)]
    frame, duplicated = _frame(months, what)
    return ByInvestorFile(instrument, frame, stated_update_date(table.head(4)), duplicated)


def by_investor_long(parsed: ByInvestorFile) -> pd.DataFrame:
    """The public long frame: period_start, period_end, investor_type, instrument,
    acquisition, disposition, net (100 million yen; NaN where MoF writes ``-``)."""
    parts = []
    for group, investor_type in INVESTOR_GROUPS:
        if investor_type is None:
            continue
        part = parsed.months[["period_start", "period_end"]].copy()
        part["investor_type"] = investor_type
        part["instrument"] = parsed.instrument
        for measure in ("acquisition", "disposition", "net"):
            part[measure] = parsed.months[f"{group}.{measure}"]
        parts.append(part)
    return pd.concat(parts, ignore_index=True)

