"""Lookups in the MoF weekly table by market, instrument and week.

``debt`` (bonds and bills together) is the sum of long-term and short-term debt; ``total``
is MoF's total column. Values come back in yen, signed: positive = net purchase.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from extractor.official.mof import MARKETS, UNIT_YEN  # noqa: F401  (MARKETS: the markets MoF's weekly data have)

COLUMNS = {
    "equity": ["equity.net"],
    "long_term_debt": ["long_term_debt.net"],
    "short_term_debt": ["short_term_debt.net"],
    "debt": ["long_term_debt.net", "short_term_debt.net"],
    "total": ["total.net"],
}

INSTRUMENT_WORDS = {
    "equity": "equities",
    "long_term_debt": "long-term debt",
    "short_term_debt": "short-term debt",
    "debt": "debt securities (long- and short-term)",
    "total": "all securities",
    "other": "other securities",
}
MARKET_WORDS = {
    "outward": ("Japanese investors", "foreign"),
    "inward": ("foreign investors", "Japanese"),
}


def describe(market: str, instrument: str) -> str:
    """'Japanese investors' foreign long-term debt' — who and what, for explanations."""
    actor, adjective = MARKET_WORDS[market]
    return f"{actor}' {adjective} {INSTRUMENT_WORDS[instrument]}"


def series_id(market: str, instrument: str) -> str:
    return f"mof_weekly:{market}.{instrument}.net"


def net_series(weeks: pd.DataFrame, market: str, instrument: str) -> pd.DataFrame:
    """period_start, period_end, value (yen, signed) for one market and instrument."""
    cols = [f"{market}.{c}" for c in COLUMNS[instrument]]
    out = weeks[["period_start", "period_end"]].copy()
    out["value"] = weeks[cols].sum(axis=1).astype("int64") * UNIT_YEN
    return out.reset_index(drop=True)


def gross_series(weeks: pd.DataFrame, market: str, instrument: str, side: str) -> pd.DataFrame | None:
    """period_start, period_end, value (yen, positive) of gross acquisitions (``side`` =
    "acquisition") or dispositions; None where MoF publishes no gross column (the total)."""
    cols = [f"{market}.{c.replace('.net', '.' + side)}" for c in COLUMNS[instrument]]
    if any(c not in weeks.columns for c in cols):
        return None
    out = weeks[["period_start", "period_end"]].copy()
    out["value"] = weeks[cols].sum(axis=1).astype("int64") * UNIT_YEN
    return out.reset_index(drop=True)


def gross_series_id(market: str, instrument: str, side: str) -> str:
    return f"mof_weekly:{market}.{instrument}.{side}"


def week_row(series: pd.DataFrame, period_end: date) -> pd.Series | None:
    rows = series[series["period_end"] == period_end]
    return None if rows.empty else rows.iloc[0]


def covering(series: pd.DataFrame, start: date, end: date) -> pd.DataFrame | None:
    """The weeks that tile [start, end] exactly, or None if weeks do not line up with it."""
    rows = series[(series["period_start"] >= start) & (series["period_end"] <= end)]
    if rows.empty or rows["period_start"].iloc[0] != start or rows["period_end"].iloc[-1] != end:
        return None
    gaps = (pd.to_datetime(rows["period_start"]).iloc[1:].values
            - pd.to_datetime(rows["period_end"]).iloc[:-1].values)
    if any(g != pd.Timedelta(days=1) for g in gaps):
        return None
    return rows
