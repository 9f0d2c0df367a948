"""CLI commands over the store: forecasts, claims, articles, export."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape

from extractor.cli_common import DB, MOF_FILE, err, load_registry, out, reports_errors
from extractor.errors import InputError

forecasts_app = typer.Typer(no_args_is_help=True, help="Forecasts found in saved stories, resolved as data arrive.")
FORMAT = typer.Option("table", "--format", "-f", help="table (for reading), json or csv (every field).")


def existing_store(db: str | None):
    """The store a reading command reads: one that does not exist is refused (a mistyped --db
    must not answer with an empty listing, nor leave an empty store behind)."""
    from extractor.settings import data_dir
    from extractor.store.repository import Store

    if db and "://" in db and not db.startswith("sqlite:///"):
        return Store.open(db)  # a database server: connecting says whether it is there
    path = Path(db.removeprefix("sqlite:///")) if db else data_dir() / "flowcheck.sqlite"
    if not path.is_file():
        raise InputError(f"no store at {path}; `flowcheck audit FILE --save{' --db ' + str(path) if db else ''}` "
                         "creates one")
    return Store.open(db)


def _words_in_table(rows: list[dict], *keys: str) -> list[dict]:
    """Verdicts and statuses in plain words for the table ("did not come true"); JSON and CSV keep the keys."""
    from extractor.report.describe import kind_words, verdict_words

    return [{**r, **{k: (kind_words(r[k]) if k == "kind" else verdict_words(r[k])) for k in keys if r.get(k)}}
            for r in rows]


@forecasts_app.command("list")
@reports_errors
def forecasts_list(status: str | None = typer.Option(None, help="pending, came_true, did_not_come_true, unresolvable."),
                   forecaster: str | None = typer.Option(None, help="Part of the forecaster's name."),
                   deadline_before: str | None = typer.Option(None, help="YYYY-MM-DD"),
                   deadline_after: str | None = typer.Option(None, help="YYYY-MM-DD"), db: str | None = DB,
                   fmt: str = FORMAT) -> None:
    """Saved forecasts with their status and evidence."""
    from extractor.report.listing import FORECAST_STATUSES, check_choice, check_format, emit, table_fields
    from extractor.scrape.inputs import parse_date

    check_format(fmt)
    check_choice("status", status, FORECAST_STATUSES)
    rows = existing_store(db).forecasts(
        status=status, forecaster=forecaster,
        deadline_before=parse_date(deadline_before) if deadline_before else None,
        deadline_after=parse_date(deadline_after) if deadline_after else None)
    for r in rows:
        r["evidence_week"] = (f"{r['evidence_period_start']}..{r['evidence_period_end']}"
                              if r["evidence_period_end"] else "")
    if fmt == "table":  # for reading: words, not keys
        from extractor.report.describe import direction_words, series_name

        rows = [{**r, "evidence_week": r["evidence_week"].replace("..", " to "),
                 "target_series": series_name(r["target_series"]) if r["target_series"] else "",
                 "direction": direction_words(r["direction"])} for r in _words_in_table(rows, "status")]
    emit(rows, fmt, out, title="Forecasts", columns={
        "id": "id", "forecaster": "forecaster", "affiliation": "affiliation", "target_series": "target",
        "direction": "direction", "deadline": "deadline", "status": "status", "evidence_week": "evidence week"},
        fields=table_fields("forecasts") + ["evidence_week"], wide=("affiliation", "target_series"))


@forecasts_app.command("check")
@reports_errors
def forecasts_check(db: str | None = DB, mof_file: Path | None = MOF_FILE) -> None:
    """Re-resolve every pending forecast against the newest data and say what changed."""
    from extractor.store.service import check_forecasts

    changes = check_forecasts(existing_store(db), load_registry(mof_file))
    for change in changes:
        out.print(f"forecast {change.forecast_id} ({change.forecaster or 'unattributed'}): "
                  f"{change.before} → {change.after}. {change.explanation}", highlight=False, markup=False)
    out.print(f"{len(changes)} forecasts changed", highlight=False)


@forecasts_app.command("show")
@reports_errors
def forecasts_show(forecast_id: int = typer.Argument(...), db: str | None = DB) -> None:
    """One forecast in full."""
    row = existing_store(db).forecast(forecast_id)
    if row is None:
        raise InputError(f"no forecast with id {forecast_id}")
    for key in ("id", "forecaster", "affiliation", "statement", "target_series", "direction", "rule", "test",
                "made_on", "deadline", "status", "status_reason", "data_source", "evidence_period_start",
                "evidence_period_end", "explanation", "resolved_at"):
        out.print(f"[bold]{key}[/]: {escape(str(row[key]))}", highlight=False)


@forecasts_app.command("scorecard")
@reports_errors
def forecasts_scorecard(fmt: str = FORMAT, db: str | None = DB) -> None:
    """Per forecaster and per affiliation: made, settled, came true, did not, pending — each
    entry with its article."""
    import sys

    from extractor.report.listing import check_format, emit
    from extractor.store import scorecard

    check_format(fmt)
    card = scorecard.build(existing_store(db))
    if fmt != "table":  # every entry with its article, nested (json) or one row per name (csv)
        sys.stdout.write(scorecard.to_json(card) + "\n" if fmt == "json" else scorecard.to_csv(card))
        return
    heads = {"name": "", "made": "made", "settled": "settled", "came_true": "came true",
             "did_not_come_true": "did not", "pending": "pending", "unresolvable": "unresolvable",
             "articles": "articles"}
    for title, lines in (("Forecasters", card.by_forecaster), ("Affiliations", card.by_affiliation)):
        rows = [{"name": x.name, **{c: getattr(x, c) for c in scorecard.COUNTS},
                 "articles": "\n".join(scorecard.entry_words(e) for e in x.entries)} for x in lines]
        emit(rows, "table", out, title=title, columns={**heads, "name": title[:-1].lower()}, wide=("articles",))


@forecasts_app.command("plans")
@reports_errors
def forecasts_plans(fmt: str = FORMAT, db: str | None = DB, mof_file: Path | None = MOF_FILE) -> None:
    """The life insurers' plans for each fiscal half or year, beside what MoF's life-insurer
    series (monthb) showed, each plan with its status and story."""
    import sys

    from extractor.report.listing import check_format
    from extractor.store import plans
    from extractor.store.repository import Store

    check_format(fmt)
    periods = plans.build(Store.open(db), load_registry(mof_file))
    if fmt != "table":
        frame = plans.as_frame(periods)
        sys.stdout.write(frame.to_json(orient="records", indent=2, force_ascii=False) + "\n" if fmt == "json"
                         else frame.to_csv(index=False))
        return
    if not periods:
        out.print("No stored plan of the life insurers for a fiscal half or year.", highlight=False)
    for p in periods:
        out.print(f"[bold]{escape(p.label)}[/]", highlight=False)
        for plan in p.plans:
            out.print(f"  said ({escape(plan.who)}): {escape(plan.flow)} — {escape(plan.status or 'not resolved')}"
                      f"  [#{plan.forecast_id}, {escape(plan.article_title or '')} {plan.published or ''}]",
                      highlight=False)
            out.print(f"    “{escape(' '.join(plan.statement.split())[:160])}”", highlight=False)
        for line in plans.shown(p):
            out.print(f"  showed: {escape(line)}", highlight=False)


@reports_errors
def claims(verdict: str | None = typer.Option(None, help="accurate, close, inaccurate, wrong_direction (wrong "
                                         "direction), unverifiable, pending, came_true, did_not_come_true, "
                                         "unresolvable."),
           kind: str | None = typer.Option(None, help="flow, streak, comparison, conversion, market_move (a market "
                                      "move), forecast, statistic."),
           since: str | None = typer.Option(None, help="Articles published on or after YYYY-MM-DD."),
           limit: int = typer.Option(200, help="At most this many rows."), db: str | None = DB,
           fmt: str = FORMAT) -> None:
    """Saved claims, filtered."""
    from extractor.report.listing import check_choice, check_format, claim_fields, claim_kinds, emit, verdicts
    from extractor.scrape.inputs import parse_date

    check_format(fmt)
    check_choice("verdict", verdict, verdicts())
    check_choice("kind", kind, claim_kinds())
    rows = existing_store(db).claims(verdict=verdict, kind=kind, since=parse_date(since) if since else None,
                                     limit=limit)
    for r in rows:
        r["article"] = (r["title"] or r["url"] or "")[:50]
    if fmt == "table":
        rows = _words_in_table(rows, "verdict", "kind")
    emit(rows, fmt, out, title="Claims", columns={"published": "published", "article": "article", "mention": "claim",
                                                  "kind": "kind", "verdict": "verdict", "explanation": "explanation"},
         fields=claim_fields() + ["article"], wide=("explanation",))


@reports_errors
def articles(db: str | None = DB, fmt: str = FORMAT) -> None:
    """Saved articles."""
    from extractor.report.listing import check_format, emit

    check_format(fmt)
    rows = existing_store(db).articles()
    emit(rows, fmt, out, title="Articles", columns={"id": "id", "published": "published", "title": "title",
                                                    "url": "url", "audited_at": "audited"},
         fields=["id", "url", "title", "published", "publisher", "text_hash", "audited_at"], wide=("title", "url"))


@reports_errors
def export(fmt: str = typer.Option("csv", "--format", "-f", help="csv, json or sqlite."),
           output: Path = typer.Option(..., "--out", "-o", help="csv: a file ending in .csv gets the claims table "
                                       "alone; any other path is a folder with one CSV per table. json, sqlite: a file."),
           db: str | None = DB) -> None:
    """Export the store: `-f csv -o claims.csv` the claims table alone, `-f csv -o DIR` one CSV per table.

    The tables are articles, claims, verdicts, forecasts, vintages and revisions; json and sqlite
    write one file."""
    from extractor.store.repository import Store
    from extractor.store.service import export as do_export

    if fmt == "csv" and output.suffix.lower() == ".csv":
        from extractor.report.listing import write_table_csv

        written = [write_table_csv(Store.open(db), "claims", output)]
    else:
        written = do_export(Store.open(db), fmt, output)
    err.print(f"wrote {', '.join(str(p) for p in written)}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(forecasts_app, name="forecasts")
    app.command()(claims)
    app.command()(articles)
    app.command()(export)
