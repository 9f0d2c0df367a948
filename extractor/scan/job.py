"""A whole scan: plan partitions, skip the ones already done, run the rest, write and count.

``scan()`` is what ``flowcheck scan`` and benchmarks/scan_speed.py call. Results are written as
each partition finishes, and only the running totals are kept, so memory does not grow with
the input. Records that fail are listed (``OUT/_errors.jsonl``, see output.py) and retried by the
next run, alone: a partition whose part file exists is run again only for the records it lists.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from extractor.errors import InputError
from extractor.scan import output
from extractor.scan.run import run
from extractor.scan.sources import plan
from extractor.scan.work import COUNTS, Failure, PartResult, ScanOptions


@dataclass
class ScanSummary:
    counts: Counter = field(default_factory=lambda: Counter({k: 0 for k in COUNTS}))
    parts_done: int = 0
    parts_skipped: int = 0  # already done by an earlier run (resume)
    retried: int = 0  # records that failed in an earlier run, tried again
    saved: int = 0
    errors: list[Failure] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)  # input files read only up to a damage (said why)
    peak_rss_mb: dict[int, float] = field(default_factory=dict)  # per worker process: its peak resident memory


def scan(sources: list[str], options: ScanOptions, *, out_dir: Path | None = None, fmt: str = "parquet",
         jobs: int = 1, cluster: str | None = None, partition_size: int = 200, db: str | None = None,
         save: bool = False, on_part: Callable[[PartResult, ScanSummary], None] | None = None,
         stream=None) -> ScanSummary:
    """Scan ``sources``; write part files to ``out_dir`` (or JSON Lines to ``stream``) and/or the store."""
    if fmt not in output.FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(output.FORMATS)}")
    if out_dir is None and fmt == "parquet":
        raise InputError("-f parquet writes a folder of part files: give --out DIR")
    if jobs < 1:
        raise InputError("--jobs must be at least 1")
    parts = list(plan(sources, partition_size))  # the plan is small: one entry per partition
    store = None
    if save:
        from extractor.store.repository import Store

        store = Store.open(db)
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"cannot create {out_dir}: {exc.strerror}") from exc
    summary = ScanSummary()
    failures = output.load_failures(out_dir) if out_dir is not None else {}
    todo = []
    for part in parts:
        if part.kind == "damaged":  # not a partition: reported (again on every run), never marked done
            summary.damaged.append(f"{part.path}: {part.damage}" + (f" ({part.first:,} records before it scanned)"
                                                                   if part.first else ""))
        elif out_dir is not None and output.done(out_dir, part.key, fmt):
            if failures.get(part.key):  # done, but with records that failed: retry those alone
                todo.append(replace(part, retry=tuple(f.record for f in failures[part.key])))
                summary.retried += len(failures[part.key])
            else:
                summary.parts_skipped += 1
        else:
            todo.append(part)
    stream = stream or sys.stdout
    for result in run(todo, options, jobs=jobs, cluster=cluster):
        if store is not None:
            summary.saved += output.save(store, result)
        if out_dir is not None:
            _write(out_dir, result, fmt, failures)
        else:
            stream.writelines(output.jsonl_lines(result))
        summary.counts.update(result.counts)
        summary.errors.extend(result.errors)
        summary.parts_done += 1
        summary.peak_rss_mb[result.worker] = max(summary.peak_rss_mb.get(result.worker, 0.0), result.peak_rss_mb)
        if on_part is not None:
            on_part(result, summary)
    return summary


def _write(out_dir: Path, result: PartResult, fmt: str, failures: dict[str, list[Failure]]) -> None:
    """The partition's part file and its failures, in the order that survives a crash between the
    two: a first run lists its failures before the part file marks the partition done; a retry
    merges its audits into the part file (idempotent) before its records leave the list."""
    failures[result.key] = result.errors
    if result.incomplete:  # not marked done: the next run reads the whole partition again
        output.write_failures(out_dir, failures)
    elif result.retried:
        output.merge_part(out_dir, result, fmt)
        output.write_failures(out_dir, failures)
    else:
        if result.errors or out_dir.joinpath(output.ERRORS).exists():
            output.write_failures(out_dir, failures)
        output.write_part(out_dir, result, fmt)
