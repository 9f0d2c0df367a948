"""Score forecast extraction against the gold ``forecasts`` lists.

The gold marks every forward-looking statement a careful reader finds; newer files say which
statistic could settle it (``resolvable_with``). Three figures, as issue 12 defines them:

- **recall** over the gold forecasts that official data can settle (``resolvable_with`` in
  mof_weekly, mof_monthly, mof_by_investor, bop): found when a flowcheck forecast's sentence
  overlaps the gold quote *and* its deadline is within 3 days of the gold deadline (both none
  also agrees: "no deadline" is a reading too);
- **deadline agreement** among the overlapped ones (so a miss says whether it was the window);
- **precision**: flowcheck forecasts whose sentence overlaps some gold forecast (any kind), over
  all flowcheck forecasts — a forecast the gold does not mark is a false hit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from extractor.claims.model import ForecastClaim
from extractor.evaluate_split import HALVES, half_of

RESOLVABLE = ("mof_weekly", "mof_monthly", "mof_by_investor", "bop")
DEADLINE_TOLERANCE_DAYS = 3


@dataclass
class ForecastScore:
    slug: str
    resolvable: int = 0
    found: int = 0  # overlapped and deadline agrees
    overlapped: int = 0
    deadline_agree: int = 0
    flowcheck: int = 0
    flowcheck_overlapping: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)


def _span(text: str, quote: str) -> tuple[int, int] | None:
    """Where the gold quote stands in the text; spacing-tolerant, since quotes were copied from
    pages whose line breaks differ."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    pattern = r"\s+".join(re.escape(w) for w in quote.split())
    match = re.search(pattern, text) if pattern else None
    return (match.start(), match.end()) if match else None


def _deadline_agrees(mine: date | None, gold: str | None) -> bool:
    if mine is None or gold is None:
        return mine is None and gold is None
    return abs((mine - date.fromisoformat(gold)).days) <= DEADLINE_TOLERANCE_DAYS


def _stated(claim: ForecastClaim) -> date | None:
    """The deadline the text gives: a default window's end is flowcheck's, not the story's."""
    return claim.deadline if claim.window_basis == "stated" else None


def score_forecasts(slug: str, text: str, forecasts: list[ForecastClaim], gold: list[dict]) -> ForecastScore:
    score = ForecastScore(slug, flowcheck=len(forecasts))
    spans = [_span(text, g.get("quote", "")) for g in gold]

    def overlaps(claim: ForecastClaim, span: tuple[int, int] | None) -> bool:
        return span is not None and claim.char_start < span[1] and span[0] < claim.char_end

    for claim in forecasts:
        if any(overlaps(claim, s) for s in spans):
            score.flowcheck_overlapping += 1
        else:
            score.false_hits.append(f"{claim.direction} {claim.market} {claim.instrument} by {_stated(claim)} | "
                                    f"{claim.text[:140]}")
    for g, span in zip(gold, spans, strict=True):
        if g.get("resolvable_with") not in RESOLVABLE:
            continue
        score.resolvable += 1
        hits = [c for c in forecasts if overlaps(c, span)]
        agreeing = [c for c in hits if _deadline_agrees(_stated(c), g.get("deadline"))]
        score.overlapped += bool(hits)
        score.deadline_agree += bool(agreeing)
        if agreeing:
            score.found += 1
        else:
            why = f"deadline {_stated(hits[0])} (gold {g.get('deadline')})" if hits else "not found"
            score.misses.append(f"{why} | {g.get('quote', '')[:140]}")
    return score


def totals(scores: list[ForecastScore]) -> dict[str, float]:
    resolvable = sum(s.resolvable for s in scores)
    found = sum(s.found for s in scores)
    overlapped = sum(s.overlapped for s in scores)
    agree = sum(s.deadline_agree for s in scores)
    mine = sum(s.flowcheck for s in scores)
    good = sum(s.flowcheck_overlapping for s in scores)
    return {"resolvable": resolvable, "found": found, "recall": found / resolvable if resolvable else 0.0,
            "overlapped": overlapped, "deadline_agreement": agree / overlapped if overlapped else 0.0,
            "flowcheck": mine, "overlapping": good, "precision": good / mine if mine else 0.0}


def _line(label: str, scores: list[ForecastScore]) -> str:
    t = totals(scores)
    return (f"{label}: recall {t['recall']:.3f} ({t['found']}/{t['resolvable']} resolvable, deadline within "
            f"{DEADLINE_TOLERANCE_DAYS} days)  precision {t['precision']:.3f} ({t['overlapping']}/{t['flowcheck']})  "
            f"deadline agreement {t['deadline_agreement']:.3f} on {t['overlapped']} found")


def by_half(scores: list[ForecastScore]) -> dict[str, list[ForecastScore]]:
    """The scores of each half of the dev split (``evaluate_split``); stories in neither half
    (a folder other than the dev set, slugs without a year) are left out."""
    halves: dict[str, list[ForecastScore]] = {h: [] for h in HALVES}
    for s in scores:
        half = half_of(s.slug)
        if half in halves:
            halves[half].append(s)
    return halves


def summary_line(scores: list[ForecastScore]) -> str:
    """What ``flowcheck eval`` prints for forecasts: the whole folder, then the tuning half
    and the checking half of the dev split (a rule that helps only the tuning half was
    written for its stories)."""
    lines = [_line("forecasts", scores)]
    for half, part in by_half(scores).items():
        if part:
            lines.append(_line(f"forecasts ({half} half, {len(part)} stories)", part))
    return "\n".join(lines)
