"""A real store with damaged data pages, as a disk error or a half-copied file leaves it."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import SEED_TXT


def damaged_store(folder: Path) -> Path:
    """Save the seed story, then overwrite the pages after the schema with garbage."""
    db = folder / "damaged.sqlite"
    result = CliRunner().invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "--save", "--db", str(db),
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    raw = bytearray(db.read_bytes())
    page = int.from_bytes(raw[16:18], "big") or 65536
    assert len(raw) > 4 * page
    for offset in range(2 * page, len(raw), page):  # keep the header and the schema page
        raw[offset: offset + 512] = b"\xa5" * 512
    db.write_bytes(bytes(raw))
    return db
