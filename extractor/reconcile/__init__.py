"""Reconcile claims with official data: one function per claim kind, dispatched here.

Flows are reconciled first because ratios compare the official values of two flows.
"""

from __future__ import annotations

from extractor.claims.model import (
    ComparisonClaim,
    ConversionClaim,
    FlowClaim,
    ForecastClaim,
    MarketMoveClaim,
    StatisticClaim,
    StreakClaim,
    Verdict,
)
from extractor.reconcile.compare import ACCUSATIONS, earn_accusation, settle
from extractor.reconcile.context import Context
from extractor.reconcile.flow_check import reconcile_flow
from extractor.reconcile.forecast_check import resolve_forecast
from extractor.reconcile.history import reconcile_comparison, reconcile_streak
from extractor.reconcile.markets import reconcile_conversion, reconcile_move
from extractor.reconcile.monthly import reconcile_monthly
from extractor.reconcile.monthly_history import reconcile_monthly_history
from extractor.reconcile.readings import let_the_data_choose


def reconcile_statistic(claim: StatisticClaim) -> StatisticClaim:
    named = ", ".join(s.name for s in claim.sources)
    claim.verdict = Verdict.unverifiable
    claim.explanation = ("flowcheck has no official series for this figure"
                         + (f"; it is attributed to {named}." if named else "; no source is named."))
    return claim


def check_flow(claim: FlowClaim, ctx: Context) -> FlowClaim:
    """Months, years, countries and investor types go to the monthly and balance-of-payments
    reconciler; weeks (and anything it declines) to the weekly one. Exchange-sourced figures
    are never MoF's, whatever their period."""
    if claim.market == "domestic":
        settle(claim, Verdict.unverifiable, "Japanese investors trading Japanese securities: a domestic flow, and "
                                            "MoF's securities statistics count only cross-border trades, so there is "
                                            "no MoF cross-border series for it.")
        return claim
    if claim.data_source == "other":
        named = ", ".join(s.name for s in claim.sources if s.kind != "person")
        settle(claim, Verdict.unverifiable, "The figure is attributed to a statistic flowcheck does not carry"
                                            + (f" ({named})" if named else "") + ", not to MoF's securities data.")
        return claim
    if claim.data_source != "exchange" and reconcile_monthly(claim, ctx):
        return claim
    return reconcile_flow(claim, ctx)


def _follow_flow(claim: StreakClaim | ComparisonClaim, flows: dict, ctx: Context) -> bool:
    """A streak or record takes the securities its flow was finally read as ("bonds" that cover
    bills are debt) and is ranked on the weekly series when that flow is one week's, on the
    monthly series when it is a month's; False when it has been settled here."""
    flow = flows.get(claim.related[0]) if claim.related else None
    if flow is None:
        return True
    # the qualifier describes its flow as finally read (the period the data chose, if they did)
    claim.instrument, claim.market = flow.instrument, flow.market or claim.market
    claim.period_end = flow.period_end or claim.period_end
    if flow.market == "domestic":
        settle(claim, Verdict.unverifiable, "The figure this qualifies is a domestic flow, which no MoF "
                                            "cross-border series ranks.")
        return False
    if flow.data_source in ("exchange", "other"):  # a record of exchange data is not ranked on MoF's series
        settle(claim, Verdict.unverifiable, "The figure this qualifies is attributed to statistics flowcheck does "
                                            "not carry (stock-exchange or other data), so its rank is not checked.")
        return False
    if flow.granularity == "week":
        return True
    if flow.data_source != "exchange" and reconcile_monthly_history(claim, flow, ctx):
        return False
    settle(claim, Verdict.unverifiable, "The figure this qualifies is not one week's or one month's of an official "
                                        "series, so flowcheck does not rank it.")
    return False


def _rank(claim: StreakClaim | ComparisonClaim, flows: dict, ctx: Context) -> None:
    if not _follow_flow(claim, flows, ctx):
        return
    if isinstance(claim, StreakClaim):
        reconcile_streak(claim, ctx)
    else:
        reconcile_comparison(claim, ctx, flows)


def _record_reading(claim: StreakClaim | ComparisonClaim, flows: dict, ctx: Context) -> None:
    """A record or streak after several figures of one sentence ("bought X of stocks and Y of
    bills, the biggest in four weeks") may describe any of them. When the figure it was read
    with does not bear it out, the data choose among the sentence's other figures (the record
    holds for one: that reading is kept); when none bears it out and the qualifier follows all
    of them, the words leave open which it describes, so it is not held against the story."""
    if claim.verdict not in ACCUSATIONS or not claim.related or claim.related[0] not in flows:
        return
    if isinstance(claim, ComparisonClaim) and claim.relation != "record":
        return
    qualified = flows[claim.related[0]]
    same = [f for f in flows.values() if f.char_start == qualified.char_start and f.id != qualified.id]
    if not same:
        return
    for other in same:
        variant = claim.model_copy(deep=True, update={"related": [other.id], "market": other.market,
                                                      "direction": other.direction, "period_end": other.period_end,
                                                      "verdict": None, "official": None, "explanation": None})
        _rank(variant, flows, ctx)
        if variant.verdict == Verdict.accurate:
            for name in type(claim).model_fields:
                setattr(claim, name, getattr(variant, name))
            claim.explanation = (f"{variant.explanation} The sentence has several figures; the data show the record "
                                 f"describes {other.mention} (flowcheck first read it with {qualified.mention}).")
            return
    if all(f.mention_start < claim.mention_start for f in [qualified, *same]):
        settle(claim, Verdict.unverifiable,
               f"The sentence gives several figures and the record follows them all, so the words leave open which it "
               f"describes; none of them bears it out. Read with {qualified.mention}: {claim.explanation}")


def reconcile_all(claims: list, ctx: Context) -> list:
    flows = {}
    for flow in claims:
        if isinstance(flow, FlowClaim):
            flows[flow.id] = check_flow(flow, ctx)
            let_the_data_choose(flow, ctx.published, lambda other: check_flow(other, ctx))
    for claim in claims:
        if isinstance(claim, StreakClaim | ComparisonClaim):
            _rank(claim, flows, ctx)
            _record_reading(claim, flows, ctx)
        elif isinstance(claim, ConversionClaim):
            reconcile_conversion(claim, ctx)
        elif isinstance(claim, MarketMoveClaim):
            reconcile_move(claim, ctx)
        elif isinstance(claim, ForecastClaim):
            resolve_forecast(claim, ctx)
        elif isinstance(claim, StatisticClaim):
            reconcile_statistic(claim)
    # last, over every reconciler's verdicts (monthly ones included): an accusation is earned;
    # a streak or record rests on the readings of the flow it qualifies
    by_id = {c.id: c for c in claims if isinstance(c, FlowClaim)}
    for claim in claims:
        if isinstance(claim, FlowClaim):
            earn_accusation(claim, published=ctx.published, title=ctx.title)
        elif isinstance(claim, StreakClaim | ComparisonClaim) and claim.related and claim.related[0] in by_id:
            earn_accusation(claim, basis=by_id[claim.related[0]], published=ctx.published, title=ctx.title)
    return claims
