"""Store operations that need the official data too: forecast re-resolution, recording a new
data vintage with its revisions, and exports."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, insert

from extractor.errors import InputError
from extractor.official.base import Dataset, OfficialSource, Vintage
from extractor.official.revisions import diff
from extractor.official.sources import MofWeekly, Registry
from extractor.reconcile.context import Context
from extractor.reconcile.forecast_check import resolve_forecast
from extractor.store import schema
from extractor.store.repository import Store, claim_from_json

_AWAITING = ("no_data", "awaiting_data")


@dataclass
class ForecastChange:
    forecast_id: int
    forecaster: str | None
    before: str | None
    after: str
    explanation: str


def check_forecasts(store: Store, registry: Registry, *, only_open: bool = True) -> list[ForecastChange]:
    """Re-resolve forecasts (pending and unresolved ones unless ``only_open`` is False) against
    the newest data; store and return what changed."""
    changes = []
    for row in store.forecasts():
        claim = claim_from_json(row["claim_json"])
        # open: pending, or unresolvable only for want of data (a source loaded later can settle it)
        if only_open and row["status"] not in (None, "pending") and claim.status_reason not in _AWAITING:
            continue
        before = row["status"]
        resolve_forecast(claim, Context(registry, claim.made_on))
        after = claim.verdict.value if claim.verdict else None
        if after != before or row["explanation"] != claim.explanation:
            store.update_forecast(row["id"], claim)
        if after != before:
            changes.append(ForecastChange(row["id"], row["forecaster"], before, after or "", claim.explanation or ""))
    return changes


def record_new_vintage(store: Store, source: OfficialSource, vintage: Vintage) -> int:
    """Record a vintage in the store and, for MoF, the cells it revises: compared with the
    vintage before it in the publisher's own dating."""
    store.record_vintage(source.source_id, vintage.label, vintage.fetched_at, vintage.origin, vintage.sha256)
    if not isinstance(source, MofWeekly):
        return 0
    ordered = source.all_vintages()
    index = next(i for i, d in enumerate(ordered) if d.vintage.sha256 == vintage.sha256)
    earlier = [d for d in ordered[:index] if d.vintage.sha256 != vintage.sha256]
    if not earlier:
        return 0
    previous: Dataset = earlier[-1]
    rows = diff(previous.frame, ordered[index].frame, series=source.source_id,
                old_vintage=previous.vintage.label, vintage=vintage.label)
    return store.record_revisions(rows)


def export(store: Store, fmt: str, out: Path) -> list[Path]:
    """csv: one file per table in folder ``out``; json: one file of all tables; sqlite: a copy."""
    names = [t.name for t in schema.metadata.sorted_tables]
    if fmt in ("json", "sqlite") and not out.parent.is_dir():
        raise InputError(f"cannot write {out}: no folder {out.parent}")
    if fmt == "csv":
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for name in names:
            rows = store.table_rows(name)
            path = out / f"{name}.csv"
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=[c.name for c in schema.metadata.tables[name].columns])
                writer.writeheader()
                writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
            written.append(path)
        return written
    if fmt == "json":
        data = {name: [{k: _cell(v) for k, v in row.items()} for row in store.table_rows(name)] for name in names}
        _write(out, lambda: out.write_text(json.dumps(data, indent=2, ensure_ascii=False), "utf-8"))
        return [out]
    if fmt == "sqlite":
        if out.exists():
            raise InputError(f"{out} exists; export to a new file")
        if store.engine.dialect.name == "sqlite" and store.engine.url.database:
            _write(out, lambda: shutil.copyfile(store.engine.url.database, out))
            return [out]
        target = create_engine(f"sqlite:///{out}")
        schema.metadata.create_all(target)
        with target.begin() as conn:
            for name in names:
                rows = store.table_rows(name)
                if rows:
                    conn.execute(insert(schema.metadata.tables[name]), rows)
        return [out]
    raise InputError(f"unknown export format {fmt!r}; choose csv, json or sqlite")


def _write(out: Path, write) -> None:
    """Run ``write``; a file that cannot be written is the user's one-line error, as for csv."""
    try:
        write()
    except OSError as exc:
        raise InputError(f"cannot write {out}: {exc.strerror}") from exc


def _cell(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value
