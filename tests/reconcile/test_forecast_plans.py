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


class _Loaded:
    def __init__(self, frame):
        self.frame = frame


class _ByInvestor:
    """MoF's by-investor table as a newer release would bring it (a stand-in for `data update`)."""

    def __init__(self, frame):
        self.frame = frame

    def load(self):
        return _Loaded(self.frame)

    def vintage(self):
        return type("V", (), {"label": "next-release"})()


def test_a_plan_for_a_period_not_yet_published_is_pending_then_settled(tmp_path):
    import pandas as pd

    from extractor.official.sources import Registry
    from extractor.store.repository import Store
    from extractor.store.service import check_forecasts

    story = tmp_path / "plans-2026.json"
    story.write_text(json.dumps({
        "title": "Insurers stick with foreign bonds", "published": "2026-10-28",
        "text": "Japanese life insurers plan to keep buying foreign bonds in the second half of the fiscal year "
                "through March 2027, a survey showed."}), "utf-8")
    db = str(tmp_path / "store.sqlite")
    assert runner.invoke(app, ["audit", str(story), "--save", "--db", db]).exit_code == 0
    store = Store.open(db)
    (row,) = store.forecasts()
    assert (row["status"], str(row["deadline"])) == ("pending", "2027-03-31")
    assert "data not complete" in _plans_page(db)

    registry = Registry()
    months = pd.date_range("2026-10-01", periods=6, freq="MS")
    registry.mof_by_investor = _ByInvestor(pd.DataFrame({
        "period_start": [m.date() for m in months], "period_end": [(m + pd.offsets.MonthEnd(0)).date() for m in months],
        "investor_type": "life_insurers", "instrument": "long_term_debt", "acquisition": 0.0, "disposition": 0.0,
        "net": [1500.0, -200.0, 300.0, 400.0, 100.0, 900.0]}))
    (change,) = check_forecasts(store, registry)
    assert (change.before, change.after) == ("pending", "came_true")
    assert "+300.0 billion yen over 6 months" in change.explanation


def _plans_page(db: str) -> str:
    from fastapi.testclient import TestClient

    from extractor.api import create_app

    with TestClient(create_app(db, audit_workers=1)) as client:
        return client.get("/forecasts/plans").text
