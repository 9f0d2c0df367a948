"""Forecast resolution against the MoF weekly data.

Rules, stated in every explanation:
- ``first_week`` ("turn into net buyers by mid-May"): came true at the first week ending
  after the forecast and on or before the deadline with a flow in the stated direction.
- ``every_week`` ("keep selling through June"): every such week must go that way.
- ``sum`` ("buy more this fiscal year than last"): the period's total against the same period
  a year earlier, once the data cover the whole period.
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
    if claim.rule == "sum":
        return _resolve_sum(claim, ctx, series, deadline)
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


def _resolve_sum(claim: ForecastClaim, ctx: Context, series, deadline) -> ForecastClaim:
    """The total over [window_start, deadline] against the same span a year earlier."""
    start = claim.window_start or (deadline - timedelta(days=364))
    year = timedelta(days=364)  # 52 weeks: the same MoF weeks a year earlier
    sign = 1 if claim.direction == "net_purchase" else -1
    flows = "net purchases" if sign > 0 else "net sales"
    what = weekly.describe(claim.market, claim.instrument)
    head = (f"Forecast: {'more' if claim.more else 'less'} {flows} in {what} from {day(start)} to {day(deadline)} "
            f"than a year earlier (rule: sum of the weeks).")
    if ctx.mof_coverage.end + timedelta(days=7) <= deadline:
        claim.verdict = Verdict.pending
        claim.explanation = (f"{head} The MoF data loaded end with the week to {day(ctx.mof_coverage.end)}; "
                             "resolved once the period is complete.")
        return claim
    this = series[(series["period_end"] >= start) & (series["period_end"] <= deadline)]
    last = series[(series["period_end"] >= start - year) & (series["period_end"] <= deadline - year)]
    if this.empty or last.empty or (start - year) < ctx.mof_coverage.start:
        claim.verdict = Verdict.unresolvable
        claim.explanation = f"{head} The MoF data do not cover both periods."
        return claim
    now_total, before_total = float(this["value"].sum()) * sign, float(last["value"].sum()) * sign
    came = now_total > before_total if claim.more else now_total < before_total
    claim.verdict = Verdict.came_true if came else Verdict.did_not_come_true
    claim.evidence_period_start, claim.evidence_period_end = this["period_start"].iloc[0], this["period_end"].iloc[-1]
    claim.official = Official(series=weekly.series_id(claim.market, claim.instrument), value=now_total * sign,
                              unit="JPY", period_start=claim.evidence_period_start,
                              period_end=claim.evidence_period_end, vintage=ctx.mof_vintage,
                              values={"this_period": now_total * sign, "year_before": before_total * sign})
    claim.explanation = (f"{head} MoF data: {yen(now_total * sign, signed=True)} over {len(this)} weeks against "
                         f"{yen(before_total * sign, signed=True)} a year earlier (positive = net purchases).")
    return claim
