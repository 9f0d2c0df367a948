"""The concrete official sources: MoF weekly securities flows and FRED daily series."""

from __future__ import annotations

import bisect
import io
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from extractor import settings
from extractor.errors import DataError
from extractor.official import mof, validate
from extractor.official.base import Coverage, OfficialSource


class MofWeekly(OfficialSource):
    """MoF *International Transactions in Securities*, weekly, one row per Sunday–Saturday week.

    The table is wide (``outward.long_term_debt.net`` …) in 100 million yen, indexed by
    nothing: lookups go by ``period_end``.
    """

    source_id = "mof_weekly"
    title = "MoF weekly International Transactions in Securities"

    @property
    def url(self) -> str:
        return settings.mof_url()

    def parse(self, raw: bytes) -> pd.DataFrame:
        return mof.parse(raw).weeks

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        stated = mof.parse(raw).final_update
        return stated.isoformat() if stated else fetched.date().isoformat()

    def validate(self, raw: bytes, frame: pd.DataFrame) -> None:
        """Row identities (±2: MoF rounds each cell), consecutive weeks with none twice, and a
        stated update date within 14 days after the last week (MoF publishes on the Thursday
        after the week; 14 days allows for holidays)."""
        parsed = mof.parse(raw)
        triples, sums = mof.identity_rules()
        validate.check_periods(frame["period_start"], frame["period_end"], parsed.duplicates, self.title, "week")
        validate.check_identities(frame, self.title, triples=triples, sums=sums)
        validate.check_release(parsed.final_update, frame["period_end"].iloc[-1], self.title, max_days=14)

    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        return Coverage(
            start=frame["period_start"].iloc[0],
            end=frame["period_end"].iloc[-1],
            observations=len(frame),
            gaps=mof.gaps(frame),
        )

    def read_snapshot(self, path: Path) -> pd.DataFrame:
        frame = pd.read_csv(path)
        for col in ("period_start", "period_end"):
            frame[col] = pd.to_datetime(frame[col]).dt.date
        return frame

    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        frame.to_csv(path, index=False)


class FredSeries(OfficialSource):
    """A daily FRED series (``DATE,VALUE`` with ``.`` for no value)."""

    title_by_id = {
        "DEXJPUS": "FRED DEXJPUS, Japanese yen to one U.S. dollar (noon buying rate, New York)",
        "DGS10": "FRED DGS10, U.S. Treasury 10-year constant-maturity yield (percent)",
    }

    def __init__(self, series_id: str) -> None:
        super().__init__()
        self.source_id = series_id
        self.title = self.title_by_id.get(series_id, f"FRED {series_id}")

    @property
    def url(self) -> str:
        return settings.FRED_URL.format(series=self.source_id)

    def parse(self, raw: bytes) -> pd.DataFrame:
        try:
            frame = pd.read_csv(io.BytesIO(raw), na_values=["."], dtype={1: "float64"})
        except (pd.errors.ParserError, ValueError, UnicodeDecodeError) as exc:
            raise DataError(f"{self.source_id}: not a FRED CSV ({exc})") from exc
        if frame.shape[1] != 2:
            raise DataError(f"{self.source_id}: expected 2 columns (date, value), got {frame.shape[1]}")
        frame.columns = ["date", "value"]
        try:
            frame["date"] = pd.to_datetime(frame["date"], format="%Y-%m-%d").dt.date
        except ValueError as exc:
            raise DataError(f"{self.source_id}: bad date in FRED CSV ({exc})") from exc
        return frame.dropna().reset_index(drop=True)

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        """FRED files state no update date; the last observation says what a vintage holds."""
        frame = self.parse(raw)
        return f"observations to {frame['date'].iloc[-1].isoformat()}"

    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        return Coverage(start=frame["date"].iloc[0], end=frame["date"].iloc[-1], observations=len(frame))

    def read_snapshot(self, path: Path) -> pd.DataFrame:
        return self.parse(path.read_bytes())

    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        out = frame.rename(columns={"date": "DATE", "value": self.source_id})
        out.to_csv(path, index=False)

    def on_or_before(self, day: date) -> tuple[date, float] | None:
        """The last observation on or before ``day`` (FRED skips holidays)."""
        dates, values = self._observations()
        if dates is not None:
            k = bisect.bisect_right(dates, day) - 1
            return (dates[k], values[k]) if k >= 0 else None
        frame = self.load().frame
        rows = frame[frame["date"] <= day]
        if rows.empty:
            return None
        last = rows.iloc[-1]
        return last["date"], float(last["value"])

    def on_or_after(self, day: date) -> tuple[date, float] | None:
        dates, values = self._observations()
        if dates is not None:
            k = bisect.bisect_left(dates, day)
            return (dates[k], values[k]) if k < len(dates) else None
        frame = self.load().frame
        rows = frame[frame["date"] >= day]
        if rows.empty:
            return None
        first = rows.iloc[0]
        return first["date"], float(first["value"])

    def _observations(self) -> tuple[list[date] | None, list[float]]:
        """The dates and values as lists, built once per loaded file, when the dates are strictly
        increasing (FRED's files are): a rate lookup is then a bisection, not a scan of the frame
        per claim. Otherwise (None) the lookups filter the frame as written."""
        dataset = self.load()

        def build() -> tuple[list[date] | None, list[float]]:
            frame = dataset.frame
            if not (frame["date"].is_monotonic_increasing and frame["date"].is_unique):
                return None, []
            return list(frame["date"]), [float(v) for v in frame["value"]]

        return dataset.cached(("observations",), build)

    def between(self, start: date, end: date) -> pd.DataFrame:
        frame = self.load().frame
        return frame[(frame["date"] >= start) & (frame["date"] <= end)]


class Registry:
    """All sources a process uses; built once and shared by CLI, API and reconciler."""

    def __init__(self) -> None:
        from extractor.official.monthly_sources import BopPortfolio, MofByInvestor, MofMonthly

        self.mof = MofWeekly()
        self.fred = {sid: FredSeries(sid) for sid in ("DEXJPUS", "DGS10")}
        self.mof_monthly = MofMonthly()
        self.mof_by_investor = MofByInvestor()
        self.bop = BopPortfolio()

    def all(self) -> list[OfficialSource]:
        return [self.mof, self.mof_monthly, self.mof_by_investor, self.bop, *self.fred.values()]

    def load_all(self) -> Registry:
        """Read every source now. Every audit reports every source's vintage, so a process that
        serves many audits (a server, an audit worker, a scan worker before the fork) pays the
        loading once, up front, instead of inside its first audit — or once per forked worker."""
        for source in self.all():
            source.load()
        return self

    def get(self, source_id: str) -> OfficialSource:
        for source in self.all():
            if source.source_id == source_id:
                return source
        raise DataError(f"unknown series {source_id!r}; known: {', '.join(s.source_id for s in self.all())}")
