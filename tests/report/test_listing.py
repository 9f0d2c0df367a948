"""Listing commands in three forms (table, json, csv), and export to one CSV file or a folder."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.official.sources import Registry
from tests.conftest import SEED_TXT


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "store.sqlite"
    result = CliRunner().invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "--save", "--db", str(path),
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    return str(path)


def run(*args):
    return CliRunner().invoke(app, list(args))


@pytest.mark.parametrize("command", [["claims"], ["articles"], ["forecasts", "list"]])
def test_listings_as_json_csv_and_table(db, command):
    as_json = run(*command, "--db", db, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.stdout)
    as_csv = run(*command, "--db", db, "-f", "csv")
    assert as_csv.exit_code == 0
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == len(csv_rows) >= 1
    assert set(rows[0]) == set(csv_rows[0])
    assert "claim_json" not in rows[0]
    as_table = run(*command, "--db", db)
    assert as_table.exit_code == 0 and "┃" in as_table.stdout


def test_claims_json_has_the_verdicts(db):
    rows = json.loads(run("claims", "--db", db, "-f", "json").stdout)
    assert {r["mention"]: r["verdict"] for r in rows}["862.6 billion yen"] == "close"
    forecasts = json.loads(run("forecasts", "list", "--db", db, "-f", "json").stdout)
    assert forecasts[0]["forecaster"] == "Uwe Parpart" and forecasts[0]["status"] == "came_true"


def test_data_info_formats_list_every_series():
    rows = json.loads(run("data", "info", "-f", "json").stdout)
    assert [r["series"] for r in rows] == [s.source_id for s in Registry().all()]
    assert list(csv.DictReader(io.StringIO(run("data", "info", "-f", "csv").stdout)))[0]["series"] == "mof_weekly"


def test_an_unknown_format_is_one_clear_error(db):
    for args in (["claims", "--db", db, "-f", "xml"], ["data", "info", "-f", "yaml"]):
        result = run(*args)
        assert result.exit_code != 0 and "unknown format" in result.output and "Traceback" not in result.output


def test_export_to_one_csv_file_or_a_folder(db, tmp_path):
    one = tmp_path / "claims.csv"
    result = run("export", "--db", db, "-f", "csv", "-o", str(one))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["claims.csv"]
    rows = list(csv.DictReader(one.open(encoding="utf-8")))
    assert len(rows) == 13 and json.loads(rows[0]["sources"])[0]["name"] == "Ministry of Finance"  # 3 forecasts
    folder = tmp_path / "all"
    assert run("export", "--db", db, "-f", "csv", "-o", str(folder)).exit_code == 0
    assert {"articles.csv", "claims.csv", "forecasts.csv"} <= {p.name for p in folder.iterdir()}
    assert "one CSV per table" in " ".join(run("export", "--help").output.split())




def test_audit_allow_private_reaches_a_local_page(tmp_path, monkeypatch):
    """Without the flag a 127.0.0.1 URL is refused with a hint naming it; with it the page is audited."""
    import http.server
    import threading

    monkeypatch.delenv("FLOWCHECK_ALLOW_PRIVATE", raising=False)
    title, body = SEED_TXT.read_text("utf-8").split("\n", 1)
    page = (f"<html><head><title>{title}</title></head><body><article>"
            + "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip()) + "</article></body></html>").encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            found = self.path == "/story.html"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page if found else b"")

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/story.html"
    try:
        refused = run("audit", url, "-p", "2013-04-25", "-f", "json")
        assert refused.exit_code != 0 and "--allow-private" in refused.output and "Traceback" not in refused.output
        allowed = run("audit", url, "-p", "2013-04-25", "-f", "json", "--allow-private")
        assert allowed.exit_code == 0, allowed.output
        verdicts = {c["mention"]: c["verdict"] for c in json.loads(allowed.stdout)["claims"]}
        assert verdicts["862.6 billion yen"] == "close"
    finally:
        httpd.shutdown()


@pytest.mark.parametrize("command", [["articles"], ["claims"], ["forecasts", "list"], ["forecasts", "scorecard"]])
def test_reading_a_store_that_does_not_exist_is_refused(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = run(*command, "--db", str(typo))
    assert result.exit_code == 2 and "no store at" in result.output and str(typo) in result.output
    assert len(result.output.strip().splitlines()) == 1 and not typo.exists()


@pytest.mark.parametrize("args, allowed", [(["claims", "--verdict", "bogus"], "wrong_direction"),
                                           (["claims", "--kind", "flows"], "market_move"),
                                           (["forecasts", "list", "--status", "done"], "did_not_come_true")])
def test_an_unknown_filter_value_is_refused_naming_the_allowed_ones(db, args, allowed):
    result = run(*args, "--db", db)
    assert result.exit_code == 2 and allowed in result.output and "Traceback" not in result.output


def test_an_empty_csv_keeps_its_header(db):
    result = run("claims", "--db", db, "--verdict", "wrong_direction", "-f", "csv")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and {"mention", "verdict", "explanation"} <= set(lines[0].split(","))


@pytest.fixture
def at_120(monkeypatch):
    """The listing console as a 120-column terminal's."""
    from extractor.cli_common import out

    monkeypatch.setattr(out, "width", 120)


def _table(*args):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_listing_tables_wrap_whole_words_in_plain_words(db, at_120):
    forecasts = _table("forecasts", "list", "--db", db)
    assert "came true" in forecasts and "came_true" not in forecasts
    assert "MoF weekly:" in forecasts and "mof_weekly:" not in forecasts
    claims = _table("claims", "--db", db)
    widths = [len(cell.strip()) for line in claims.splitlines() if line.startswith("│")
              for cell in [line.split("│")[-2]]]
    assert max(widths) > 30  # the explanation gets the room, not a 22-character column
    assert max(len(line) for line in claims.splitlines()) <= 120


def test_data_info_names_hosts_not_whole_addresses(at_120):
    text = _table("data", "info")
    assert "https://" not in text and "www.mof.go.jp" in text
    assert len(text.splitlines()) <= 30


def test_the_scorecard_names_the_article(db, at_120):
    text = " ".join(_table("forecasts", "scorecard", "--db", db).replace("│", " ").split())
    assert "came true: Why Are Japanese Still Dumping Foreign Bonds? (article 1)" in text and "#1" not in text


def test_help_shows_switches_without_a_type_and_audit_takes_urls():
    import os

    env = {**os.environ, "COLUMNS": "100"}
    audit = CliRunner().invoke(app, ["audit", "--help"], env=env).stdout
    assert "<bool>" not in audit and "URL" in audit
    top = CliRunner().invoke(app, ["--help"], env=env).stdout
    lines = [line.strip("│ ") for line in top.splitlines()]
    serve = next(k for k, line in enumerate(lines) if line.startswith("serve "))
    assert lines[serve + 2].startswith("schema ")  # two lines at 100 columns, no stray break in the middle
