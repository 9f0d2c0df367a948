"""The API keeps the contract its OpenAPI schema states, checked as ``st run --checks all``
checks it: every schemathesis check, on requests generated from the schema (positive and
negative, the coverage phase's undeclared methods included).

Two statuses are the server's to give on a schema-valid request and are allowed for positive
data: 400 (a well-formed request that cannot be audited: a URL that does not resolve, a page
with no article text, a future publication date) and 413 (over the text limit). A 422 is the
schema's: it must agree with the schema exactly, and does."""

from __future__ import annotations

import socket
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from extractor.api import create_app

STORE = Path(tempfile.mkdtemp(prefix="flowcheck-contract-")) / "store.sqlite"
CONFIG = schemathesis.Config.from_dict({"checks": {"positive_data_acceptance": {
    "expected-statuses": ["2xx", "400", "404", "413", "503", "504"]}}})
app = create_app(str(STORE), time_budget=60)
schema = schemathesis.openapi.from_asgi("/openapi.json", app, config=CONFIG)


def no_dns(*args, **kwargs):
    """Generated URLs name random hosts: answer as a resolver with no network would."""
    raise socket.gaierror(socket.EAI_NONAME, "name resolution disabled in tests")


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_check_holds(case, monkeypatch):
    monkeypatch.setattr("extractor.scrape.fetch.socket.getaddrinfo", no_dns)
    case.call_and_validate(checks=CHECKS.get_all())
