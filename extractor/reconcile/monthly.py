"""Flow claims about months, quarters, halves, years, by investor type or by country.

"Japanese investors sold a record 4.256 trillion yen of foreign bonds in April" is checked
against MoF's monthly table, "life insurers bought 1.2 trillion yen of foreign bonds last
month" against the by-investor table, "bought a net 3.81 trillion yen of U.S. bonds in
September, balance of payments data showed" against the balance of payments. The statistic the
story cites decides; when it disagrees and another statistic matches, the explanation says
which one matches (they are different measurements, and stories mix them), and the story is
not accused. Periods longer than a month are sums of whole months, and a calendar or fiscal
year is MoF's own year row. Verdict thresholds are the weekly reconciler's (``compare``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from extractor.claims.model import FlowClaim, Official, Verdict
from extractor.official.mof_monthly import month_end
from extractor.reconcile import monthly_series as ms
from extractor.reconcile.compare import compare_amount, settle
from extractor.reconcile.context import Context
from extractor.reconcile.flow_check import from_dollars
from extractor.units import yen

WEEKLY = ("week", "multi_week")
DISAGREE = (Verdict.inaccurate, Verdict.close, Verdict.wrong_direction)


@dataclass
class Check:
    verdict: Verdict
    text: str
    official: Official | None = None
    series: ms.Series | None = None


def handles(claim: FlowClaim) -> bool:
    """Weekly claims with no country or investor type stay with the weekly reconciler, and so
    do figures from the weekly data that do not end with a month ("so far this year, through
    the week ended May 10"): whole months would be another period."""
    if claim.country or claim.investor_type:
        return True
    if claim.granularity is None or claim.granularity in WEEKLY or claim.granularity == "other":
        return False
    ends_a_month = claim.period_end is not None and claim.period_end == month_end(claim.period_end)
    return ends_a_month or claim.data_source in ("mof_monthly", "bop")


def cited_statistic(claim: FlowClaim) -> str:
    """By country → balance of payments; by investor type → monthb; else what the story
    cites, and montha1 when it cites none."""
    if claim.country:
        return "bop"
    if claim.investor_type:
        return "mof_by_investor"
    return claim.data_source if claim.data_source in ("bop", "mof_by_investor") else "mof_monthly"


def alternatives(claim: FlowClaim, cited: str) -> list[tuple[str, ms.Scope]]:
    """Other readings of the same figure, tried when the cited one disagrees: the other
    statistic for all-investor totals (montha1 ↔ balance of payments); "bonds" of a country as
    government bonds or all long-term debt; the other MoF category an investor type may mean."""
    scope = scope_of(claim)
    if claim.country:
        # a country's "bonds" may be its government bonds, all its long-term debt, or its
        # long- and short-term debt together (a story's "U.S. bonds" often is the latter)
        # (or, for government bonds, the long-term ones only: table IV splits them by maturity)
        others = {"sovereign_debt": (ms.SOVEREIGN_LONG, "long_term_debt", "debt"),
                  "long_term_debt": ("sovereign_debt", ms.SOVEREIGN_LONG, "debt")}.get(scope.instrument, ())
        return [("bop", replace(scope, instrument=other)) for other in others]
    if claim.investor_type:
        also = ms.also_category(claim.investor_type)
        return [("mof_by_investor", replace(scope, category=also))] if also else []
    return [(s, scope) for s in ("mof_monthly", "bop") if s != cited]


def scope_of(claim: FlowClaim) -> ms.Scope:
    return ms.Scope(claim.market or "", claim.instrument or "", claim.direction or "", claim.country,
                    claim.investor_type)


def reconcile_monthly(claim: FlowClaim, ctx: Context) -> bool:
    """Check a monthly, multi-month, by-investor or by-country flow claim; False (claim
    untouched) for a weekly one."""
    if not handles(claim):
        return False
    if claim.market is None or claim.direction is None or claim.instrument in (None, "other"):
        settle(claim, Verdict.unverifiable, "The story does not say clearly enough who bought or sold which "
                                            "securities to match an official series.")
        return True
    note = ""
    if claim.amount_jpy is None:
        converted = from_dollars(claim, ctx)
        if not converted.startswith(" "):
            settle(claim, Verdict.unverifiable, converted)
            return True
        note = converted
    if claim.period_start is None or claim.period_end is None:
        settle(claim, Verdict.unverifiable, "The period of the figure could not be determined.")
        return True
    cited = cited_statistic(claim)
    result = check(claim, cited, scope_of(claim), ctx)
    if result.verdict in DISAGREE:
        for statistic, scope in alternatives(claim, cited):
            found = check(claim, statistic, scope, ctx)
            if found.verdict == Verdict.accurate:
                result = Check(Verdict.accurate, f"{found.text} The story's figure is this one; "
                                                 f"{_lower_first(result.text)}", found.official, found.series)
                break
    if result.verdict in (Verdict.inaccurate, Verdict.wrong_direction):
        supplied = unstated_readings(claim)
        if supplied:
            result = Check(Verdict.unverifiable, f"{result.text} But the story does not state the {supplied} "
                                                 "(flowcheck supplied it), so this is not held against it.",
                           result.official, result.series)
    settle(claim, result.verdict, result.text + note, result.official)
    return True


def unstated_readings(claim: FlowClaim) -> str:
    """The fields an accusation would rest on that the text did not state ('period, direction')."""
    return ", ".join(name for name in ("period", "direction", "market", "instrument")
                     if (reading := claim.readings.get(name)) is not None and reading.how in ("defaulted", "inferred"))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def stated_value(claim: FlowClaim) -> float:
    """Signed for net directions (+ purchase), positive for gross ones."""
    amount = claim.amount_jpy or 0.0
    return -amount if claim.direction == "net_sale" else amount


def period_words(start: date, end: date) -> str:
    if start.day == 1 and end == month_end(start):
        return f"{start:%B %Y}"
    if start.year == end.year:
        return f"{start:%B}–{end:%B %Y}"
    return f"{start:%B %Y}–{end:%B %Y}"


def months_between(start: date, end: date) -> list[date]:
    out, current = [], date(start.year, start.month, 1)
    while current <= end:
        out.append(current)
        current = date(current.year + current.month // 12, current.month % 12 + 1, 1)
    return out


def check(claim: FlowClaim, statistic: str, scope: ms.Scope, ctx: Context) -> Check:
    """One statistic's verdict on the claim read as ``scope`` (or why it has none)."""
    series = ms.series(statistic, scope, ctx)
    if isinstance(series, str):
        return Check(Verdict.unverifiable, series)
    start, end = claim.period_start, claim.period_end
    note = ""
    if claim.granularity == "ytd" and end != month_end(end) and date(end.year, end.month, 1) > start:
        end = date(end.year, end.month, 1) - timedelta(days=1)  # "so far this year": the months published
        note = f" Year-to-date: the whole months to {end:%B %Y}."
    if start.day != 1 or end != month_end(end) or end < start:
        return Check(Verdict.unverifiable, f"{period_words(start, end)} is not a run of whole months, which is "
                                           f"what {series.name} give.")
    wanted = months_between(start, end)
    frame = series.frame
    if end > series.end:
        return Check(Verdict.pending, f"{series.name} loaded end with {series.end:%B %Y}; {period_words(start, end)} "
                                      "is not yet in them.")
    rows = frame[frame["period_start"].isin(wanted)]
    if len(rows) != len(wanted):
        return Check(Verdict.unverifiable, f"{period_words(start, end)} is outside the coverage of {series.name} "
                                           f"for {series.what}: {series.coverage}.")
    official, basis = float(rows["value"].sum()), f" (sum of {len(wanted)} months)" if len(wanted) > 1 else ""
    year_row = _year_row(scope, statistic, ctx, start, end)
    if year_row is not None:
        kind, value = year_row
        if abs(value - official) >= 1:
            basis = f" (MoF's own {kind} row; its months sum to {yen(abs(official))})"
        else:
            basis = f" (MoF's own {kind} row, equal to the sum of its months)"
        official = value
    stated = stated_value(claim)
    verdict = compare_amount(stated, official, claim.amount_precision_jpy or 1e8)
    record = Official(series=series.series_id, value=official, unit="JPY", period_start=start, period_end=end,
                      vintage=series.vintage)
    text = _explain(series, verdict, official, stated, period_words(start, end) + basis, claim) + note
    if ms.crosses_break(start, end, claim.instrument or ""):
        text += " " + ms.BREAK_NOTE
    return Check(verdict, text, record, series)


def _year_row(scope: ms.Scope, statistic: str, ctx: Context, start: date, end: date) -> tuple[str, float] | None:
    """montha1's calendar- or fiscal-year row for exactly this period, in yen."""
    if statistic != "mof_monthly" or (end.year * 12 + end.month) - (start.year * 12 + start.month) != 11:
        return None
    years = ctx.registry.mof_monthly.years()
    row = years[(years["period_start"] == start) & (years["period_end"] == end)]
    if row.empty:
        return None
    measure = ms.MEASURES[scope.direction]
    cols = ([f"{scope.market}.total.net"] if measure == "net" and scope.instrument == "total"
            else [f"{scope.market}.{p}.{measure}" for p in ms.PARTS[scope.instrument]])
    kind = "calendar-year" if row["kind"].iloc[0] == "CY" else "fiscal-year"
    return kind, float(row[cols].sum(axis=1).iloc[0]) * 1e8


def _flow_words(value: float, direction: str) -> str:
    if direction == "gross_purchase":
        return "gross purchases"
    if direction == "gross_sale":
        return "gross sales"
    return "net purchases" if value > 0 else "net sales"


def _explain(series: ms.Series, verdict: Verdict, official: float, stated: float, period: str,
             claim: FlowClaim) -> str:
    head = (f"{series.name} (vintage {series.vintage}) show {_flow_words(official, claim.direction)} of "
            f"{yen(abs(official))} in {series.what} for {period}")
    if series.notes:
        head += f" ({'; '.join(series.notes)})"
    said = f"the story says {yen(abs(stated))} of {_flow_words(stated, claim.direction)}"
    diff = abs(official - stated)
    share = diff / abs(official) * 100 if official else 0.0
    if verdict == Verdict.accurate:
        return f"{head}; {said}, which matches."
    if verdict == Verdict.close:
        return f"{head}; {said}, {yen(diff)} ({share:.1f} %) off — within the size of routine revisions."
    if verdict == Verdict.wrong_direction:
        return f"{head}; {said}: the data show the opposite direction."
    return f"{head}; {said}, {yen(diff)} ({share:.1f} %) off."
