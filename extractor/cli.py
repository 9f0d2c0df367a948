"""The ``flowcheck`` command.

Every user error (bad file, bad date, unreadable data) is a FlowcheckError: printed as one
line with a hint, exit code non-zero, no traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer
from rich.console import Console

from extractor.errors import FlowcheckError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Audit capital-flow news against official statistics (MoF weekly securities data, FRED).")
data_app = typer.Typer(no_args_is_help=True, help="Official data: coverage, vintages, updates.")
app.add_typer(data_app, name="data")

err = Console(stderr=True, soft_wrap=True)
# piped output (CI logs, files) gets a readable width instead of rich's 80-column default
out = Console() if sys.stdout.isatty() else Console(width=150)

def _fail(exc: FlowcheckError) -> None:
    err.print(f"[bold red]error:[/] {exc.message}", highlight=False)
    if exc.hint:
        err.print(f"hint: {exc.hint}", highlight=False)
    raise typer.Exit(exc.exit_code)


def _registry(mof_file: Path | None):
    from extractor.official.sources import Registry

    registry = Registry()
    if mof_file is not None:
        registry.mof.use_file(mof_file)
    registry.mof.load()  # fail early and clearly on an unreadable file
    return registry


ARTICLE_SUFFIXES = (".txt", ".json", ".html", ".htm")


def _articles_in(folder: Path) -> list[Path]:
    """Article files of a batch folder (gold annotation files are skipped)."""
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.endswith(".gold.json"))
    if not files:
        raise InputError(f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in {folder}")
    return files


def _run(source: str, published: str | None, fmt: str, output: Path | None, model: str | None,
         mof_file: Path | None, reconcile: bool, save: bool = False, db: str | None = None, jobs: int = 1) -> None:
    from extractor.audit import audit
    from extractor.nlp.pipeline import get_pipeline
    from extractor.report.formats import FORMATS, print_table, render, render_many
    from extractor.scrape.inputs import load_article, parse_date

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    when: date | None = parse_date(published, what="--published date") if published else None
    registry = _registry(mof_file) if reconcile else None
    store = None
    if save:
        from extractor.store.repository import Store

        store = Store.open(db)
    folder = _folder(source)
    if folder is not None and fmt == "html":
        raise InputError("--format html takes one article, not a folder")
    if folder is None:
        article = load_article(source)
        report = audit(article, get_pipeline(model), registry, published=when, reconcile=reconcile)
        _warn_about_date(report)
        if store is not None:
            article_id, new = store.save_report(report, article.text)
            err.print(f"saved as article {article_id} ({'new' if new else 'updated in place'})", highlight=False)
        if fmt == "table" and output is None:
            print_table(report, out)  # colours on a terminal
        elif fmt == "html":
            from extractor.report.html import to_html

            _emit(to_html(report, article.text, registry), output)
        else:
            _emit(render(report, fmt, width=out.width), output)
        return
    from rich.progress import track

    reports, failed = [], 0
    if jobs > 1:  # worker processes (the scan's), reports in file order
        from extractor.cli_scan import audit_in_processes

        pairs, errors = audit_in_processes(_articles_in(folder), model, mof_file, reconcile, when, jobs)
        for report, text in pairs:
            if store is not None:
                store.save_report(report, text)
            reports.append(report)
        for line in errors:
            err.print(f"[bold red]error:[/] {line}", highlight=False)
        failed = len(errors)
    nlp = get_pipeline(model) if jobs == 1 else None
    for path in track(_articles_in(folder) if jobs == 1 else [], description="auditing", console=err, transient=True):
        try:
            article = load_article(str(path))
            report = audit(article, nlp, registry, published=when, reconcile=reconcile)
            if store is not None:  # one transaction per article: a crash keeps what was saved
                store.save_report(report, article.text)
            reports.append(report)
        except FlowcheckError as exc:  # one bad file does not stop the batch
            failed += 1
            err.print(f"[bold red]error:[/] {path.name}: {exc.message}", highlight=False)
    _emit(render_many(reports, fmt, width=out.width), output)
    err.print(f"{len(reports)} articles done, {failed} failed", highlight=False)
    if failed:
        raise typer.Exit(1)


def _fetcher(allow_private: bool):
    """The scraper's fetcher; private addresses only with --allow-private or FLOWCHECK_ALLOW_PRIVATE=1."""
    from extractor.scrape.fetch import Fetcher, FetchPolicy
    from extractor.scrape.inputs import allow_private as env_allows

    return Fetcher(FetchPolicy(allow_private=allow_private or env_allows()))


def _folder(source: str) -> Path | None:
    """The batch folder ``source`` names, if it names one."""
    from extractor.scrape.inputs import is_url

    if source == "-" or is_url(source):
        return None
    try:
        return Path(source) if Path(source).is_dir() else None
    except OSError:
        return None  # an impossible path: load_article says so clearly


def _warn_about_date(report) -> None:
    info = report.article
    if info.published is None:
        proposals = "; ".join(f"{c.published} (week to {c.week_end}: {c.matched} of {c.of} figures match)"
                              for c in info.date_candidates)
        err.print("warning: no publication date known (use --published YYYY-MM-DD); relative periods such as "
                  "'last week' stay unresolved." + (f" Dates that fit the figures: {proposals}." if proposals else ""),
                  highlight=False)
    elif info.published_basis == "inferred":
        err.print(f"note: publication date {info.published} was inferred by matching the article's figures to "
                  "the MoF data; give --published to override.", highlight=False)


def _emit(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {output}: {exc.strerror}") from exc
    err.print(f"wrote {output}", highlight=False)


SOURCE = typer.Argument(..., help="Article file (.txt: first line is the headline; .html; .json), a folder of "
                        "them (batch), or - for stdin.")
PUBLISHED = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD (overrides the article's).")
OUT = typer.Option(None, "--out", "-o", help="Write to this file instead of the terminal.")
MODEL = typer.Option(None, "--model", help="spaCy English model package (default: FLOWCHECK_MODEL or the config's).")
MOF_FILE = typer.Option(None, "--mof-file", help="Use this MoF weekly CSV instead of the stored data.")


@app.command()
def audit(source: str = SOURCE, published: str | None = PUBLISHED,
          fmt: str = typer.Option("table", "--format", "-f", help="table, json, jsonl, csv, markdown or html."),
          output: Path | None = OUT, model: str | None = MODEL, mof_file: Path | None = MOF_FILE,
          save: bool = typer.Option(False, "--save", help="Store the article, claims and verdicts."),
          db: str | None = typer.Option(None, "--db", help="Store: SQLite path or SQLAlchemy URL."),
          jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes for a folder.")) -> None:
    """Extract an article's claims and check each against the official data."""
    try:
        _run(source, published, fmt, output, model, mof_file, reconcile=True, save=save, db=db, jobs=jobs)
    except FlowcheckError as exc:
        _fail(exc)


@app.command()
def extract(source: str = SOURCE, published: str | None = PUBLISHED,
            fmt: str = typer.Option("json", "--format", "-f", help="json, jsonl, table, csv or markdown."),
            output: Path | None = OUT, model: str | None = MODEL) -> None:
    """Extract an article's claims without checking them."""
    try:
        _run(source, published, fmt, output, model, None, reconcile=False)
    except FlowcheckError as exc:
        _fail(exc)


@app.command()
def scrape(source: str = typer.Argument(..., help="URL, HTML file, or - for HTML on standard input."),
           fmt: str = typer.Option("json", "--format", "-f", help="json or text."),
           allow_private: bool = typer.Option(False, "--allow-private", help="Allow private/loopback addresses.")) -> None:
    """Scrape one article: metadata and main text."""
    import json as _json

    from extractor.scrape.inputs import scrape as do_scrape

    try:
        if fmt not in ("json", "text"):
            raise InputError(f"unknown format {fmt!r}; choose json or text")
        article = do_scrape(source, _fetcher(allow_private))
        if not article.text.strip():
            raise InputError(f"no article text found in {source}")
        if fmt == "text":
            sys.stdout.write(f"{article.title or ''}\n\n{article.text}\n")
        else:
            sys.stdout.write(_json.dumps(article.to_dict(), indent=2, ensure_ascii=False) + "\n")
    except FlowcheckError as exc:
        _fail(exc)


@app.command()
def collect(feeds: list[str] = typer.Argument(..., help="RSS/Atom feed URLs."),
            out_dir: Path = typer.Option(Path("collected"), "--out", "-o", help="Folder for the article JSON files."),
            match: str | None = typer.Option(None, "--match", help="Keep items whose title or URL matches this regex."),
            since: str | None = typer.Option(None, "--since", help="Keep items published on or after YYYY-MM-DD."),
            allow_private: bool = typer.Option(False, "--allow-private", help="Allow private/loopback addresses.")) -> None:
    """Read feeds, scrape new items, save each article once (deduplicated by URL and text)."""
    import re as _re

    from rich.progress import track

    from extractor.scrape.feeds import collect as do_collect
    from extractor.scrape.inputs import parse_date

    try:
        if match:
            try:
                _re.compile(match)
            except _re.error as exc:
                raise InputError(f"--match is not a valid regular expression: {exc}") from exc
        start = parse_date(since, what="--since date") if since else None
        result = do_collect(feeds, out_dir, _fetcher(allow_private), match=match, since=start,
                            progress=lambda items: track(items, description="collecting", console=err, transient=True))
    except FlowcheckError as exc:
        _fail(exc)
        return
    for failure in result.failed:
        err.print(f"[yellow]skipped:[/] {failure}", highlight=False)
    out.print(f"saved {len(result.saved)} new articles to {out_dir}; {result.skipped_duplicates} duplicates, "
              f"{result.skipped_filtered} filtered out, {len(result.failed)} failed", highlight=False)
    if result.failed and not result.saved:
        raise typer.Exit(4)


@app.command()
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port."),
          db: str | None = typer.Option(None, "--db", help="Store: SQLite path or SQLAlchemy URL."),
          allow_private: bool = typer.Option(False, "--allow-private", help="Let URL audits reach private addresses."),
          workers: int = typer.Option(1, min=1, max=32, help="Worker processes (each loads the pipeline once).")
          ) -> None:
    """Run the HTTP API (OpenAPI at /openapi.json, docs at /docs)."""
    import os

    import uvicorn

    from extractor.store.repository import Store

    try:
        Store.open(db)  # create the store once, before workers race to do it
    except FlowcheckError as exc:
        _fail(exc)
    if db:
        os.environ["FLOWCHECK_API_DB"] = db
    if allow_private:
        os.environ["FLOWCHECK_ALLOW_PRIVATE"] = "1"
    uvicorn.run("extractor.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


@app.command()
def schema() -> None:
    """Print the JSON Schema of the audit output (claims, verdicts, schema_version)."""
    import json as _json

    from extractor.claims.model import AuditReport

    sys.stdout.write(_json.dumps(AuditReport.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
def eval_cmd(gold_dir: Path = typer.Argument(..., help="Folder of <slug>.json articles and <slug>.gold.json files."),
             show: bool = typer.Option(True, help="List misses, false hits and verdict disagreements.")) -> None:
    """Precision, recall and F1 of flow claims and verdict agreement against gold files."""
    from extractor.evaluate import evaluate
    from extractor.nlp.pipeline import get_pipeline
    from extractor.official.sources import Registry

    try:
        result = evaluate(gold_dir, get_pipeline(), Registry())
    except FlowcheckError as exc:
        _fail(exc)
        return
    t = result.totals()
    if show:
        for a in result.articles:
            if a.misses or a.false_positives or a.verdict_disagreements:
                out.print(f"[bold]{a.slug}[/]", highlight=False)
                for m in a.misses:
                    out.print(f"  miss:      {m}", highlight=False, markup=False)
                for m in a.false_positives:
                    out.print(f"  false hit: {m}", highlight=False, markup=False)
                for m in a.verdict_disagreements:
                    out.print(f"  verdict:   {m}", highlight=False, markup=False)
    errors = ", ".join(f"{k} {v}" for k, v in result.field_errors().most_common()) or "none"
    out.print(f"articles {t['articles']}  flow claims: tp {t['tp']} fp {t['fp']} fn {t['fn']}  "
              f"precision {t['precision']:.3f} recall {t['recall']:.3f} F1 {t['f1']:.3f}", highlight=False)
    out.print(f"verdict agreement {t['verdict_agreement']:.3f} on {t['verdicts_compared']} gold verdicts; "
              f"field errors: {errors}; {t['articles_per_second']:.2f} articles/s", highlight=False)


@data_app.command("info")
def data_info(mof_file: Path | None = MOF_FILE) -> None:
    """Coverage and vintage of every official series."""
    from rich.table import Table

    try:
        registry = _registry(mof_file)
        table = Table(title="Official data")
        for col in ("series", "from", "to", "observations", "gaps", "vintage", "origin"):
            table.add_column(col, overflow="fold")
        for source in registry.all():
            cov, vin = source.coverage(), source.vintage()
            gaps = ", ".join(f"{a}..{b}" for a, b in cov.gaps) or "none"
            table.add_row(source.source_id, cov.start.isoformat(), cov.end.isoformat(), str(cov.observations),
                          gaps, vin.label, vin.origin)
        out.print(table)
    except FlowcheckError as exc:
        _fail(exc)


DB_OPTION = typer.Option(None, "--db", help="Store for vintages and revisions: SQLite path or SQLAlchemy URL.")


def _add_vintages(series: str, db: str | None, get) -> None:
    """Fetch or import, keep the file as a vintage, record it and the revised cells in the store."""
    from extractor.official.sources import Registry
    from extractor.store.repository import Store
    from extractor.store.service import check_forecasts, record_new_vintage

    registry = Registry()
    store = Store.open(db)
    targets = registry.all() if series == "all" else [registry.get(series)]
    for source in targets:
        vintage, new = get(source)
        revised = record_new_vintage(store, source, vintage) if new else 0
        state = "new vintage" if new else "unchanged (same file as a stored vintage)"
        out.print(f"{source.source_id}: {state} {vintage.label} sha256 {vintage.sha256[:12]}"
                  + (f"; {revised} revised cells recorded" if new else ""), highlight=False)
    changes = check_forecasts(store, Registry())
    if changes:
        out.print(f"{len(changes)} saved forecasts changed status (see `flowcheck forecasts list`)", highlight=False)


@data_app.command("update")
def data_update(series: str = typer.Option("mof_weekly", help="mof_weekly, DEXJPUS, DGS10 or all."),
                db: str | None = DB_OPTION) -> None:
    """Fetch the live file(s) and keep each as a new vintage (older vintages are kept)."""
    try:
        _add_vintages(series, db, lambda source: source.fetch())
    except FlowcheckError as exc:
        _fail(exc)


@data_app.command("import")
def data_import(path: Path = typer.Argument(..., help="An official file downloaded by hand."),
                series: str = typer.Option("mof_weekly", help="mof_weekly, DEXJPUS or DGS10."),
                db: str | None = DB_OPTION) -> None:
    """Keep a local copy of an official file as a new vintage, like `data update` does."""
    try:
        if series == "all":
            raise InputError("import one series at a time")
        _add_vintages(series, db, lambda source: source.import_file(path))
    except FlowcheckError as exc:
        _fail(exc)


@data_app.command("build-snapshot", hidden=True)
def build_snapshot(mof: Path = typer.Option(...), fred_dir: Path = typer.Option(...)) -> None:
    """Maintainers: rebuild the bundled snapshots from official files with the project's parsers."""
    from extractor.official import snapshot
    from extractor.official.sources import Registry

    try:
        registry = Registry()
        files = {registry.mof: mof, **{registry.fred[s]: fred_dir / f"{s}.csv" for s in registry.fred}}
        origins = {s.source_id: s.url for s in registry.all()}
        snapshot.build(files, origins)
        out.print("snapshots rebuilt")
    except FlowcheckError as exc:
        _fail(exc)


def main() -> None:
    app()


from extractor.cli_store import register as _register_store  # noqa: E402  (commands defined there)

_register_store(app)
from extractor.cli_scan import register as _register_scan  # noqa: E402

_register_scan(app)


if __name__ == "__main__":
    main()
