"""``flowcheck scan``: audit every article in WARC archives, folders or JSON Lines, at scale."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from extractor.cli_common import DB, MODEL, MOF_FILE, err, reports_errors


@reports_errors
def scan(sources: list[str] = typer.Argument(..., help="WARC/WARC.gz files, JSON Lines of articles, or folders of them "
                                              "(and of article files)."),
         fmt: str = typer.Option("parquet", "--format", "-f", help="parquet (one row per claim) or jsonl (one audit "
                                 "per article)."),
         out_dir: Path | None = typer.Option(None, "--out", "-o", help="Folder for the part files (one per partition); "
                                             "a re-run skips the partitions already written. jsonl without it: stdout."),
         jobs: int = typer.Option(1, "--jobs", "-j", min=1, max=64, help="Worker processes (each loads the pipeline "
                                  "once); with --cluster local, the number of Dask workers."),
         cluster: str | None = typer.Option(None, "--cluster", help="Dask scheduler address (tcp://host:8786), or "
                                            "'local' for a LocalCluster of --jobs workers."),
         partition_size: int = typer.Option(200, "--partition-size", min=1, help="Records per partition."),
         published: str | None = typer.Option(None, "--published", "-p", help="Publication date YYYY-MM-DD for all."),
         prefilter: bool = typer.Option(True, "--prefilter/--no-prefilter", help="Skip pages without yen/flow "
                                        "vocabulary before extraction and before the NLP pipeline."),
         save: bool = typer.Option(False, "--save", help="Store the articles, claims and verdicts."),
         db: str | None = DB,
         model: str | None = MODEL,
         mof_file: Path | None = MOF_FILE,
         progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr.")) -> None:
    """Scan news archives: records → prefilter → main text → prefilter → audit → Parquet/JSON Lines/store.

    A record that fails (unreadable, or its page or audit raised) does not stop the scan: it gets
    one line on stderr and a line in OUT/_errors.jsonl (partition, record, error), the run exits 1,
    and a re-run retries only the failed records."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from extractor.scan.job import scan as run_scan
    from extractor.scan.output import ERRORS
    from extractor.scan.work import ScanOptions
    from extractor.scrape.inputs import parse_published

    when = parse_published(published) if published else None
    options = ScanOptions(model=model, mof_file=str(mof_file) if mof_file else None, published=when,
                          prefilter=prefilter)
    started = time.perf_counter()
    # no refresh thread (auto_refresh off): the workers are forked, and a fork copies no threads
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err,
                  transient=True, disable=not progress, auto_refresh=False) as bar:
        task = bar.add_task("scanning")

        def on_part(result, summary) -> None:
            for failure in result.errors:  # one line each, as they happen
                err.print(f"error: {failure}", highlight=False, markup=False)
            c, rate = summary.counts, summary.counts["records"] / max(1e-9, time.perf_counter() - started)
            bar.update(task, description=f"records {c['records']:,}  candidates {c['candidates']:,}  "
                                         f"claims {c['claims']:,}  {rate:,.1f} records/s", refresh=True)

        summary = run_scan(sources, options, out_dir=out_dir, fmt=fmt, jobs=jobs, cluster=cluster,
                           partition_size=partition_size, db=db, save=save, on_part=on_part)
    c, seconds = summary.counts, time.perf_counter() - started
    err.print(f"{c['records']:,} records ({c['pages']:,} HTML pages, {c['raw_passed']:,} past the record filter), "
              f"{c['candidates']:,} candidate articles, {c['audited']:,} audited, {c['claims']:,} claims, "
              f"{c['failed']:,} failed; {summary.parts_done} partitions done, {summary.parts_skipped} already done"
              f"{f', {summary.retried:,} failed records retried' if summary.retried else ''}"
              f"{f', {summary.saved} saved' if save else ''}; {c['records'] / max(seconds, 1e-9):,.1f} records/s; "
              f"peak memory per worker: {', '.join(f'{mb:,.0f} MB' for mb in summary.peak_rss_mb.values()) or '-'}",
              highlight=False)
    if out_dir is not None:
        err.print(f"wrote {out_dir}", highlight=False, markup=False)
    if summary.errors and out_dir is not None:
        err.print(f"{len(summary.errors):,} records failed, listed in {out_dir / ERRORS}; a re-run retries "
                  "only them", highlight=False, markup=False)
    for line in summary.damaged:
        err.print(f"damaged input: {line}", highlight=False, markup=False)
    if summary.damaged or summary.errors:
        raise typer.Exit(1)  # everything readable was scanned and written; the exit says not all of it was


def audit_in_processes(files: list[Path], model: str | None, mof_file: Path | None, reconcile: bool, published,
                       jobs: int) -> tuple[list, list]:
    """``audit FOLDER --jobs N``: the folder's articles audited by N worker processes (the scan's
    workers, prefilter off, so every file is audited); (report, text) pairs in file order, and the
    failures (``scan.work.Failure``: the file and the error) in file order."""
    import math

    from extractor.claims.model import AuditReport
    from extractor.scan.run import run_processes
    from extractor.scan.sources import Part
    from extractor.scan.work import ScanOptions

    options = ScanOptions(model=model, mof_file=str(mof_file) if mof_file else None, reconcile=reconcile,
                          published=published, prefilter=False)
    size = max(1, math.ceil(len(files) / (4 * jobs)))  # a few partitions per worker: balanced load
    parts = [Part(str(files[0].parent), "files", first, len(files[first : first + size]),
                  files=tuple(str(f) for f in files[first : first + size])) for first in range(0, len(files), size)]
    order = {part.key: k for k, part in enumerate(parts)}
    results = sorted(run_processes(parts, options, jobs), key=lambda r: order[r.key])
    pairs = [(AuditReport.model_validate_json(a.report_json), a.text) for r in results for a in r.articles]
    return pairs, [line for r in results for line in r.errors]


def register(app: typer.Typer) -> None:
    app.command()(scan)
