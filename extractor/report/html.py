"""The HTML audit page a journalist can read and share: one self-contained file (inline CSS
and SVG, no scripts, fonts or images fetched), the article with every claim highlighted in its
verdict's colour, a table of claims with the official figures and explanations, and for each
flow claim a chart of the weekly series around its week. Readable on a phone; prints cleanly.
"""

from __future__ import annotations

from html import escape

from extractor.claims.model import AuditReport, FlowClaim
from extractor.official.sources import Registry
from extractor.reconcile import weekly
from extractor.report.charts import weekly_chart
from extractor.report.describe import official, sources, stated
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

CSS = """
:root{--accurate:#c8efd0;--close:#fff1b8;--inaccurate:#ffc9c9;--wrong_direction:#ff9d9d;--unverifiable:#e6e6e6;
--pending:#cfe8ff;--came_true:#c8efd0;--did_not_come_true:#ffc9c9;--unresolvable:#e6e6e6;--ink:#1d1d1f}
*{box-sizing:border-box}body{font:16px/1.55 Georgia,'Times New Roman',serif;color:var(--ink);margin:0;background:#fafafa}
header,main,footer{max-width:1400px;margin:0 auto;padding:0 16px}header h1{font-size:1.5rem;margin:18px 0 4px}
.meta{font:13px/1.4 system-ui,sans-serif;color:#555}
.layout{display:grid;grid-template-columns:minmax(0,0.9fr) minmax(0,1.3fr);gap:24px}
article p{margin:0 0 1em}mark{padding:0 2px;border-radius:3px;background:var(--unverifiable)}
""" + "".join(f"mark.v-{v},.badge.v-{v}{{background:var(--{v})}}" for v in SEVERITY) + """
table{border-collapse:collapse;width:100%;font:13px/1.4 system-ui,sans-serif;background:#fff}
th,td{border-bottom:1px solid #ddd;padding:6px;vertical-align:top;text-align:left}th{background:#f0f0f0}
.badge{display:inline-block;padding:1px 6px;border-radius:10px;font-weight:600;white-space:nowrap}
.explain{color:#333}.src{color:#666;margin-top:4px}.chart{width:100%;max-width:360px;height:auto;display:block;margin-top:6px}
td:first-child{white-space:nowrap}td:nth-child(2){width:34%}
.bar.buy{fill:#4a90d9}.bar.sell{fill:#d9534f}.bar.current{stroke:#000;stroke-width:1.5}
.axis{stroke:#999;stroke-width:1}.stated{stroke:#000;fill:#fff;stroke-width:1.5}.tick{font:9px system-ui,sans-serif;fill:#555}
.legend span{margin-right:8px}footer{font:12px system-ui,sans-serif;color:#666;margin:24px auto}
.layout>*{min-width:0}section{overflow-x:auto}
@media (max-width:800px){.layout{grid-template-columns:1fr}body{font-size:17px}
table,tbody,tr,td{display:block;width:100%!important}thead{display:none}td{border:0;padding:3px 6px}
tr{border-bottom:2px solid #ccc;padding:6px 0}}
@media print{body{background:#fff}.layout{grid-template-columns:1fr}tr{break-inside:avoid}a{color:inherit}}
"""


def _verdict(claim) -> str:
    return claim.verdict.value if claim.verdict else "unverifiable"


def _highlighted(text: str, claims: list) -> str:
    """The article text with each claim's words in a <mark>; overlapping claims share segments."""
    cuts = {0, len(text)}
    for c in claims:
        cuts.update((c.mention_start, c.mention_end))
    points = sorted(p for p in cuts if 0 <= p <= len(text))
    html = []
    for a, b in zip(points, points[1:], strict=False):
        piece = escape(text[a:b])
        covering = [c for c in claims if c.mention_start <= a and b <= c.mention_end]
        if covering:
            verdicts = sorted({_verdict(c) for c in covering}, key=SEVERITY.index)
            ids = " ".join(c.id for c in covering)
            classes = " ".join(f"v-{v}" for v in verdicts)
            tip = escape(" | ".join(f"{c.id}: {_verdict(c)}" for c in covering))
            piece = f'<mark class="claim {classes}" data-claims="{ids}" title="{tip}">{piece}</mark>'
        html.append(piece)
    paragraphs = "".join(html).split("\n\n")
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs if p.strip())


def _chart(claim, registry: Registry | None) -> str:
    if registry is None or not isinstance(claim, FlowClaim) or claim.official is None or claim.granularity != "week":
        return ""
    if claim.market is None or claim.instrument not in weekly.COLUMNS:
        return ""
    series = weekly.net_series(registry.mof.load().frame, claim.market, claim.instrument)
    stated_value = None
    if claim.amount_jpy is not None:
        stated_value = claim.amount_jpy if claim.direction == "net_purchase" else -claim.amount_jpy
    title = f"{weekly.describe(claim.market, claim.instrument)}, weekly net flows around {day(claim.period_end)}"
    return weekly_chart(series, claim.period_end, stated_value, title, claim.id)


def _source_cell(claim) -> str:
    parts = [escape(sources(claim))] if claim.sources else []
    if claim.official is not None:
        series = claim.official.series.split(":")[0]
        link = SERIES_LINKS.get(series)
        name = escape(claim.official.series)
        parts.append(f'<a href="{link}">{name}</a>' if link else name)
        if claim.official.vintage:
            parts.append(f"vintage {escape(claim.official.vintage)}")
    return "<br>".join(parts)


def to_html(report: AuditReport, text: str, registry: Registry | None = None) -> str:
    a = report.article
    rows = []
    for c in report.claims:
        v = _verdict(c)
        rows.append(
            f'<tr id="{c.id}" class="row v-{v}"><td><a href="#{c.id}">{c.id}</a><br><small>{escape(c.kind)}</small></td>'
            f'<td><b>Story:</b> {escape(stated(c))}<br><b>Data:</b> {escape(official(c))}</td>'
            f'<td><span class="badge v-{v}">{escape(v)}</span></td>'
            f'<td class="explain">{escape(c.explanation or "")}<div class="src">{_source_cell(c)}</div>'
            f"{_chart(c, registry)}</td></tr>")
    counts: dict[str, int] = {}
    for c in report.claims:
        counts[_verdict(c)] = counts.get(_verdict(c), 0) + 1
    legend = "".join(f'<span class="badge v-{v}">{v} {n}</span>' for v, n in sorted(
        counts.items(), key=lambda kv: SEVERITY.index(kv[0])))
    data = "; ".join(f"{d['source_id']} ({d['label']})" for d in report.data)
    source_line = f' · <a href="{escape(a.url)}">{escape(a.url)}</a>' if a.url else ""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>flowcheck audit: {escape(a.title or "article")}</title><style>{CSS}</style></head>
<body><header><h1>{escape(a.title or "Article")}</h1>
<div class="meta">Published {escape(day(a.published))} ({escape(a.published_basis)}){source_line}</div>
<div class="meta legend">{legend}</div></header>
<main class="layout"><article>{_highlighted(text, report.claims)}</article>
<section><table><thead><tr><th>#</th><th>claim</th><th>verdict</th><th>explanation and source</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table></section></main>
<footer>Checked by flowcheck against {escape(data)}. Ministry of Finance, Japan: International Transactions in
Securities (weekly); FRED, Federal Reserve Bank of St. Louis. Verdicts: accurate = the official figure rounds to the
stated one; close = within 5 % or 30 billion yen (routine revisions); unverifiable = no official series or period.</footer>
</body></html>
"""
