"""The API serves the monthly series too: MoF's "-"/"―" cells come back as JSON null."""

from __future__ import annotations

from fastapi.testclient import TestClient

from extractor.api import create_app


def test_monthly_series_and_health(tmp_path):
    with TestClient(create_app(str(tmp_path / "s.sqlite"), time_budget=60)) as client:
        health = {s["series"]: s for s in client.get("/healthz").json()["series"]}
        assert health["bop"]["start"] == "2021-11-01" and health["mof_monthly"]["end"] == "2026-08-31"
        rows = client.get("/v1/series/bop", params={"start": "2023-09-30", "end": "2023-09-30"}).json()
        assert rows["unit"] == "100 million yen"
        us = [r for r in rows["rows"] if r["country"] == "United States" and r["instrument"] == "long_term_debt"]
        assert us[0]["net"] == 38129
        taiwan = [r for r in rows["rows"] if r["country"] == "Taiwan" and r["instrument"] == "long_term_debt"
                  and r["market"] == "outward"]
        assert taiwan[0]["net"] is None  # "―" in the release
