"""Stated figure versus official figure → verdict.

``accurate``: the official figure rounds to the stated one at the precision it was stated
(862.6 billion → to the nearest 0.1 billion). ``close``: within 5 % or 30 billion yen of the
official figure, whichever is larger — the size of routine MoF revisions, so the story likely
quotes a first-published number. Opposite signs are ``wrong_direction``.
"""

from __future__ import annotations

import re

from extractor.claims.model import Verdict
from extractor.reconcile.readings import period_pinned

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


ACCUSATIONS = (Verdict.inaccurate, Verdict.wrong_direction)
PINNED_FIELDS = ("period", "direction", "market", "instrument")
_FIELD_WORDS = {"period": "period", "direction": "direction", "market": "market (who bought from whom)",
                "instrument": "securities", "actor": "investors", "country": "country",
                "investor_type": "kind of investor"}
WEEKLY = ("week", "multi_week")


def scope_fields(claim) -> tuple[str, ...]:
    """The fields an accusation rests on. A week's figure is MoF's weekly aggregate; a month's,
    a year's, a country's or an investor kind's comes from tables split by country and investor
    type, so it also rests on who the investors were: the actor must be stated or carried, and a
    country or investor kind the text names but the reading left open ('defaulted') is not
    pinned."""
    if getattr(claim, "granularity", None) in WEEKLY and not (getattr(claim, "country", None)
                                                             or getattr(claim, "investor_type", None)):
        return PINNED_FIELDS
    readings = getattr(claim, "readings", None) or {}
    return (*PINNED_FIELDS, "actor", *(f for f in ("country", "investor_type") if f in readings))


def unpinned_fields(claim, basis=None, published=None, title: str | None = None) -> list[str]:
    """The scope fields of a flow claim that the text did not pin. An accusation cannot rest on
    any of them (issue 19):

    - the period must be stated in the figure's clause, or carried from the release the story
      is about (``readings.period_pinned``), never carried from a side mention nor defaulted;
    - the direction must be stated in the figure's clause, or carried from its own sentence or
      the headline;
    - market, instrument and the rest must be stated or carried (a field the words leave open
      between two readings is ``inferred``).

    A streak or record is read from the flow it qualifies (``basis``)."""
    source = basis if basis is not None else claim
    readings = getattr(source, "readings", None) or {}
    weak = []
    for name in scope_fields(source):
        reading = readings.get(name)
        if (reading is None or reading.how not in ("stated", "carried")
                or (name == "period" and not period_pinned(source, published))):
            weak.append(name)
        elif name == "direction" and reading.how == "carried":
            words = (reading.words or "").lower()
            if not words or (words not in (source.text or "").lower() and words not in (title or "").lower()):
                weak.append(name)
    return weak


def earn_accusation(claim, basis=None, published=None, title: str | None = None) -> None:
    """Keep ``inaccurate``/``wrong_direction`` only when it is earned.

    A fact-checker that calls a correct story wrong loses its reader, so an accusation must
    rest on a reading the text pins (``unpinned_fields``) and that no other reading the text
    allows explains: by the time this runs, ``readings.let_the_data_choose`` has tried every
    other reading and none matched exactly (they are listed in ``readings_rejected``).
    Otherwise the verdict becomes ``unverifiable`` and says which field the story leaves open
    and what the data showed for flowcheck's reading.
    """
    if claim.verdict not in ACCUSATIONS:
        return
    if claim.verdict == Verdict.inaccurate and scale_slip(claim):
        return  # the right digits at the wrong scale confirm the reading itself: a real press error
    weak = unpinned_fields(claim, basis, published, title)
    if not weak:
        return
    checked = (claim.explanation or "").rstrip(".")
    readings = (basis if basis is not None else claim).readings
    fields = ", ".join(_FIELD_WORDS[f] for f in weak)
    how = "; ".join(f"{f} {readings[f].how}: {readings[f].words}" for f in weak
                    if f in readings and readings[f].words)
    claim.verdict = Verdict.unverifiable
    claim.explanation = (f"The story does not pin the {fields} of this figure" + (f" ({how})" if how else "")
                         + f", so flowcheck does not call it wrong. Its reading: {checked}.")


def scale_slip(claim) -> str | None:
    """"¥1.05 billion" where the week shows 1.059 trillion: the digits are right and the scale
    word is not — a real press error, and one that confirms flowcheck read the right figure.
    Returns the scale the story probably meant, or None."""
    official = claim.official.value if claim.official is not None else None
    if official is None or not getattr(claim, "amount_jpy", None) or claim.direction is None:
        return None
    stated = claim.amount_jpy if claim.direction in ("net_purchase", "gross_purchase") else -claim.amount_jpy
    digits = re.sub(r"\D", "", (re.search(r"\d[\d,.]*", claim.amount_text) or [""])[0]).lstrip("0")
    if len(digits) < 3:  # "28 trillion" vs 27.8 billion could be chance; three digits are not
        return None
    precision = claim.amount_precision_jpy or 1e8
    for factor, meant in ((1000.0, "trillion"), (0.001, "billion")):
        if abs(stated * factor - official) <= max(precision * factor / 2, 0.005 * abs(official)):
            return meant
    return None
