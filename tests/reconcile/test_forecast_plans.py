"""Issue 22: the life insurers' plans settled on MoF's life-insurer series, the written
examples of each phrasing (real MoF figures) and of what is not a forecast, and the plans
listing (`flowcheck forecasts plans`, `/forecasts/plans`)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from extractor.audit import audit
from extractor.cli import app
from extractor.scrape.inputs import load_article
from tests.conftest import EXAMPLES

PLANS = EXAMPLES / "flowcheck-example-plans-2015-04-24-insurers-plans-fiscal-2015"
FRENCH = EXAMPLES / "flowcheck-example-forecasts-2023-05-10-may-prefer-french-bonds"
NOT_FORECASTS = EXAMPLES / "flowcheck-example-forecasts-2017-06-08-not-forecasts"
runner = CliRunner()


def _audited(nlp, path):
    from extractor.official.sources import Registry

    article = load_article(str(path.with_suffix(".json")))
    return article.text, audit(article, nlp, Registry())


@pytest.mark.parametrize("path", [PLANS, FRENCH])
def test_each_written_plan_gets_its_status(nlp, path):
    text, report = _audited(nlp, path)
    gold = json.loads(path.with_suffix(".gold.json").read_text("utf-8"))
    for g in gold["forecasts"]:
        at = text.index(g["quote"])
        hits = [c for c in report.claims if c.kind == "forecast" and c.char_start < at + len(g["quote"])
                and at < c.char_end]
        assert len(hits) == 1, g["quote"]
        f = hits[0]
        assert (f.verdict.value, f.market, f.instrument, f.direction, f.negated) == (
            g["expected_status"], g["market"], g["instrument"], g["direction"], g["negated"]), f.explanation
        assert f.deadline is not None and (g["deadline"] is None or f.deadline.isoformat() == g["deadline"])


def test_industry_plans_are_settled_on_the_life_insurer_series(nlp):
    _, report = _audited(nlp, PLANS)
    keep = next(c for c in report.claims if c.kind == "forecast" and "keep buying" in c.text)
    assert keep.data_source == "mof_by_investor" and keep.official.series == "mof_by_investor:life_insurers." \
                                                                           "long_term_debt.net"
    assert round(keep.official.value / 1e9, 1) == 5523.8  # April 2015 – March 2016, monthb
    yen = next(c for c in report.claims if c.kind == "forecast" and "yen bonds" in c.text)
    assert yen.status_reason == "no_series" and "JSDA" in yen.explanation and "Bank of Japan" in yen.explanation
    firm = next(c for c in report.claims if c.kind == "forecast" and c.text.startswith("The insurer"))
    assert firm.status_reason == "single_company"


def test_the_not_forecasts_example_has_none(nlp):
    _, report = _audited(nlp, NOT_FORECASTS)
    assert [c.text for c in report.claims if c.kind == "forecast"] == []


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("plans") / "plans.sqlite")
    for path in (PLANS, NOT_FORECASTS):
        result = runner.invoke(app, ["audit", str(path.with_suffix(".json")), "--save", "--db", db])
        assert result.exit_code == 0, result.output
    return db


def test_plans_command_shows_each_fiscal_period(store):
    result = runner.invoke(app, ["forecasts", "plans", "--db", store])
    assert result.exit_code == 0 and "Traceback" not in result.output
    text = " ".join(result.output.split())
    for period in ("fiscal 2015 (Apr 2015–Mar 2016)", "fiscal 2015 first half (Apr 2015–Sep 2015)",
                   "fiscal 2015 second half (Oct 2015–Mar 2016)"):
        assert period in text
    assert "showed: life insurers' foreign long-term debt: net purchases of 5,523.8 bn yen over 12 months" in text
    assert "said (The insurer): net purchases of 100.0 bn yen of foreign bonds — unresolvable" in text
    rows = json.loads(runner.invoke(app, ["forecasts", "plans", "--db", store, "-f", "json"]).stdout)
    assert {r["status"] for r in rows} == {"came_true", "did_not_come_true", "unresolvable"}
    assert all(r["article"] for r in rows)


def test_plans_command_rejects_a_bad_format(store):
    result = runner.invoke(app, ["forecasts", "plans", "--db", store, "-f", "xml"])
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_the_desk_plans_page_links_each_plan_and_charts_the_period(store):
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    with TestClient(create_app(store, audit_workers=1)) as client:
        page = client.get("/forecasts/plans")
    assert page.status_code == 200
    assert page.text.count('class="plans-period"') == 3
    assert "/articles/1#c1" in page.text and page.text.count("<svg") == 6  # two series a period
    assert "Life insurers&#39; foreign long-term debt, monthly net purchases, fiscal 2015" in page.text
