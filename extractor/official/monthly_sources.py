"""The monthly official sources: MoF montha1, MoF by investor type (monthb2/3/4), and the
balance-of-payments portfolio releases (one PDF a month).

``mof_monthly`` is one file, like the weekly one. The other two are *parted*: by-investor data
come as three files (equity, long-term, short-term debt) and the balance of payments as one PDF
per release month. A vintage there is one file, i.e. one part; the table in use joins, for each
part, the newest vintage of that part (by the publisher's date) with the bundled snapshot's
other parts.

Frames (the contract other modules read; unit 100 million yen, + = net acquisition):
- ``mof_monthly``: one row per month, ``period_start``, ``period_end`` and the weekly frame's
  wide columns (``outward.long_term_debt.net`` …) plus ``balance.subtotal.net`` and
  ``balance.total.net``; ``MofMonthly.years()`` gives the file's own CY/FY rows.
- ``mof_by_investor``: long, ``period_start, period_end, investor_type, instrument,
  acquisition, disposition, net`` (NaN where MoF writes ``-``).
- ``bop``: long, ``period_start, period_end, market, country, instrument, acquisition,
  disposition, net, release``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pandas as pd

from extractor import settings
from extractor.errors import DataError, FetchError
from extractor.official import bop, mof, mof_monthly, validate
from extractor.official.base import Coverage, Dataset, OfficialSource, Vintage, sha256

MOF_BASE = "https://www.mof.go.jp/english/policy/international_policy/reference/itn_transactions_in_securities/"
MONTHLY_URL = MOF_BASE + "montha1.csv"
BY_INVESTOR_URLS = {"equity": MOF_BASE + "monthb2.csv", "long_term_debt": MOF_BASE + "monthb3.csv",
                    "short_term_debt": MOF_BASE + "monthb4.csv"}
BOP_URL = "https://www.mof.go.jp/policy/international_policy/reference/balance_of_payments/bppi{yyyymm}.pdf"
"""Overridable with FLOWCHECK_MOF_MONTHLY_URL, FLOWCHECK_MOF_BY_INVESTOR_URL (with ``{file}`` for
monthb2/3/4) and FLOWCHECK_BOP_URL (with ``{yyyymm}``)."""

MONTHLY_RELEASE_DAYS = 25
"""MoF publishes a month's data 8–10 days after it ends (2026-08-10 for July, 2026-09-08 for
August); 25 allows for New Year and Golden Week and still catches a file cut by one month
whose header kept the release date."""


def _month_gaps(starts: list[date]) -> list[tuple[date, date]]:
    found = []
    for prev, nxt in zip(starts, starts[1:], strict=False):
        following = (pd.Timestamp(prev) + pd.DateOffset(months=1)).date()
        if nxt > following:
            found.append((following, mof_monthly.month_end((pd.Timestamp(nxt) - pd.DateOffset(months=1)).date())))
    return found


def _fetch(url: str, source_id: str, client: httpx.Client | None) -> bytes:
    own = client is None
    client = client or httpx.Client(headers={"User-Agent": settings.USER_AGENT}, timeout=60, follow_redirects=True)
    try:
        response = client.get(url)
        response.raise_for_status()
        return response.content
    except httpx.HTTPError as exc:
        raise FetchError(f"could not fetch {source_id} from {url}: {exc}") from exc
    finally:
        if own:
            client.close()


def _read_dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    for col in columns:
        frame[col] = pd.to_datetime(frame[col]).dt.date
    return frame


class MofMonthly(OfficialSource):
    """MoF *International Transactions in Securities*, monthly (montha1)."""

    source_id = "mof_monthly"
    title = "MoF monthly International Transactions in Securities (montha1)"

    def __init__(self) -> None:
        super().__init__()
        self._years: dict[int, pd.DataFrame] = {}

    @property
    def url(self) -> str:
        return os.environ.get("FLOWCHECK_MOF_MONTHLY_URL", MONTHLY_URL)

    def parse(self, raw: bytes) -> pd.DataFrame:
        parsed = mof_monthly.parse_montha1(raw)
        self._years[id(parsed.months)] = parsed.years
        return parsed.months

    def years(self) -> pd.DataFrame:
        """The file's own calendar- and fiscal-year rows (``kind`` CY/FY), same columns."""
        return self._years[id(self.load().frame)]

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        stated = mof_monthly.parse_montha1(raw).final_update
        return stated.isoformat() if stated else fetched.date().isoformat()

    def validate(self, raw: bytes, frame: pd.DataFrame) -> None:
        """Identities in every month and year row (±2), balance = outward − inward, each CY/FY
        row = the sum of its months (±``YEAR_TOLERANCE``), consecutive months, release date."""
        parsed = mof_monthly.parse_montha1(raw)
        triples, sums = mof.identity_rules()
        sums += [("balance.subtotal.net", ("outward.subtotal.net",)), ("balance.total.net", ("outward.total.net",))]
        checked = frame.copy()
        years = parsed.years.copy()
        for table in (checked, years):
            table["inward.subtotal.neg"] = -table["inward.subtotal.net"]
            table["inward.total.neg"] = -table["inward.total.net"]
        sums = [(t, (*p, "inward.subtotal.neg") if t == "balance.subtotal.net" else
                 (*p, "inward.total.neg") if t == "balance.total.net" else p) for t, p in sums]
        validate.check_periods(frame["period_start"], frame["period_end"], parsed.duplicates, self.title, "month")
        validate.check_identities(checked, self.title, triples=triples, sums=sums)
        validate.check_identities(years, self.title + " (year rows)", triples=triples, sums=sums)
        validate.check_release(parsed.final_update, frame["period_end"].iloc[-1], self.title, MONTHLY_RELEASE_DAYS)
        self._check_years(frame, parsed.years)

    def _check_years(self, months: pd.DataFrame, years: pd.DataFrame) -> None:
        for row in years.to_dict("records"):
            inside = months[(months["period_start"] >= row["period_start"]) & (months["period_end"] <= row["period_end"])]
            if len(inside) != 12:
                continue  # the current year: not complete yet
            for column in mof.WIDE_COLUMNS:
                stated, summed = int(row[column]), int(inside[column].sum())
                if abs(stated - summed) > validate.YEAR_TOLERANCE:
                    raise DataError(f"{self.title}: rejected, the {row['kind']} row {row['period_start']}.."
                                    f"{row['period_end']} {column} {stated:,} ≠ the sum of its months {summed:,}")

    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        starts = list(frame["period_start"])
        return Coverage(start=starts[0], end=frame["period_end"].iloc[-1], observations=len(frame),
                        gaps=_month_gaps(starts))

    def read_snapshot(self, path: Path) -> pd.DataFrame:
        table = _read_dates(pd.read_csv(path), "period_start", "period_end")
        months = table[table["kind"] == "month"].drop(columns="kind").reset_index(drop=True)
        self._years[id(months)] = table[table["kind"] != "month"].reset_index(drop=True)
        return months

    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        years = self._years[id(frame)]
        pd.concat([frame.assign(kind="month"), years], ignore_index=True)[
            ["kind", "period_start", "period_end", *mof_monthly.MONTHLY_COLUMNS]].to_csv(path, index=False)


class PartedSource(OfficialSource):
    """A source whose vintages are parts of one table (see the module docstring)."""

    part_column: str

    def part_of(self, frame: pd.DataFrame) -> str:
        values = frame[self.part_column].astype(str).unique()
        if len(values) != 1:
            raise DataError(f"{self.title}: one file holds {len(values)} parts")
        return values[0]

    def _current(self) -> Dataset:
        snapshot = self._load_snapshot()
        label = snapshot.vintage.label
        parts: dict[str, tuple[str, pd.DataFrame, str]] = {
            key: (label, part, snapshot.vintage.sha256)
            for key, part in snapshot.frame.groupby(snapshot.frame[self.part_column].astype(str), sort=True)}
        fetched = []
        for stored in sorted(self.vintages(), key=lambda s: (s.vintage.label, s.vintage.fetched_at or "")):
            loaded = self._load_path(Path(stored.origin_path), origin=stored.vintage.origin, vintage=stored.vintage)
            key = self.part_of(loaded.frame)
            if key not in parts or stored.vintage.label >= parts[key][0]:
                parts[key] = (stored.vintage.label, loaded.frame, stored.vintage.sha256)
                fetched.append(stored.vintage.origin)
        frame = pd.concat([p[1] for _, p in sorted(parts.items())], ignore_index=True)
        newest = max(p[0] for p in parts.values())
        origin = snapshot.vintage.origin + (f" + {len(fetched)} fetched file(s)" if fetched else "")
        digest = sha256("".join(p[2] for _, p in sorted(parts.items())).encode())
        return Dataset(frame, Vintage(self.source_id, newest, origin, digest))

    def check_against_current(self, frame: pd.DataFrame, label: str) -> None:
        """Per part: a file that would replace its part must not end earlier than it."""
        current = self._current()
        key = self.part_of(frame)
        same = current.frame[current.frame[self.part_column].astype(str) == key]
        if not same.empty:
            validate.check_not_shrinking(frame["period_end"].max(), label, same["period_end"].max(),
                                         current.vintage.label, f"{self.title} ({key})")

    def fetch_parts(self, urls: list[str], client: httpx.Client | None = None) -> tuple[Vintage, bool]:
        """Fetch each part; the combined vintage, and whether any part was new."""
        new = False
        for url in urls:
            _, added = self.add_vintage(_fetch(url, self.source_id, client), url)
            new = new or added
        return self.load().vintage, new


class MofByInvestor(PartedSource):
    """MoF residents' purchases and sales of foreign securities by type of investor."""

    source_id = "mof_by_investor"
    title = "MoF monthly foreign securities by type of investor (monthb2/b3/b4)"
    part_column = "instrument"

    @property
    def url(self) -> str:
        return self.urls()[0]

    def urls(self) -> list[str]:
        template = os.environ.get("FLOWCHECK_MOF_BY_INVESTOR_URL")
        if template:
            return [template.format(file=name) for name in ("monthb2.csv", "monthb3.csv", "monthb4.csv")]
        return list(BY_INVESTOR_URLS.values())

    def fetch(self, client: httpx.Client | None = None) -> tuple[Vintage, bool]:
        return self.fetch_parts(self.urls(), client)

    def parse(self, raw: bytes) -> pd.DataFrame:
        return mof_monthly.by_investor_long(mof_monthly.parse_monthb(raw))

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        stated = mof_monthly.parse_monthb(raw).final_update
        return stated.isoformat() if stated else fetched.date().isoformat()

    def validate(self, raw: bytes, frame: pd.DataFrame) -> None:
        """Identities per investor group and the file's subtotals (a+b+c+d …), consecutive
        months, release date."""
        parsed = mof_monthly.parse_monthb(raw)
        wide = parsed.months
        groups = [g for g, _ in mof_monthly.INVESTOR_GROUPS]
        sums = [(f"{total}.{m}", tuple(f"{p}.{m}" for p in parts))
                for total, parts in mof_monthly.INVESTOR_SUMS for m in ("acquisition", "disposition", "net")]
        validate.check_periods(wide["period_start"], wide["period_end"], parsed.duplicates, self.title, "month")
        # Subtotals are sums of up to five rounded parts: measured on the real files the largest
        # gap is 4 (other financial corporations), hence 5 here rather than the usual 2.
        validate.check_identities(wide, self.title, triples=groups, sums=sums, tolerance=5)
        validate.check_release(parsed.final_update, wide["period_end"].iloc[-1], self.title, MONTHLY_RELEASE_DAYS)

    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        starts = sorted(set(frame["period_start"]))
        return Coverage(start=starts[0], end=frame["period_end"].max(), observations=len(starts),
                        gaps=_month_gaps(starts))

    def read_snapshot(self, path: Path) -> pd.DataFrame:
        return _read_dates(pd.read_csv(path), "period_start", "period_end")

    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        frame.to_csv(path, index=False)


class BopPortfolio(PartedSource):
    """MoF balance of payments, portfolio investment by country/region (one PDF a month)."""

    source_id = "bop"
    title = "MoF balance of payments, portfolio investment by country (bppi PDFs)"
    suffix = ".pdf"
    part_column = "release"

    def next_release(self) -> date:
        end = self.coverage().end
        return (pd.Timestamp(end) + pd.DateOffset(days=1)).date()

    @property
    def url(self) -> str:
        return self.release_url(self.next_release())

    def release_url(self, release: date) -> str:
        template = os.environ.get("FLOWCHECK_BOP_URL", BOP_URL)
        return template.format(yyyymm=release.strftime("%Y%m"))

    def fetch(self, client: httpx.Client | None = None, release: date | None = None) -> tuple[Vintage, bool]:
        """One release (default: the one after the last held; MoF publishes one PDF a month).
        A file that turns out to be another month's release is refused."""
        release = release or self.next_release()
        url = self.release_url(release)
        raw = _fetch(url, self.source_id, client)
        stated = bop.parse(raw).release
        if (stated.year, stated.month) != (release.year, release.month):
            raise DataError(f"{url} holds the release for {stated:%Y-%m}, not {release:%Y-%m}; nothing stored")
        return self.add_vintage(raw, url)

    def parse(self, raw: bytes) -> pd.DataFrame:
        return bop.parse(raw).frame

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        """A release states its month, not its date: the label is the month (``2023-09``)."""
        return bop.parse(raw).release.strftime("%Y-%m")

    def validate(self, raw: bytes, frame: pd.DataFrame) -> None:
        """Identities (acquisition − disposition = net; equity + long + short = total), the
        regions summing to the total, and table I's release month equal to table VI/VII."""
        parsed = bop.parse(raw)
        wide = parsed.frame.pivot_table(index=["period_start", "period_end", "market", "country"], columns="instrument",
                                        values=["acquisition", "disposition", "net"], dropna=False)
        wide.columns = [f"{inst}.{measure}" for measure, inst in wide.columns]
        wide = wide.reset_index()
        months = wide[wide["period_start"] == parsed.release].reset_index(drop=True)
        countries = months[months["country"] != bop.TOTAL].reset_index(drop=True)
        triples = [c[: -len(".net")] for c in countries.columns if c.endswith(".net")
                   and f"{c[: -len('.net')]}.acquisition" in countries.columns]
        validate.check_identities(countries, self.title, triples=triples)
        three = ("equity.net", "long_term_debt.net", "short_term_debt.net")
        by_country = months[months["country"].isin(self._regions() + [bop.TOTAL])]
        validate.check_identities(by_country.reset_index(drop=True), self.title, sums=[("total.net", three)],
                                  tolerance=3)
        for market, block in by_country.groupby("market"):
            total = block[block["country"] == bop.TOTAL]
            regions = block[block["country"] != bop.TOTAL]
            for column in ("total.net", *three):
                gap = abs(float(total[column].iloc[0]) - float(regions[column].sum()))
                if gap > 2 * validate.TOLERANCE + len(regions) // 2:
                    raise DataError(f"{self.title}: rejected, {market} {column}: regions sum to "
                                    f"{regions[column].sum():,.0f}, the total is {total[column].iloc[0]:,.0f}")
        summary = parsed.summary[parsed.summary["period_start"] == parsed.release]
        table = parsed.frame[(parsed.frame["period_start"] == parsed.release) & (parsed.frame["country"] == bop.TOTAL)]
        merged = summary.merge(table, on=["market", "instrument"], suffixes=("_i", "_vi"))
        off = merged[(merged["net_i"] - merged["net_vi"]).abs() > validate.TOLERANCE]
        if not off.empty:
            row = off.iloc[0]
            raise DataError(f"{self.title}: rejected, summary and country table disagree on {row['market']} "
                            f"{row['instrument']}: {row['net_i']:,.0f} vs {row['net_vi']:,.0f}")

    @staticmethod
    def _regions() -> list[str]:
        return ["Asia", "North America", "Central and South America", "Oceania", "Europe", "Middle East", "Africa",
                "Rest of the World", bop.country_name("Int'l Organization"), "Unallocated"]

    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        """By-country coverage: the release months (each release has its own month by country)."""
        releases = sorted(set(frame["release"]))
        return Coverage(start=releases[0], end=mof_monthly.month_end(releases[-1]), observations=len(releases),
                        gaps=_month_gaps(releases))

    def read_snapshot(self, path: Path) -> pd.DataFrame:
        return _read_dates(pd.read_csv(path, keep_default_na=False, na_values=[""]), "period_start", "period_end",
                           "release")

    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        frame.to_csv(path, index=False)


def build_parted_snapshot(source: PartedSource, paths: list[Path], origin: str) -> tuple[pd.DataFrame, Vintage]:
    """The joined table of several official files and a vintage naming them all."""
    raws = [p.read_bytes() for p in sorted(paths)]
    frame = pd.concat([source.parse(raw) for raw in raws], ignore_index=True)
    label = max(source.label_of(raw, datetime.now(UTC)) for raw in raws)
    digest = sha256(b"".join(sha256(raw).encode() for raw in raws))
    return frame, Vintage(source.source_id, label, origin, digest)


__all__ = ["BopPortfolio", "MofByInvestor", "MofMonthly", "PartedSource", "build_parted_snapshot"]


def snapshot_files(registry, monthly_dir: Path | None, bop_dir: Path | None) -> dict:
    """The official files each monthly source's bundled snapshot is built from: the newest
    montha1 and monthb release in ``monthly_dir`` (exact cp932 bytes), every PDF in ``bop_dir``."""
    files: dict = {}
    if monthly_dir is not None:
        def newest(prefix: str) -> Path:
            found = sorted(monthly_dir.glob(f"{prefix}.*.cp932.csv"))
            if not found:
                raise DataError(f"no {prefix}.<release>.cp932.csv in {monthly_dir}")
            return found[-1]

        files[registry.mof_monthly] = newest("montha1")
        files[registry.mof_by_investor] = [newest(name) for name in ("monthb2", "monthb3", "monthb4")]
    if bop_dir is not None:
        pdfs = sorted(bop_dir.glob("bppi*.pdf"))
        if not pdfs:
            raise DataError(f"no bppiYYYYMM.pdf in {bop_dir}")
        files[registry.bop] = pdfs
    return files


def snapshot_origins() -> dict[str, str]:
    """Where the parted sources' files come from, as the bundled vintage names it."""
    return {"mof_by_investor": MOF_BASE + "monthb2.csv|monthb3.csv|monthb4.csv",
            "bop": BOP_URL.format(yyyymm="YYYYMM")}
