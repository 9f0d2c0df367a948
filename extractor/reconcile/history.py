"""Claims about a series' history: streaks ("a sixth straight week"), ratios between two
weeks ("more than double the previous week") and records ("the biggest since January 2005").

All are computed on the MoF weekly series of the flow they qualify. A run that reaches a
missing week cannot be counted, so it is unverifiable rather than guessed.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd

from extractor.claims.model import ComparisonClaim, FlowClaim, Official, StreakClaim, Verdict
from extractor.reconcile import weekly
from extractor.reconcile.compare import settle
from extractor.reconcile.context import Context
from extractor.units import day, week, yen


def _target(claim, ctx: Context) -> tuple[pd.DataFrame, int] | str:
    """The series and the row index of the claim's week, or the reason it can't be checked."""
    if claim.market is None or claim.instrument in (None, "other") or claim.direction is None:
        return "The flow this qualifies has no official series (market, securities or direction unclear)."
    if claim.market not in ("outward", "inward"):
        return "The flow this qualifies is not a cross-border one, which is all the MoF weekly table counts."
    if claim.instrument not in weekly.COLUMNS:
        return ("The flow this qualifies is one country's or one kind of securities, which the MoF weekly table "
                "does not break out.")
    if getattr(claim, "unit", "week") == "month":
        return "A run of months is counted on monthly data, which are not loaded."
    if claim.period_end is None:
        return "The week this refers to could not be determined."
    if claim.period_end.weekday() != 5:  # MoF weeks end on Saturdays; a month's end is not one
        return "The figure this qualifies is not a MoF week, so the weekly series cannot rank it."
    if claim.period_end > ctx.mof_coverage.end:
        return "pending"
    series = ctx.series(claim.market, claim.instrument)
    idx = series.index[series["period_end"] == claim.period_end]
    if len(idx) == 0:
        return f"No MoF week ends on {claim.period_end.isoformat()}."
    return series, int(idx[0])


def _contiguous(series: pd.DataFrame, a: int, b: int) -> bool:
    ends = list(series["period_end"].iloc[a : b + 1])
    return all((y - x) == timedelta(days=7) for x, y in zip(ends, ends[1:], strict=False))



def _pending(claim, ctx: Context):
    return settle(claim, Verdict.pending, f"MoF data loaded end with the week to {ctx.mof_coverage.end.isoformat()}.")


def reconcile_streak(claim: StreakClaim, ctx: Context) -> StreakClaim:
    target = _target(claim, ctx)
    if target == "pending":
        return _pending(claim, ctx)
    if isinstance(target, str):
        return settle(claim, Verdict.unverifiable, target)
    series, i = target
    sign = 1 if claim.direction == "net_purchase" else -1
    values = series["value"].tolist()
    what = weekly.describe(claim.market, claim.instrument)  # type: ignore[arg-type]
    flows = "net purchases" if sign > 0 else "net sales"
    if claim.form == "straight":
        run, j = 0, i
        while j >= 0 and values[j] * sign > 0:
            if j < i and not _contiguous(series, j, j + 1):
                return settle(claim, Verdict.unverifiable, "The run reaches a week missing from the MoF data.")
            run, j = run + 1, j - 1
        if j < 0:
            return settle(claim, Verdict.unverifiable, "The run reaches the start of the MoF series.")
        first = series.iloc[i - run + 1] if run else series.iloc[i]
        official = Official(series=weekly.series_id(claim.market, claim.instrument), value=run, unit="weeks",
                            period_start=first["period_start"], period_end=claim.period_end, vintage=ctx.mof_vintage)
        if run == 0:
            return settle(claim, Verdict.wrong_direction,
                        f"MoF data show no {flows} in {what} in the week to {day(claim.period_end)}.", official)
        broke = series.iloc[j]
        text = (f"MoF data show {run} straight weeks of {flows} in {what}, from the week ending "
                f"{day(first['period_end'])} to {day(claim.period_end)} (the week to {day(broke['period_end'])} "
                f"went the other way); the story says {claim.count}.")
        return settle(claim, Verdict.accurate if run == claim.count else Verdict.inaccurate, text, official)
    # first_in: this week in the direction, the previous count-1 weeks all the other way
    if values[i] * sign <= 0:
        return settle(claim, Verdict.wrong_direction, f"MoF data show no {flows} in {what} that week.")
    lo = i - (claim.count - 1)
    if lo < 0 or not _contiguous(series, lo, i):
        return settle(claim, Verdict.unverifiable, "The window reaches weeks missing from the MoF data.")
    before = [v * sign > 0 for v in values[lo:i]]
    last_same = next((k for k in range(i - 1, -1, -1) if values[k] * sign > 0), None)
    gap = i - last_same if last_same is not None else None
    official = Official(series=weekly.series_id(claim.market, claim.instrument), value=gap, unit="weeks",
                        period_end=claim.period_end, vintage=ctx.mof_vintage)
    text = (f"MoF data: the previous week with {flows} in {what} was "
            f"{gap} weeks earlier" if gap else f"MoF data show no earlier week with {flows} in {what}")
    return settle(claim, Verdict.inaccurate if any(before) else Verdict.accurate,
                text + f"; the story says the first in {claim.count} weeks.", official)


def reconcile_comparison(claim: ComparisonClaim, ctx: Context, flows: dict[str, FlowClaim]) -> ComparisonClaim:
    if claim.relation == "ratio":
        return _ratio(claim, ctx, flows)
    return _record(claim, ctx)


def _ratio(claim: ComparisonClaim, ctx: Context, flows: dict[str, FlowClaim]) -> ComparisonClaim:
    pair = [flows.get(r) for r in claim.related[:2]]
    if len(pair) < 2 or any(f is None or f.official is None or f.official.value is None for f in pair):
        return settle(claim, Verdict.unverifiable, "One of the two figures compared has no official value.")
    a, b = (abs(f.official.value) for f in pair)  # type: ignore[union-attr]
    if b == 0:
        return settle(claim, Verdict.unverifiable, "The figure compared with is zero in the official data.")
    ratio = a / b
    factor = claim.factor or 1.0
    ok = {"more_than": ratio > factor, "less_than": ratio < factor}.get(
        claim.operator, abs(ratio - factor) <= 0.1 * factor)
    first, second = pair
    text = (f"MoF data: {yen(a)} ({week(first.official.period_start, first.official.period_end)}) is "
            f"{ratio:.2f} times {yen(b)} ({week(second.official.period_start, second.official.period_end)}); "
            f"the story says {claim.mention}.")
    official = Official(series=first.official.series, value=round(ratio, 4), unit="ratio",
                        period_end=first.official.period_end, vintage=ctx.mof_vintage,
                        values={"this": a, "other": b})
    return settle(claim, Verdict.accurate if ok else Verdict.inaccurate, text, official)


def _record(claim: ComparisonClaim, ctx: Context) -> ComparisonClaim:
    target = _target(claim, ctx)
    if target == "pending":
        return _pending(claim, ctx)
    if isinstance(target, str):
        return settle(claim, Verdict.unverifiable, target)
    series, i = target
    sign = 1 if claim.direction == "net_purchase" else -1
    size = series["value"] * sign  # larger = more of the stated direction
    if claim.since is not None:
        lo = int((series["period_end"] < claim.since).sum())
        window_text = f"of the weeks from {day(claim.since)}"
        if claim.since < ctx.mof_coverage.start:
            return settle(claim, Verdict.unverifiable, "The comparison reaches before the MoF weekly series starts.")
        if lo > i:  # "the biggest since 2015" about a week of 2013: no week to compare it with
            return settle(claim, Verdict.unverifiable, f"The comparison starts on {day(claim.since)}, after the week "
                          f"it is about (to {day(claim.period_end)}): the story's date or period does not fit it.")
    else:
        lo = i - (claim.window_weeks or 52) + 1
        window_text = f"in the last {claim.window_weeks} weeks"
        if lo < 0:
            return settle(claim, Verdict.unverifiable, "The comparison reaches before the MoF weekly series starts.")
    if not _contiguous(series, lo, i):
        return settle(claim, Verdict.unverifiable, "The comparison window has weeks missing from the MoF data.")
    others = size.iloc[lo:i]
    this = size.iloc[i]
    what = weekly.describe(claim.market, claim.instrument)  # type: ignore[arg-type]
    if this <= 0:  # "the smallest purchase in four weeks" about a week of net selling
        flows = "net purchases" if sign > 0 else "net sales"
        return settle(claim, Verdict.wrong_direction,
                    f"MoF data show no {flows} in {what} in the week to {day(claim.period_end)}, so it cannot be "
                    f"a record of them.")
    if claim.superlative == "largest":
        beaten = series.iloc[lo:i][others >= this]
    else:
        beaten = series.iloc[lo:i][(others <= this) & (others > 0)]
    ok = beaten.empty
    text = f"MoF data: {yen(abs(series['value'].iloc[i]))} in {what} in the week to {day(claim.period_end)}"
    if ok:
        text += f" is the {claim.superlative} {window_text} ({i - lo} earlier weeks compared)."
    else:
        top = beaten.iloc[(beaten['value'] * sign).argmax() if claim.superlative == 'largest' else
                          (beaten['value'] * sign).argmin()]
        text += (f" is not the {claim.superlative} {window_text}: the week to {day(top['period_end'])} had "
                 f"{yen(abs(top['value']))}.")
    official = Official(series=weekly.series_id(claim.market, claim.instrument), value=float(series["value"].iloc[i]),
                        unit="JPY", period_end=claim.period_end, vintage=ctx.mof_vintage)
    return settle(claim, Verdict.accurate if ok else Verdict.inaccurate, text, official)
