from __future__ import annotations

from datetime import date

from extractor.nlp.pipeline import analyse


def forecasts(nlp, text, published):
    return analyse(nlp, text, published)._.fc_forecasts


def test_turn_with_a_deadline_and_the_forecaster(nlp):
    text = ("However, it may not be long before Japanese institutions turn into net buyers of foreign bonds, "
            "according to Uwe Parpart, managing director at Reorient Financial Markets, who sees this shift "
            "taking place by mid-May.")
    f = forecasts(nlp, text, date(2013, 4, 25))[0]
    assert (f.forecaster, f.affiliation, f.market, f.instrument, f.direction, f.rule) == (
        "Uwe Parpart", "Reorient Financial Markets", "outward", "long_term_debt", "net_purchase", "first_week")
    assert f.deadline.end == date(2013, 5, 15)


def test_more_this_fiscal_year_than_last_is_a_sum_forecast(nlp):
    text = "Japanese life insurers will buy more foreign bonds this fiscal year than last, analysts said."
    f = forecasts(nlp, text, date(2012, 4, 12))[0]
    assert f.rule == "sum" and f.more
    assert (f.window.start, f.window.end) == (date(2012, 4, 1), date(2013, 3, 31))


def test_a_reporters_past_tense_account_is_not_a_forecast(nlp):
    text = "Japanese investors were net buyers of foreign bonds last week, buying 100 billion yen."
    assert forecasts(nlp, text, date(2013, 4, 25)) == []
