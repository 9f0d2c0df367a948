"""Listings of stored things (articles, claims, forecasts, official series) in the three forms
every listing command offers: a terminal table for people, JSON and CSV for programs.

The table shows a few columns chosen for reading; JSON and CSV carry every field of every row
(dates as ISO strings), so a spreadsheet or script never has less than the screen.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from extractor.errors import InputError

LISTING_FORMATS = ("table", "json", "csv")
HIDDEN = ("claim_json", "text")
"""Fields too large for a listing; `flowcheck export` has them."""


def plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def plain_rows(rows: Sequence[dict]) -> list[dict]:
    return [{k: plain(v) for k, v in row.items() if k not in HIDDEN} for row in rows]


def _cell(value):
    """CSV cells: lists and dicts (sources, official values) as JSON text."""
    return json.dumps(value, ensure_ascii=False) if isinstance(value, list | dict) else value


def to_csv(rows: Sequence[dict]) -> str:
    out = io.StringIO()
    data = [{k: _cell(v) for k, v in row.items()} for row in plain_rows(rows)]
    fields = list(dict.fromkeys(k for row in data for k in row))
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def check_format(fmt: str) -> None:
    if fmt not in LISTING_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(LISTING_FORMATS)}")


def emit(rows: Sequence[dict], fmt: str, console: Console, *, title: str, columns: dict[str, str]) -> None:
    """Print ``rows``: a table of ``columns`` (field → header), or every field as JSON or CSV."""
    check_format(fmt)
    if fmt == "json":
        sys.stdout.write(json.dumps(plain_rows(rows), indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(to_csv(rows))
        return
    table = Table(title=title, show_lines=False)
    for header in columns.values():
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*[Text("" if row.get(k) is None else str(plain(row.get(k)))) for k in columns])
    console.print(table)


def write_table_csv(store, name: str, path) -> object:
    """One stored table, every column (the full claim JSON included), as one CSV file."""
    from extractor.store import schema

    columns = [c.name for c in schema.metadata.tables[name].columns]
    rows = [{k: _cell(plain(v)) for k, v in row.items()} for row in store.table_rows(name)]
    try:
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=columns)
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror}") from exc
    return path


def series_rows(registry) -> list[dict]:
    """Coverage and vintage of every series the registry knows (``data info``, the desk's /data page)."""
    rows = []
    for source in registry.all():
        cov, vin = source.coverage(), source.vintage()
        rows.append({"series": source.source_id, "title": getattr(source, "title", source.source_id),
                     "from": cov.start, "to": cov.end, "observations": cov.observations,
                     "gaps": ", ".join(f"{a}..{b}" for a, b in cov.gaps) or "none", "vintage": vin.label,
                     "origin": vin.origin, "fetched_at": vin.fetched_at})
    return rows
