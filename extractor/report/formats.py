"""Output formats of an audit: JSON (the schema), CSV, Markdown and the rich terminal table."""

from __future__ import annotations

import csv
import io

from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from extractor.claims.model import AuditReport
from extractor.report.describe import checked_against, official, reading_notes, sources, stated
from extractor.units import day

VERDICT_STYLE = {
    "accurate": "green", "close": "yellow", "inaccurate": "red", "wrong_direction": "bold red",
    "unverifiable": "dim", "pending": "cyan", "came_true": "green", "did_not_come_true": "red",
    "unresolvable": "dim",
}
FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")


def _verdict(claim) -> str:
    return claim.verdict.value if claim.verdict else "not checked"


def rows(report: AuditReport, registry=None) -> list[dict[str, str]]:
    article = report.article.url or report.article.path or report.article.title or ""
    return [
        {"article": article, "id": c.id, "kind": c.kind, "claim": c.mention, "stated": stated(c),
         "official": official(c, registry), "verdict": _verdict(c), "source": sources(c),
         "explanation": c.explanation or "", "sentence": c.text, "checked_against": checked_against(c),
         "notes": "; ".join(reading_notes(c))}
        for c in report.claims
    ]


def to_json(report: AuditReport) -> str:
    return report.model_dump_json(indent=2)


def to_csv(report: AuditReport | list[AuditReport], registry=None) -> str:
    out = io.StringIO()
    data = [r for one in (report if isinstance(report, list) else [report]) for r in rows(one, registry)]
    fields = ["article", "id", "kind", "claim", "stated", "official", "verdict", "source", "explanation", "sentence",
              "checked_against", "notes"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: AuditReport, registry=None) -> str:
    a = report.article
    lines = [f"# Audit: {a.title or a.path or 'article'}", ""]
    lines.append(f"Published {day(a.published)} ({a.published_basis}). "
                 + "Data: " + "; ".join(f"{d['source_id']} {d['label']}" for d in report.data))
    lines += ["", "| # | kind | claim | stated | official | verdict | source |", "|---|---|---|---|---|---|---|"]
    table_rows = rows(report, registry)
    for r in table_rows:
        lines.append("| " + " | ".join(_md(r[k]) for k in ("id", "kind", "claim", "stated", "official",
                                                          "verdict", "source")) + " |")
    lines += ["", "## Explanations", ""]
    lines += [f"- **{r['id']}** ({r['verdict']}): {_md(r['explanation'])}" for r in table_rows]
    return "\n".join(lines) + "\n"


def _widths(total: int, verdict_width: int) -> list[int]:
    """Column widths for #, claim, stated, official, verdict, checked against at ``total`` columns."""
    fixed = [4, verdict_width, 12]
    rest = max(total - sum(fixed) - 2 * 5, 30)
    claim = rest * 26 // 100
    stated_w = rest * 37 // 100
    return [4, claim, stated_w, rest - claim - stated_w, verdict_width, 12]


def _grid(widths: list[int]) -> Table:
    grid = Table.grid(padding=(0, 2, 0, 0))
    for w in widths:
        grid.add_column(width=w, overflow="fold")
    return grid


def print_table(report: AuditReport, console: Console, registry=None) -> None:
    """The audit for a terminal of 80–120 columns: one line of columns per claim (claim, what the
    story states, what the data say, verdict, the series checked against), then its explanation
    wrapped at full width beneath it, with the story's own attribution kept apart."""
    a = report.article
    console.print(Text(f"{a.title or a.path or 'Article'} — published {day(a.published)}", style="bold"))
    data = rows(report, registry)
    verdict_width = max([len("verdict"), *(len(r["verdict"]) for r in data)])
    widths = _widths(console.width, verdict_width)
    head = _grid(widths)
    head.add_row(*(Text(h, style="bold") for h in ("#", "claim", "stated", "official", "verdict",
                                                    "checked against")))
    console.print(head)
    console.print(Rule(style="dim"))
    indent = widths[0] + 2
    for r in data:
        claim = r["claim"] if len(r["claim"]) <= 60 else r["claim"][:57] + "…"
        line = _grid(widths)
        line.add_row(Text(r["id"]), Text(claim), Text(r["stated"]), Text(r["official"]),
                     Text(r["verdict"], style=VERDICT_STYLE.get(r["verdict"], "")), Text(r["checked_against"]))
        console.print(line)
        below = [r["explanation"]]
        if r["notes"]:
            below.append(f"Not stated in the sentence: {r['notes']}.")
        if r["source"]:
            below.append(f"In the story: {r['source']}.")
        console.print(Padding(Text("\n".join(x for x in below if x), style="dim"), (0, 0, 0, indent)))
        console.print(Rule(style="dim"))
    if report.data:
        console.print(Text("Data: " + "; ".join(f"{d['source_id']} ({d['label']})" for d in report.data),
                           style="dim"))


def render(report: AuditReport, fmt: str, width: int = 150, registry=None) -> str:
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "jsonl":
        return report.model_dump_json() + "\n"
    if fmt == "csv":
        return to_csv(report, registry)
    if fmt == "markdown":
        return to_markdown(report, registry)
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=False)
    print_table(report, console, registry)
    return console.export_text(styles=False)


def render_many(reports: list[AuditReport], fmt: str, width: int = 150, registry=None) -> str:
    """A batch: JSON is a list, JSON Lines one article a line, CSV one table with an article column."""
    if fmt == "json":
        return "[\n" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "\n]\n"
    if fmt == "csv":
        return to_csv(reports, registry)
    return "".join(render(r, fmt, width, registry) + ("\n" if fmt in ("table", "markdown") else "") for r in reports)
