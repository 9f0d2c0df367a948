"""The HTML audit page a journalist can read and share: one self-contained file (inline CSS
and SVG, no scripts, fonts or images fetched), the article with every claim highlighted in its
verdict's colour, a table of claims with the official figures and explanations, a chart for
each claim the data can draw, and a legend of every verdict. Readable on a phone; prints cleanly.

This module only gathers what the page shows; ``templates/report.html`` lays it out (autoescaped).
The web desk renders the same template with its own navigation and "save" form added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from markupsafe import Markup

from extractor.claims.model import AuditReport, FlowClaim, MarketMoveClaim, StreakClaim
from extractor.official.sources import Registry
from extractor.reconcile import weekly
from extractor.report.charts import NARROW, WIDTH, flow_chart, line_chart
from extractor.report.describe import (
    PROBLEMS_FIRST,
    has_no_series,
    kind_words,
    official,
    problems_first,
    reading_notes,
    series_name,
    sources,
    stated,
    verdict_words,
)
from extractor.report.points import SUBJECT, compared_points
from extractor.report.templating import VERDICT_NOTES, render
from extractor.units import day

SERIES_LINKS = {
    "mof_weekly": ("https://www.mof.go.jp/english/policy/international_policy/reference/"
                   "itn_transactions_in_securities/index.htm"),
    "DEXJPUS": "https://fred.stlouisfed.org/series/DEXJPUS",
    "DGS10": "https://fred.stlouisfed.org/series/DGS10",
}
# later rules win: a stretch of text in several claims shows the most serious verdict
SEVERITY = ["unverifiable", "unresolvable", "pending", "came_true", "accurate", "close", "did_not_come_true",
            "inaccurate", "wrong_direction"]


def verdict_of(claim) -> str:
    return claim.verdict.value if claim.verdict else "unverifiable"


FOLD_AT = 3
"""This many figures with no official series or more fold into one line at the end of the table."""


@dataclass
class Segment:
    text: str
    claim_ids: str = ""
    classes: str = ""
    tip: str = ""
    link: str = ""  # the row a click on the highlighted words goes to (the most serious claim's)
    anchors: list[str] = field(default_factory=list)  # claims that begin here: their rows link back to m-<id>


@dataclass
class Row:
    """One claim as the table shows it."""

    id: str
    kind: str
    verdict: str
    words: str  # the verdict as people read it ("wrong direction")
    kind_words: str
    mention: str
    stated: str
    official: str
    explanation: str
    attribution: str
    series: str
    series_link: str | None
    vintage: str | None
    notes: list[str] = field(default_factory=list)
    chart: Markup | None = None


def highlighted(text: str, claims: list) -> list[list[Segment]]:
    """Paragraphs of segments: each claim's words marked; overlapping claims share segments."""
    cuts = {0, len(text)}
    for c in claims:
        cuts.update((c.mention_start, c.mention_end))
    points = sorted(p for p in cuts if 0 <= p <= len(text))
    paragraphs: list[list[Segment]] = [[]]
    anchored: set[str] = set()
    for a, b in zip(points, points[1:], strict=False):
        covering = [c for c in claims if c.mention_start <= a and b <= c.mention_end]
        seg = Segment(text[a:b])
        if covering:
            verdicts = sorted({verdict_of(c) for c in covering}, key=SEVERITY.index)
            seg.claim_ids = " ".join(c.id for c in covering)
            seg.classes = " ".join(f"v-{v}" for v in verdicts)
            seg.tip = " | ".join(f"{c.id}: {verdict_words(verdict_of(c))}" for c in covering)
            seg.link = max(covering, key=lambda c: SEVERITY.index(verdict_of(c))).id
        pieces = seg.text.split("\n\n")
        for k, piece in enumerate(pieces):
            if k:
                paragraphs.append([])
            if piece:
                starting = [c.id for c in covering if c.id not in anchored]
                anchored.update(starting)
                paragraphs[-1].append(Segment(piece, seg.claim_ids, seg.classes, seg.tip, seg.link, starting))
    return [p for p in paragraphs if "".join(s.text for s in p).strip()]


def chart_for(claim, registry: Registry | None) -> Markup | None:
    """The claim's chart twice, drawn for a wide page and for a phone (``charts.NARROW``); the
    stylesheet shows the one that fits, so its text is never under 11 px."""
    wide = _chart(claim, registry, WIDTH)
    if wide is None:
        return None
    narrow = _chart(claim, registry, NARROW)
    return Markup(wide.svg() + (narrow.svg() if narrow else Markup("")))


def _chart(claim, registry: Registry | None, width: int):
    chart = None
    if registry is None or claim.official is None:
        return None
    if isinstance(claim, FlowClaim | StreakClaim) and claim.market in weekly.MARKETS and claim.instrument in weekly.COLUMNS:
        series = weekly.net_series(registry.mof.load().frame, claim.market, claim.instrument)
        o = claim.official
        if isinstance(claim, FlowClaim) and claim.granularity == "week" and o.period_end:
            stated_value = None
            if claim.amount_jpy is not None and claim.direction in ("net_purchase", "net_sale"):
                stated_value = claim.amount_jpy if claim.direction == "net_purchase" else -claim.amount_jpy
            chart = flow_chart(series, o.period_end, claim_id=claim.id, stated=stated_value, official=o.value, width=width,
                               title=f"{weekly.describe(claim.market, claim.instrument)}, weekly net flows "
                                     f"around {day(o.period_end)}")
        elif isinstance(claim, StreakClaim) and o.period_end:
            start, words = o.period_start, "the run of {n} weeks"
            if start is None and claim.form == "first_in" and claim.count >= 1:  # "first buying in 3 weeks"
                start, words = _weeks_back(series, o.period_end, claim.count), "the {n} weeks the story counts"
            if start is not None:
                chart = flow_chart(series, o.period_end, claim_id=claim.id, run_start=start, run_words=words, width=width,
                                   title=f"{weekly.describe(claim.market, claim.instrument)}: the weeks to "
                                         f"{day(o.period_end)}")
    elif isinstance(claim, MarketMoveClaim):
        points = compared_points(claim, registry)
        if points:
            first, last = min(p.when for p in points), max(p.when for p in points)
            pad = max(timedelta(days=10), (last - first) / 6)
            frame = registry.fred[claim.series].between(first - pad, last + pad)
            name, unit = SUBJECT[claim.series]
            chart = line_chart(frame, points, claim_id=claim.id, unit=unit.strip() if claim.series == "DGS10" else "",
                               width=width,
                               title=f"FRED {claim.series} ({name}), daily, {day(first)} to {day(last)}")
    return chart


def _weeks_back(series, period_end, count: int):
    """The start of the week ``count - 1`` weeks before the one ending ``period_end``."""
    ends = list(series["period_end"])
    if period_end not in ends or ends.index(period_end) < count - 1:
        return None
    return series["period_start"].iloc[ends.index(period_end) - count + 1]


def rows(claims: list, registry: Registry | None) -> list[Row]:
    """The table's rows, problems first (``describe.problems_first``)."""
    out = []
    for c in problems_first(claims):
        series = c.official.series.split(":")[0] if c.official else ""
        out.append(Row(id=c.id, kind=c.kind, verdict=verdict_of(c), words=verdict_words(verdict_of(c)),
                       kind_words=kind_words(c.kind), mention=c.mention, stated=stated(c),
                       official=official(c, registry), explanation=c.explanation or "", attribution=sources(c),
                       series=series_name(c.official.series) if c.official else "",
                       series_link=SERIES_LINKS.get(series),
                       vintage=c.official.vintage if c.official else None, notes=reading_notes(c),
                       chart=chart_for(c, registry)))
    return out


def context(report: AuditReport, text: str, registry: Registry | None = None) -> dict:
    """Everything ``report.html`` needs; the web desk adds its own keys."""
    counts: dict[str, int] = {}
    for c in report.claims:
        counts[verdict_of(c)] = counts.get(verdict_of(c), 0) + 1
    no_series = {c.id for c in report.claims if has_no_series(c)}
    folded = no_series if len(no_series) >= FOLD_AT else set()
    return {
        "report": report, "article": report.article,
        "rows": rows([c for c in report.claims if c.id not in folded], registry),
        "folded": rows([c for c in report.claims if c.id in folded], registry),
        "paragraphs": highlighted(text, report.claims),
        "counts": [(v, verdict_words(v), counts[v]) for v in PROBLEMS_FIRST if v in counts],
        "verdicts": [(v, verdict_words(v), note) for v, note in VERDICT_NOTES.items()],
        "data": "; ".join(f"{d['source_id']} ({d['label']})" for d in report.data),
    }


def to_html(report: AuditReport, text: str, registry: Registry | None = None) -> str:
    return render("report.html", **context(report, text, registry))
