"""The API's listings refuse a filter value that can match nothing, naming the values that can,
instead of answering 200 with an empty list a client would take for "none stored"."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from extractor.api import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(str(tmp_path_factory.mktemp("filters") / "store.sqlite")))  # no audits: no workers


@pytest.mark.parametrize("path, named", [("/v1/claims?verdict=bogus", "wrong_direction"),
                                         ("/v1/claims?kind=flows", "market_move"),
                                         ("/v1/forecasts?status=done", "did_not_come_true")])
def test_an_unknown_filter_value_is_a_422_naming_the_allowed_ones(client, path, named):
    response = client.get(path)
    assert response.status_code == 422 and named in response.json()["error"]


def test_a_known_filter_value_still_answers(client):
    assert client.get("/v1/claims?verdict=wrong_direction").json() == []
