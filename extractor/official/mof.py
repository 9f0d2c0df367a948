"""Parser for Japan's Ministry of Finance weekly *International Transactions in Securities*.

The official file (``week.csv`` on mof.go.jp) is Shift_JIS/cp932 with CRLF line ends, a
bilingual multi-line header, period cells such as ``2013．4．14～ 4．20`` or
``2015．12．27～2016．1．2``, quoted numbers with thousands separators and trailing spaces,
and bilingual notes after the data. Unit: 100 million yen.

The parser only trusts what it can check: every data row must have a parseable period and
22 numeric cells, otherwise the file is rejected with the line number, because a silently
skipped week would make streak and record checks wrong.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import pandas as pd

from extractor.errors import DataError

UNIT_YEN = 100_000_000
"""One unit of the MoF table: 100 million yen."""

MARKETS = ("outward", "inward")
"""outward = portfolio investment assets (residents trading foreign securities);
inward = liabilities (non-residents trading Japanese securities)."""

# (instrument, measure) for the 11 value columns of each market block, in file order.
BLOCK_COLUMNS: tuple[tuple[str, str], ...] = (
    ("equity", "acquisition"),
    ("equity", "disposition"),
    ("equity", "net"),
    ("long_term_debt", "acquisition"),
    ("long_term_debt", "disposition"),
    ("long_term_debt", "net"),
    ("subtotal", "net"),
    ("short_term_debt", "acquisition"),
    ("short_term_debt", "disposition"),
    ("short_term_debt", "net"),
    ("total", "net"),
)

WIDE_COLUMNS: tuple[str, ...] = tuple(
    f"{market}.{instrument}.{measure}"
    for market in MARKETS
    for instrument, measure in BLOCK_COLUMNS
)

_PERIOD = re.compile(
    r"^\s*(?P<y1>\d{4})\.(?P<m1>\d{1,2})\.(?P<d1>\d{1,2})\s*~\s*"
    r"(?:(?P<y2>\d{4})\.)?(?P<m2>\d{1,2})\.(?P<d2>\d{1,2})\s*$"
)
_UPDATE_EN = re.compile(r"Final Update\s+([A-Za-z]+)\s+(\d{1,2})\s*,\s*(\d{4})")


@dataclass(frozen=True)
class MofFile:
    """A parsed MoF weekly file: the wide table (one row per week), its stated update date and
    any week written twice (the table keeps the last copy; an import refuses such a file)."""

    weeks: pd.DataFrame
    final_update: date | None
    duplicates: list[date] = field(default_factory=list)


def decode(raw: bytes) -> str:
    """Decode the file's bytes: UTF-8 (with or without BOM) first, then cp932 as MoF serves it."""
    if b"\x00" in raw[:4096]:
        raise DataError("the MoF file looks binary (NUL bytes), not the weekly CSV")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataError("the MoF file is neither UTF-8 nor Shift_JIS/cp932 text")


def parse_period(cell: str) -> tuple[date, date] | None:
    """Parse a period cell like ``2013．4．14～ 4．20``; ``None`` if the cell is not a period.

    NFKC folds the full-width dot and wave dash to ASCII. The end year is omitted unless the
    week crosses a year boundary.
    """
    text = unicodedata.normalize("NFKC", cell or "")
    match = _PERIOD.match(text)
    if not match:
        return None
    y1, m1, d1 = int(match["y1"]), int(match["m1"]), int(match["d1"])
    m2, d2 = int(match["m2"]), int(match["d2"])
    y2 = int(match["y2"]) if match["y2"] else y1
    try:
        start, end = date(y1, m1, d1), date(y2, m2, d2)
    except ValueError:
        return None
    if end < start and not match["y2"]:
        end = date(y1 + 1, m2, d2)
    return start, end


def parse_number(cell: str) -> int:
    """``"1,689 "`` → 1689; ``"-2,729 "`` → -2729 (full-width minus folded by NFKC)."""
    text = unicodedata.normalize("NFKC", str(cell)).replace(",", "").strip()
    text = text.replace("\u2212", "-").replace("▲", "-")
    if not re.fullmatch(r"[+-]?\d+", text):
        raise ValueError(f"not a whole number: {cell!r}")
    return int(text)


def stated_update_date(lines: pd.DataFrame) -> date | None:
    """The "Final Update April 25, 2024" date a MoF file states in its heading rows, or None.

    Public because every MoF file (weekly, montha1, monthb) carries the same English line and
    the import check compares it with the file's last period (``validate.check_release``)."""
    for row in lines.itertuples(index=False):
        for cell in row:
            match = _UPDATE_EN.search(str(cell))
            if match:
                try:
                    return datetime.strptime(
                        f"{match[1]} {match[2]} {match[3]}", "%B %d %Y"
                    ).date()
                except ValueError:
                    return None
    return None


def parse(raw: bytes) -> MofFile:
    """Parse the official file's bytes into one row per week, values in 100 million yen."""
    text = decode(raw)
    try:
        table = pd.read_csv(
            io.StringIO(text), header=None, dtype=str, keep_default_na=False
        )
    except (pd.errors.ParserError, ValueError) as exc:
        raise DataError(f"the MoF file is not a readable CSV: {exc}") from exc
    if table.shape[1] < 1 + len(WIDE_COLUMNS):
        raise DataError(
            f"the MoF file has {table.shape[1]} columns; the weekly table has "
            f"{1 + len(WIDE_COLUMNS)}"
        )
    records: list[dict[str, object]] = []
    for line_no, row in enumerate(table.itertuples(index=False), start=1):
        period = parse_period(str(row[0]))
        if period is None:
            continue
        cells = row[1 : 1 + len(WIDE_COLUMNS)]
        try:
            values = [parse_number(c) for c in cells]
        except ValueError as exc:
            raise DataError(f"MoF file line {line_no}: {exc}") from exc
        records.append({"period_start": period[0], "period_end": period[1], **dict(zip(WIDE_COLUMNS, values, strict=True))})
    if not records:
        raise DataError("no weekly rows found in the MoF file (is it the weekly securities CSV?)")
    weeks = pd.DataFrame.from_records(records)
    duplicates = sorted(set(weeks.loc[weeks["period_end"].duplicated(), "period_start"]))
    weeks = weeks.sort_values("period_end", kind="stable").drop_duplicates("period_end", keep="last")
    weeks = weeks.reset_index(drop=True)
    return MofFile(weeks=weeks, final_update=stated_update_date(table.head(12)), duplicates=duplicates)


def identity_rules(instruments=("equity", "long_term_debt", "short_term_debt")) -> tuple[list[str], list]:
    """What MoF's securities tables guarantee per market: acquisition − disposition = net for
    each instrument, equity + long-term = subtotal, subtotal + short-term = total."""
    triples = [f"{market}.{instrument}" for market in MARKETS for instrument in instruments]
    sums = []
    for market in MARKETS:
        sums.append((f"{market}.subtotal.net", (f"{market}.equity.net", f"{market}.long_term_debt.net")))
        sums.append((f"{market}.total.net", (f"{market}.subtotal.net", f"{market}.short_term_debt.net")))
    return triples, sums


def tidy(weeks: pd.DataFrame) -> pd.DataFrame:
    """Long format: period_start, period_end, market, instrument, measure, value (yen)."""
    long = weeks.melt(
        id_vars=["period_start", "period_end"], value_vars=list(WIDE_COLUMNS), var_name="column"
    )
    parts = long["column"].str.split(".", expand=True)
    long["market"], long["instrument"], long["measure"] = parts[0], parts[1], parts[2]
    long["value"] = long["value"].astype("int64") * UNIT_YEN
    return long[["period_start", "period_end", "market", "instrument", "measure", "value"]]


def gaps(weeks: pd.DataFrame) -> list[tuple[date, date]]:
    """Missing stretches between consecutive weeks (first missing start, last missing end)."""
    found: list[tuple[date, date]] = []
    ends = list(weeks["period_end"])
    for prev, nxt in zip(ends, ends[1:], strict=False):
        if (nxt - prev).days > 7:
            found.append((prev + timedelta(days=1), nxt - timedelta(days=7)))
    return found
