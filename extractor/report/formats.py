"""Output formats of an audit: JSON (the schema), CSV, Markdown and the rich terminal table."""

from __future__ import annotations

import csv
import io

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from extractor.claims.model import AuditReport
from extractor.report.describe import official, sources, stated
from extractor.units import day

VERDICT_STYLE = {
    "accurate": "green", "close": "yellow", "inaccurate": "red", "wrong_direction": "bold red",
    "unverifiable": "dim", "pending": "cyan", "came_true": "green", "did_not_come_true": "red",
    "unresolvable": "dim",
}
FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")


def _verdict(claim) -> str:
    return claim.verdict.value if claim.verdict else "not checked"


def rows(report: AuditReport) -> list[dict[str, str]]:
    article = report.article.url or report.article.path or report.article.title or ""
    return [
        {"article": article, "id": c.id, "kind": c.kind, "claim": c.mention, "stated": stated(c), "official": official(c),
         "verdict": _verdict(c), "source": sources(c), "explanation": c.explanation or "", "sentence": c.text}
        for c in report.claims
    ]


def to_json(report: AuditReport) -> str:
    return report.model_dump_json(indent=2)


def to_csv(report: AuditReport | list[AuditReport]) -> str:
    out = io.StringIO()
    data = [r for one in (report if isinstance(report, list) else [report]) for r in rows(one)]
    fields = ["article", "id", "kind", "claim", "stated", "official", "verdict", "source", "explanation", "sentence"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def _md(cell: str) -> str:
    return cell.replace("|", "\\|").replace("\n", " ")


def to_markdown(report: AuditReport) -> str:
    a = report.article
    lines = [f"# Audit: {a.title or a.path or 'article'}", ""]
    lines.append(f"Published {day(a.published)} ({a.published_basis}). "
                 + "Data: " + "; ".join(f"{d['source_id']} {d['label']}" for d in report.data))
    lines += ["", "| # | kind | claim | stated | official | verdict | source |", "|---|---|---|---|---|---|---|"]
    for r in rows(report):
        lines.append("| " + " | ".join(_md(r[k]) for k in ("id", "kind", "claim", "stated", "official",
                                                          "verdict", "source")) + " |")
    lines += ["", "## Explanations", ""]
    lines += [f"- **{r['id']}** ({r['verdict']}): {_md(r['explanation'])}" for r in rows(report)]
    return "\n".join(lines) + "\n"


def print_table(report: AuditReport, console: Console) -> None:
    a = report.article
    table = Table(title=f"{a.title or a.path or 'Article'} — published {day(a.published)}", show_lines=True,
                  expand=True)
    table.add_column("#", no_wrap=True, min_width=3)
    for name, ratio in (("claim", 5), ("stated", 6), ("official", 5)):
        table.add_column(name, ratio=ratio, overflow="fold")
    table.add_column("verdict", no_wrap=True, min_width=len("did_not_come_true"))
    table.add_column("source", ratio=4, overflow="fold")
    for r in rows(report):
        style = VERDICT_STYLE.get(r["verdict"], "")
        claim = r["claim"] if len(r["claim"]) <= 90 else r["claim"][:87] + "…"
        table.add_row(r["id"], escape(f"[{r['kind']}] {claim}"), escape(r["stated"]), escape(r["official"]),
                      f"[{style}]{r['verdict']}[/]", escape(r["source"]))
    console.print(table)
    if report.data:
        console.print("Data: " + "; ".join(f"{d['source_id']} ({d['label']})" for d in report.data), style="dim")


def render(report: AuditReport, fmt: str, width: int = 150) -> str:
    if fmt == "json":
        return to_json(report) + "\n"
    if fmt == "jsonl":
        return report.model_dump_json() + "\n"
    if fmt == "csv":
        return to_csv(report)
    if fmt == "markdown":
        return to_markdown(report)
    console = Console(record=True, width=width, file=io.StringIO(), force_terminal=False)
    print_table(report, console)
    return console.export_text(styles=False)


def render_many(reports: list[AuditReport], fmt: str, width: int = 150) -> str:
    """A batch: JSON is a list, JSON Lines one article a line, CSV one table with an article column."""
    if fmt == "json":
        return "[\n" + ",\n".join(r.model_dump_json(indent=2) for r in reports) + "\n]\n"
    if fmt == "csv":
        return to_csv(reports)
    return "".join(render(r, fmt, width) + ("\n" if fmt in ("table", "markdown") else "") for r in reports)
