"""The desk's pages through FastAPI's test client: the form gives the CLI's verdicts on the same
report page, saving puts the story in /articles, the listings filter and download, /data shows
every series the registry has, and /docs needs nothing from another host."""

from __future__ import annotations

import csv
import io
import re

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient

from extractor.api import create_app
from extractor.official.sources import Registry
from tests.conftest import SEED_TXT

TITLE, BODY = SEED_TXT.read_text("utf-8").split("\n", 1)
EXTERNAL = re.compile(r"""<(?:script|link)[^>]+(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("desk") / "store.sqlite"
    with TestClient(create_app(str(db), time_budget=60)) as c:
        yield c


@pytest.fixture(scope="module")
def saved(client):
    response = client.post("/audit", data={"text": BODY, "title": TITLE, "published": "2013-04-25", "save": "1"})
    assert response.status_code == 200
    return BeautifulSoup(response.text, "lxml")


def soup(response):
    return BeautifulSoup(response.text, "lxml")


def test_the_form_needs_no_script(client):
    page = soup(client.get("/"))
    form = page.find("form", action="/audit")
    assert form["method"] == "post"
    assert {i["name"] for i in form.find_all(["input", "textarea"])} == {"url", "text", "title", "published", "save"}
    assert not page.find_all("script")


def test_checking_a_story_gives_the_clis_verdicts_and_a_save_button(client, seed_report):
    page = soup(client.post("/audit", data={"text": BODY, "title": TITLE, "published": "2013-04-25"}))
    for claim in seed_report.claims:
        row = page.find("tr", id=claim.id)
        assert row.find(class_="badge").get_text() == claim.verdict.value, claim.id
    assert page.find("tr", id="c2").find(class_="badge").get_text() == "close"
    save = page.find("input", attrs={"name": "save", "type": "hidden"}).find_parent("form")
    assert save.find("textarea") is None and save.find("input", attrs={"name": "text"})["value"].strip() == BODY.strip()
    assert not page.find_all("script") and not EXTERNAL.search(str(page))


def test_saving_lists_the_story_with_its_verdict_counts(client, saved):
    notice = saved.find(class_="notice").get_text()
    article_id = int(re.search(r"article (\d+)", notice).group(1))
    page = soup(client.get("/articles"))
    link = page.find("a", href=f"/articles/{article_id}")
    assert link.get_text() == TITLE
    counts = [b.get_text() for b in link.find_parent("tr").select(".badge")]
    assert "close 2" in counts and "inaccurate 1" in counts
    stored = soup(client.get(f"/articles/{article_id}"))
    assert stored.find("h1").get_text() == TITLE
    assert stored.find("tr", id="c2").find(class_="badge").get_text() == "close"
    assert client.get("/articles/9999").status_code == 404


def test_claims_filter_and_download(client, saved):
    page = soup(client.get("/claims", params={"verdict": "close"}))
    verdicts = {b.get_text() for b in page.select("table.list .badge")}
    assert verdicts == {"close"}
    rows = list(csv.DictReader(io.StringIO(client.get("/claims.csv", params={"kind": "flow"}).text)))
    assert {r["kind"] for r in rows} == {"flow"} and len(rows) == 2
    april = list(csv.DictReader(io.StringIO(client.get("/claims.csv", params={"period": "2013-04-13"}).text)))
    assert [r["mention"] for r in april] == ["331.9 billion"]


def test_forecasts_by_status_with_deadline_evidence_and_story(client, saved):
    page = soup(client.get("/forecasts"))
    came_true = page.find("table", class_="forecasts-came_true")
    text = came_true.get_text(" ")
    assert "Uwe Parpart" in text and "15 May 2013" in text and "21 Apr–27 Apr 2013" in text
    assert came_true.find("a", href=re.compile(r"^/articles/\d+#c9$"))
    assert page.find("table", class_="forecasts-pending") is None


def test_data_lists_every_series_of_the_registry(client):
    page = soup(client.get("/data"))
    names = [row.find("b").get_text() for row in page.select("table.list tbody tr")]
    assert names == [s.source_id for s in Registry().all()]


def test_docs_load_swagger_from_this_server(client):
    html = client.get("/docs").text
    assert not EXTERNAL.search(html)
    sources = re.findall(r"""(?:src|href)=["']([^"']+)""", html)
    assert sources and all(s.startswith("/") for s in sources)
    for source in sources:
        assert client.get(source).status_code == 200, source
    assert client.get("/-/docs/../../etc/passwd").status_code == 404


def test_bad_input_gets_the_form_back_with_one_line(client):
    for data, message in (({"text": ""}, "paste the story"), ({"text": BODY, "published": "25/04/2013x"}, "date"),
                          ({"url": "ftp://example.org/x"}, "not an http(s) address"),
                          ({"url": "https://example.org/a", "text": BODY}, "not both"),
                          ({"url": "http://127.0.0.1:9/story"}, "--allow-private")):
        response = client.post("/audit", data=data)
        assert response.status_code == 400, data
        errors = soup(response).select(".error")
        assert len(errors) == 1 and message in errors[0].get_text(), (data, errors)
        assert "Traceback" not in response.text


def test_markup_in_a_pasted_story_comes_back_as_text(client):
    """Every desk page is an autoescaped template: tags a reader pastes are shown, never run —
    on the report page and in the form given back with an error."""
    text = ("<script>alert(1)</script> Japanese investors sold a net 862.6 billion yen of foreign bonds in the "
            "week ended April 20.")
    page = soup(client.post("/audit", data={"text": text, "title": "<b>Yen</b>", "published": "2013-04-25"}))
    assert not page.find_all("script") and not page.find("h1").find_all(True)
    assert page.find("h1").get_text() == "<b>Yen</b>"
    assert "<script>alert(1)</script>" in page.find("article").get_text()
    again = client.post("/audit", data={"text": text, "published": "25/04/2013x"})
    assert again.status_code == 400
    form = soup(again)
    assert not form.find_all("script") and form.find("textarea").get_text().strip() == text


@pytest.mark.parametrize("path", ["/articles", "/articles/1", "/claims", "/forecasts", "/forecasts/scorecard"])
def test_a_damaged_store_gives_the_desk_a_503_page_saying_so(tmp_path, path):
    from tests.store.damage import damaged_store

    client = TestClient(create_app(str(damaged_store(tmp_path))))
    response = client.get(path, headers={"accept": "text/html"})
    assert response.status_code == 503 and response.headers["content-type"].startswith("text/html")
    assert "The store cannot be read" in response.text and "damaged" in response.text
