"""One-line wording of what a claim states and what the data say, per claim kind; shared by
every output format so the table, CSV and Markdown never disagree."""

from __future__ import annotations

from extractor.claims.model import (
    ComparisonClaim,
    ConversionClaim,
    FlowClaim,
    ForecastClaim,
    MarketMoveClaim,
    StatisticClaim,
    StreakClaim,
)
from extractor.units import day, usd, week, yen

_DIR = {"net_purchase": "net buying", "net_sale": "net selling", None: "?"}
_MARKET = {"outward": "Japanese → foreign", "inward": "foreign → Japanese", None: "?"}
_INSTR = {"equity": "equities", "long_term_debt": "long-term debt", "short_term_debt": "short-term debt",
          "debt": "debt", "total": "all securities", "other": "other", None: "?"}


def stated(claim) -> str:
    if isinstance(claim, FlowClaim):
        amount = yen(claim.amount_jpy) if claim.amount_jpy is not None else (claim.usd_text or claim.amount_text)
        return (f"{_DIR[claim.direction]} {amount}, {_MARKET[claim.market]} {_INSTR[claim.instrument]}, "
                f"{week(claim.period_start, claim.period_end)}")
    if isinstance(claim, ConversionClaim):
        return f"{yen(claim.amount_jpy)} = {claim.usd_text} ({claim.implied_rate:.2f} ¥/$)"
    if isinstance(claim, StreakClaim):
        what = "straight weeks" if claim.form == "straight" else "weeks since the last time"
        return f"{claim.count} {what} of {_DIR[claim.direction]}, to {day(claim.period_end)}"
    if isinstance(claim, ComparisonClaim):
        return claim.mention
    if isinstance(claim, MarketMoveClaim):
        return f"{claim.series}: {claim.mention}"
    if isinstance(claim, ForecastClaim):
        who = claim.forecaster or "unattributed"
        return (f"{who}: {_DIR[claim.direction]} of {_MARKET[claim.market]} {_INSTR[claim.instrument]} "
                f"by {day(claim.deadline) if claim.deadline else 'no deadline'}")
    if isinstance(claim, StatisticClaim):
        return claim.value_text
    return claim.mention


def official(claim) -> str:
    o = claim.official
    if o is None:
        return "—"
    if isinstance(claim, FlowClaim) or (isinstance(claim, ForecastClaim) and o.value is not None):
        flow = "net buying" if (o.value or 0) > 0 else "net selling"
        return f"{flow} {yen(abs(o.value or 0))}, {week(o.period_start, o.period_end)}"
    if isinstance(claim, ConversionClaim):
        return f"{o.value:.2f} ¥/$ on {day(o.period_end)} → {usd(o.values.get('usd'))}"
    if isinstance(claim, StreakClaim):
        return f"{int(o.value or 0)} weeks"
    if isinstance(claim, ComparisonClaim) and claim.relation == "ratio":
        return f"{o.value:.2f}×"
    if isinstance(claim, ComparisonClaim):
        return f"{yen(abs(o.value or 0))} in the week to {day(o.period_end)}"
    if isinstance(claim, MarketMoveClaim):
        return ", ".join(f"{k} {v:.2f}" for k, v in o.values.items())
    return f"{o.value}"


def sources(claim) -> str:
    parts = []
    for s in claim.sources:
        extra = ", ".join(x for x in (s.role, s.affiliation) if x)
        parts.append(f"{s.name} ({extra})" if extra else s.name)
    return "; ".join(parts)
