"""Property-based fuzz of the API from its own OpenAPI schema: no input may cause a 5xx."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from extractor.api import create_app

STORE = Path(tempfile.mkdtemp(prefix="flowcheck-fuzz-")) / "store.sqlite"
app = create_app(str(STORE), time_budget=60)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)


def no_dns(*args, **kwargs):
    """Generated URLs name random hosts: answer as a resolver with no network would."""
    raise socket.gaierror(socket.EAI_NONAME, "name resolution disabled in tests")


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, monkeypatch):
    monkeypatch.setattr("extractor.scrape.fetch.socket.getaddrinfo", no_dns)
    response = case.call()
    assert response.status_code < 500, (case.method, case.path, response.text[:300])
    if response.status_code >= 400:
        assert "error" in response.json()
