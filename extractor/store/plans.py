"""Did they do what they said? The life insurers' investment plans stored from stories, by
fiscal period, beside what MoF's life-insurer series (monthb, ``mof_by_investor``) showed.

Every April and October the wires survey Japan's big life insurers ("insurers plan to keep
buying foreign bonds in the year to March"). A plan belongs here when it is the insurers' (an
industry plan, or one insurer's own) and its window is a fiscal half or year (1 April – 30
September, 1 October – 31 March, or April – March). For each such period the page and
``flowcheck forecasts plans`` show the plans, each with its status and story, and the life
insurers' monthly net purchases of foreign long-term debt and of foreign equities in the
period — or that the data do not reach its end yet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from extractor.reconcile import forecast_data as fd
from extractor.report.charts import LEFT, RIGHT, TOP, WIDTH, Chart, Shape, nice_ticks, short_yen
from extractor.store import schema
from extractor.store.repository import Store, claim_from_json

SERIES = (("long_term_debt", "foreign long-term debt"), ("equity", "foreign equities"))
_INSURER = re.compile(r"\b(?:life|insur|assurance)", re.IGNORECASE)
_CHART_HEIGHT, _CHART_BOTTOM = 230, 56


@dataclass
class Plan:
    forecast_id: int
    article_id: int
    claim_id: str
    who: str  # "the industry" or the insurer's name
    statement: str
    flow: str  # "net purchases of foreign long-term debt"
    status: str | None
    explanation: str | None
    article_title: str | None
    published: str | None


@dataclass
class Flows:
    """One life-insurer series over the period: the months MoF has published so far."""

    instrument: str
    words: str
    months: list[tuple[date, float]] = field(default_factory=list)  # (month start, signed yen)

    @property
    def total(self) -> float:
        return sum(v for _, v in self.months)


@dataclass
class Period:
    start: date
    end: date
    plans: list[Plan] = field(default_factory=list)
    flows: list[Flows] = field(default_factory=list)
    data_end: date | None = None  # the last month the loaded series hold

    @property
    def label(self) -> str:
        fy = self.start.year if self.start.month >= 4 else self.start.year - 1
        span = f"{self.start:%b %Y}–{self.end:%b %Y}"
        if (self.start.month, self.end.month) == (4, 3):
            return f"fiscal {fy} ({span})"
        return f"fiscal {fy} {'first' if self.start.month == 4 else 'second'} half ({span})"

    @property
    def complete(self) -> bool:
        return self.data_end is not None and self.data_end >= self.end

    def charts(self) -> list[Chart]:
        return [c for c in (period_chart(self, f) for f in self.flows) if c is not None]


def is_fiscal_window(start: date | None, end: date | None) -> bool:
    """1 April or 1 October to 30 September or 31 March, at most a year."""
    if start is None or end is None:
        return False
    starts, ends = (start.month, start.day) in ((4, 1), (10, 1)), (end.month, end.day) in ((9, 30), (3, 31))
    return starts and ends and 150 <= (end - start).days <= 366


def _plans(store: Store) -> list[tuple[object, dict]]:
    f, a = schema.forecasts, schema.articles
    from sqlalchemy import select

    query = (select(f.c.id, f.c.article_id, f.c.claim_json, f.c.status, f.c.explanation, a.c.title, a.c.published)
             .join(a, a.c.id == f.c.article_id).order_by(a.c.published, f.c.id))
    with store.engine.connect() as conn:
        rows = [dict(r._mapping) for r in conn.execute(query)]
    found = []
    for r in rows:
        claim = claim_from_json(r["claim_json"])
        insurer = claim.investor_type == "life_insurers" or bool(claim.company and _INSURER.search(claim.company))
        if insurer and claim.window_basis == "stated" and is_fiscal_window(claim.window_start, claim.deadline):
            found.append((claim, r))
    return found


def _flow_words(claim) -> str:
    way = {"net_purchase": "net purchases", "net_sale": "net sales"}.get(claim.direction or "", "a flow")
    market = {"outward": "foreign", "domestic": "Japanese (yen)", "inward": "Japanese"}.get(claim.market or "", "")
    what = {"long_term_debt": "bonds", "sovereign_debt": "government bonds", "equity": "equities",
            "short_term_debt": "bills", "debt": "bonds and bills"}.get(claim.instrument or "", "securities")
    country = f" of {claim.country}" if claim.country else ""
    amount = ""
    if claim.test == "size" and claim.amount_low_jpy:
        high = claim.amount_high_jpy or claim.amount_low_jpy
        amount = f" of {short_yen(claim.amount_low_jpy, 1)}" + (
            f"–{short_yen(high, 1)}" if high != claim.amount_low_jpy else "") + " yen"
    return f"{'no ' if claim.negated else ''}{way}{amount} of {market} {what}{country}".replace("  ", " ")


def _flows(registry, start: date, end: date) -> tuple[list[Flows], date | None]:
    source = getattr(registry, "mof_by_investor", None)
    if source is None:
        return [], None
    frame = source.load().frame
    out, data_end = [], None
    for instrument, words in SERIES:
        series = fd.by_investor(frame, "life_insurers", instrument)
        if series.empty:
            continue
        data_end = series["period_end"].iloc[-1]
        inside = series[(series["period_start"] >= start) & (series["period_end"] <= end)]
        out.append(Flows(instrument, words, [(r.period_start, float(r.value)) for r in inside.itertuples()]))
    return out, data_end


def build(store: Store, registry) -> list[Period]:
    """The fiscal periods the stored plans are for, oldest first."""
    periods: dict[tuple[date, date], Period] = {}
    for claim, r in _plans(store):
        key = (claim.window_start, claim.deadline)
        period = periods.setdefault(key, Period(*key))
        who = claim.company or "the industry (life insurers)"
        period.plans.append(Plan(r["id"], r["article_id"], claim.id, who, claim.statement.strip(), _flow_words(claim),
                                 r["status"], r["explanation"], r["title"],
                                 r["published"].isoformat() if r["published"] else None))
    for period in periods.values():
        period.flows, period.data_end = _flows(registry, period.start, period.end)
    return [periods[k] for k in sorted(periods)]


def shown(period: Period) -> list[str]:
    """What the life-insurer series showed, in words, one line per series."""
    lines = []
    for flows in period.flows:
        if not flows.months:
            lines.append(f"life insurers' {flows.words}: no month of the period is published yet")
            continue
        way = "net purchases" if flows.total >= 0 else "net sales"
        months = len(flows.months)
        so_far = "" if period.complete else f", {months} of 6+ months so far (pending)"
        lines.append(f"life insurers' {flows.words}: {way} of {short_yen(abs(flows.total), 1)} yen over "
                     f"{months} months{so_far}")
    if not period.flows:
        lines.append("MoF's by-investor series (monthb) is not loaded")
    return lines


def period_chart(period: Period, flows: Flows) -> Chart | None:
    """Bars of the life insurers' monthly net purchases of one kind of foreign securities in the
    period: up for net buying, down for net selling, each month named under its bar."""
    if not flows.months:
        return None
    values = [v for _, v in flows.months]
    ticks = nice_ticks(min(min(values), 0.0), max(max(values), 0.0))
    lo, hi, bottom = ticks[0], ticks[-1], _CHART_HEIGHT - _CHART_BOTTOM

    def y(v: float) -> float:
        return TOP + (hi - v) / (hi - lo) * (bottom - TOP)

    chart = Chart(claim_id=f"plans-{period.start:%Y-%m}-{flows.instrument}",
                  title=f"Life insurers' {flows.words}, monthly net purchases, {period.label}", kind="plans",
                  ticks=[(y(t), short_yen(t)) for t in ticks], height=_CHART_HEIGHT)
    slot = (WIDTH - LEFT - RIGHT) / max(len(flows.months), 6)
    chart.shapes.append(Shape("line", "zero", x=LEFT, x2=WIDTH - RIGHT, y=y(0), y2=y(0)))
    for i, (month, v) in enumerate(flows.months):
        y0, y1 = sorted((y(0), y(v)))
        chart.shapes.append(Shape("rect", f"bar {'buy' if v >= 0 else 'sell'}", x=LEFT + i * slot + slot * 0.15,
                                  y=y0, w=slot * 0.7, h=max(y1 - y0, 0.8),
                                  tip=f"{month:%B %Y}: {'net buying' if v >= 0 else 'net selling'} "
                                      f"{short_yen(abs(v), 1)} yen"))
        chart.shapes.append(Shape("text", "tick xtick", x=LEFT + i * slot + slot / 2, y=bottom + 14,
                                  anchor="middle", text=f"{month:%b %y}"))
    chart.legend = [("swatch buy", "net buying"), ("swatch sell", "net selling")]
    return chart


def as_frame(periods: list[Period]) -> pd.DataFrame:
    """One row per plan, for CSV and JSON output."""
    rows = []
    for p in periods:
        showed = "; ".join(shown(p))
        for plan in p.plans:
            rows.append({"period": p.label, "period_start": p.start.isoformat(), "period_end": p.end.isoformat(),
                         "who": plan.who, "plan": plan.flow, "statement": plan.statement, "status": plan.status,
                         "explanation": plan.explanation, "forecast_id": plan.forecast_id,
                         "article": plan.article_title, "published": plan.published, "series_showed": showed})
    return pd.DataFrame(rows)
