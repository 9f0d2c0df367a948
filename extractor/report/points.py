"""Which two observations a market-move verdict compared, with their dates — so the terminal can
say "10-year yield 2.07 % (11 Mar) → 1.74 % (24 Apr)" and the chart can mark them, instead of
``from_high 2.07, from_low 1.86, to_last 1.74``.

The reconciler keeps values only; the dates are found again in the same FRED series, by the
same rules (the high for "from above", the low for "from below", the last observation before
the story for the "to" level), so the words and the verdict cannot disagree.
"""

from __future__ import annotations

from datetime import timedelta

from extractor.claims.model import MarketMoveClaim
from extractor.official.sources import Registry
from extractor.reconcile.markets import STALE_DAYS
from extractor.report.charts import Point

SUBJECT = {"DGS10": ("10-year yield", " %"), "DEXJPUS": ("dollar", " ¥")}


def compared_points(claim: MarketMoveClaim, registry: Registry | None) -> list[Point]:
    o = claim.official
    if o is None or registry is None or claim.series not in registry.fred:
        return []
    if "start" in o.values and o.period_start and o.period_end:  # a percentage move between two days
        return [Point(o.period_start, o.values["start"], "from"), Point(o.period_end, o.values["end"], "to")]
    series = registry.fred[claim.series]
    points: list[Point] = []
    if "from_high" in o.values and claim.from_period_start and claim.from_period_end:
        window = series.between(claim.from_period_start, claim.from_period_end)
        if not window.empty:
            if claim.from_qualifier == "below":
                row = window.loc[window["value"].idxmin()]
            elif claim.from_qualifier == "above" or claim.from_value is None:
                row = window.loc[window["value"].idxmax()]
            else:  # "about": the observation nearest the stated level
                row = window.loc[(window["value"] - claim.from_value).abs().idxmin()]
            points.append(Point(row["date"], float(row["value"]), "from"))
    if "to_last" in o.values and o.period_end:
        recent = series.between(o.period_end - timedelta(days=STALE_DAYS), o.period_end)
        if not recent.empty:
            points.append(Point(recent["date"].iloc[-1], float(recent["value"].iloc[-1]), "to"))
    return points


def _signed(value: float) -> str:
    return f"{value:+.1f}".replace("-", "−")


def in_words(claim: MarketMoveClaim, registry: Registry | None) -> str | None:
    """'10-year yield 2.07 % (11 Mar) → 1.74 % (24 Apr)'; None when the points are not known."""
    points = compared_points(claim, registry)
    if not points:
        return None
    name, unit = SUBJECT[claim.series]
    if claim.series == "DEXJPUS":
        text = " → ".join(f"{p.value:.2f}{unit} ({p.when.strftime('%-d %b')})" for p in points)
        change = claim.official.values.get("yen_change_pct") if claim.official else None
        dollar = claim.official.values.get("dollar_change_pct") if claim.official else None
        if change is not None and dollar is not None:
            return f"yen per dollar {text}: yen {_signed(change)} %, dollar {_signed(dollar)} %"
        return f"yen per dollar {text}"
    return f"{name} " + " → ".join(f"{p.value:.2f}{unit} ({p.when.strftime('%-d %b')})" for p in points)


_QUALIFIER = {"above": "above ", "below": "below ", "about": "about ", "more_than": "over ", "less_than": "under ",
              None: ""}


def stated_in_words(claim: MarketMoveClaim) -> str | None:
    """What the story says moved, from the claim's fields: '10-year yield fell from above 2 % (Mar)
    to 1.7 %', 'yen fell over 7 % since 1 Mar 2013'; None when the fields say too little."""
    name, unit = SUBJECT[claim.series]
    verb = "fell" if claim.move == "fall" else "rose"
    if claim.change_pct is not None:
        since = f" since {claim.since.strftime('%-d %b %Y')}" if claim.since else ""
        subject = claim.subject.lower().removeprefix("the ").strip() or name
        return f"{subject} {verb} {_QUALIFIER.get(claim.change_qualifier, '')}{claim.change_pct:g} %{since}"
    parts = []
    if claim.from_value is not None:
        when = ""
        if claim.from_period_start and claim.from_period_end:
            same_month = (claim.from_period_start.year, claim.from_period_start.month) == (
                claim.from_period_end.year, claim.from_period_end.month)
            when = (f" ({claim.from_period_start.strftime('%b')})" if same_month else
                    f" ({claim.from_period_start.strftime('%-d %b')}–{claim.from_period_end.strftime('%-d %b')})")
        parts.append(f"from {_QUALIFIER.get(claim.from_qualifier, '')}{claim.from_value:g}{unit}{when}")
    if claim.to_value is not None:
        parts.append(f"to {claim.to_value:g}{unit}")
    return f"{name} {verb} " + " ".join(parts) if parts else None
