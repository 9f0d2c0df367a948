"""A store damaged while the server runs: every route that reads it answers 503 (the desk's
pages too, not a 500 "internal error"), and /healthz notices within its stated interval."""

from __future__ import annotations

import time

from fastapi.testclient import TestClient
from typer.testing import CliRunner

from extractor.api import create_app
from extractor.cli import app as cli
from extractor.service.state import HEALTH_CHECK_INTERVAL
from tests.conftest import SEED_TXT
from tests.store.damage import damage

HTML = {"accept": "text/html"}


def test_damage_while_running_is_503_everywhere_and_healthz_sees_it(tmp_path):
    db = tmp_path / "store.sqlite"
    saved = CliRunner().invoke(cli, ["audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "json", "--save",
                                     "--db", str(db)])
    assert saved.exit_code == 0, saved.output
    client = TestClient(create_app(str(db)))
    healthy = client.get("/healthz").json()
    assert healthy["store"] == "ok" and healthy["store_check_interval_seconds"] == HEALTH_CHECK_INTERVAL <= 10
    assert client.get("/articles", headers=HTML).status_code == 200
    damage(db)
    time.sleep(HEALTH_CHECK_INTERVAL)  # the longest /healthz may go on saying "ok"
    health = client.get("/healthz")
    assert health.status_code == 503 and "damaged" in health.json()["store"]
    for path in ("/articles", "/articles/1", "/claims"):
        page = client.get(path, headers=HTML)
        assert page.status_code == 503, (path, page.status_code, page.text[:300])
        assert "internal error" not in page.text
    api = client.get("/v1/claims")  # the claims, in the damaged half (the articles table may be sound)
    assert api.status_code == 503 and "damaged" in api.json()["error"]
