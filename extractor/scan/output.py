"""Where a scan's results go: one part file per partition, and optionally the store.

Each partition's results are written to ``OUT/<partition key>.parquet`` (or ``.jsonl``) through
a temporary name and an atomic rename, so a part file exists only when it is complete: a re-run
skips the partitions whose part file is there (resume), and the folder reads as one table
(``pandas.read_parquet(OUT)``, DuckDB ``'OUT/*.parquet'``, Dask). Parquet rows are one per claim,
with the article's URL, date and publisher beside the store's claim columns
(:func:`extractor.store.repository.flatten`) — one fixed schema, so every part file agrees.

Records that fail (unreadable, or a page or audit that raised) are listed in ``OUT/_errors.jsonl``,
one JSON object per record: ``partition``, ``record`` (``path#index``) and ``error``. The list is
written before the partition's part file (so a partition marked done never loses its failures),
and a re-run retries exactly those records: their new audits are merged into the partition's part
file (replacing any row of the same record, so a retry interrupted half-way can be repeated) and
their entries replaced by whatever fails again.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import JSON, Boolean, Date, Float, Integer

from extractor.claims.model import AuditReport
from extractor.errors import InputError
from extractor.scan.work import Failure, PartResult
from extractor.store import schema
from extractor.store.repository import flatten

FORMATS = ("parquet", "jsonl")
ERRORS = "_errors.jsonl"  # the leading underscore: dataset readers (pyarrow, pandas, Dask, Spark) skip it

ARTICLE_COLUMNS = {
    "source_record": pa.string(), "crawl_date": pa.string(), "url": pa.string(), "title": pa.string(),
    "published": pa.date32(), "published_basis": pa.string(), "publisher": pa.string(),
}


def _arrow_type(kind) -> pa.DataType:
    if kind is Float:
        return pa.float64()
    if kind is Integer:
        return pa.int64()
    if kind is Boolean:
        return pa.bool_()
    if kind is Date:
        return pa.date32()
    return pa.string()  # Text, String, JSON (as JSON text)


def claim_schema() -> pa.Schema:
    claim = {("claim_id" if name == "id" else name): _arrow_type(kind) for name, kind in schema.CLAIM_COLUMNS.items()}
    return pa.schema([*ARTICLE_COLUMNS.items(), *claim.items(), ("claim_json", pa.string())])


SCHEMA = claim_schema()
_JSON_COLUMNS = {("claim_id" if n == "id" else n) for n, k in schema.CLAIM_COLUMNS.items() if k is JSON}


def claim_rows(result: PartResult) -> list[dict]:
    """One row per claim of the partition's articles."""
    rows = []
    for item in result.articles:
        report = AuditReport.model_validate_json(item.report_json)
        a = report.article
        article = {"source_record": item.record, "crawl_date": item.crawl_date, "url": a.url, "title": a.title,
                   "published": a.published, "published_basis": a.published_basis, "publisher": a.publisher}
        for claim in report.claims:
            row = flatten(claim)
            for name in _JSON_COLUMNS:
                if row.get(name) is not None:
                    row[name] = json.dumps(row[name], ensure_ascii=False)
            rows.append({**article, **row})
    return rows


def part_path(out_dir: Path, key: str, fmt: str) -> Path:
    return out_dir / f"{key}.{fmt}"


def done(out_dir: Path, key: str, fmt: str) -> bool:
    return part_path(out_dir, key, fmt).exists()


def write_part(out_dir: Path, result: PartResult, fmt: str) -> Path:
    """Write the partition's part file atomically (temporary name, then rename)."""
    target = part_path(out_dir, result.key, fmt)
    tmp = target.with_name(target.name + ".tmp")
    try:
        if fmt == "parquet":
            table = pa.Table.from_pylist(claim_rows(result), schema=SCHEMA)
            pq.write_table(table, tmp)
        else:
            with tmp.open("w", encoding="utf-8") as fh:
                for line in jsonl_lines(result):
                    fh.write(line)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}") from exc
    return target


def merge_part(out_dir: Path, result: PartResult, fmt: str) -> Path:
    """A retry's audits added to the partition's part file, replacing rows of the records retried."""
    target = part_path(out_dir, result.key, fmt)
    retried = set(result.retried)
    try:
        if fmt == "parquet":
            kept = pq.read_table(target, schema=SCHEMA).to_pylist() if target.exists() else []
            rows = [r for r in kept if r["source_record"] not in retried] + claim_rows(result)
            tmp = target.with_name(target.name + ".tmp")
            pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), tmp)
        else:
            old = target.read_text(encoding="utf-8").splitlines(keepends=True) if target.exists() else []
            lines = [line for line in old if json.loads(line).get("source_record") not in retried]
            tmp = target.with_name(target.name + ".tmp")
            tmp.write_text("".join(lines) + "".join(jsonl_lines(result)), encoding="utf-8")
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"cannot write {target}: {exc.strerror}") from exc
    return target


def load_failures(out_dir: Path) -> dict[str, list[Failure]]:
    """The failures an earlier run listed in ``_errors.jsonl``, by partition key (none: ``{}``)."""
    path = out_dir / ERRORS
    failures: dict[str, list[Failure]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    for line in lines:
        try:
            entry = json.loads(line)
            failures.setdefault(str(entry["partition"]), []).append(Failure(str(entry["record"]), str(entry["error"])))
        except (json.JSONDecodeError, KeyError, TypeError):
            continue  # a line cut by a crash mid-write: the partition it named is run again anyway
    return failures


def write_failures(out_dir: Path, failures: dict[str, list[Failure]]) -> None:
    """Rewrite ``_errors.jsonl`` atomically (removed when nothing has failed)."""
    path = out_dir / ERRORS
    lines = [json.dumps({"partition": key, "record": f.record, "error": f.error}, ensure_ascii=False) + "\n"
             for key, items in failures.items() for f in items]
    try:
        if not lines:
            path.unlink(missing_ok=True)
            return
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text("".join(lines), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc


def jsonl_lines(result: PartResult):
    """One line per audited article: the audit report (as ``audit -f jsonl``) with where it came from."""
    for item in result.articles:
        yield json.dumps({"source_record": item.record, "crawl_date": item.crawl_date, **json.loads(item.report_json)},
                         ensure_ascii=False) + "\n"


def save(store, result: PartResult) -> int:
    """Save the partition's audits into the store (one transaction per article, idempotent)."""
    for item in result.articles:
        store.save_report(AuditReport.model_validate_json(item.report_json), item.text)
    return len(result.articles)
