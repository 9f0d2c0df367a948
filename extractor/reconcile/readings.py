"""The data choose among the readings the text allows (issue 19).

A figure is first checked as the reader read it (the primary reading). When that does not match,
every other reading the text allows is checked: the periods named in its sentence and in the
headline, the release the story is about (the newest MoF week or month published before it, and
the one before), the cumulative spans the text names, and what the words allow for securities
and direction. A reading is adopted only when the stated figure rounds to the official one at
the precision stated (the ``accurate`` rule): with a looser tolerance every real error would
find an excuse. When readings tie, the one named closest to the figure wins (sentence, then
headline, then the release in view, then spans and words).

The release in view also decides whether a period that was carried or defaulted can support an
accusation: only the story's own release can (``period_pinned``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from itertools import product

from extractor import calendar as mcal
from extractor.claims.model import Candidate, FlowClaim, Reading, Verdict
from extractor.units import yen

_ORDER = {"sentence": 0, "headline": 1, "release": 2, "cumulative": 3, "words": 4}
_WHERE = {"sentence": "a period its sentence names", "headline": "the period in the headline",
          "release": "the release the story is about", "cumulative": "a cumulative span the text names",
          "words": "what the words allow"}
SETTLED = (Verdict.accurate, Verdict.close, Verdict.pending)
MONTHLY_GRANULARITIES = ("month", "multi_month", "quarter", "half_year", "year", "fiscal_year", "ytd")


def _monthly(claim: FlowClaim) -> bool:
    return (claim.granularity in MONTHLY_GRANULARITIES or claim.country is not None
            or claim.investor_type is not None or claim.data_source in ("mof_monthly", "bop", "mof_by_investor"))


def releases_in_view(claim: FlowClaim, published: date | None) -> list[tuple[date, date]]:
    """The periods of the releases a story dated ``published`` is about, at the claim's own
    granularity: MoF weeks for weekly figures, months for monthly, by-investor and by-country
    ones (by-country tables come a month later)."""
    if not _plausible(published):
        return []
    if _monthly(claim):
        lag = mcal.BOP_LAG_MONTHS if claim.country or claim.data_source == "bop" else 0
        return mcal.released_months(published, lag_months=lag)
    return mcal.released_weeks(published)


def _plausible(published: date | None) -> bool:
    """A publication date official statistics can be about (a page's metadata may say year 1)."""
    return published is not None and 1900 <= published.year <= 2100


def period_pinned(claim: FlowClaim, published: date | None) -> bool:
    """A period supports an accusation when the text states it in the figure's clause, or when
    it was carried from the release the story is about — never when it was carried from a side
    mention ("… following 3.7 trillion yen in April") or defaulted."""
    reading = claim.readings.get("period")
    if reading is None or claim.period_start is None:
        return False
    if reading.how == "stated":
        return True
    current = releases_in_view(claim, published)[:1]  # the story's own release, not the one before it
    return reading.how == "carried" and (claim.period_start, claim.period_end) in current


def _release_candidates(claim: FlowClaim, published: date | None) -> list[Candidate]:
    """The releases in view at the claim's granularity; both weeks and months when the text
    gave the figure no period at all."""
    if not _plausible(published):
        return []
    if claim.period_start is None and claim.country is None and claim.investor_type is None:
        spans = [(s, e, "week") for s, e in mcal.released_weeks(published)] + [
            (s, e, "month") for s, e in mcal.released_months(published)]
    else:
        kind = "month" if _monthly(claim) else "week"
        spans = [(s, e, kind) for s, e in releases_in_view(claim, published)]
    return [Candidate(how="release", words=f"the {kind} released before the story", period_start=start,
                      period_end=end, granularity=kind)  # type: ignore[arg-type]
            for start, end, kind in spans if (start, end) != (claim.period_start, claim.period_end)]


def _close_open_spans(claim: FlowClaim, candidates: list[Candidate], published: date | None) -> list[Candidate]:
    """"Since January" runs to the release in view, weekly or monthly (the words do not say which
    statistic): one candidate per release, whole months or whole MoF weeks."""
    out: list[Candidate] = []
    ends = (mcal.released_weeks(published) + mcal.released_months(published)) if _plausible(published) else []
    for c in candidates:
        if c.period_start is None or c.period_end is not None:
            out.append(c)
            continue
        for start, end in ends:
            if end <= c.period_start:
                continue
            if start.day == 1 and end == mcal.month_range(end.year, end.month)[1]:
                span_start = c.period_start.replace(day=1)
                if c.period_start.day > 1:  # "since mid-November": the whole months after it, or with it
                    out.append(c.model_copy(update={"period_start": span_start, "period_end": end,
                                                    "granularity": "multi_month"}))
                    span_start = date(*mcal.add_months(span_start.year, span_start.month, 1), 1)
                out.append(c.model_copy(update={"period_start": span_start, "period_end": end,
                                                "granularity": "multi_month"}))
            else:
                first = mcal.week_containing(c.period_start)[0]
                out.append(c.model_copy(update={"period_start": first, "period_end": end,
                                                "granularity": "multi_week"}))
    return [c for c in out if c.period_end is None or c.period_start is None or c.period_start <= c.period_end]


def candidates(claim: FlowClaim, published: date | None) -> list[Candidate]:
    """Every reading to try, closest first: period readings crossed with the words' readings."""
    named = _close_open_spans(claim, list(claim.candidates), published) + _release_candidates(claim, published)
    periods = sorted((c for c in named if c.period_start is not None), key=lambda c: _ORDER[c.how])
    words = [c for c in named if c.period_start is None]
    seen: set[tuple] = set()
    out: list[Candidate] = []
    for period, word in product([None, *periods], [None, *words]):
        if period is None and word is None:
            continue
        merged = Candidate(how=(period or word).how, words=_join(period, word),  # type: ignore[union-attr]
                           period_start=period.period_start if period else None,
                           period_end=period.period_end if period else None,
                           granularity=period.granularity if period else None,
                           instrument=word.instrument if word else None, direction=word.direction if word else None)
        key = (merged.period_start, merged.period_end, merged.instrument, merged.direction)
        if key not in seen:
            seen.add(key)
            out.append(merged)
    return out


def _join(period: Candidate | None, word: Candidate | None) -> str:
    return " + ".join(f'"{c.words}"' for c in (period, word) if c is not None and c.words)


def variant(claim: FlowClaim, c: Candidate) -> FlowClaim:
    """The claim read as ``c``, unchecked."""
    other = claim.model_copy(deep=True)
    other.verdict = other.official = other.explanation = None
    if c.period_start is not None:
        other.period_start, other.period_end = c.period_start, c.period_end
        other.granularity = c.granularity or other.granularity
        other.readings["period"] = Reading(how="stated" if c.how != "release" else "carried", words=c.words)
    if c.instrument is not None:
        other.instrument = c.instrument
    if c.direction is not None:
        other.direction = c.direction
    return other


def describe(claim: FlowClaim, c: Candidate) -> str:
    parts = []
    if c.period_start is not None:
        parts.append(f"{_WHERE[c.how]}{f' ({c.words})' if c.words else ''}")
    if c.instrument is not None:
        parts.append({"debt": "bonds as long- and short-term debt together", "long_term_debt": "long-term debt alone",
                      "total": "all securities together"}.get(c.instrument, c.instrument))
    if c.direction is not None:
        parts.append("a gross figure (purchases or sales before netting)")
    return ", ".join(parts)


def let_the_data_choose(claim: FlowClaim, published: date | None, check: Callable[[FlowClaim], FlowClaim]) -> None:
    """When the primary reading is not ``accurate``/``close``, adopt the first other reading the
    text allows that matches exactly; record the ones that do not (``readings_rejected``)."""
    if claim.verdict in SETTLED or claim.amount_text is None:
        return
    if claim.data_source in ("exchange", "other") or claim.market in (None, "domestic") or claim.direction is None:
        return  # no reading of the words makes these a MoF figure: exchange or JSDA data, a domestic flow
    rejected: list[str] = []
    for c in candidates(claim, published):
        other = check(variant(claim, c))
        if other.verdict == Verdict.accurate:
            why = describe(claim, c)
            for name in FlowClaim.model_fields:
                if name not in ("candidates", "readings_rejected"):
                    setattr(claim, name, getattr(other, name))
            claim.reading_chosen = why
            claim.explanation = (f"{other.explanation} The figure is read as {why}: the text allows that reading and "
                                 f"the data match it exactly, while flowcheck's first reading did not.")
            claim.readings_rejected = rejected
            return
        if other.verdict in (Verdict.close, Verdict.inaccurate, Verdict.wrong_direction) and other.official is not None:
            value = other.official.value
            shown = "no figure" if value is None else f"{'net sales of ' if value < 0 else ''}{yen(abs(value))}"
            rejected.append(f"{describe(claim, c)}: {other.verdict.value} (official {shown})")
    claim.readings_rejected = rejected
