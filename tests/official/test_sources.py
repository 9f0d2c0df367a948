"""The official-data interface: bundled snapshots, given files, fetched vintages."""

from __future__ import annotations

import http.server
import threading
from datetime import date

import pytest

from extractor.errors import DataError
from extractor.official import mof
from extractor.official.sources import Registry
from tests.conftest import MOF_CP932, SHARED

RECORD_PORT = 8765
RECORD_URL = f"http://127.0.0.1:{RECORD_PORT}/week.csv"


def test_bundled_snapshot_equals_parsing_the_official_file(registry):
    bundled = registry.mof.load()
    assert bundled.vintage.label == "2026-09-17"
    assert bundled.vintage.origin.startswith("bundled snapshot of https://www.mof.go.jp/")
    official = mof.parse(MOF_CP932.read_bytes()).weeks
    assert bundled.frame[list(mof.WIDE_COLUMNS)].equals(official[list(mof.WIDE_COLUMNS)])
    assert list(bundled.frame["period_end"]) == list(official["period_end"])


def _last_observation(path) -> date:
    """The last dated row with a value in a FRED CSV ('.' = no value)."""
    rows = [line.split(",") for line in path.read_text("utf-8").splitlines()[1:] if line.strip()]
    return max(date.fromisoformat(day) for day, value in rows if value.strip() not in ("", "."))


def test_fred_coverage_matches_the_shared_files(registry):
    for series in ("DEXJPUS", "DGS10"):  # the bundled snapshots run as far as the shared files
        assert registry.fred[series].coverage().end == _last_observation(SHARED / "data" / "fred" / f"{series}.csv")
    assert registry.fred["DEXJPUS"].coverage().end >= date(2026, 5, 15)
    assert registry.fred["DEXJPUS"].on_or_before(date(2013, 4, 25)) == (date(2013, 4, 25), 99.42)
    assert registry.fred["DEXJPUS"].on_or_after(date(2013, 3, 1)) == (date(2013, 3, 1), 93.38)


def test_a_given_file_overrides_the_snapshot(tmp_path, registry):
    lines = MOF_CP932.read_bytes().split(b"\r\n")
    short = tmp_path / "week.csv"
    short.write_bytes(b"\r\n".join(lines[:14 + 10] + lines[-8:]))
    registry.mof.use_file(short)
    assert registry.mof.coverage().observations == 10
    assert registry.mof.coverage().end == date(2005, 3, 12)


def test_an_unreadable_file_is_a_clear_data_error(tmp_path, registry):
    registry.mof.use_file(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="cannot read"):
        registry.mof.load()


def truncated_official_bytes(weeks: int, updated: str | None = None) -> bytes:
    """The official file cut after ``weeks`` data rows, header and notes kept; with ``updated``
    the header's update date is restated, making it a consistent older vintage."""
    lines = MOF_CP932.read_bytes().split(b"\r\n")
    if updated:
        lines[1] = lines[1].replace(b"September  17 , 2026", updated.encode())
    return b"\r\n".join(lines[: 14 + weeks] + lines[-8:])


@pytest.fixture
def mof_server(request, monkeypatch):
    """Where `data update` fetches from. Replays use the cassette only; when re-recording
    (``--record-mode=once``) a local server answers the three requests in turn with an older,
    shorter file and then twice with the full official bytes from ../shared."""
    monkeypatch.setenv("FLOWCHECK_MOF_URL", RECORD_URL)
    if request.config.getoption("--record-mode") in (None, "none"):
        yield
        return
    bodies = [truncated_official_bytes(432, updated="April  18 , 2013"), MOF_CP932.read_bytes(), MOF_CP932.read_bytes()]

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            body = bodies.pop(0)
            self.send_response(200)
            self.send_header("Content-Type", "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", RECORD_PORT), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield
    server.shutdown()


@pytest.mark.vcr
def test_update_stores_new_vintages_and_keeps_the_previous(mof_server):
    registry = Registry()
    older, new = registry.mof.fetch()
    assert new and older.label == "2013-04-18"
    assert registry.mof.coverage().end == date(2026, 9, 12)  # an older vintage is kept, not made current
    newer, new = registry.mof.fetch()
    assert new and newer.sha256.startswith("de9ba9847fdc8beb") and newer.label == "2026-09-17"
    same, new = registry.mof.fetch()
    assert not new and same.sha256 == newer.sha256  # an identical file is not stored twice
    stored = [s.vintage.sha256 for s in registry.mof.vintages()]
    assert stored == [older.sha256, newer.sha256]  # the previous vintage is kept
    assert registry.mof.load().vintage.origin == RECORD_URL  # the newest fetched vintage wins
    assert registry.mof.coverage().observations == 1132
