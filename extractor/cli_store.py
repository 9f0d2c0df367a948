"""CLI commands over the store: forecasts, claims, articles, export."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from extractor.errors import FlowcheckError, InputError

forecasts_app = typer.Typer(no_args_is_help=True, help="Forecasts found in saved stories, resolved as data arrive.")
DB = typer.Option(None, "--db", help="Store: a SQLite file path or an SQLAlchemy URL (default: user data dir).")


def _ui():
    from extractor.cli import _fail, err, out

    return _fail, err, out


def _table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[escape("" if v is None else str(v)) for v in row])
    return table


@forecasts_app.command("list")
def forecasts_list(status: str | None = typer.Option(None, help="pending, came_true, did_not_come_true, unresolvable."),
                   forecaster: str | None = typer.Option(None, help="Part of the forecaster's name."),
                   deadline_before: str | None = typer.Option(None, help="YYYY-MM-DD"),
                   deadline_after: str | None = typer.Option(None, help="YYYY-MM-DD"), db: str | None = DB) -> None:
    """Saved forecasts with their status and evidence."""
    from extractor.scrape.inputs import parse_date
    from extractor.store.repository import Store

    fail, _, out = _ui()
    try:
        rows = Store.open(db).forecasts(
            status=status, forecaster=forecaster,
            deadline_before=parse_date(deadline_before) if deadline_before else None,
            deadline_after=parse_date(deadline_after) if deadline_after else None)
    except FlowcheckError as exc:
        fail(exc)
        return
    out.print(_table("Forecasts", ["id", "forecaster", "affiliation", "target", "direction", "deadline", "status",
                                   "evidence week"],
                     [[r["id"], r["forecaster"], r["affiliation"], r["target_series"], r["direction"], r["deadline"],
                       r["status"], f"{r['evidence_period_start']}..{r['evidence_period_end']}"
                       if r["evidence_period_end"] else ""] for r in rows]))


@forecasts_app.command("check")
def forecasts_check(db: str | None = DB, mof_file: Path | None = typer.Option(None, "--mof-file")) -> None:
    """Re-resolve every pending forecast against the newest data and say what changed."""
    from extractor.cli import _registry
    from extractor.store.repository import Store
    from extractor.store.service import check_forecasts

    fail, _, out = _ui()
    try:
        changes = check_forecasts(Store.open(db), _registry(mof_file))
    except FlowcheckError as exc:
        fail(exc)
        return
    for change in changes:
        out.print(f"forecast {change.forecast_id} ({change.forecaster or 'unattributed'}): "
                  f"{change.before} → {change.after}. {change.explanation}", highlight=False, markup=False)
    out.print(f"{len(changes)} forecasts changed", highlight=False)


@forecasts_app.command("show")
def forecasts_show(forecast_id: int = typer.Argument(...), db: str | None = DB) -> None:
    """One forecast in full."""
    from extractor.store.repository import Store

    fail, _, out = _ui()
    try:
        row = Store.open(db).forecast(forecast_id)
        if row is None:
            raise InputError(f"no forecast with id {forecast_id}")
    except FlowcheckError as exc:
        fail(exc)
        return
    for key in ("id", "forecaster", "affiliation", "statement", "target_series", "direction", "rule", "test",
                "made_on", "deadline", "status", "status_reason", "data_source", "evidence_period_start",
                "evidence_period_end", "explanation", "resolved_at"):
        out.print(f"[bold]{key}[/]: {escape(str(row[key]))}", highlight=False)


@forecasts_app.command("scorecard")
def forecasts_scorecard(fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv."),
                        db: str | None = DB) -> None:
    """Per forecaster and per affiliation: made, settled, came true, did not, pending — each
    entry with its article."""
    import sys

    from extractor.store import scorecard
    from extractor.store.repository import Store

    fail, _, out = _ui()
    try:
        if fmt not in ("table", "json", "csv"):
            raise InputError(f"unknown format {fmt!r}; choose table, json or csv")
        card = scorecard.build(Store.open(db))
    except FlowcheckError as exc:
        fail(exc)
        return
    if fmt == "json":
        sys.stdout.write(scorecard.to_json(card) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(scorecard.to_csv(card))
        return
    heads = ["made", "settled", "came true", "did not", "pending", "unresolvable"]
    for title, lines in (("Forecasters", card.by_forecaster), ("Affiliations", card.by_affiliation)):
        out.print(_table(title, [title[:-1].lower(), *heads, "articles"],
                         [[x.name, *[getattr(x, c) for c in scorecard.COUNTS],
                           "\n".join(f"#{e.forecast_id} {e.status}: {e.article_link or e.article_title or ''}"
                                     for e in x.entries)] for x in lines]))


def claims(verdict: str | None = typer.Option(None, help="e.g. inaccurate, close, wrong_direction."),
           kind: str | None = typer.Option(None, help="flow, streak, comparison, …"),
           since: str | None = typer.Option(None, help="Articles published on or after YYYY-MM-DD."),
           limit: int = typer.Option(200, help="At most this many rows."), db: str | None = DB) -> None:
    """Saved claims, filtered."""
    from extractor.scrape.inputs import parse_date
    from extractor.store.repository import Store

    fail, _, out = _ui()
    try:
        rows = Store.open(db).claims(verdict=verdict, kind=kind, since=parse_date(since) if since else None,
                                     limit=limit)
    except FlowcheckError as exc:
        fail(exc)
        return
    out.print(_table("Claims", ["published", "article", "claim", "kind", "verdict", "explanation"],
                     [[r["published"], (r["title"] or r["url"] or "")[:50], r["mention"], r["kind"], r["verdict"],
                       r["explanation"]] for r in rows]))


def articles(db: str | None = DB) -> None:
    """Saved articles."""
    from extractor.store.repository import Store

    fail, _, out = _ui()
    try:
        rows = Store.open(db).articles()
    except FlowcheckError as exc:
        fail(exc)
        return
    out.print(_table("Articles", ["id", "published", "title", "url", "audited"],
                     [[r["id"], r["published"], r["title"], r["url"], r["audited_at"]] for r in rows]))


def export(fmt: str = typer.Option("csv", "--format", "-f", help="csv (a folder), json or sqlite."),
           output: Path = typer.Option(..., "--out", "-o", help="Folder (csv) or file (json, sqlite)."),
           db: str | None = DB) -> None:
    """Export the whole store."""
    from extractor.store.repository import Store
    from extractor.store.service import export as do_export

    fail, err, _ = _ui()
    try:
        written = do_export(Store.open(db), fmt, output)
    except FlowcheckError as exc:
        fail(exc)
        return
    err.print(f"wrote {', '.join(str(p) for p in written)}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(forecasts_app, name="forecasts")
    app.command()(claims)
    app.command()(articles)
    app.command()(export)
