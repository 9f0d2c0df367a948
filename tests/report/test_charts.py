"""Charts a reader can read: ticks, zero line, labelled figures, week labels and a legend for flow
claims; the run of weeks for streaks; the FRED line with the two compared points for market
moves; a legend line for every verdict; unsure readings said beside the verdict."""

from __future__ import annotations

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup

from extractor.claims.model import FlowClaim, Reading, Verdict
from extractor.report.charts import nice_ticks
from extractor.report.html import to_html
from extractor.report.templating import VERDICT_NOTES
from tests.conftest import SEED_TXT


@pytest.fixture(scope="module")
def page(seed_report):
    from extractor.official.sources import Registry
    from extractor.scrape.inputs import load_article

    text = load_article(str(SEED_TXT)).text
    return BeautifulSoup(to_html(seed_report, text, Registry()), "lxml")


def chart_of(page, report, mention):
    claim = next(c for c in report.claims if c.mention == mention)
    return claim, page.find("svg", attrs={"data-claim": claim.id})


@pytest.mark.parametrize("lo, hi", [(-1.15e12, 0.75e12), (0, 3.2e11), (-8.626e11, 0), (1.7, 2.1), (90.1, 99.9),
                                    (-2.5e9, 2.5e9), (0, 1)])
def test_ticks_are_three_to_five_round_values_covering_the_range(lo, hi):
    ticks = nice_ticks(lo, hi)
    assert 3 <= len(ticks) <= 5
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {round(b - a, 9) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1


def test_flow_chart_has_axis_zero_line_labelled_figures_weeks_and_legend(page, seed_report):
    claim, svg = chart_of(page, seed_report, "862.6 billion yen")
    assert svg is not None
    assert 3 <= len(svg.select("text.ytick")) <= 5
    assert svg.find("line", class_="zero") is not None
    labels = [t.get_text() for t in svg.select("text.label")]
    assert "story −862.6 bn" in labels and "MoF −860.8 bn" in labels
    ticks = [t.get_text() for t in svg.select("text.tick") if "ytick" not in t["class"]]
    assert "23 Feb 2013" in ticks and "15 Jun 2013" in ticks and "20 Apr 2013" in ticks
    legend = [t.get_text() for t in svg.select("g.legend text")]
    assert legend[:3] == ["net buying", "net selling", "the story's week"]
    # the story's week is outlined and is a selling bar
    current = svg.select("rect.bar.current")
    assert len(current) == 1 and "sell" in current[0]["class"]
    width = int(svg["viewbox"].split()[2])
    assert width >= 500


def test_streak_chart_shades_the_run_of_weeks(page, seed_report):
    claim, svg = chart_of(page, seed_report, "sixth straight week")
    assert svg is not None and "chart-streak" in svg["class"]
    run = svg.select("rect.bar.current")
    assert len(run) == 6 and all("sell" in r["class"] for r in run)
    assert any(t.get_text() == "the run of 6 weeks" for t in svg.select("g.legend text"))


def test_market_move_chart_marks_the_two_points_compared(page, seed_report):
    claim, svg = chart_of(page, seed_report, "fallen from above 2 percent in March to 1.7 percent")
    assert svg is not None and svg.find("path", class_="series") is not None
    points = svg.select("circle.point")
    assert len(points) == 2
    labels = " ".join(t.get_text() for t in svg.select("text.label"))
    assert "2.07% (11 Mar 2013)" in labels and "1.74%" in labels
    _, fx = chart_of(page, seed_report, "depreciated over 7 percent against the U.S. dollar")
    assert fx is not None and len(fx.select("circle.point")) == 2 and "93.38" in fx.get_text()


def test_the_legend_explains_every_verdict_once(page):
    assert set(VERDICT_NOTES) == {v.value for v in Verdict}
    items = page.select("ul.verdicts li")
    assert [li.find(class_="badge")["data-verdict"] for li in items] == [v.value for v in Verdict]
    assert "wrong direction" in [li.find(class_="badge").get_text() for li in items]  # words, not keys
    assert all(len(li.get_text(strip=True)) > len(li.find(class_="badge").get_text()) + 10 for li in items)


def _claim(**readings) -> FlowClaim:
    text = "Japanese investors sold 500 billion yen of foreign bonds, data showed."
    return FlowClaim(id="c1", text=text, char_start=0, char_end=len(text), mention="500 billion yen",
                     mention_start=24, mention_end=39, amount_text="500 billion yen", amount_jpy=5e11,
                     market="outward", instrument="long_term_debt", direction="net_sale", granularity="week",
                     period_start=date(2013, 4, 14), period_end=date(2013, 4, 20), verdict=Verdict.inaccurate,
                     explanation="The data say otherwise.", readings=readings)


def _report(claim):
    from extractor.claims.model import ArticleInfo, AuditReport

    return AuditReport(article=ArticleInfo(title="A <b>bold</b> claim", published=date(2013, 4, 25)), claims=[claim])


def test_an_inferred_period_is_said_beside_the_verdict():
    claim = _claim(period=Reading(how="defaulted", words="last week"), direction=Reading(how="stated", words="sold"))
    soup = BeautifulSoup(to_html(_report(claim), claim.text), "lxml")
    cell = soup.find("tr", id="c1").find(class_="badge").parent
    notes = [n.get_text() for n in cell.select(".unsure")]
    assert notes == ["period defaulted, not stated in the sentence (“last week”)"]


def test_stated_readings_add_no_note_and_text_is_escaped():
    claim = _claim(period=Reading(how="stated", words="the week ended April 20"))
    html = to_html(_report(claim), claim.text + " <script>alert(1)</script>")
    soup = BeautifulSoup(html, "lxml")
    assert not soup.select(".unsure")
    assert not soup.find_all("script") and not soup.find("h1").find_all("b")
    assert "&lt;script&gt;" in html and re.search(r"A &lt;b&gt;bold&lt;/b&gt; claim", html)


def test_a_first_in_n_weeks_streak_shades_the_weeks_it_counts(registry):
    from extractor.claims.model import Official, StreakClaim
    from extractor.report.html import chart_for

    claim = StreakClaim(id="c1", text="Japanese investors bought foreign bonds for the first time in three weeks.",
                        char_start=0, char_end=70, mention="first time in three weeks", mention_start=45,
                        mention_end=70, form="first_in", count=3, market="outward", instrument="long_term_debt",
                        direction="net_purchase", period_end=date(2013, 4, 27), verdict=Verdict.accurate,
                        official=Official(series="mof_weekly:outward.long_term_debt.net", value=3, unit="weeks",
                                          period_end=date(2013, 4, 27)))
    svg = BeautifulSoup(str(chart_for(claim, registry)), "lxml").find("svg")
    counted = svg.select("rect.bar.current")
    assert [("buy" in r["class"]) for r in counted] == [False, False, True]  # two weeks of selling, then buying
    assert "the 3 weeks the story counts" in [t.get_text() for t in svg.select("g.legend text")]


def test_a_phone_gets_a_narrow_chart_whose_text_is_not_shrunk(page, seed_report):
    """Each chart comes twice: 560 units wide for a page and 340 for a phone (the stylesheet
    shows one); shown at a 390-px phone's ~346 px, the narrow chart's 11-unit text stays 11 px."""
    claim = next(c for c in seed_report.claims if c.mention == "862.6 billion yen")
    wide, narrow = page.find_all("svg", attrs={"data-claim": claim.id})
    assert "wide" in wide["class"] and "narrow" in narrow["class"]
    assert int(narrow["viewbox"].split()[2]) <= 346 < int(wide["viewbox"].split()[2])
    assert [t.get_text() for t in narrow.select("text.label")] == [t.get_text() for t in wide.select("text.label")]
    legend_x = {float(r["x"]) for r in narrow.select("g.legend rect")}
    assert len(legend_x) == 1  # one entry to a row: nothing runs past the narrow chart's edge
    assert int(narrow["viewbox"].split()[3]) >= max(float(t["y"]) for t in narrow.select("g.legend text"))
    assert ".chart.wide{display:none}" in str(page.find("style"))
