"""Dating an undated clipping by matching its flow figures to the MoF series.

When the text pins the week's day and month ("the week ended April 20") only the year is
unknown: the year whose data match most of the article's figures is applied, and the article
says the date was inferred. When the text pins nothing ("last week"), the best-matching weeks
are only *proposed*: checking figures against the week chosen because those same figures
match it would be circular, so the claims stay unverifiable until a date is given.
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.claims.model import DateCandidate, Reading, Verdict
from extractor.reconcile import weekly
from extractor.reconcile.compare import compare_amount
from extractor.reconcile.context import Context

GOOD = (Verdict.accurate, Verdict.close)
SHIFT = {"previous_week": -1, "week_before": -2}


def _checkable(doc: Doc):
    for flow in doc._.fc_flows or []:
        amount = flow.amount
        if flow.market in weekly.MARKETS and flow.direction and flow.instrument in weekly.COLUMNS \
                and amount.currency == "JPY":
            signed = abs(amount.value) * (1 if flow.direction == "net_purchase" else -1)
            yield flow, signed, amount.precision


def _matches(ctx: Context, flow, signed: float, precision: float, week_end: date) -> bool:
    value = ctx.values_by_week(flow.market, flow.instrument).get(week_end)
    return value is not None and compare_amount(signed, value, precision) in GOOD


def candidates(doc: Doc, ctx: Context, *, top: int = 3) -> list[DateCandidate]:
    flows = list(_checkable(doc))
    if not flows:
        return []
    pinned = [(f, s, p) for f, s, p in flows if f.period and f.period.month and f.period.day
              and not f.period.year_stated and f.period.label in ("week_ended", "week_range", "table_week")]
    relative = [(f, s, p) for f, s, p in flows if f.period and f.period.label in SHIFT]
    coverage = ctx.mof_coverage
    found: list[DateCandidate] = []
    if pinned:
        for year in range(coverage.start.year, coverage.end.year + 1):
            weeks = []
            for flow, _signed, _precision in pinned:
                try:
                    weeks.append(mcal.week_containing(date(year, flow.period.month, flow.period.day)))
                except ValueError:
                    weeks.append(None)
            score = sum(1 for (f, s, p), w in zip(pinned, weeks, strict=True) if w and _matches(ctx, f, s, p, w[1]))
            anchor = weeks[0]
            if anchor:  # "… the previous week" counts against the week the text pins
                score += sum(1 for f, s, p in relative
                             if _matches(ctx, f, s, p, mcal.shift_week(anchor, SHIFT[f.period.label])[1]))
            if score:
                latest = max(w for w in weeks if w)
                found.append(DateCandidate(published=mcal.release_date(latest[1]), week_start=latest[0],
                                           week_end=latest[1], matched=score, of=len(pinned) + len(relative),
                                           applied=False))
    else:
        ends = list(ctx.series("outward", "equity")["period_end"])
        for end in ends:
            week = mcal.week_containing(end)
            score = 0
            for flow, signed, precision in flows:
                shift = SHIFT.get(flow.period.label, 0) if flow.period else 0
                if _matches(ctx, flow, signed, precision, mcal.shift_week(week, shift)[1]):
                    score += 1
            if score >= 2:
                found.append(DateCandidate(published=mcal.release_date(end), week_start=week[0], week_end=end,
                                           matched=score, of=len(flows), applied=False))
    found.sort(key=lambda c: (-c.matched, c.week_end))
    found = found[:top]
    if pinned and found and decisive(found):
        found[0].applied = True
    return found


def decisive(found: list[DateCandidate]) -> bool:
    """Apply an inferred year only on decisive evidence: at least two independent figures match,
    most of the checkable figures do, and the best year has at least twice the matches of the next.
    One figure of two matching (which dated a 2024 clipping to 2019) is not enough."""
    best = found[0]
    ahead = len(found) == 1 or best.matched >= 2 * found[1].matched
    return best.matched >= 2 and best.matched * 5 >= best.of * 3 and ahead


def mark_inferred(claims: list) -> None:
    """On an inferred publication date, a period whose year the text does not state rests on the
    inference: its reading becomes ``inferred``, and no accusation may rest on it."""
    for claim in claims:
        reading = getattr(claim, "readings", {}).get("period")
        if reading is None or reading.how not in ("stated", "carried", "defaulted"):
            continue
        if re.search(r"\b(?:19|20)\d{2}\b", reading.words or ""):
            continue
        claim.readings["period"] = Reading(how="inferred", words=f"{reading.words or 'the current week'}; the year "
                                                                 "comes from the inferred publication date")
