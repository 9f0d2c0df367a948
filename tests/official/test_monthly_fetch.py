"""`data update` for the monthly sources: fetched over HTTP (replayed from cassettes recorded
against a local server on 127.0.0.1 serving the real files), validated, kept as vintages."""

from __future__ import annotations

import http.server
import threading
from datetime import date

import pytest

from extractor.errors import DataError
from extractor.official.sources import Registry
from tests.conftest import SHARED

PORT = 8766
BASE = f"http://127.0.0.1:{PORT}/"
MONTHLY = SHARED / "data" / "mof" / "monthly"
PDF = SHARED / "data" / "mof" / "bop" / "pdf"
FILES = {
    "/montha1.csv": [MONTHLY / "montha1.2026-08-10.cp932.csv", MONTHLY / "montha1.2026-09-08.cp932.csv"],
    "/monthb2.csv": [MONTHLY / "monthb2.2026-08-10.cp932.csv"],
    "/monthb3.csv": [MONTHLY / "monthb3.2026-08-10.cp932.csv"],
    "/monthb4.csv": [MONTHLY / "monthb4.2026-08-10.cp932.csv"],
    "/bppi202111.pdf": [PDF / "bppi202111.pdf"],
    "/bppi202607.pdf": [PDF / "bppi202111.pdf"],  # a server answering with the wrong month's release
}


@pytest.fixture
def mof_server(request, monkeypatch):
    """Replays use the cassette only; re-recording (``--record-mode=once``) starts a local
    server that answers each path with its files in turn."""
    monkeypatch.setenv("FLOWCHECK_MOF_MONTHLY_URL", BASE + "montha1.csv")
    monkeypatch.setenv("FLOWCHECK_MOF_BY_INVESTOR_URL", BASE + "{file}")
    monkeypatch.setenv("FLOWCHECK_BOP_URL", BASE + "bppi{yyyymm}.pdf")
    if request.config.getoption("--record-mode") in (None, "none"):
        yield
        return
    queues = {path: list(files) for path, files in FILES.items()}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            files = queues[self.path]
            body = (files.pop(0) if len(files) > 1 else files[0]).read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf" if self.path.endswith(".pdf") else "text/csv")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield
    server.shutdown()


@pytest.mark.vcr
def test_monthly_update_keeps_both_releases_and_uses_the_newer(mof_server):
    registry = Registry()
    older, new = registry.mof_monthly.fetch()
    assert new and older.label == "2026-08-10"
    assert registry.mof_monthly.coverage().end == date(2026, 8, 31)  # the bundled newer data stay current
    newer, new = registry.mof_monthly.fetch()
    assert new and newer.label == "2026-09-08" and newer.sha256.startswith("c3ca908f708f70e9")
    assert registry.mof_monthly.load().vintage.origin == BASE + "montha1.csv"
    assert [s.vintage.label for s in registry.mof_monthly.vintages()] == ["2026-08-10", "2026-09-08"]


@pytest.mark.vcr
def test_by_investor_update_fetches_the_three_files(mof_server):
    registry = Registry()
    vintage, new = registry.mof_by_investor.fetch()
    assert new and vintage.label == "2026-08-10"
    assert sorted(s.origin_path.rsplit(".", 1)[-1] for s in registry.mof_by_investor.vintages()) == ["csv"] * 3
    assert "3 fetched file(s)" in registry.mof_by_investor.load().vintage.origin
    assert registry.mof_by_investor.coverage().end == date(2026, 7, 31)


@pytest.mark.vcr
def test_bop_update_takes_a_release_and_refuses_the_wrong_month(mof_server):
    registry = Registry()
    vintage, new = registry.bop.fetch(release=date(2021, 11, 1))
    assert new and vintage.label == "2021-11" and vintage.origin == BASE + "bppi202111.pdf"
    assert registry.bop.coverage().end == date(2026, 6, 30)  # an older release adds nothing newer
    with pytest.raises(DataError, match="holds the release for 2021-11, not 2026-07"):
        registry.bop.fetch()  # the next release is 2026-07; the server sends November 2021's
    assert len(registry.bop.vintages()) == 1
