"""Stated figure versus official figure → verdict.

``accurate``: the official figure rounds to the stated one at the precision it was stated
(862.6 billion → to the nearest 0.1 billion). ``close``: within 5 % or 30 billion yen of the
official figure, whichever is larger — the size of routine MoF revisions, so the story likely
quotes a first-published number. Opposite signs are ``wrong_direction``.
"""

from __future__ import annotations

import re

from extractor.claims.model import Verdict

CLOSE_SHARE = 0.05
CLOSE_YEN = 30e9


def compare_amount(stated: float, official: float, precision: float) -> Verdict:
    """``stated`` and ``official`` are signed (positive = net purchase), in yen."""
    if official != 0 and stated != 0 and (official > 0) != (stated > 0):
        return Verdict.wrong_direction
    if abs(abs(official) - abs(stated)) <= precision / 2 + 1e-6 * max(1.0, abs(stated)):
        return Verdict.accurate
    if abs(official - stated) <= max(CLOSE_SHARE * abs(official), CLOSE_YEN):
        return Verdict.close
    return Verdict.inaccurate


def settle(claim, verdict: Verdict, explanation: str, official=None):
    """Give a claim its verdict, explanation and official figure (or none) in one step."""
    claim.verdict, claim.explanation, claim.official = verdict, explanation, official
    return claim


_SCALE_WORDS = ((("trillion", "trln", "trn", "tn"), 1e12), (("billion", "bln", "bn"), 1e9), (("million", "mln", "mn"), 1e6))


def stated_precision(text: str) -> float:
    """One unit of the last digit of a stated amount: '$8.7 billion' → 1e8, '$15 billion' → 1e9."""
    words = set(re.findall(r"[a-z]+", text.lower()))
    scale = next((value for names, value in _SCALE_WORDS if words & set(names)), 1.0)
    return scale * 10 ** (-decimals_of(text))


def rounds_to(actual: float, stated: float, decimals: int) -> bool:
    """Whether ``actual`` rounds to ``stated`` at ``decimals`` places (1.72 → 1.7)."""
    return abs(actual - stated) <= 0.5 * 10 ** (-decimals) + 1e-9


def decimals_of(text: str) -> int:
    """Decimals written in the first number of ``text``: '1.7 percent' → 1, '$8.7 billion' → 1."""
    match = re.search(r"\d+(?:\.(\d+))?", text.replace(",", ""))
    return len(match.group(1)) if match and match.group(1) else 0
