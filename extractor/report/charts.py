"""Inline SVG charts for the report: no library and no request, so a saved report is one file.

Python computes the geometry (scales, ticks, bars, labels) into a :class:`Chart`; the one
template ``templates/charts/chart.svg`` draws any chart, autoescaped like every page.

- flow claims: the weekly MoF series around the story's week — bars up for net buying, down
  for net selling, a zero line, a y-axis with 3–5 labelled ticks, the stated and the official
  figure labelled, the first and last week named under their bars, and a legend;
- streak claims: the same bars with the run of weeks shaded, so "a sixth straight week" can be
  counted by eye, and the week that broke the run visible beside it;
- market moves: the FRED daily line around the dates compared, the two points marked.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from markupsafe import Markup

from extractor.report.templating import render
from extractor.units import day

WIDTH, HEIGHT = 560, 250
NARROW = 340
"""A phone's chart: drawn 340 units wide so that, shown about 340–480 px wide, its 11-unit text is
11 px or more (the 560-unit chart shrunk to a phone's width set it at about 7 px)."""
LEFT, RIGHT, TOP, BOTTOM = 62, 20, 26, 64  # margins: tick labels left, week labels and legend below
PLOT_BOTTOM = HEIGHT - BOTTOM
LEGEND_STEP, LEGEND_ROW = 240, 16


@dataclass
class Shape:
    """A rect, circle, line or text; ``tip`` becomes an SVG <title> a pointer shows."""

    kind: str
    cls: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    text: str = ""
    anchor: str = "start"
    tip: str = ""


@dataclass
class Chart:
    claim_id: str
    title: str
    kind: str
    shapes: list[Shape] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (css class of the swatch, words)
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def size(self) -> str:
        return "narrow" if self.width < WIDTH else "wide"

    def legend_at(self) -> list[tuple[float, float, str, str]]:
        """(x, baseline y, swatch class, words) of each legend entry: two to a row on a wide
        chart, one to a row on a narrow one (the chart grows to hold them)."""
        per_row = 2 if self.width >= WIDTH else 1
        return [(LEFT + (k % per_row) * LEGEND_STEP, PLOT_BOTTOM + 34 + (k // per_row) * LEGEND_ROW, cls, words)
                for k, (cls, words) in enumerate(self.legend)]

    def svg(self) -> Markup:
        placed = self.legend_at()
        self.height = max(HEIGHT, int(placed[-1][1]) + 14) if placed else HEIGHT
        return Markup(render("charts/chart.svg", chart=self, legend=placed, left=LEFT, right=self.width - RIGHT))


def nice_ticks(lo: float, hi: float, most: int = 5) -> list[float]:
    """Round tick values covering [lo, hi]: the finest 1-2-2.5-5 step that needs at most ``most``."""
    if hi <= lo:
        hi = lo + (abs(lo) or 1.0)
    raw = (hi - lo) / (most - 1)
    power = 10 ** math.floor(math.log10(raw))
    for mult in (1, 2, 2.5, 5, 10, 20):
        step = mult * power
        first, last = math.floor(lo / step + 1e-9), math.ceil(hi / step - 1e-9)
        if last - first + 1 <= most:
            ticks = [round(k * step, 9) for k in range(first, last + 1)]
            if len(ticks) < 3:  # a lone pair of ticks says little: add one on the far side of zero
                ticks = ticks + [ticks[-1] + step] if abs(ticks[-1]) <= abs(ticks[0]) else [ticks[0] - step] + ticks
            return ticks
    return [lo, hi]


def short_yen(value: float, decimals: int = 0) -> str:
    """Axis labels '−500 bn', '1.5 tn', '0'; figure labels with ``decimals=1``: '−862.6 bn'."""
    if value == 0:
        return "0"
    sign = "−" if value < 0 else ""
    v = abs(value)
    if v >= 1e12 and not decimals:
        return f"{sign}{v / 1e12:g} tn"
    return f"{sign}{v / 1e9:,.{decimals}f} bn"


class _Scale:
    def __init__(self, lo: float, hi: float, height: int = HEIGHT) -> None:
        self.lo, self.hi, self.bottom = lo, hi, height - BOTTOM

    def y(self, v: float) -> float:
        return TOP + (self.hi - v) / (self.hi - self.lo) * (self.bottom - TOP)


def _flow_word(v: float) -> str:
    return "net buying" if v >= 0 else "net selling"


def _window(series: pd.DataFrame, first_end: date, last_end: date, before: int, after: int) -> tuple[pd.DataFrame, int]:
    ends = list(series["period_end"])
    i, j = ends.index(first_end), ends.index(last_end)
    start = max(0, i - before)
    return series.iloc[start: j + after + 1].reset_index(drop=True), i - start


def flow_chart(series: pd.DataFrame, period_end: date, *, claim_id: str, title: str, stated: float | None = None,
               official: float | None = None, run_start: date | None = None,
               run_words: str = "the run of {n} weeks", width: int = WIDTH) -> Chart | None:
    """Bars of ``series`` (period_start, period_end, value in signed yen) around ``period_end``.

    With ``run_start`` the weeks from it to ``period_end`` are shaded as a run (streak claims),
    named in the legend by ``run_words`` with ``{n}`` the number of weeks."""
    ends = list(series["period_end"])
    if period_end not in ends or (run_start is not None and run_start not in list(series["period_start"])):
        return None
    first_end = period_end
    if run_start is not None:
        first_end = series.loc[series["period_start"] == run_start, "period_end"].iloc[0]
    window, band_from = _window(series, first_end, period_end, 4 if run_start else 8, 2 if run_start else 8)
    band_to = list(window["period_end"]).index(period_end)
    values = [float(v) for v in window["value"]] + [v for v in (stated, official) if v is not None]
    ticks = nice_ticks(min(min(values), 0.0), max(max(values), 0.0))
    scale = _Scale(ticks[0], ticks[-1])
    chart = Chart(claim_id=claim_id, title=title, kind="streak" if run_start else "flow",
                  ticks=[(scale.y(t), short_yen(t)) for t in ticks], width=width)
    slot = (width - LEFT - RIGHT) / len(window)
    x_of = [LEFT + k * slot for k in range(len(window))]
    band = "run" if run_start else "week"
    chart.shapes.append(Shape("rect", band, x=x_of[band_from], y=TOP - 6, w=slot * (band_to - band_from + 1),
                              h=scale.bottom - TOP + 12))
    chart.shapes.append(Shape("line", "zero", x=LEFT, x2=width - RIGHT, y=scale.y(0), y2=scale.y(0)))
    for k, row in enumerate(window.itertuples(index=False)):
        v = float(row.value)
        y0, y1 = sorted((scale.y(0), scale.y(v)))
        current = " current" if band_from <= k <= band_to else ""
        chart.shapes.append(Shape("rect", f"bar {'buy' if v >= 0 else 'sell'}{current}", x=x_of[k] + slot * 0.15,
                                  y=y0, w=slot * 0.7, h=max(y1 - y0, 0.8),
                                  tip=f"week to {day(row.period_end)}: {_flow_word(v)} {short_yen(abs(v), 1)} yen"))
    centre = x_of[band_to] + slot / 2
    if official is not None:
        chart.shapes.append(Shape("text", "label official", x=x_of[band_to] - 3, y=scale.y(official) + 4,
                                  anchor="end", text=f"MoF {short_yen(official, 1)}"))
    if stated is not None:
        y = scale.y(stated)
        chart.shapes.append(Shape("line", "stated", x=centre - slot * 0.8, x2=centre + slot * 0.8, y=y, y2=y))
        chart.shapes.append(Shape("circle", "stated", x=centre, y=y, tip=f"the story: {short_yen(stated, 1)} yen"))
        chart.shapes.append(Shape("text", "label stated", x=centre + slot * 0.8 + 3, y=y + 4,
                                  text=f"story {short_yen(stated, 1)}"))
    _week_labels(chart, window, x_of, slot, band_from if run_start else band_to)
    chart.legend = [("swatch buy", "net buying"), ("swatch sell", "net selling"),
                    (f"swatch {band}", run_words.format(n=band_to - band_from + 1) if run_start else "the story's week")]
    if stated is not None:
        chart.legend.append(("swatch stated", "the story's figure"))
    return chart


def _week_labels(chart: Chart, window: pd.DataFrame, x_of: list[float], slot: float, marked: int) -> None:
    """Week-ending dates under the first and last bars, and under the story's week when there is room."""
    y = HEIGHT - BOTTOM + 16
    last = len(window) - 1
    chart.shapes.append(Shape("text", "tick", x=x_of[0], y=y, text=day(window["period_end"].iloc[0])))
    chart.shapes.append(Shape("text", "tick", x=x_of[last] + slot, y=y, anchor="end",
                              text=day(window["period_end"].iloc[last])))
    middle = x_of[marked] + slot / 2
    if middle - x_of[0] > 150 and x_of[last] + slot - middle > 150:
        chart.shapes.append(Shape("text", "tick strong", x=middle, y=y, anchor="middle",
                                  text=day(window["period_end"].iloc[marked])))


@dataclass(frozen=True)
class Point:
    """One observation a market-move verdict compares: the date, the value and what it is."""

    when: date
    value: float
    role: str  # "from" or "to"


def line_chart(frame: pd.DataFrame, points: list[Point], *, claim_id: str, title: str, unit: str,
               width: int = WIDTH) -> Chart | None:
    """The daily series (date, value) as a line, with the compared ``points`` marked and labelled."""
    if frame.empty or not points:
        return None
    values = [float(v) for v in frame["value"]] + [p.value for p in points]
    ticks = nice_ticks(min(values), max(values))
    scale = _Scale(ticks[0], ticks[-1])
    chart = Chart(claim_id=claim_id, title=title, kind="market",
                  ticks=[(scale.y(t), f"{t:g}{unit}") for t in ticks], width=width)
    d0, d1 = frame["date"].iloc[0], frame["date"].iloc[-1]
    span = max((d1 - d0).days, 1)

    def x(d: date) -> float:
        return LEFT + (d - d0).days / span * (width - LEFT - RIGHT)

    path = " ".join(f"{'M' if k == 0 else 'L'}{x(r.date):.1f},{scale.y(float(r.value)):.1f}"
                    for k, r in enumerate(frame.itertuples(index=False)))
    chart.shapes.append(Shape("path", "series", text=path))
    for p in points:
        px, py = x(p.when), scale.y(p.value)
        chart.shapes.append(Shape("circle", f"point {p.role}", x=px, y=py, tip=f"{p.value:g}{unit} on {day(p.when)}"))
        right_half = px > (LEFT + width - RIGHT) / 2
        chart.shapes.append(Shape("text", "label stated", x=px + (-8 if right_half else 8), y=py - 8,
                                  anchor="end" if right_half else "start", text=f"{p.value:g}{unit} ({day(p.when)})"))
    y = HEIGHT - BOTTOM + 16
    chart.shapes.append(Shape("text", "tick", x=LEFT, y=y, text=day(d0)))
    chart.shapes.append(Shape("text", "tick", x=width - RIGHT, y=y, anchor="end", text=day(d1)))
    chart.legend = [("swatch series", "daily observations (FRED)"), ("swatch point", "the two points compared")]
    return chart
