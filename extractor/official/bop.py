"""Parser for MoF's balance-of-payments release *Portfolio Investment Assets/Liabilities*.

One PDF a month (``bppiYYYYMM.pdf``, 6 pages). What flowcheck reads from it:

- I   summary: assets and liabilities by instrument for the release month and the six months
      before it — the earlier months as revised, so a later release carries the revisions;
- IV  residents' trades in foreign sovereign bonds by country (total / long / short term);
- V   non-residents' trades in Japanese bonds by type (government bonds = JGBs, …);
- VI  residents' trades in foreign securities by country/region (assets);
- VII non-residents' trades in Japanese securities by the investor's country (liabilities).

PDF library: **pdfplumber** (MIT, built on pdfminer.six, maintained, pure Python). It reads
the text layer in reading order with the cells of a row on one line, which is all these
tables need; PyMuPDF is faster but AGPL-licensed, and pypdf's text extraction does not keep
table rows together as reliably. A row is a Japanese name, a fixed number of cells and (in VI
and VII on the same line, in I/IV/V on the next) the English name. Cells are ``1,234``,
``－ 1,234`` (full-width minus and a space: negative) or ``―`` (none: NaN). Unit: 100 million
yen, + = net acquisition.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pandas as pd

from extractor import settings
from extractor.errors import DataError
from extractor.nlp import patterns
from extractor.official.mof_monthly import month_end

FRAME_COLUMNS = ["period_start", "period_end", "market", "country", "instrument", "acquisition", "disposition",
                 "net", "release"]
"""The contract other modules read: one row per (month, market, country, instrument, release)."""

TOTAL = "Total"
"""``country`` of the all-countries rows."""

_CELL = re.compile(r"－\s*\d[\d,]*|\d[\d,]*|―")
_RELEASE = re.compile(r"Portfolio Investment Assets/Liabilities,\s*([A-Z][a-z]+)\s+(\d{4})")
_SUMMARY_ROW = re.compile(r"^(?:令和\s*(\d+)\s*年\s*)?(\d{1,2})\s*月\s*(\(P\))?\s")
_REIWA = 2018

_SECTIONS = (  # (marker in the English title line, section key): the specific titles first
    ("by Types of Investors", "skip"),
    ("by Quotation Currency", "skip"),
    ("Country Breakdown of Sovereign Bonds", "sovereign"),
    ("by Types of Debt Securities", "debt_types"),
    ("Portfolio Investment Assets, Country Breakdown", "assets_by_country"),
    ("Portfolio Investment Liabilities, Country Breakdown", "liabilities_by_country"),
    ("Portfolio Investment Assets (100 million yen)", "summary_assets"),
    ("Portfolio Investment Liabilities", "summary_liabilities"),  # only on the summary page
)
_CELLS = {"summary_assets": 10, "summary_liabilities": 10, "sovereign": 9, "debt_types": 9,
          "assets_by_country": 12, "liabilities_by_country": 12}
_THREE = ("equity", "long_term_debt", "short_term_debt")


@dataclass(frozen=True)
class BopRelease:
    """One parsed release: its month, the long frame of everything it states (the release
    month from tables IV–VII, earlier months from the summary), and the summary table I with
    all seven months (for the import check against table VI's totals)."""

    release: date
    frame: pd.DataFrame
    summary: pd.DataFrame


def names() -> dict:
    return patterns.load(str(settings.pipeline_dir() / "patterns"), "official_names.json")


def country_name(mof_label: str) -> str:
    """MoF's English label → the name flowcheck uses ("U.S.A." → "United States")."""
    label = " ".join(mof_label.split())
    return names()["bop_countries"].get(label, label)


def _cell(token: str) -> float:
    if token == "―":
        return float("nan")
    negative = token.startswith("－")
    value = float(token.lstrip("－").strip().replace(",", ""))
    return -value if negative else value


def _split(line: str) -> tuple[str, list[float], str]:
    """(name before the cells, cells, text after them)."""
    found = list(_CELL.finditer(line))
    if not found:
        return line.strip(), [], ""
    return line[: found[0].start()].strip(), [_cell(m.group()) for m in found], line[found[-1].end():].strip()


def _text(raw: bytes) -> list[list[str]]:
    import pdfplumber  # imported here: only BoP parsing needs it
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    if not raw.startswith(b"%PDF"):
        raise DataError("not a PDF (the balance-of-payments release bppiYYYYMM.pdf is expected)")
    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            return [unicodedata.normalize("NFC", page.extract_text() or "").splitlines() for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"the balance-of-payments PDF cannot be read: {exc}") from exc


def _rows(market: str, country: str, start: date, cells: list[float], release: date,
          instruments: tuple[str, ...] = ("total", *_THREE)) -> list[dict]:
    """One row per instrument from consecutive (acquisition, disposition, net) triples."""
    out = []
    for i, instrument in enumerate(instruments):
        acq, disp, net = cells[3 * i: 3 * i + 3]
        out.append({"period_start": start, "period_end": month_end(start), "market": market, "country": country,
                    "instrument": instrument, "acquisition": acq, "disposition": disp, "net": net,
                    "release": release})
    return out


class _Reader:
    """Reads the text lines of one release, table by table. State carried from line to line:
    the table (set by its English title), the summary's year (written on a year's first month
    only), and a I/IV/V row whose English name is on the next line."""

    def __init__(self, release: date) -> None:
        self.release = release
        self.records: list[dict] = []
        self.summary: list[dict] = []
        self.section: str | None = None
        self.year: int | None = None
        self.pending: list[float] | None = None

    def page(self, lines: list[str], first_page: bool) -> None:
        self.section, self.year, self.pending = None, None, None
        for line in lines:
            marker = next((key for text, key in _SECTIONS if text in line), None)
            if marker and (marker != "summary_liabilities" or first_page):
                self.section, self.pending = marker, None
            elif self.section in (None, "skip"):
                continue
            elif self.pending is not None:
                self.named_row(" ".join(line.split()), self.pending)
                self.pending = None
            elif self.section.startswith("summary"):
                self.summary_row(line)
            else:
                self.table_row(line)

    def table_row(self, line: str) -> None:
        """VI/VII: name, 12 cells, English name on the same line; IV/V: the name follows."""
        name, cells, english = _split(line)
        if not name or len(cells) != _CELLS[self.section]:
            return  # a heading or note line
        if self.section in ("sovereign", "debt_types"):
            self.pending = cells
            return
        market = "outward" if self.section == "assets_by_country" else "inward"
        self.records += _rows(market, country_name(english) if english else name, self.release, cells, self.release)

    def named_row(self, label: str, cells: list[float]) -> None:
        if self.section == "sovereign":
            self.records += _rows("outward", country_name(label), self.release, cells, self.release,
                                  ("sovereign_debt", "sovereign_debt_long_term", "sovereign_debt_short_term"))
            return
        types = names()["bop_debt_types"]
        if label not in types:
            raise DataError(f"balance-of-payments table V: unknown bond type {label!r}")
        base = types[label]
        self.records += _rows("inward", "Japan", self.release, cells, self.release,
                              (base, f"{base}_long_term", f"{base}_short_term"))

    def summary_row(self, line: str) -> None:
        """I: '令和5年 3月 80,609 …' or '7月(P) …': nine cells and the total's net."""
        row = _SUMMARY_ROW.match(line)
        if not row:
            return
        if row[1]:
            self.year = _REIWA + int(row[1])
        if self.year is None:
            raise DataError(f"balance-of-payments summary: a month before any year: {line!r}")
        _, cells, _ = _split(line[row.end():])
        if len(cells) != _CELLS[self.section]:
            raise DataError(f"balance-of-payments summary: {len(cells)} cells in {line!r}, expected 10")
        market = "outward" if self.section == "summary_assets" else "inward"
        start = date(self.year, int(row[2]), 1)
        self.summary += _rows(market, TOTAL, start, cells[:9], self.release, _THREE)
        self.summary += _rows(market, TOTAL, start, [float("nan"), float("nan"), cells[9]], self.release, ("total",))


def parse(raw: bytes) -> BopRelease:
    """Parse one release into the long frame (see ``FRAME_COLUMNS``). Cached by content: one
    import parses the same PDF for the label, the checks and the table, ~1 s each."""
    return _parse_cached(raw)


@lru_cache(maxsize=8)
def _parse_cached(raw: bytes) -> BopRelease:
    pages = _text(raw)
    match = _RELEASE.search("\n".join(pages[0]) if pages else "")
    if not match:
        raise DataError("not the MoF release 'Portfolio Investment Assets/Liabilities' (no release month found)")
    try:
        release = pd.Timestamp(f"{match[1]} 1 {match[2]}").date()
    except ValueError as exc:
        raise DataError(f"the release month {match[1]} {match[2]} is not a month") from exc
    reader = _Reader(release)
    for page_no, lines in enumerate(pages):
        reader.page(lines, first_page=page_no == 0)
    if not reader.records:
        raise DataError(f"no country tables found in the balance-of-payments release for {release:%Y-%m}")
    earlier = [r for r in reader.summary if r["period_start"] < release]  # the release month: tables VI/VII
    frame = pd.DataFrame.from_records(reader.records + earlier, columns=FRAME_COLUMNS)
    return BopRelease(release, frame, pd.DataFrame.from_records(reader.summary, columns=FRAME_COLUMNS))
