"""The seed story's claims, checked as the audit issue requires, from the current MoF and
FRED files. Nothing here is special-cased in the code: the same tests on the example story in
corpus/examples and the dev set (test_eval) check that it generalises."""

from __future__ import annotations

from datetime import date

import pytest


def claim(report, kind, mention_part):
    found = [c for c in report.claims if c.kind == kind and mention_part in c.mention]
    assert found, f"no {kind} claim mentioning {mention_part!r}"
    return found[0]


def test_main_flow_is_close_with_a_revision_note(seed_report):
    c = claim(seed_report, "flow", "862.6")
    assert (c.market, c.instrument, c.direction) == ("outward", "long_term_debt", "net_sale")
    assert (c.period_start, c.period_end) == (date(2013, 4, 14), date(2013, 4, 20))
    assert c.amount_jpy == pytest.approx(862.6e9)
    assert c.verdict.value == "close"
    assert c.official.value == pytest.approx(-860.8e9) and c.official.vintage == "2026-09-17"
    assert "revis" in c.explanation


def test_previous_week_and_the_ratio(seed_report):
    prev = claim(seed_report, "flow", "331.9")
    assert prev.period_end == date(2013, 4, 13) and prev.verdict.value == "close"
    assert prev.official.value == pytest.approx(-332.8e9)
    ratio = claim(seed_report, "comparison", "more than double")
    assert ratio.verdict.value == "accurate" and ratio.official.value == pytest.approx(2.59, abs=0.01)


def test_sixth_straight_week(seed_report):
    streak = claim(seed_report, "streak", "sixth straight week")
    assert streak.count == 6 and streak.verdict.value == "accurate"
    assert streak.official.period_start == date(2013, 3, 10)  # weeks ending 16 Mar … 20 Apr


def test_dollar_conversion(seed_report):
    conv = claim(seed_report, "conversion", "$8.7 billion")
    assert conv.verdict.value == "accurate" and conv.official.value == pytest.approx(99.42)


def test_market_moves(seed_report):
    yields = claim(seed_report, "market_move", "1.7 percent")
    assert yields.series == "DGS10" and yields.verdict.value == "accurate"
    assert yields.official.values["from_high"] == pytest.approx(2.07)
    yen = claim(seed_report, "market_move", "depreciated over 7 percent")
    assert yen.series == "DEXJPUS" and yen.verdict.value == "inaccurate"
    assert yen.official.values["start"] == pytest.approx(93.38) and yen.official.values["end"] == pytest.approx(99.42)
    assert yen.official.values["dollar_change_pct"] == pytest.approx(6.47, abs=0.01)


def test_parpart_forecast_came_true(seed_report):
    f = claim(seed_report, "forecast", "net buyers")
    assert (f.forecaster, f.affiliation) == ("Uwe Parpart", "Reorient Financial Markets")
    assert f.deadline == date(2013, 5, 15) and f.verdict.value == "came_true"
    assert (f.evidence_period_start, f.evidence_period_end) == (date(2013, 4, 21), date(2013, 4, 27))
    assert f.official.value == pytest.approx(204.4e9)


def test_sources_and_statistics(seed_report):
    names = [s.name for s in seed_report.sources]
    for expected in ("Ministry of Finance", "Evan Lucas", "Uwe Parpart", "Deutsche Bank"):
        assert expected in names
    stats = {c.mention: c for c in seed_report.claims if c.kind == "statistic"}
    assert set(stats) == {"$1.4 trillion", "around 70 percent", "three quarters"}
    assert all(c.verdict.value == "unverifiable" and c.explanation for c in stats.values())
    assert stats["three quarters"].sources[0].name == "Deutsche Bank"


def test_every_claim_has_text_offsets_and_a_verdict(seed_report):
    body = seed_report  # offsets point into the article body
    from tests.conftest import SEED_TXT

    text = SEED_TXT.read_text("utf-8").split("\n", 1)[1].strip("\n")
    for c in body.claims:
        assert text[c.char_start : c.char_end] == c.text
        assert text[c.mention_start : c.mention_end] == c.mention
        assert c.verdict is not None and c.explanation
