"""Small inline SVG charts: the official weekly series around a claim's week, bars for net
buying (up) and selling (down), the claim's week outlined and the stated figure marked. No
library and no external request: the report must be one self-contained file."""

from __future__ import annotations

from html import escape

import pandas as pd

from extractor.units import day, yen

WIDTH, HEIGHT, PAD = 320, 140, 22


def weekly_chart(series: pd.DataFrame, period_end, stated: float | None, title: str, claim_id: str,
                 weeks_each_side: int = 8) -> str:
    """SVG of ``series`` (period_start, period_end, value in yen) around ``period_end``."""
    idx = series.index[series["period_end"] == period_end]
    if len(idx) == 0:
        return ""
    i = int(idx[0])
    window = series.iloc[max(0, i - weeks_each_side) : i + weeks_each_side + 1]
    values = [float(v) for v in window["value"]] + ([stated] if stated is not None else [])
    top = max(max(values), 0.0)
    bottom = min(min(values), 0.0)
    span = (top - bottom) or 1.0
    n = len(window)
    slot = (WIDTH - 2 * PAD) / n

    def y(v: float) -> float:
        return PAD + (top - v) / span * (HEIGHT - 2 * PAD)

    bars = []
    for k, row in enumerate(window.itertuples(index=False)):
        v = float(row.value)
        x = PAD + k * slot + slot * 0.15
        y0, y1 = sorted((y(0), y(v)))
        current = row.period_end == period_end
        cls = "bar buy" if v >= 0 else "bar sell"
        label = f"week to {day(row.period_end)}: {'net buying' if v >= 0 else 'net selling'} {yen(abs(v))}"
        bars.append(f'<rect class="{cls}{" current" if current else ""}" x="{x:.1f}" y="{y0:.1f}" '
                    f'width="{slot * 0.7:.1f}" height="{max(y1 - y0, 0.5):.1f}"><title>{escape(label)}</title></rect>')
    marker = ""
    if stated is not None:
        k = list(window["period_end"]).index(period_end)
        cx = PAD + k * slot + slot / 2
        marker = (f'<line class="stated" x1="{cx - slot:.1f}" x2="{cx + slot:.1f}" y1="{y(stated):.1f}" '
                  f'y2="{y(stated):.1f}"/><circle class="stated" cx="{cx:.1f}" cy="{y(stated):.1f}" r="3">'
                  f'<title>stated: {escape(yen(abs(stated)))}</title></circle>')
    first, last = window["period_end"].iloc[0], window["period_end"].iloc[-1]
    return (f'<svg class="chart" data-claim="{claim_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
            f'aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">'
            f'<title>{escape(title)}</title>'
            f'<line class="axis" x1="{PAD}" x2="{WIDTH - PAD}" y1="{y(0):.1f}" y2="{y(0):.1f}"/>'
            + "".join(bars) + marker +
            f'<text x="{PAD}" y="{HEIGHT - 4}" class="tick">{escape(day(first))}</text>'
            f'<text x="{WIDTH - PAD}" y="{HEIGHT - 4}" class="tick" text-anchor="end">{escape(day(last))}</text>'
            f'<text x="{PAD}" y="12" class="tick">{escape(yen(top))}</text>'
            "</svg>")
