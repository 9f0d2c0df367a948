"""`flowcheck scrape`, `audit URL` and `collect` end to end; happy paths from cassettes
recorded against the local server (re-record: pytest tests/scrape --record-mode=once)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from tests.scrape.conftest import RECORD_PORT, Server

runner = CliRunner()
BASE = f"http://127.0.0.1:{RECORD_PORT}"


@pytest.fixture
def recorded(request, monkeypatch):
    """Replays need nothing; recording starts the local server on the fixed port of the cassettes."""
    monkeypatch.setenv("FLOWCHECK_ALLOW_PRIVATE", "1")
    if request.config.getoption("--record-mode") in (None, "none"):
        yield
        return
    server = Server(RECORD_PORT)
    yield
    server.close()


@pytest.mark.vcr
def test_scrape_url_as_json(recorded):
    result = runner.invoke(app, ["scrape", f"{BASE}/reuters.html"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    for key in ("url", "canonical_url", "title", "published", "modified", "authors", "publisher", "language",
                "description", "text"):
        assert key in data
    assert data["title"].startswith("Oversupply angst") and data["published"] == "2019-11-19T21:57:01+00:00"


@pytest.mark.vcr
def test_audit_a_url_uses_the_scraped_date(recorded):
    result = runner.invoke(app, ["audit", f"{BASE}/cnbc.html", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["article"]["published"].startswith("2019-11-") and data["article"]["published_basis"] == "metadata"


@pytest.mark.vcr
def test_collect_dedupes_by_url_and_text(recorded, tmp_path):
    out = tmp_path / "saved"
    result = runner.invoke(app, ["collect", f"{BASE}/feed.xml", "--out", str(out), "--since", "2019-01-01"])
    assert result.exit_code == 0, result.output
    assert "saved 2 new articles" in result.output and "1 duplicates" in result.output
    assert "1 filtered out" in result.output
    saved = [json.loads(p.read_text()) for p in out.glob("*.json")]
    assert {s["title"][:12] for s in saved} == {"Emirates ink", "Oversupply a"}


def test_scrape_refuses_local_addresses_without_the_flag(server):
    result = runner.invoke(app, ["scrape", server.base + "/cnbc.html"])
    assert result.exit_code == 4 and "private or local" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("path, message", [("/missing.html", "HTTP 404"), ("/image.png", "not an article"),
                                           ("/loop", "too many redirects"), ("/private/page.html", "robots.txt")])
def test_scrape_failures_exit_non_zero_with_a_message(server, path, message):
    result = runner.invoke(app, ["scrape", server.base + path, "--allow-private"])
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
