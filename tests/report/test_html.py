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
        assert row.find(class_="badge").get_text() == claim["verdict"]


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
