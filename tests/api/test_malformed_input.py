"""Malformed requests get one plain JSON error line, never a 500: unparsable URLs, dates the
CLI refuses, misspelt fields, and ``{}``."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from extractor.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    """No lifespan: these requests are refused before any audit worker is needed."""
    return TestClient(create_app(str(tmp_path_factory.mktemp("m") / "s.sqlite")))


@pytest.mark.parametrize("url", ["http://[/x]/", "http://2002:7f00:1::/", "http://example.com:99999/"])
def test_an_unparsable_url_is_a_400_line(client, url):
    response = client.post("/v1/audit", json={"url": url})
    assert response.status_code == 400 and response.json()["error"].startswith(f"not a valid URL: {url}")


@pytest.mark.parametrize("published, status, message", [
    ("2099-01-01", 400, "published date 2099-01-01 is in the future"),
    ("03/04/2024", 422, "published: date '03/04/2024' is ambiguous; use YYYY-MM-DD"),
    (0, 422, "published: 0 is not a date written YYYY-MM-DD"),
])
def test_publication_dates_follow_the_cli_rules(client, published, status, message):
    response = client.post("/v1/audit", json={"text": "Japanese investors sold bonds.", "published": published})
    assert response.status_code == status and message in response.json()["error"]


def test_a_misspelt_field_is_refused_naming_the_allowed_ones(client):
    response = client.post("/v1/audit", json={"text": "x", "pubished": "2013-04-25"})
    assert response.status_code == 422
    assert response.json()["error"] == "unknown field 'pubished'; the fields are url, html, text, published, title"


def test_no_source_reads_as_plain_words(client):
    response = client.post("/v1/audit", json={})
    assert response.status_code == 422 and response.json()["error"] == "give exactly one of url, html or text"


def test_the_schema_says_exactly_one_source(client):
    request = client.get("/openapi.json").json()["components"]["schemas"]["AuditRequest"]
    assert request["oneOf"] == [{"required": ["url"]}, {"required": ["html"]}, {"required": ["text"]}]
    assert request["additionalProperties"] is False


@pytest.mark.parametrize("path", ["/v1/claims?since=0", "/v1/claims?since=03/04/2024", "/v1/series/DGS10?start=1"])
def test_a_date_parameter_must_be_a_date(client, path):
    response = client.get(path)
    assert response.status_code == 422 and "YYYY-MM-DD" in response.json()["error"]


@pytest.mark.parametrize("method, path, allowed", [("TRACE", "/v1/audit", "POST"), ("PUT", "/healthz", "GET"),
                                                   ("DELETE", "/v1/claims", "GET"), ("TRACE", "/articles", "GET")])
def test_an_undeclared_method_is_405_with_allow(client, method, path, allowed):
    response = client.request(method, path)
    assert response.status_code == 405 and response.headers["allow"] == allowed


def test_the_desk_form_refuses_a_future_date(client):
    response = client.post("/audit", data={"text": "Japanese investors sold bonds.", "published": "2099-01-01"})
    assert response.status_code == 400 and "is in the future" in response.text


def test_the_desk_form_gives_an_unparsable_url_its_line(client):
    response = client.post("/audit", data={"url": "http://example.com:99999/"})
    assert response.status_code == 400 and "not a valid URL: http://example.com:99999/" in response.text
