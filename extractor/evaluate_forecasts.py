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


def score_forecasts(slug: str, text: str, forecasts: list[ForecastClaim], gold: list[dict]) -> ForecastScore:
    score = ForecastScore(slug, flowcheck=len(forecasts))
    spans = [_span(text, g.get("quote", "")) for g in gold]

    def overlaps(claim: ForecastClaim, span: tuple[int, int] | None) -> bool:
        return span is not None and claim.char_start < span[1] and span[0] < claim.char_end

    for claim in forecasts:
        if any(overlaps(claim, s) for s in spans):
            score.flowcheck_overlapping += 1
        else:
            score.false_hits.append(f"{claim.direction} {claim.market} {claim.instrument} by {claim.deadline} | "
                                    f"{claim.text[:140]}")
    for g, span in zip(gold, spans, strict=True):
        if g.get("resolvable_with") not in RESOLVABLE:
            continue
        score.resolvable += 1
        hits = [c for c in forecasts if overlaps(c, span)]
        agreeing = [c for c in hits if _deadline_agrees(c.deadline, g.get("deadline"))]
        score.overlapped += bool(hits)
        score.deadline_agree += bool(agreeing)
        if agreeing:
            score.found += 1
        else:
            why = f"deadline {hits[0].deadline} (gold {g.get('deadline')})" if hits else "not found"
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


def summary_line(scores: list[ForecastScore]) -> str:
    """The one line ``flowcheck eval`` prints."""
    t = totals(scores)
    return (f"forecasts: recall {t['recall']:.3f} ({t['found']}/{t['resolvable']} resolvable, deadline within "
            f"{DEADLINE_TOLERANCE_DAYS} days)  precision {t['precision']:.3f} ({t['overlapping']}/{t['flowcheck']})  "
            f"deadline agreement {t['deadline_agreement']:.3f} on {t['overlapped']} found")
