"""Forecast resolution against the MoF weekly data.

Rules, stated in every explanation:
- ``first_week`` ("turn into net buyers by mid-May"): came true at the first week ending
  after the forecast and on or before the deadline with a flow in the stated direction.
- ``every_week`` ("keep selling through June"): every such week must go that way.
A forecast with no deadline gets a default window (90 days), and says so.
"""

from __future__ import annotations

from datetime import timedelta

from extractor.claims.model import ForecastClaim, Official, Verdict
from extractor.reconcile import weekly
from extractor.reconcile.context import Context
from extractor.units import day, week, yen

DEFAULT_HORIZON = timedelta(days=90)


def resolve_forecast(claim: ForecastClaim, ctx: Context) -> ForecastClaim:
    if claim.market is None or claim.instrument in (None, "other") or claim.direction is None:
        claim.verdict = Verdict.unresolvable
        claim.explanation = "The forecast names no flow that MoF measures (market, securities or direction unclear)."
        return claim
    made = claim.made_on or ctx.published
    if made is None:
        claim.verdict = Verdict.unresolvable
        claim.explanation = "No date for the forecast, so no window to resolve it in."
        return claim
    deadline = claim.deadline
    note = ""
    if deadline is None:
        deadline = made + DEFAULT_HORIZON
        note = f" No deadline was stated; flowcheck used a default window of {DEFAULT_HORIZON.days} days."
    series = ctx.series(claim.market, claim.instrument)
    window = series[(series["period_end"] > made) & (series["period_end"] <= deadline)]
    sign = 1 if claim.direction == "net_purchase" else -1
    what = weekly.describe(claim.market, claim.instrument)
    flows = "net purchases" if sign > 0 else "net sales"
    rule = ("the first week after the forecast and by the deadline with " + flows if claim.rule == "first_week"
            else f"{flows} in every week to the deadline")
    complete = ctx.mof_coverage.end + timedelta(days=7) > deadline
    hits = window[window["value"] * sign > 0]
    misses = window[window["value"] * sign <= 0]
    evidence = None
    if claim.rule == "first_week":
        if not hits.empty:
            evidence, verdict = hits.iloc[0], Verdict.came_true
        else:
            verdict = Verdict.did_not_come_true if complete else Verdict.pending
    else:
        if not misses.empty:
            evidence, verdict = misses.iloc[0], Verdict.did_not_come_true
        else:
            verdict = Verdict.came_true if complete else Verdict.pending
    claim.verdict = verdict
    head = f"Forecast: {flows} in {what} by {day(deadline)} (rule: {rule})."
    if evidence is not None:
        claim.evidence_period_start, claim.evidence_period_end = evidence["period_start"], evidence["period_end"]
        claim.official = Official(series=weekly.series_id(claim.market, claim.instrument),
                                  value=float(evidence["value"]), unit="JPY",
                                  period_start=evidence["period_start"], period_end=evidence["period_end"],
                                  vintage=ctx.mof_vintage)
        moved = "net purchases" if evidence["value"] > 0 else "net sales"
        claim.explanation = (f"{head} MoF data show {moved} of {yen(abs(evidence['value']))} in the week "
                             f"{week(evidence['period_start'], evidence['period_end'])}.{note}")
    elif verdict == Verdict.pending:
        claim.explanation = (f"{head} The MoF data loaded end with the week to "
                             f"{day(ctx.mof_coverage.end)}; checked again when newer data arrive.{note}")
    else:
        claim.explanation = f"{head} No week in the window qualified ({len(window)} weeks checked).{note}"
    return claim
