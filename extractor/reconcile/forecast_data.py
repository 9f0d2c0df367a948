"""The statistic a forecast is settled on, as one small frame: ``period_start``,
``period_end``, ``value`` (yen, signed: positive = net purchase).

Which statistic: a forecast about one investor type ("life insurers") is settled on MoF's
by-investor monthly table (monthb); one about one country's bonds on the balance of payments
by country (BoP); one about a month or longer on MoF's monthly table (montha1); anything
shorter, and "the first week that …" tests, on the weekly table (finer, and MoF's earliest
word). The sources are ``registry.mof_monthly``, ``registry.mof_by_investor`` and
``registry.bop``; when one is not loaded the function says so instead of guessing (monthly
windows fall back to summed weeks, which MoF publishes from the same reports, said so).

Frame contracts (all in 100 million yen, as MoF publishes them):
- ``mof_monthly``: one row per month, wide columns like the weekly frame
  (``outward.long_term_debt.net`` …);
- ``mof_by_investor``: long ``period_start, period_end, investor_type, instrument,
  acquisition, disposition, net``;
- ``bop``: long ``period_start, period_end, market, country, instrument, acquisition,
  disposition, net, release``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from extractor.claims.model import ForecastClaim
from extractor.official.mof import UNIT_YEN
from extractor.reconcile import weekly
from extractor.reconcile.context import Context
from extractor.reconcile.monthly_series import investor_name

_LONG_WINDOW_DAYS = 27  # a month or longer: settled on monthly figures
SOURCE_WORDS = {"mof_weekly": "MoF weekly", "mof_monthly": "MoF monthly", "mof_by_investor": "MoF by-investor",
                "bop": "Balance-of-payments"}


@dataclass
class Statistic:
    source: str  # mof_weekly, mof_monthly, mof_by_investor, bop
    series: str  # id shown with the evidence
    what: str  # "life insurers' foreign long-term debt"
    unit: str  # "week" or "month": what one row is
    frame: pd.DataFrame
    vintage: str | None
    note: str = ""  # e.g. a fallback said in the explanation

    @property
    def end(self) -> date:
        return self.frame["period_end"].iloc[-1]

    @property
    def start(self) -> date:
        return self.frame["period_start"].iloc[0]


class NoStatistic(Exception):
    """No statistic flowcheck holds can settle this forecast; the message says why."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _loaded(ctx: Context, name: str) -> pd.DataFrame | None:
    source = getattr(ctx.registry, name, None)
    if source is None:
        return None
    return source.load().frame


def _vintage(ctx: Context, name: str) -> str | None:
    source = getattr(ctx.registry, name, None)
    return source.vintage().label if source is not None else None


def _long_net(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows.groupby(["period_start", "period_end"], as_index=False)["net"].sum()
    out["value"] = out["net"].astype(float) * UNIT_YEN
    return out[["period_start", "period_end", "value"]].sort_values("period_end").reset_index(drop=True)


def by_investor(frame: pd.DataFrame, investor_type: str, instrument: str) -> pd.DataFrame:
    """One investor type's monthly net purchases of one kind of foreign securities."""
    wanted = ["long_term_debt", "short_term_debt"] if instrument == "debt" else [instrument]
    rows = frame[(frame["investor_type"] == investor_type) & (frame["instrument"].isin(wanted))]
    return _long_net(rows.dropna(subset=["net"]))


def by_country(frame: pd.DataFrame, market: str, country: str, instrument: str) -> pd.DataFrame:
    """Monthly net purchases of one country's securities (BoP), newest release per month."""
    rows = frame[(frame["market"] == market) & (frame["country"] == country) & (frame["instrument"] == instrument)]
    if "release" in rows.columns:
        rows = rows.sort_values("release").drop_duplicates(["period_start", "period_end"], keep="last")
    return _long_net(rows.dropna(subset=["net"]))


def choose(claim: ForecastClaim, ctx: Context, start: date, end: date) -> Statistic:
    """The statistic for this forecast (see the module docstring); raises NoStatistic."""
    market, instrument = claim.market, claim.instrument
    if claim.investor_type:
        if market != "outward":
            raise NoStatistic("no_series", "MoF splits only residents' (outward) flows by investor type.")
        frame = _loaded(ctx, "mof_by_investor")
        if frame is None:
            raise NoStatistic("no_data", "MoF's by-investor monthly data (monthb) are not loaded in flowcheck.")
        kind = "long_term_debt" if instrument == "sovereign_debt" else instrument
        if kind not in ("equity", "long_term_debt", "short_term_debt", "debt"):
            raise NoStatistic("no_series", f"MoF's by-investor table has no series for {instrument} securities.")
        series = by_investor(frame, claim.investor_type, kind)
        if series.empty:
            raise NoStatistic("no_series", f"MoF's by-investor table has no figures for "
                                           f"{investor_name(claim.investor_type, 'plain')}.")
        who = investor_name(claim.investor_type, "plain")
        return Statistic("mof_by_investor", f"mof_by_investor:{claim.investor_type}.{kind}.net",
                         f"{who}' foreign {weekly.INSTRUMENT_WORDS[kind]}", "month", series,
                         _vintage(ctx, "mof_by_investor"))
    if claim.country:
        frame = _loaded(ctx, "bop")
        if frame is None:
            raise NoStatistic("no_data", "Balance-of-payments figures by country are not loaded in flowcheck.")
        series = by_country(frame, market, claim.country, instrument)
        if series.empty and instrument == "sovereign_debt":
            series, instrument = by_country(frame, market, claim.country, "long_term_debt"), "long_term_debt"
        if series.empty:
            raise NoStatistic("no_series", f"The balance of payments has no {instrument} series for {claim.country}.")
        actor, _ = weekly.MARKET_WORDS[market]
        words = "government bonds" if instrument == "sovereign_debt" else weekly.INSTRUMENT_WORDS[instrument]
        return Statistic("bop", f"bop:{market}.{claim.country}.{instrument}.net",
                         f"{actor}' {words} of {claim.country}", "month", series, _vintage(ctx, "bop"))
    kind = "long_term_debt" if instrument == "sovereign_debt" else instrument
    if kind not in weekly.COLUMNS:
        raise NoStatistic("no_series", f"MoF publishes no series for {instrument} securities.")
    note = (" MoF does not split government bonds from other long-term debt; long-term debt is used."
            if instrument == "sovereign_debt" else "")
    if (end - start).days >= _LONG_WINDOW_DAYS and claim.rule not in ("first_week", "every_week"):
        monthly = _loaded(ctx, "mof_monthly")
        if monthly is not None and "kind" in monthly.columns:  # calendar- and fiscal-year rows sit beside months
            monthly = monthly[monthly["kind"] == "month"].reset_index(drop=True)
        if monthly is not None:
            series = weekly.net_series(monthly, market, kind)
            return Statistic("mof_monthly", f"mof_monthly:{market}.{kind}.net", weekly.describe(market, kind),
                             "month", series, _vintage(ctx, "mof_monthly"), note)
        note += " MoF's monthly table is not loaded; the weekly figures in the window are summed."
    return Statistic("mof_weekly", weekly.series_id(market, kind), weekly.describe(market, kind), "week",
                     ctx.series(market, kind), ctx.mof_vintage, note)


def in_window(stat: Statistic, start: date, end: date) -> pd.DataFrame:
    """Weeks ending in the window; months at least half inside it ("over the next year" from
    24 April 2014 is May 2014 – April 2015: twelve months, as the forecast meant)."""
    f = stat.frame
    if stat.unit == "week":
        return f[(f["period_end"] > start) & (f["period_end"] <= end)]
    first = f["period_start"].where(f["period_start"] > start, start)
    last = f["period_end"].where(f["period_end"] < end, end)
    inside = (pd.to_datetime(last) - pd.to_datetime(first)).dt.days + 1
    length = (pd.to_datetime(f["period_end"]) - pd.to_datetime(f["period_start"])).dt.days + 1
    return f[inside * 2 >= length]


def before(stat: Statistic, start: date, periods: int) -> pd.DataFrame:
    """The ``periods`` weeks or months just before the window."""
    f = stat.frame
    return f[f["period_end"] < start].tail(periods)


def average_rate(ctx: Context, start: date, end: date) -> float | None:
    """Average DEXJPUS (yen per dollar) over the window, for forecasts stated in dollars."""
    rates = ctx.registry.fred["DEXJPUS"].between(start, end)
    return float(rates["value"].mean()) if not rates.empty else None
