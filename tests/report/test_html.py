"""The HTML report, parsed: every claim highlighted with its verdict's class, the table, and a
chart for each weekly flow claim; one self-contained file."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from typer.testing import CliRunner

from extractor.cli import app
from tests.conftest import SEED_TXT


def render(tmp_path):
    out = tmp_path / "report.html"
    result = CliRunner().invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0
    json_result = CliRunner().invoke(app, ["audit", str(SEED_TXT), "-p", "2013-04-25", "-f", "json"])
    import json

    return out.read_text("utf-8"), json.loads(json_result.stdout)


def test_every_claim_is_highlighted_with_its_verdict(tmp_path):
    html, report = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    marks = soup.select("mark.claim")
    for claim in report["claims"]:
        covering = [m for m in marks if claim["id"] in m["data-claims"].split()]
        assert covering, claim["id"]
        assert all(f"v-{claim['verdict']}" in m["class"] for m in covering), claim["id"]
        text = "".join(m.get_text() for m in covering)
        assert text == claim["mention"], claim["id"]
        row = soup.find("tr", id=claim["id"])
        assert row is not None and f"v-{claim['verdict']}" in row["class"]
        assert row.find(class_="badge")["data-verdict"] == claim["verdict"]


def test_weekly_flow_claims_have_charts_with_the_stated_value(tmp_path):
    html, report = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    flows = [c for c in report["claims"] if c["kind"] == "flow"]
    for claim in flows:
        chart = soup.find("svg", attrs={"data-claim": claim["id"]})
        assert chart is not None, claim["id"]
        assert chart.find("rect", class_="current") is not None
        assert chart.find("circle", class_="stated") is not None


def test_the_page_is_self_contained_and_links_the_sources(tmp_path):
    html, _ = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    assert not soup.find_all("script") and not soup.find_all("img")
    assert not soup.find_all("link", rel="stylesheet")
    assert not re.search(r"""(?:src|@import|url\()\s*=?\s*["']?https?://""", html)
    assert soup.find("a", href=re.compile("mof.go.jp")) and soup.find("a", href=re.compile("fred.stlouisfed.org"))
    assert soup.find("meta", attrs={"name": "viewport"}) and "@media print" in html


def test_markup_in_the_article_is_shown_as_text_not_run(tmp_path):
    """The page comes from autoescaped templates: a headline or story carrying tags shows them as
    words, and the claim inside the same paragraph is still highlighted."""
    story = tmp_path / "story.txt"
    story.write_text('Yen <b>flows</b> & "bonds"\n\n<script>alert(1)</script> Japanese investors sold a net '
                     "862.6 billion yen of foreign bonds in the week ended April 20, <i>MoF data</i> showed.\n",
                     "utf-8")
    out = tmp_path / "story.html"
    result = CliRunner().invoke(app, ["audit", str(story), "-p", "2013-04-25", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(out.read_text("utf-8"), "lxml")
    assert not soup.find_all("script")
    assert not soup.find("h1").find_all(True) and soup.find("h1").get_text() == 'Yen <b>flows</b> & "bonds"'
    story_part = soup.find("article")
    assert {tag.name for tag in story_part.find_all(True)} <= {"p", "mark", "br", "h2", "a", "span"}
    assert all(a["href"].startswith("#") for a in story_part.find_all("a"))
    assert "<script>alert(1)</script>" in story_part.get_text() and "<i>MoF data</i>" in story_part.get_text()
    assert [m.get_text() for m in soup.select("mark.claim") if "862.6" in m.get_text()]


RANK = {"wrong_direction": 0, "inaccurate": 0, "close": 1, "accurate": 2, "did_not_come_true": 3, "came_true": 3,
        "pending": 3, "unresolvable": 3, "unverifiable": 4}


def test_problems_come_first_and_figures_with_no_series_fold_away(tmp_path):
    """The inaccurate yen figure (c8, late in the story) heads the table; then close, accurate,
    forecasts; the three figures flowcheck has no series for fold under one line."""
    html, report = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    table = soup.select_one("section table")
    shown = [row["id"] for row in table.select("tr.row")]
    verdict = {c["id"]: c["verdict"] for c in report["claims"]}
    assert shown[0] == "c8" and [RANK[verdict[i]] for i in shown] == sorted(RANK[verdict[i]] for i in shown)
    folded = soup.select_one("details.folded")
    assert folded.find("summary").get_text().startswith("3 figures flowcheck has no series for")
    assert [row["id"] for row in folded.select("tr.row")] == ["c6", "c12", "c13"]  # the seed's 3 statistics
    badges = [b["data-verdict"] for b in soup.select("header .counts .badge")]
    assert badges == ["inaccurate", "close", "accurate", "did_not_come_true", "came_true", "unverifiable"]
    assert "came true 2" in [b.get_text() for b in soup.select("header .counts .badge")]


def test_a_highlighted_figure_links_to_its_row_and_the_row_links_back(tmp_path):
    html, _ = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    link = next(a for a in soup.select("article a.figure") if a.get_text() == "862.6 billion yen")
    row = soup.find("tr", id=link["href"][1:])
    assert row.find(class_="badge")["data-verdict"] == "close"
    back = row.find("a", class_="back")["href"]
    anchor = soup.find(id=back[1:])
    assert anchor is not None and anchor.find_parent("article") is not None
    assert anchor.find_next("mark").get_text() == "862.6 billion yen"


def test_series_are_named_in_words(tmp_path):
    html, _ = render(tmp_path)
    soup = BeautifulSoup(html, "lxml")
    sources = soup.find("tr", id="c2").select_one(".src").get_text(" ")
    assert "MoF weekly: Japanese investors' foreign long-term bonds, net" in sources
    assert "mof_weekly:" not in soup.select_one("section").get_text()


def test_a_story_with_no_checkable_figure_says_so(tmp_path):
    story = tmp_path / "story.txt"
    story.write_text("Markets were quiet\n\nTokyo shares drifted in thin trade as investors awaited news.\n", "utf-8")
    out = tmp_path / "story.html"
    result = CliRunner().invoke(app, ["audit", str(story), "-p", "2013-04-25", "-f", "html", "-o", str(out)])
    assert result.exit_code == 0, result.output
    soup = BeautifulSoup(out.read_text("utf-8"), "lxml")
    assert soup.select_one("p.empty").get_text() == "No figures flowcheck can check were found in this story."
    assert soup.select_one("section table") is None
