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


def test_the_form_needs_no_script_and_saves_unless_told_not_to(client):
    page = soup(client.get("/"))
    form = page.find("form", action="/audit")
    assert form["method"] == "post"
    assert {i["name"] for i in form.find_all(["input", "textarea"])} == {"url", "text", "title", "published", "save"}
    assert form.find("input", attrs={"name": "save"}).has_attr("checked")
    assert not page.find_all("script")


def test_checking_a_story_gives_the_clis_verdicts_and_a_save_button(client, seed_report):
    page = soup(client.post("/audit", data={"text": BODY, "title": TITLE, "published": "2013-04-25"}))
    for claim in seed_report.claims:
        row = page.find("tr", id=claim.id)
        assert row.find(class_="badge")["data-verdict"] == claim.verdict.value, claim.id
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
    # problems first; the seed's third forecast (its bond half, issue 22) did not come true
    assert counts == ["inaccurate 1", "close 2", "accurate 4", "did not come true 1", "came true 2", "unverifiable 3"]
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
                          ({"url": "http://127.0.0.1:9/story"}, "Paste the story's text instead")):
        response = client.post("/audit", data=data)
        assert response.status_code == 400, data
        errors = soup(response).select(".error")
        assert len(errors) == 1 and message in errors[0].get_text(), (data, errors)
        assert "Traceback" not in response.text and "--allow-private" not in response.text


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


def test_every_check_has_an_address_that_shows_it_again(client):
    """The form's POST redirects to /check/<key>: reloading or sharing that address shows the
    same report (never a 405 JSON body), and a GET of /audit goes back to the form."""
    text = "Japanese investors sold a net 862.6 billion yen of foreign bonds in the week ended April 20."
    response = client.post("/audit", data={"text": text, "published": "2013-04-25"})
    assert response.history and response.history[0].status_code == 303
    address = response.history[0].headers["location"]
    assert re.fullmatch(r"/check/[0-9a-f]{16}", address) and str(response.url).endswith(address)
    again = client.get(address)
    assert again.status_code == 200 and again.headers["content-type"].startswith("text/html")
    assert soup(again).find("tr", id="c1").find(class_="badge").get_text() == "close"
    assert address in soup(again).select_one(".save").get_text()  # unsaved: says where it is kept
    form = client.get("/audit")
    assert form.status_code == 200 and soup(form).find("form", action="/audit")
    gone = client.get("/check/0123456789abcdef")
    assert gone.status_code == 404 and soup(gone).select_one("nav.desk")


def test_a_saved_check_leads_to_its_article_and_a_repaste_says_what_changed(client, saved):
    notice = saved.find(class_="notice")
    article_id = int(re.search(r"article (\d+)", notice.get_text()).group(1))
    assert notice.find("a", href=f"/articles/{article_id}")
    again = soup(client.post("/audit", data={"text": BODY, "title": "Japan's bond exodus", "published": "2013-04-25",
                                             "save": "1"}))
    words = " ".join(again.select_one(".notice").get_text().split())
    assert f"Updated stored article {article_id}" in words
    assert f"headline “{TITLE}” → “Japan's bond exodus”" in words
    client.post("/audit", data={"text": BODY, "title": TITLE, "published": "2013-04-25", "save": "1"})  # as it was


@pytest.mark.parametrize("method, path, status", [("get", "/nope", 404), ("get", "/articles/abc", 404),
                                                  ("put", "/articles", 405), ("delete", "/audit", 405)])
def test_desk_errors_are_desk_pages_with_the_navigation_bar(client, method, path, status):
    response = client.request(method.upper(), path)
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    page = soup(response)
    assert page.select_one("nav.desk a[href='/articles']") and page.select_one(".error")
    assert not response.text.lstrip().startswith("{")


def test_api_errors_stay_json(client):
    response = client.get("/v1/nope")
    assert response.status_code == 404 and response.json() == {"error": "Not Found"}


@pytest.mark.parametrize("query, named", [("verdict=bogus", "wrong_direction"), ("kind=nope", "market_move"),
                                          ("period=garbage", "2013-04")])
def test_invalid_filters_are_refused_naming_the_allowed_values(client, query, named):
    for path in ("/claims", "/claims.csv"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 422, path
        message = soup(response).select_one(".error").get_text()
        assert named in message and query.split("=")[1] in message


def test_an_empty_claims_csv_keeps_its_header(client, saved):
    rows = client.get("/claims.csv", params={"verdict": "wrong_direction"}).text.splitlines()
    assert len(rows) == 1 and {"mention", "verdict", "explanation", "title"} <= set(rows[0].split(","))


def test_articles_search_sort_and_outlet(client, saved):
    page = soup(client.get("/articles", params={"q": "dumping"}))
    assert [a.get_text() for a in page.select("a.report")] == [TITLE]
    assert "outlet" in [th.get_text() for th in page.select("thead th")]
    by_text = soup(client.get("/articles", params={"q": "Reorient Financial"}))  # words only in the story's text
    assert [a.get_text() for a in by_text.select("a.report")] == [TITLE]
    assert not soup(client.get("/articles", params={"q": "no such words anywhere"})).select("a.report")
    for sort in ("published", "problems", "outlet"):
        assert client.get("/articles", params={"sort": sort}).status_code == 200
    assert client.get("/articles", params={"sort": "sideways"}).status_code == 422


def test_claims_search_with_stated_and_official_columns_and_labelled_cells(client, saved):
    page = soup(client.get("/claims", params={"q": "862.6"}))
    heads = [th.get_text() for th in page.select("table.claims thead th")]
    assert "stated" in heads and "official" in heads
    rows = page.select("table.claims tbody tr")
    mentions = [r.select_one("td[data-label=claim]").get_text() for r in rows]
    assert any(m.startswith("862.6 billion yen") for m in mentions) and not any("three quarters" in m for m in mentions)
    row = next(r for r in rows if r.select_one("td[data-label=claim]").get_text().startswith("862.6 billion yen"))
    assert row.select_one("td[data-label=official]").get_text().startswith("net selling 860.8 billion yen")
    assert all(td.has_attr("data-label") for td in row.find_all("td"))  # a phone's stacked cells keep their names


def test_pages_say_verdicts_in_words(client, saved):
    forecasts = soup(client.get("/forecasts"))
    assert "came true" in [b.get_text() for b in forecasts.select("table .badge")]
    claims = soup(client.get("/claims"))
    options = [o.get_text() for o in claims.select("select[name=verdict] option")]
    assert "wrong direction" in options and "did not come true" in options
    assert "market move" in [o.get_text() for o in claims.select("select[name=kind] option")]


def test_docs_link_back_to_the_desk(client):
    page = soup(client.get("/docs"))
    assert page.select_one("nav.desk a[href='/']") and page.select_one("nav.desk a[href='/articles']")
