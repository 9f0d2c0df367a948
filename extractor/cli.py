"""The ``flowcheck`` command.

Every user error (bad file, bad date, unreadable data) is a FlowcheckError: printed as one
line with a hint, exit code non-zero, no traceback.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import typer

from extractor.cli_common import DB, MODEL, MOF_FILE, err, load_registry, out, reports_errors, say
from extractor.cli_scan import register as register_scan
from extractor.cli_store import register as register_store
from extractor.errors import FlowcheckError, InputError

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Audit capital-flow news against official statistics (MoF weekly securities data, FRED).")
data_app = typer.Typer(no_args_is_help=True, help="Official data: coverage, vintages, updates.")
app.add_typer(data_app, name="data")


ARTICLE_SUFFIXES = (".txt", ".json", ".html", ".htm")


def articles_in(folder: Path) -> list[Path]:
    """Article files of a batch folder (gold annotation files are skipped)."""
    files = sorted(p for p in folder.iterdir()
                   if p.suffix.lower() in ARTICLE_SUFFIXES and not p.name.endswith(".gold.json"))
    if not files:
        raise InputError(f"no article files ({', '.join(ARTICLE_SUFFIXES)}) in {folder}")
    return files


def _run(source: str, published: str | None, fmt: str, output: Path | None, model: str | None,
         mof_file: Path | None, reconcile: bool, save: bool = False, db: str | None = None,
         allow_private: bool = False, jobs: int = 1) -> None:
    from extractor.audit import audit
    from extractor.nlp.pipeline import get_pipeline
    from extractor.report.formats import FORMATS, print_table, render, render_many
    from extractor.scrape.inputs import check_length, load_article, parse_published

    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    when: date | None = parse_published(published) if published else None
    registry = load_registry(mof_file) if reconcile else None
    folder = _folder(source)
    saver = _Saver(db, verbose=folder is None) if save else None
    if folder is not None and fmt == "html":
        raise InputError("--format html takes one article, not a folder")
    if folder is None:
        article = load_article(source, _fetcher(allow_private))
        nlp = get_pipeline(model)
        check_length(article.text, nlp.max_length, f"{article.path or source} (article text)")
        _warn_about_input(article)
        report = audit(article, nlp, registry, published=when, reconcile=reconcile)
        _warn_about_date(report)
        if fmt == "table" and output is None:
            print_table(report, out, registry)  # colours on a terminal
        elif fmt == "html":
            from extractor.report.html import to_html

            _emit(to_html(report, article.text, registry), output)
        else:
            _emit(render(report, fmt, width=out.width, registry=registry), output)
        if saver is not None:  # after the report: a broken store must not cost the user the audit
            saver.save(report, article.text)
            saver.finish()
        return
    from rich.progress import track

    from extractor.scan.work import Failure

    reports, failures = [], []
    if jobs > 1:  # worker processes (the scan's), reports in file order
        from extractor.cli_scan import audit_in_processes

        pairs, failures = audit_in_processes(articles_in(folder), model, mof_file, reconcile, when, jobs)
        for report, text in pairs:
            if saver is not None:
                saver.save(report, text)
            reports.append(report)
        for failure in failures:
            err.print(f"error: {failure}", highlight=False, markup=False)
    nlp = get_pipeline(model) if jobs == 1 else None
    for path in track(articles_in(folder) if jobs == 1 else [], description="auditing", console=err, transient=True):
        try:
            article = load_article(str(path))
            check_length(article.text, nlp.max_length, "article text")
            _warn_about_input(article)
            report = audit(article, nlp, registry, published=when, reconcile=reconcile)
        except FlowcheckError as exc:  # one bad file does not stop the batch
            failures.append(Failure(str(path), exc.message))
            err.print(f"error: {failures[-1]}", highlight=False, markup=False)
            continue
        except Exception as exc:  # noqa: BLE001 (named, counted, and the finished reports still written)
            failures.append(Failure.of(str(path), exc, "the audit"))
            err.print(f"error: {failures[-1]}", highlight=False, markup=False)
            continue
        if saver is not None:  # one transaction per article: a crash keeps what was saved
            saver.save(report, article.text)
        reports.append(report)
    _emit(render_many(reports, fmt, width=out.width, registry=registry), output)
    listed = _list_failures(failures, output)
    err.print(f"{len(reports)} articles done, {len(failures)} failed"
              + (f", listed in {listed}" if listed and failures else ""), highlight=False, markup=False)
    if saver is not None:
        saver.finish()
    if failures:
        raise typer.Exit(1)


def errors_path(output: Path) -> Path:
    """Where ``audit FOLDER -o FILE`` lists the articles that failed: FILE's name with
    ``.errors.jsonl`` for its suffix, beside it (``audits.jsonl`` → ``audits.errors.jsonl``)."""
    return output.with_name(output.name.rsplit(".", 1)[0] + ".errors.jsonl")


def _list_failures(failures: list, output: Path | None) -> Path | None:
    """With ``--out``, the failures as JSON Lines (``record``: the file, ``error``) beside the output,
    the same shape as a scan's ``errors.jsonl``; a list left by an earlier run is removed when
    nothing failed this time."""
    import json

    if output is None:
        return None
    path = errors_path(output)
    try:
        if not failures:
            path.unlink(missing_ok=True)
            return None
        path.write_text("".join(json.dumps({"record": f.record, "error": f.error}, ensure_ascii=False) + "\n"
                                for f in failures), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    return path


class _Saver:
    """``--save``: store each report; a store that cannot be written is reported once, after
    every report has been written, with the store's own exit code."""

    def __init__(self, db: str | None, *, verbose: bool) -> None:
        self.db, self.verbose, self.store, self.error, self.saved = db, verbose, None, None, 0

    def save(self, report, text: str) -> None:
        from extractor.store.repository import Store

        if self.error is not None:
            return
        try:
            self.store = self.store or Store.open(self.db)
            article_id, new = self.store.save_report(report, text)
        except FlowcheckError as exc:
            self.error = exc
            return
        self.saved += 1
        if self.verbose:
            err.print(f"saved as article {article_id} ({'new' if new else 'updated in place'})", highlight=False)

    def finish(self) -> None:
        if self.error is not None:
            kept = f"{self.saved} report(s) saved before it; " if self.saved else ""
            self.error.message += f" — {kept}the report output was written, the rest not stored"
            raise self.error


def _warn_about_input(article) -> None:
    for warning in article.warnings:
        say("warning:", warning, "yellow")


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


SOURCE = typer.Argument(..., help="An article's URL (fetched politely; --allow-private for intranet addresses), "
                        "a file (.txt: first line is the headline; .html; .json), a folder of them (batch), "
                        "or - for stdin.")
PUBLISHED = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD (overrides the article's).")
OUT = typer.Option(None, "--out", "-o", help="Write to this file instead of the terminal.")


@app.command()
@reports_errors
def audit(source: str = SOURCE, published: str | None = PUBLISHED,
          fmt: str = typer.Option("table", "--format", "-f", help="table, json, jsonl, csv, markdown or html."),
          output: Path | None = OUT, model: str | None = MODEL, mof_file: Path | None = MOF_FILE,
          save: bool = typer.Option(False, "--save", help="Store the article, claims and verdicts."),
          db: str | None = DB,
          allow_private: bool = typer.Option(False, "--allow-private", help="Allow private/loopback addresses."),
          jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes for a folder.")) -> None:
    """Extract an article's claims and check each against the official data.

    A folder is a batch: an article that fails gets one line on stderr (and, with --out FILE, a
    line in FILE.errors.jsonl beside it: the file and the error), every other article is reported,
    and the exit code is 1."""
    _run(source, published, fmt, output, model, mof_file, reconcile=True, save=save, db=db,
         allow_private=allow_private, jobs=jobs)


@app.command()
@reports_errors
def extract(source: str = SOURCE, published: str | None = PUBLISHED,
            fmt: str = typer.Option("json", "--format", "-f", help="json, jsonl, table, csv or markdown."),
            output: Path | None = OUT, model: str | None = MODEL) -> None:
    """Extract an article's claims without checking them."""
    _run(source, published, fmt, output, model, None, reconcile=False)


@app.command()
@reports_errors
def scrape(source: str = typer.Argument(..., help="URL, HTML file, or - for HTML on standard input."),
           fmt: str = typer.Option("json", "--format", "-f", help="json or text."),
           allow_private: bool = typer.Option(False, "--allow-private", help="Allow private/loopback addresses.")) -> None:
    """Scrape one article: metadata and main text."""
    import json as _json

    from extractor.scrape.inputs import scrape as do_scrape

    if fmt not in ("json", "text"):
        raise InputError(f"unknown format {fmt!r}; choose json or text")
    article = do_scrape(source, _fetcher(allow_private))
    if not article.text.strip():
        raise InputError(f"no article text found in {source}")
    if fmt == "text":
        sys.stdout.write(f"{article.title or ''}\n\n{article.text}\n")
    else:
        sys.stdout.write(_json.dumps(article.to_dict(), indent=2, ensure_ascii=False) + "\n")


@app.command()
@reports_errors
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

    if match:
        try:
            _re.compile(match)
        except _re.error as exc:
            raise InputError(f"--match is not a valid regular expression: {exc}") from exc
    start = parse_date(since, what="--since date") if since else None
    result = do_collect(feeds, out_dir, _fetcher(allow_private), match=match, since=start,
                        progress=lambda items: track(items, description="collecting", console=err, transient=True))
    for failure in result.failed:
        say("skipped:", failure, "yellow")
    out.print(f"saved {len(result.saved)} new articles to {out_dir}; {result.skipped_duplicates} duplicates, "
              f"{result.skipped_filtered} filtered out, {len(result.failed)} failed", highlight=False, markup=False)
    if result.failed and not result.saved:
        raise typer.Exit(4)


@app.command()
@reports_errors
def serve(host: str = typer.Option("127.0.0.1", help="Address to listen on."),
          port: int = typer.Option(8000, help="Port."),
          db: str | None = DB,
          allow_private: bool = typer.Option(False, "--allow-private", help="Let URL audits reach private addresses."),
          workers: int = typer.Option(1, min=1, max=32, help="Worker processes (each loads the pipeline once).")
          ) -> None:
    """Run the web desk (check a story, stored audits, claims, forecasts, data) and the HTTP API (OpenAPI at /openapi.json, docs at /docs); one log line per request."""  # noqa: E501  (one line: typer keeps a docstring's line breaks in the command list)
    import os

    import uvicorn

    from extractor.store.repository import Store

    Store.open(db)  # create the store once, before workers race to do it
    if db:
        os.environ["FLOWCHECK_API_DB"] = db
    if allow_private:
        os.environ["FLOWCHECK_ALLOW_PRIVATE"] = "1"
    shown = f"[{host}]" if ":" in host else host
    out.print(f"flowcheck desk on http://{shown}:{port}/ (API docs at /docs); Ctrl-C stops it", highlight=False,
              markup=False)
    uvicorn.run("extractor.api:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_config=_request_log_config(), log_level=None,
                server_header=False)  # no "server: uvicorn" banner


def _request_log_config() -> dict:
    """Uvicorn's logging with one line per request (its access log) and only warnings otherwise."""
    import copy

    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["loggers"]["uvicorn"]["level"] = "WARNING"
    config["loggers"]["uvicorn.error"]["level"] = "WARNING"
    config["loggers"]["uvicorn.access"]["level"] = "INFO"
    return config


@app.command()
@reports_errors
def schema() -> None:
    """Print the JSON Schema of the audit output (claims, verdicts, schema_version)."""
    import json as _json

    from extractor.claims.model import AuditReport

    sys.stdout.write(_json.dumps(AuditReport.model_json_schema(), indent=2, ensure_ascii=False) + "\n")


@app.command("eval")
@reports_errors
def eval_cmd(gold_dir: Path = typer.Argument(..., help="Folder of <slug>.json articles and <slug>.gold.json files."),
             show: bool = typer.Option(True, help="List misses, false hits and verdict disagreements."),
             part: str | None = typer.Option(None, help="K/N: only articles whose sorted index is K modulo N "
                                                        "(hold-out checks, e.g. 2/3).")) -> None:
    """Precision, recall and F1 of flow claims and verdict agreement against gold files."""
    from extractor.evaluate import evaluate
    from extractor.evaluate_forecasts import summary_line
    from extractor.nlp.pipeline import get_pipeline
    from extractor.official.sources import Registry

    selected = None
    if part is not None:
        k, _, n = part.partition("/")
        if not (k.isdigit() and n.isdigit() and 0 <= int(k) < int(n)):
            raise FlowcheckError(f"--part must be K/N with 0 <= K < N, not {part!r}")
        selected = (int(k), int(n))
    result = evaluate(gold_dir, get_pipeline(), Registry(), part=selected)
    t = result.totals()
    if show:
        for f in result.forecasts:
            for m in f.misses:
                out.print(f"  forecast miss ({f.slug}): {m}", highlight=False, markup=False)
            for m in f.false_hits:
                out.print(f"  forecast false hit ({f.slug}): {m}", highlight=False, markup=False)
        for a in result.articles:
            if a.misses or a.false_positives or a.verdict_disagreements:
                out.print(a.slug, style="bold", highlight=False, markup=False)
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
    for line in result.summary_lines():
        out.print(line, highlight=False, markup=False)
    out.print(summary_line(result.forecasts), highlight=False)


@data_app.command("info")
@reports_errors
def data_info(mof_file: Path | None = MOF_FILE,
              fmt: str = typer.Option("table", "--format", "-f", help="table, json or csv.")) -> None:
    """Coverage and vintage of every official series."""
    from extractor.report.listing import check_format, emit, series_rows, short_origin

    check_format(fmt)
    rows = series_rows(load_registry(mof_file))
    if fmt == "table":  # addresses shortened to host and file for reading; JSON and CSV keep them whole
        rows = [{**r, "origin": short_origin(r["origin"]), "gaps": r["gaps"].replace("..", " to ")} for r in rows]
    emit(rows, fmt, out, title="Official data", columns={
        "series": "series", "from": "from", "to": "to", "observations": "observations", "gaps": "gaps",
        "vintage": "vintage", "origin": "origin"}, wide=("origin",))


def _add_vintages(series: str, db: str | None, get) -> None:
    """Fetch or import, keep the file as a vintage, record it and the revised cells in the store."""
    from extractor.official.sources import Registry
    from extractor.store.repository import Store
    from extractor.store.service import check_forecasts, record_new_vintage

    registry = Registry()
    store = Store.open(db)
    targets = registry.all() if series == "all" else [registry.get(series)]
    failed: FlowcheckError | None = None
    for source in targets:
        try:
            vintage, new = get(source)
        except FlowcheckError as exc:
            if series != "all":
                raise
            # with --series all, one source that fails (a release not out yet) must not stop the others
            say("error:", exc.message)
            failed = exc
            continue
        revised = record_new_vintage(store, source, vintage) if new else 0
        state = "new vintage" if new else "unchanged (same file as a stored vintage)"
        out.print(f"{source.source_id}: {state} {vintage.label} sha256 {vintage.sha256[:12]}"
                  + (f"; {revised} revised cells recorded" if new else ""), highlight=False)
    changes = check_forecasts(store, Registry())
    if changes:
        out.print(f"{len(changes)} saved forecasts changed status (see `flowcheck forecasts list`)", highlight=False)
    if failed is not None:
        raise typer.Exit(failed.exit_code)


@data_app.command("update")
@reports_errors
def data_update(series: str = typer.Option("mof_weekly", help="mof_weekly, mof_monthly, mof_by_investor, bop "
                                                               "(the next release), DEXJPUS, DGS10 or all."),
                db: str | None = DB) -> None:
    """Fetch the live file(s) and keep each as a new vintage (older vintages are kept)."""
    _add_vintages(series, db, lambda source: source.fetch())


@data_app.command("import")
@reports_errors
def data_import(path: Path = typer.Argument(..., help="An official file downloaded by hand."),
                series: str = typer.Option("mof_weekly", help="mof_weekly, mof_monthly (montha1.csv), mof_by_investor "
                                                              "(monthb2/3/4.csv), bop (bppiYYYYMM.pdf), DEXJPUS or "
                                                              "DGS10."),
                db: str | None = DB) -> None:
    """Keep a local copy of an official file as a new vintage, like `data update` does."""
    if series == "all":
        raise InputError("import one series at a time")
    _add_vintages(series, db, lambda source: source.import_file(path))


@data_app.command("build-snapshot", hidden=True)
@reports_errors
def build_snapshot(mof: Path = typer.Option(...), fred_dir: Path = typer.Option(...),
                   monthly_dir: Path | None = typer.Option(None, help="montha1/monthb2-4 .cp932.csv files."),
                   bop_dir: Path | None = typer.Option(None, help="Balance-of-payments bppiYYYYMM.pdf files.")) -> None:
    """Maintainers: rebuild the bundled snapshots from official files with the project's parsers."""
    from extractor.official import snapshot
    from extractor.official.monthly_sources import snapshot_files, snapshot_origins
    from extractor.official.sources import Registry

    registry = Registry()
    files = {registry.mof: mof, **{registry.fred[s]: fred_dir / f"{s}.csv" for s in registry.fred},
             **snapshot_files(registry, monthly_dir, bop_dir)}
    origins = {**{s.source_id: s.url for s in registry.all() if s.source_id not in snapshot_origins()},
               **snapshot_origins()}
    snapshot.build(files, origins)
    out.print("snapshots rebuilt")


# the store's and the scan's commands, listed after these in --help
register_store(app)
register_scan(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
