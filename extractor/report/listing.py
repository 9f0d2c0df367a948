"""Listings of stored things (articles, claims, forecasts, official series) in the three forms
every listing command offers: a terminal table for people, JSON and CSV for programs.

The table shows a few columns chosen for reading; JSON and CSV carry every field of every row
(dates as ISO strings), so a spreadsheet or script never has less than the screen.
"""

from __future__ import annotations

import csv
import io
import json
import re
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


FORECAST_STATUSES = ("pending", "came_true", "did_not_come_true", "unresolvable")
PERIOD = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def verdicts() -> list[str]:
    from extractor.claims.model import Verdict

    return [v.value for v in Verdict]


def claim_kinds() -> list[str]:
    from typing import get_args

    from extractor.claims.model import Claim

    return [t.model_fields["kind"].default for t in get_args(get_args(Claim)[0])]


def check_choice(name: str, value: str | None, allowed: Sequence[str]) -> None:
    """Refuse a filter value that can match nothing, naming the values that can: a typo in
    ``--verdict`` or ``?verdict=`` must not look like an empty store."""
    if value and value not in allowed:
        raise InputError(f"unknown {name} {value!r}; choose one of {', '.join(allowed)}")


def check_period(value: str | None) -> None:
    if value and not PERIOD.match(value):
        raise InputError(f"period {value!r} is not a year, month or day; give 2013, 2013-04 or 2013-04-20")


def claim_fields() -> list[str]:
    """The columns of a claims listing (the store's claims table and the article's title, date
    and URL): the header an empty CSV still has."""
    from extractor.store import schema

    return [c.name for c in schema.claims.columns if c.name not in HIDDEN] + ["title", "published", "url"]


def table_fields(name: str) -> list[str]:
    from extractor.store import schema

    return [c.name for c in schema.metadata.tables[name].columns if c.name not in HIDDEN]


def to_csv(rows: Sequence[dict], fields: Sequence[str] = ()) -> str:
    """Every field of every row; with no rows, ``fields`` still make the header row."""
    out = io.StringIO()
    data = [{k: _cell(v) for k, v in row.items()} for row in plain_rows(rows)]
    fields = list(dict.fromkeys(k for row in data for k in row)) or list(fields)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(data)
    return out.getvalue()


def check_format(fmt: str) -> None:
    if fmt not in LISTING_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(LISTING_FORMATS)}")


def _longest_word(texts: Sequence[str]) -> int:
    return max((len(w) for t in texts for w in t.split()), default=0)


NARROW_CAP = 18
"""With a wide column to fill, the others are at most this wide (or their longest word)."""

SQUEEZE_FLOOR = 14
"""When even that leaves a wide column under 40, the others narrow down to this (or their longest word)."""


def fit_widths(columns: list[list[str]], room: int, wide: Sequence[int] = ()) -> list[int]:
    """Widths for columns of text cells in ``room`` characters: each column as wide as its
    longest line if that fits; otherwise the ``wide`` ones (an explanation) share what the others
    leave — the others kept to ``NARROW_CAP``, then narrowed widest first, while that would be under
    40 columns each — and if even that is too much the widest give way first, never below their
    longest word (words are wrapped whole)."""
    natural = [max((len(line) for c in col for line in c.splitlines() or [""]), default=1) for col in columns]
    least = [min(max(_longest_word(col), 1), 24) for col in columns]  # a longer token (an address) may fold
    if sum(natural) <= room:
        return natural
    widths = list(natural)
    if wide and room - sum(natural[i] for i in range(len(columns)) if i not in wide) < 40 * len(wide):
        widths = [natural[i] if i in wide else min(natural[i], max(least[i], NARROW_CAP)) for i in range(len(columns))]
    if wide:
        # still under 40 a wide column: the other columns give way, widest first, down to SQUEEZE_FLOOR
        # (a date range's "2013-04-21 to" keeps its line) or their longest word — a short value ("did not
        # come true") stays on one line
        floor = [natural[i] if natural[i] <= NARROW_CAP else max(least[i], SQUEEZE_FLOOR) for i in range(len(columns))]
        while room - sum(w for i, w in enumerate(widths) if i not in wide) < 40 * len(wide):
            narrow = [i for i in range(len(columns)) if i not in wide and widths[i] > floor[i]]
            if not narrow:
                break
            widths[max(narrow, key=lambda k: widths[k])] -= 1
        left = room - sum(w for i, w in enumerate(widths) if i not in wide)
        total = sum(natural[i] for i in wide)
        for i in wide:
            widths[i] = max(least[i], min(natural[i], left * natural[i] // total))
    while sum(widths) > room:
        shrinkable = [i for i in range(len(columns)) if widths[i] > least[i]]
        if not shrinkable:
            break
        widths[max(shrinkable, key=lambda k: widths[k])] -= 1
    return widths


def emit(rows: Sequence[dict], fmt: str, console: Console, *, title: str, columns: dict[str, str],
         fields: Sequence[str] = (), wide: Sequence[str] = ()) -> None:
    """Print ``rows``: a table of ``columns`` (field → header), or every field as JSON or CSV
    (``fields``: the CSV header when there are no rows). In the table no column is narrower
    than its longest word, so words are wrapped whole; the ``wide`` columns (an explanation)
    take the room the others leave."""
    check_format(fmt)
    if fmt == "json":
        sys.stdout.write(json.dumps(plain_rows(rows), indent=2, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(to_csv(rows, fields))
        return
    keys = list(columns)
    cells = [[("" if row.get(k) is None else str(plain(row.get(k)))) for k in keys] for row in rows]
    by_column = [[columns[k]] + [line[i] for line in cells] for i, k in enumerate(keys)]
    room = console.width - 3 * len(keys) - 1  # borders and padding
    widths = fit_widths(by_column, room, [i for i, k in enumerate(keys) if k in wide])
    table = Table(title=title, show_lines=False)
    for header, width in zip(columns.values(), widths, strict=True):
        table.add_column(header, overflow="fold", width=width)
    for line in cells:
        table.add_row(*[Text(c) for c in line])
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


_URL = re.compile(r"https?://([^/\s]+)(\S*)")


def short_origin(origin: str | None) -> str:
    """'bundled snapshot of www.mof.go.jp … week.csv' for a terminal table: the host and the file
    name of each URL instead of the whole address (JSON and CSV keep the whole address)."""
    def short(m: re.Match) -> str:
        name = m.group(2).rstrip("/").rsplit("/", 1)[-1]
        return f"{m.group(1)} … {name}" if name else m.group(1)

    return _URL.sub(short, origin or "").replace("|", ", ")
