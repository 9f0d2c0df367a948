"""A real store with damaged data pages, as a disk error or a half-copied file leaves it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import SEED_TXT


def damaged_store(folder: Path) -> Path:
    """Save the seed story, then overwrite the second half of the pages (data, not schema) with garbage."""
    db = folder / "damaged.sqlite"
    db.unlink(missing_ok=True)
    result = CliRunner().invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "--save", "--db", str(db),
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    damage(db)
    return db


def damage(db: Path) -> None:
    """Overwrite the second half of a store's pages (data, not schema) with garbage, in place."""
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big") or 65536
    assert len(raw) > 4 * page
    pages = len(raw) // page
    for n in range(pages // 2, pages):  # data pages only: the header and the schema stay readable
        raw[n * page + 100: n * page + 612] = b"\xa5" * 512
    with db.open("r+b") as handle:  # in place: a running server's open store sees it
        handle.write(bytes(raw))
