"""Flow claims against the MoF weekly table.

Weekly figures are looked up by the week's end; monthly, yearly and year-to-date figures are
summed from the weeks only when the weeks tile the period exactly — MoF weeks rarely line up
with months, and comparing a month with the wrong set of weeks would be a wrong verdict
dressed as a check, so those stay unverifiable with the reason.
"""

from __future__ import annotations

from datetime import date, timedelta

from extractor.claims.model import FlowClaim, Official, Verdict
from extractor.reconcile import weekly
from extractor.reconcile.compare import compare_amount, scale_slip, stated_precision
from extractor.reconcile.context import Context
from extractor.reconcile.weekly import INSTRUMENT_WORDS
from extractor.units import week, yen


def unverifiable(claim: FlowClaim, reason: str) -> FlowClaim:
    claim.verdict = Verdict.unverifiable
    claim.explanation = reason
    return claim


def weekly_data_cover(claim: FlowClaim) -> bool:
    """Whether the MoF weekly table can check this figure: not one country's securities (balance
    of payments), not one kind of investor (MoF by investor type), not one country's government
    debt. This is the one place that decides "weekly or not": figures it rejects go to the
    monthly/balance-of-payments reconciler where one is loaded, else stay unverifiable."""
    return (claim.country is None and claim.investor_type is None and claim.instrument != "sovereign_debt"
            and claim.data_source not in ("bop", "mof_by_investor"))


def not_weekly(claim: FlowClaim) -> FlowClaim:
    """The reason a figure outside the weekly table stays unverifiable: the monthly reconciler
    (``reconcile/monthly.py``) checks such figures by whole months and declined this one."""
    what = (f"securities of {claim.country} (balance-of-payments data by country)" if claim.country else
            f"one kind of investor ({claim.investor_type.replace('_', ' ')}; MoF data by investor type)"
            if claim.investor_type else "one country's government debt" if claim.instrument == "sovereign_debt"
            else "balance-of-payments data")
    return unverifiable(claim, f"The figure is about {what}, which the MoF weekly table does not break out; "
                               "those data are monthly and the story gives no month for it, so it is not checked.")


def reconcile_flow(claim: FlowClaim, ctx: Context) -> FlowClaim:
    if claim.data_source == "exchange":
        return unverifiable(claim, "The figure is attributed to stock-exchange (TSE/JPX investor-type) data, "
                                   "which the MoF weekly securities series does not measure.")
    if claim.market is None or claim.direction is None or claim.instrument is None:
        return unverifiable(claim, "The story does not say clearly enough who bought or sold which securities "
                                   "to match an official series.")
    if not weekly_data_cover(claim):
        return not_weekly(claim)
    if claim.instrument == "other":
        return unverifiable(claim, "MoF publishes no weekly series for this kind of security "
                                   "(only equities, long-term and short-term debt).")
    note = ""
    if claim.amount_jpy is None:
        converted = from_dollars(claim, ctx)
        if isinstance(converted, str):
            return unverifiable(claim, converted)
        note = converted
    if claim.period_end is None or claim.period_start is None:
        return unverifiable(claim, "The period of the figure could not be determined "
                                   "(no week or date in the text, or no publication date).")
    coverage = ctx.mof_coverage
    if claim.period_end > coverage.end:
        claim.verdict = Verdict.pending
        claim.explanation = (f"The MoF data loaded end with the week to {coverage.end.isoformat()}; "
                             f"the figure for {week(claim.period_start, claim.period_end)} is not yet in them.")
        return claim
    if claim.period_start < coverage.start:
        return unverifiable(claim, f"The MoF weekly series starts in {coverage.start.year}; "
                                   "the period is before it.")
    if claim.direction in ("gross_purchase", "gross_sale"):
        return _reconcile_gross(claim, ctx, note)
    note += _bonds_with_bills(claim, ctx)
    series = ctx.series(claim.market, claim.instrument)
    if claim.granularity == "week":
        row = ctx.week_row(claim.market, claim.instrument, claim.period_end)
        if row is None:
            return unverifiable(claim, f"No MoF week ends on {claim.period_end.isoformat()} "
                                       "(missing from the data loaded).")
        official, start, end, summed = float(row["value"]), row["period_start"], row["period_end"], 1
    elif claim.granularity == "ytd" and claim.period_end.weekday() == 5 and not _month_end(claim.period_end):
        # "so far this year" runs to the last published week; "the first eight months" ends with a
        # month and is a monthly figure, summed below only if weeks tile it
        # cumulative "so far this year/month": the weeks ending in the period, said so
        rows = series[(series["period_end"] >= claim.period_start) & (series["period_end"] <= claim.period_end)]
        if rows.empty:
            return unverifiable(claim, "No MoF week ends in that period.")
        official, start, end, summed = (float(rows["value"].sum()), rows["period_start"].iloc[0],
                                        rows["period_end"].iloc[-1], len(rows))
        note += (f" Cumulative figure: the sum of the {summed} MoF weeks from {start.isoformat()} to "
                 f"{end.isoformat()} (MoF weeks run Sunday–Saturday, so the first may start before the period).")
    else:
        rows = weekly.covering(series, claim.period_start, claim.period_end)
        if rows is None:
            return unverifiable(claim, f"MoF weeks (Sunday–Saturday) do not line up with "
                                       f"{week(claim.period_start, claim.period_end)}, and monthly MoF data "
                                       "are not loaded, so the figure cannot be checked exactly.")
        official, start, end, summed = float(rows["value"].sum()), claim.period_start, claim.period_end, len(rows)
    stated = claim.amount_jpy if claim.direction == "net_purchase" else -claim.amount_jpy
    precision = claim.amount_precision_jpy or 1e8
    verdict = compare_amount(stated, official, precision)
    claim.verdict = verdict
    claim.official = Official(series=weekly.series_id(claim.market, claim.instrument), value=official,
                              unit="JPY", period_start=start, period_end=end, vintage=ctx.mof_vintage)
    claim.explanation = _explain(claim, official, stated, summed, ctx) + note
    if claim.granularity == "week":
        _judge_at_publication(claim, stated, precision, official, ctx)
    return claim


def _month_end(day: date) -> bool:
    return (day + timedelta(days=1)).day == 1


def _reconcile_gross(claim: FlowClaim, ctx: Context, note: str) -> FlowClaim:
    """Gross buying or selling against MoF's acquisition or disposition column of the week —
    never against the net figure, which is their difference."""
    side = "acquisition" if claim.direction == "gross_purchase" else "disposition"
    series = weekly.gross_series(ctx.registry.mof.load().frame, claim.market, claim.instrument, side)
    if series is None:
        return unverifiable(claim, f"MoF publishes no gross {side} column for {INSTRUMENT_WORDS[claim.instrument]}.")
    if claim.granularity == "week":
        row = weekly.week_row(series, claim.period_end)
        rows = None if row is None else series[series["period_end"] == claim.period_end]
    else:
        rows = weekly.covering(series, claim.period_start, claim.period_end)
    if rows is None or rows.empty:
        return unverifiable(claim, f"No MoF weeks tile {week(claim.period_start, claim.period_end)} for a gross check.")
    official = float(rows["value"].sum())
    precision = claim.amount_precision_jpy or 1e8
    claim.verdict = compare_amount(claim.amount_jpy, official, precision)
    claim.official = Official(series=weekly.gross_series_id(claim.market, claim.instrument, side), value=official,
                              unit="JPY", period_start=rows["period_start"].iloc[0],
                              period_end=rows["period_end"].iloc[-1], vintage=ctx.mof_vintage)
    what = weekly.describe(claim.market, claim.instrument)  # type: ignore[arg-type]
    gross = "gross purchases (acquisitions)" if side == "acquisition" else "gross sales (dispositions)"
    head = (f"MoF data (vintage {ctx.mof_vintage}) show {gross} of {yen(official)} in {what} for "
            f"{week(claim.official.period_start, claim.official.period_end)}; the story says {yen(claim.amount_jpy)}")
    words = {Verdict.accurate: ", which matches.", Verdict.close: ", within the size of routine revisions."}
    claim.explanation = head + words.get(claim.verdict, f", {yen(abs(official - claim.amount_jpy))} off.") + note
    return claim


def _bonds_with_bills(claim: FlowClaim, ctx: Context) -> str:
    """Plain "bonds" or "foreign debt" in a story can mean debt securities as a whole: MoF's
    long-term column alone, or long-term plus bills. When the week's long-term figure does not
    match and long- plus short-term does, the story's word covered bills too (the annotation
    guide's rule); the instrument becomes ``debt`` and the explanation says so."""
    reading = claim.readings.get("instrument")
    words = (reading.words or "").lower() if reading else ""
    if (claim.granularity != "week" or claim.instrument != "long_term_debt" or not words
            or any(w in words for w in ("long", "medium", "super", "jgb", "note"))):
        return ""
    stated = claim.amount_jpy if claim.direction == "net_purchase" else -claim.amount_jpy
    precision = claim.amount_precision_jpy or 1e8
    good = (Verdict.accurate, Verdict.close)
    lt = ctx.values_by_week(claim.market, "long_term_debt").get(claim.period_end)
    both = ctx.values_by_week(claim.market, "debt").get(claim.period_end)
    if lt is None or both is None or compare_amount(stated, lt, precision) in good:
        return ""
    if compare_amount(stated, both, precision) not in good:
        return ""
    claim.instrument = "debt"
    return (f" The story's \"{reading.words}\" covers bills too: the figure matches long- and short-term debt "
            "together, not long-term debt alone.")


def _judge_at_publication(claim: FlowClaim, stated: float, precision: float, latest: float, ctx: Context) -> None:
    """When a vintage from just after the story is stored and the week has been revised since,
    the story is judged on what MoF had published then, and the revision is said."""
    vintage = ctx.publication_vintage()
    if vintage is None:
        return
    row = weekly.week_row(weekly.net_series(vintage.frame, claim.market, claim.instrument), claim.period_end)
    if row is None or float(row["value"]) == latest:
        return
    first = float(row["value"])
    claim.verdict = compare_amount(stated, first, precision)
    claim.official = Official(series=weekly.series_id(claim.market, claim.instrument), value=first, unit="JPY",
                              period_start=row["period_start"], period_end=row["period_end"],
                              vintage=vintage.vintage.label, values={"at_publication": first, "latest": latest})
    words = {Verdict.accurate: "accurate", Verdict.close: "close", Verdict.inaccurate: "inaccurate",
             Verdict.wrong_direction: "the wrong direction"}[claim.verdict]
    claim.explanation = (f"{words.capitalize()} at publication: MoF data as published on {vintage.vintage.label} "
                         f"showed {yen(abs(first))} for {week(claim.period_start, claim.period_end)} against the "
                         f"story's {yen(abs(stated))}; since revised to {yen(abs(latest))} "
                         f"(vintage {ctx.mof_vintage}).")


def from_dollars(claim: FlowClaim, ctx: Context) -> str:
    """Give a dollar-only figure a yen amount at DEXJPUS on the publication date, or say why not."""
    if claim.usd is None:
        return "The figure has no amount in yen or dollars."
    when = ctx.published
    fx = ctx.registry.fred["DEXJPUS"]
    if when is None:
        return "The figure is given only in dollars and there is no publication date for a conversion rate."
    if when > fx.coverage().end:
        return (f"The figure is given only in dollars; FRED DEXJPUS in the data loaded ends on "
                f"{fx.coverage().end.isoformat()}, before the publication date, so it cannot be converted.")
    found = fx.on_or_before(when)
    if found is None:
        return "No DEXJPUS rate before the publication date."
    rate_day, rate = found
    claim.amount_jpy = claim.usd * rate
    # "$2.4 billion" is stated to 0.1 billion dollars: that much uncertainty, in yen
    claim.amount_precision_jpy = stated_precision(claim.usd_text or "") * rate
    return (f" The story gives {claim.usd_text} only; flowcheck converted it at {rate:.2f} yen per dollar "
            f"(FRED DEXJPUS, {rate_day.isoformat()}) to compare.")


def _explain(claim: FlowClaim, official: float, stated: float, summed: int, ctx: Context) -> str:
    what = weekly.describe(claim.market, claim.instrument)  # type: ignore[arg-type]
    flow = "net purchases" if official > 0 else "net sales"
    basis = f" (sum of {summed} weeks)" if summed > 1 else ""
    head = (f"MoF data (vintage {ctx.mof_vintage}) show {flow} of {yen(abs(official))} in {what} for "
            f"{week(claim.official.period_start, claim.official.period_end)}{basis}")
    said = f"the story says {yen(abs(stated))} of {'net purchases' if stated > 0 else 'net sales'}"
    diff = abs(official - stated)
    share = diff / abs(official) * 100 if official else 0.0
    verdict = claim.verdict
    if verdict == Verdict.accurate:
        return f"{head}; {said}, which matches."
    if verdict == Verdict.close:
        return (f"{head}; {said}, {yen(diff)} ({share:.1f} %) off — within the size of routine revisions, "
                "so likely the first-published figure, since revised.")
    if verdict == Verdict.wrong_direction:
        return f"{head}; {said}: the data show the opposite direction."
    return f"{head}; {said}, {yen(diff)} ({share:.1f} %) off." + _scale_slip(claim)


def _scale_slip(claim: FlowClaim) -> str:
    """Say a 1,000× slip of the scale word (see ``compare.scale_slip``); the verdict stays."""
    meant = scale_slip(claim)
    if meant is None:
        return ""
    said = "billion" if meant == "trillion" else "trillion"
    return f" The figure is 1,000× off the data with the right digits: the story probably meant {meant}, not {said}."
