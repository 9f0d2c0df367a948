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
from extractor.report.describe import (
    checked_against,
    has_no_series,
    official,
    problems_first,
    reading_notes,
    series_name,
    sources,
    stated,
    verdict_key,
    verdict_words,
)
from extractor.units import day

VERDICT_STYLE = {
    "accurate": "green", "close": "yellow", "inaccurate": "red", "wrong_direction": "bold red",
    "unverifiable": "dim", "pending": "cyan", "came_true": "green", "did_not_come_true": "red",
    "unresolvable": "dim",
}
FORMATS = ("table", "json", "jsonl", "csv", "markdown", "html")
FOLD_AT = 3
"""This many figures with no official series or more are named on one line, not a row each."""


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
    """Column widths for #, stated, official and verdict at ``total`` columns. The claim has a
    line of its own above them, so the figures get the room and no word is cut."""
    rest = max(total - 4 - verdict_width - 2 * 3, 30)
    stated_w = rest // 2
    return [4, stated_w, rest - stated_w, verdict_width]


def _grid(widths: list[int]) -> Table:
    grid = Table.grid(padding=(0, 2, 0, 0))
    for w in widths:
        grid.add_column(width=w, overflow="fold")
    return grid


def _claim_line(console: Console, ident: str, words: str, width: int) -> None:
    """The claim's words on a line of their own; a long quotation (a forecast's sentence) is cut
    at a word boundary after about two lines."""
    room = max(width - 6, 20)
    if len(words) > 2 * room - 10:
        words = words[: 2 * room - 12].rsplit(" ", 1)[0] + " …"
    line = _grid([4, room])
    line.add_row(Text(ident), Text(f"“{words}”", style="bold"))
    console.print(line)


def print_table(report: AuditReport, console: Console, registry=None) -> None:
    """The audit for a terminal of 80–120 columns, problems first (``describe.problems_first``):
    per claim its words on a line of their own, then what the story states, what the data say
    and the verdict side by side, then the explanation, the series checked against and the
    story's own attribution wrapped beneath. Figures flowcheck has no series for are named
    together on one line at the end; a story with no checkable figure says so."""
    a = report.article
    console.print(Text(f"{a.title or a.path or 'Article'} — published {day(a.published)}", style="bold"))
    no_series = [c for c in report.claims if has_no_series(c)]
    folded = {c.id for c in no_series} if len(no_series) >= FOLD_AT else set()
    claims = [c for c in problems_first(report.claims) if c.id not in folded]
    if not report.claims:
        console.print(Text("No figures flowcheck can check were found in this story."))
        return
    verdict_width = max(len("verdict"), *(len(w) for w in (verdict_words(verdict_key(c)) for c in claims)), 0)
    verdict_width = min(verdict_width, 12 if console.width < 100 else 17)
    widths = _widths(console.width, verdict_width)
    head = _grid(widths)
    head.add_row(*(Text(h, style="bold") for h in ("#", "the story states", "the data say", "verdict")))
    console.print(head)
    console.print(Rule(style="dim"))
    indent = widths[0] + 2
    for c in claims:
        verdict = verdict_key(c)
        _claim_line(console, c.id, c.mention, console.width)
        line = _grid(widths)
        line.add_row(Text(""), Text(stated(c)), Text(official(c, registry)),
                     Text(verdict_words(verdict), style=VERDICT_STYLE.get(verdict, "")))
        console.print(line)
        below = [c.explanation or ""]
        notes = reading_notes(c)
        if notes:
            below.append(f"Not stated in the sentence: {'; '.join(notes)}.")
        if c.official is not None:
            vintage = f" (vintage {c.official.vintage})" if c.official.vintage else ""
            below.append(f"Checked against {series_name(c.official.series)}{vintage}.")
        if sources(c):
            below.append(f"In the story: {sources(c)}.")
        console.print(Padding(Text("\n".join(x for x in below if x), style="dim"), (0, 0, 0, indent)))
        console.print(Rule(style="dim"))
    if folded:
        named = ", ".join(f"“{c.mention}” ({c.id})" for c in no_series)
        console.print(Text(f"{len(no_series)} figures flowcheck has no series for: {named}.", style="dim"))
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
