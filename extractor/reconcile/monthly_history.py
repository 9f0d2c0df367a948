"""Records and streaks on the monthly series of a flow claim.

"Sold a record 4.256 trillion yen of foreign bonds in April" is true when no earlier month in
the statistic's series had a larger net sale; "the biggest since 2005" and "the most in 12
months" bound the months compared; "a third straight month" counts the run of months in the
stated direction ending with the claim's month. The series is the one the flow is checked
against (``monthly.cited_statistic``), so a by-investor or by-country streak is counted on its
own series. Each helper returns the verdict and the explanation; the caller sets them on the
comparison or streak claim the reader produced.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from extractor.claims.model import FlowClaim, Verdict
from extractor.reconcile import monthly_series as ms
from extractor.reconcile.context import Context
from extractor.reconcile.monthly import cited_statistic, months_between, scope_of
from extractor.units import yen


@dataclass(frozen=True)
class _Month:
    """The claim's month on its series: the months (0-based index), the row of the claim's month,
    and the sign that makes the claim's direction positive."""

    series: ms.Series
    frame: pd.DataFrame
    i: int
    sign: int

    @property
    def flows(self) -> str:
        return "net purchases" if self.sign > 0 else "net sales"


def _month_of(claim: FlowClaim, ctx: Context) -> _Month | tuple[Verdict, str]:
    """The claim's month on its series, or a verdict and reason why there is none."""
    if claim.market is None or claim.direction not in ("net_purchase", "net_sale") or claim.instrument is None:
        return Verdict.unverifiable, "The flow this qualifies has no monthly net series (direction or securities unclear)."
    if claim.period_end is None or claim.period_start is None:
        return Verdict.unverifiable, "The month this refers to could not be determined."
    series = ms.series(cited_statistic(claim), scope_of(claim), ctx)
    if isinstance(series, str):
        return Verdict.unverifiable, series
    if claim.period_end > series.end:
        return Verdict.pending, f"{series.name} loaded end with {series.end:%B %Y}."
    month = date(claim.period_end.year, claim.period_end.month, 1)
    if claim.period_start != month:  # "the largest for a quarter": a span is not ranked as its last month
        return Verdict.unverifiable, (f"The figure this qualifies covers {claim.period_start:%B %Y} to "
                                      f"{claim.period_end:%B %Y}; flowcheck ranks single months only.")
    frame = series.frame.reset_index(drop=True)
    idx = frame.index[frame["period_start"] == month]
    if len(idx) == 0:
        return Verdict.unverifiable, f"{month:%B %Y} is outside {series.name} for {series.what}: {series.coverage}."
    return _Month(series, frame, int(idx[0]), 1 if claim.direction == "net_purchase" else -1)


def monthly_record(claim: FlowClaim, ctx: Context, *, superlative: str = "largest", since: date | None = None,
                   window_months: int | None = None) -> tuple[Verdict, str]:
    """"A record" / "the largest since 2005" / "the biggest in 12 months" for the claim's month.
    ``since``: the first month compared (none: the whole series); ``window_months``: the claim's
    month and the N−1 before it."""
    found = _month_of(claim, ctx)
    if not isinstance(found, _Month):
        return found
    series, frame, i, sign, flows = found.series, found.frame, found.i, found.sign, found.flows
    if window_months:
        lo = i - window_months + 1
        window = f"in {window_months} months"
        if lo < 0:
            return Verdict.unverifiable, f"{series.name} for {series.what} start too late to compare {window}."
    elif since is not None:
        if since < frame["period_start"].iloc[0]:
            return Verdict.unverifiable, (f"The comparison reaches before {series.name} for {series.what} start "
                                          f"({frame['period_start'].iloc[0]:%B %Y}).")
        lo = int((frame["period_start"] < since).sum())
        window = f"since {since:%B %Y}"
        if lo > i:  # "the largest since 2015" about a month of 2013: nothing before it to compare
            return Verdict.unverifiable, (f"The comparison starts in {since:%B %Y}, after the month it is about "
                                          f"({frame['period_start'].iloc[i]:%B %Y}): the story's date or period "
                                          "does not fit it.")
    else:
        lo = 0
        window = f"in the series (from {frame['period_start'].iloc[0]:%B %Y})"
    months = frame.iloc[lo: i + 1]
    if len(months) != len(months_between(months["period_start"].iloc[0], months["period_start"].iloc[-1])):
        return Verdict.unverifiable, f"The months compared are not all in {series.name} ({series.coverage})."
    size = months["value"] * sign
    this = size.iloc[-1]
    month = months["period_start"].iloc[-1]
    head = f"{series.name}: {yen(abs(months['value'].iloc[-1]))} of {flows} in {series.what} in {month:%B %Y}"
    if this <= 0:
        return Verdict.wrong_direction, f"{series.name} show no {flows} in {series.what} in {month:%B %Y}."
    earlier = months.iloc[:-1][(size.iloc[:-1] >= this) if superlative == "largest"
                               else ((size.iloc[:-1] <= this) & (size.iloc[:-1] > 0))]
    note = f" {ms.BREAK_NOTE}" if ms.crosses_break(months["period_start"].iloc[0], month, claim.instrument or "") else ""
    if earlier.empty:
        return Verdict.accurate, f"{head} is the {superlative} {window} ({len(months) - 1} earlier months compared).{note}"
    top = earlier.iloc[(earlier["value"] * sign).argmax() if superlative == "largest"
                       else (earlier["value"] * sign).argmin()]
    return Verdict.inaccurate, (f"{head} is not the {superlative} {window}: {top['period_start']:%B %Y} had "
                                f"{yen(abs(top['value']))}.{note}")


def monthly_streak(claim: FlowClaim, count: int, ctx: Context, *, form: str = "straight") -> tuple[Verdict, str]:
    """"A third straight month" (``form="straight"``: the run ending with the claim's month has
    ``count`` months) or "the first net buying in 5 months" (``form="first_in"``)."""
    found = _month_of(claim, ctx)
    if not isinstance(found, _Month):
        return found
    series, frame, i, flows = found.series, found.frame, found.i, found.flows
    values = (frame["value"] * found.sign).tolist()
    month = frame["period_start"].iloc[i]
    if values[i] <= 0:
        return Verdict.wrong_direction, f"{series.name} show no {flows} in {series.what} in {month:%B %Y}."
    starts = list(frame["period_start"])
    if form == "first_in":
        lo = i - count + 1
        if lo < 0 or len(months_between(starts[lo], starts[i])) != count:
            return Verdict.unverifiable, f"The months compared are not all in {series.name} ({series.coverage})."
        before = [v > 0 for v in values[lo:i]]
        text = f"{series.name}: {flows} in {series.what} in {month:%B %Y}"
        if any(before):
            last = max(k for k in range(lo, i) if values[k] > 0)
            return Verdict.inaccurate, f"{text}, but also in {starts[last]:%B %Y}; the story says the first in {count}."
        return Verdict.accurate, f"{text}, the first in {count} months."
    run, j = 0, i
    while j >= 0 and values[j] > 0:
        if j < i and len(months_between(starts[j], starts[j + 1])) != 2:
            return Verdict.unverifiable, f"The run reaches months missing from {series.name} ({series.coverage})."
        run, j = run + 1, j - 1
    if j < 0:
        return Verdict.unverifiable, f"The run reaches the start of {series.name} for {series.what}."
    first = starts[i - run + 1]
    text = (f"{series.name} show {run} straight months of {flows} in {series.what}, {first:%B %Y} to {month:%B %Y} "
            f"({starts[j]:%B %Y} went the other way); the story says {count}.")
    return (Verdict.accurate if run == count else Verdict.inaccurate), text


def reconcile_monthly_history(claim, flow: FlowClaim | None, ctx: Context) -> bool:
    """Settle a record (``ComparisonClaim``, relation "record") or streak (``StreakClaim``)
    about a monthly flow on the monthly series; False (untouched) when the flow it qualifies is
    not one ``reconcile_monthly`` handles, so the weekly history reconciler keeps it.
    Windows in weeks are not months: "the most in 12 weeks" about a month is left alone."""
    from extractor.claims.model import ComparisonClaim, StreakClaim
    from extractor.reconcile.compare import settle
    from extractor.reconcile.monthly import handles

    if flow is None or not handles(flow):
        return False
    if isinstance(claim, StreakClaim):
        verdict, text = monthly_streak(flow, claim.count, ctx, form=claim.form)
    elif isinstance(claim, ComparisonClaim) and claim.relation == "record" and not claim.window_weeks:
        verdict, text = monthly_record(flow, ctx, superlative=claim.superlative or "largest", since=claim.since)
    else:
        return False
    settle(claim, verdict, text, flow.official)
    return True
