"""The HTTP API with its test client: same results as the CLI, and every error as JSON."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from extractor.api import create_app
from extractor.cli import app as cli
from tests.conftest import SEED_TXT

BODY = SEED_TXT.read_text("utf-8").split("\n", 1)[1].strip("\n")
TITLE = SEED_TXT.read_text("utf-8").split("\n", 1)[0]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "store.sqlite"
    with TestClient(create_app(str(db), time_budget=60)) as c:
        yield c


def test_audit_text_gives_the_same_claims_and_verdicts_as_the_cli(client):
    response = client.post("/v1/audit", json={"text": BODY, "title": TITLE, "published": "2013-04-25"})
    assert response.status_code == 200
    api = response.json()
    result = CliRunner().invoke(cli, ["audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "json"])
    cli_report = json.loads(result.stdout)
    strip = lambda r: [(c["kind"], c["mention"], c["verdict"], c["explanation"]) for c in r["claims"]]  # noqa: E731
    assert strip(api) == strip(cli_report)
    assert api["schema_version"] == cli_report["schema_version"]


def test_audit_html(client):
    html = f"<html><head><title>{TITLE}</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</article></body></html>"
    response = client.post("/v1/audit", json={"html": html, "published": "2013-04-25"})
    assert response.status_code == 200
    assert any(c["mention"] == "862.6 billion yen" and c["verdict"] == "close" for c in response.json()["claims"])


@pytest.mark.parametrize("body, status, message", [
    ({}, 422, "exactly one of url, html or text"),
    ({"text": "a", "html": "<p>b</p>"}, 422, "exactly one"),
    ({"text": "   "}, 400, "text is empty"),
    ({"url": "http://127.0.0.1:9/x"}, 400, "private or local"),
    ({"url": "ftp://example.com/x"}, 400, "not an http"),
    ({"text": "x", "published": "not a date"}, 422, "published"),
])
def test_bad_requests_are_json_errors(client, body, status, message):
    response = client.post("/v1/audit", json=body)
    assert response.status_code == status and message in response.json()["error"]


def test_oversize_bodies_and_texts_are_refused(client, tmp_path):
    too_big = client.post("/v1/audit", content=b"x" * (3 * 1024 * 1024), headers={"content-type": "application/json"})
    assert too_big.status_code == 413 and "request body" in too_big.json()["error"]
    small = TestClient(create_app(str(tmp_path / "s.sqlite"), max_text=1000))
    long_text = client.post("/v1/audit", json={"text": "word " * 500})
    assert long_text.status_code == 200
    assert small.post("/v1/audit", json={"text": "word " * 500}).status_code == 413


def test_time_budget_gives_504(tmp_path):
    with TestClient(create_app(str(tmp_path / "s.sqlite"), time_budget=0.001)) as slow:
        response = slow.post("/v1/audit", json={"text": BODY, "published": "2013-04-25"})
    assert response.status_code == 504 and "longer than" in response.json()["error"]


def test_series_and_health(client):
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["series"][0] == {
        "series": "mof_weekly", "start": "2005-01-02", "end": "2026-09-12", "observations": 1132,
        "vintage": "2026-09-17"}
    week = client.get("/v1/series/mof_weekly", params={"start": "2013-04-20", "end": "2013-04-20"}).json()
    assert week["rows"][0]["outward.long_term_debt.net"] == -8608 and week["unit"] == "100 million yen"
    assert client.get("/v1/series/NOPE").status_code == 404
    assert client.get("/v1/claims", params={"since": "not-a-date"}).status_code == 422
    assert client.get("/v1/articles").status_code == 200


def test_store_endpoints_list_saved_audits(tmp_path):
    db = str(tmp_path / "saved.sqlite")
    CliRunner().invoke(cli, ["audit", str(SEED_TXT), "-p", "2013-04-25", "--save", "--db", db, "-f", "json"])
    with TestClient(create_app(db)) as c:
        assert c.get("/v1/articles").json()[0]["title"] == TITLE
        inaccurate = c.get("/v1/claims", params={"verdict": "inaccurate", "since": "2013-01-01"}).json()
        assert [r["mention"] for r in inaccurate] == ["depreciated over 7 percent against the U.S. dollar"]
        forecasts = c.get("/v1/forecasts", params={"status": "came_true"}).json()
        assert forecasts[0]["forecaster"] == "Uwe Parpart"


def test_openapi_schema_and_docs(client):
    schema = client.get("/openapi.json").json()
    assert {"/v1/audit", "/v1/articles", "/v1/claims", "/v1/forecasts", "/v1/series/{series_id}", "/healthz"} <= set(
        schema["paths"])
    assert client.get("/docs").status_code == 200


def test_each_app_serves_its_own_store(tmp_path):
    """Routes find the store through their own app, so two apps in one process (a test, or a
    second desk on another file) never show each other's saved audits."""
    saved = str(tmp_path / "saved.sqlite")
    CliRunner().invoke(cli, ["audit", str(SEED_TXT), "-p", "2013-04-25", "--save", "--db", saved, "-f", "json"])
    one, other = TestClient(create_app(saved)), TestClient(create_app(str(tmp_path / "empty.sqlite")))
    assert [a["title"] for a in one.get("/v1/articles").json()] == [TITLE]
    assert other.get("/v1/articles").json() == [] and other.get("/v1/claims").json() == []
    assert TITLE in one.get("/articles").text and TITLE not in other.get("/articles").text
