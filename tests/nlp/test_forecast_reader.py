"""Forecasts as analysts phrase them: what the reader takes from each sentence (the window,
the test, the investor type, the condition, the negation) and what it must not take for a
forecast (reports of the past, dates, central-bank plans)."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.components.forecast_windows import WindowReader
from extractor.nlp.patterns import load
from extractor.nlp.pipeline import analyse
from tests.nlp.conftest import PATTERNS


def forecasts(nlp, text, published):
    return analyse(nlp, text, published)._.fc_forecasts


def one(nlp, text, published=date(2014, 4, 24)):
    found = forecasts(nlp, text, published)
    assert len(found) == 1, [f.statement for f in found]
    return found[0]


def test_turn_with_a_deadline_and_the_forecaster(nlp):
    text = ("However, it may not be long before Japanese institutions turn into net buyers of foreign bonds, "
            "according to Uwe Parpart, managing director at Reorient Financial Markets, who sees this shift "
            "taking place by mid-May.")
    f = forecasts(nlp, text, date(2013, 4, 25))[0]
    assert (f.forecaster, f.affiliation, f.market, f.instrument, f.direction, f.rule) == (
        "Uwe Parpart", "Reorient Financial Markets", "outward", "long_term_debt", "net_purchase", "first_week")
    assert f.deadline.end == date(2013, 5, 15) and f.single_company is None


def test_more_this_fiscal_year_than_last_is_a_sum_forecast(nlp):
    text = "Japanese life insurers will buy more foreign bonds this fiscal year than last, analysts said."
    f = forecasts(nlp, text, date(2012, 4, 12))[0]
    assert f.rule == "sum" and f.more and f.test == "change"
    assert (f.window.start, f.window.end) == (date(2012, 4, 1), date(2013, 3, 31))
    assert f.investor_type == "life_insurers"


@pytest.mark.parametrize("text", [
    "Japanese investors were net buyers of foreign bonds last week, buying 100 billion yen.",
    "Foreigners were net buyers of Japanese stocks for an eighth week on hopes there would be progress in talks.",
    "Foreign funds sold Japanese stocks in the week to May 28, with net outflows of 300 billion yen.",
    "The Bank of Japan is set to purchase around 70 percent of government bonds issued each month.",
    "Purchases of overseas assets could weaken the yen, although the impact would be muted if investors "
    "hedged their bond buying.",
])
def test_reports_dates_and_central_bank_plans_are_not_forecasts(nlp, text):
    assert forecasts(nlp, text, date(2014, 6, 5)) == []


def test_fiscal_year_investor_type_and_more_than_the_year_before(nlp):
    f = one(nlp, "Three of four major life insurers may buy more foreign bonds in fiscal 2014 ending next March "
                 "than they did in the previous fiscal year, a survey showed.")
    assert (f.investor_type, f.test, f.rule, f.more) == ("life_insurers", "change", "sum", True)
    assert (f.window.start, f.window.end) == (date(2014, 4, 1), date(2015, 3, 31))


def test_a_month_and_a_change_of_pace(nlp):
    f = one(nlp, "Japanese buying of foreign bonds is likely to start picking up this month, said Kenji Mori, "
                 "a strategist at Example Securities.")
    assert (f.direction, f.test, f.more) == ("net_purchase", "change", True)
    assert (f.window.start, f.window.end) == (date(2014, 4, 1), date(2014, 4, 30))
    assert (f.forecaster, f.affiliation) == ("Kenji Mori", "Example Securities")


def test_no_deadline_says_so(nlp):
    f = one(nlp, "Market participants say Japanese investors will soon come back to foreign bonds.")
    assert f.deadline is None and f.vague == "soon" and f.forecaster == "Market participants"
    assert (f.market, f.instrument, f.direction, f.rule) == ("outward", "long_term_debt", "net_purchase",
                                                             "first_week")


def test_compared_year_is_not_the_window(nlp):
    f = one(nlp, "The pace of purchases of foreign stocks by Japanese investors will be slower than in 2016.",
            date(2017, 2, 9))
    assert (f.test, f.more, f.compare) == ("change", False, (date(2016, 1, 1), date(2016, 12, 31)))
    assert f.deadline is None and (f.market, f.instrument) == ("outward", "equity")


def test_first_annual_sales_ever_is_a_record(nlp):
    f = one(nlp, "Foreign investors are on track for their first net annual sales of Japanese stocks ever "
                 "this year.", date(2018, 11, 1))
    assert (f.test, f.direction, f.market) == ("record", "net_sale", "inward")
    assert (f.window.start, f.window.end) == (date(2018, 1, 1), date(2018, 12, 31))


def test_two_forecasts_in_one_sentence(nlp):
    found = forecasts(nlp, "Life insurers are expected to flag further selling of foreign bonds, but the extent "
                           "of the sales may continue to moderate.", date(2016, 4, 22))
    assert [(f.test, f.direction, f.investor_type) for f in found] == [
        ("sign", "net_sale", "life_insurers"), ("change", "net_sale", "life_insurers")]
    assert found[1].more is False


def test_a_dollar_range_over_the_next_year(nlp):
    f = one(nlp, "HSBC sees Japanese investors buying $100 billion to $150 billion of foreign bonds over the "
                 "next year.")
    assert (f.test, f.currency, f.amount_low, f.amount_high) == ("size", "USD", 100e9, 150e9)
    assert (f.window.start, f.window.end) == (date(2014, 4, 24), date(2015, 4, 24))
    assert (f.forecaster, f.single_company) == ("HSBC", None)  # who forecasts, not whose plan


def test_a_yen_range_for_a_year(nlp):
    f = one(nlp, "Daiwa expects foreigners to buy 8-9 trillion yen of Japanese stocks in 2014.", date(2014, 1, 14))
    assert (f.test, f.currency, f.amount_low, f.amount_high) == ("size", "JPY", 8e12, 9e12)
    assert (f.market, f.instrument, f.window.end) == ("inward", "equity", date(2014, 12, 31))


def test_a_condition_is_recorded(nlp):
    f = one(nlp, "If the BOJ raises the cap, such a step would prompt further selling of foreign bonds.",
            date(2023, 3, 3))
    assert f.condition == "the BOJ raises the cap" and f.direction == "net_sale" and f.market == "outward"


def test_negation_and_a_fiscal_half(nlp):
    f = one(nlp, "Many insurers do not plan to boost foreign bond holdings in the second half of the financial "
                 "year to March.", date(2011, 10, 27))
    assert f.negated and f.direction == "net_purchase"
    assert (f.window.start, f.window.end) == (date(2011, 10, 1), date(2012, 3, 31))


def test_one_firms_plan_is_marked(nlp):
    f = one(nlp, "Dai-ichi Life Insurance will raise its foreign bond investment this fiscal year, the company said.")
    assert f.single_company == "Dai-ichi Life Insurance"


def test_a_reversal_of_the_storys_flow(nlp):
    text = ("Japanese investors bought a net 327 billion yen of Italian government bonds in June. "
            "We expect that some of the positive flows we have noticed in June should be reversed in coming months.")
    f = forecasts(nlp, text, date(2019, 8, 20))[-1]
    assert (f.direction, f.market, f.country, f.vague, f.deadline) == (
        "net_sale", "outward", "Italy", "in coming months", None)


@pytest.mark.parametrize(("words", "published", "start", "end"), [
    ("in fiscal 2014", date(2014, 4, 24), date(2014, 4, 1), date(2015, 3, 31)),
    ("in the year through March 2017", None, date(2016, 4, 1), date(2017, 3, 31)),
    ("the end of the Japanese financial year", date(2013, 3, 22), date(2013, 3, 22), date(2013, 3, 31)),
    ("in the first half", date(2016, 5, 10), date(2016, 4, 1), date(2016, 9, 30)),
    ("over the next year", date(2013, 3, 22), date(2013, 3, 22), date(2014, 3, 22)),
    ("for the next five to 10 years", date(2024, 10, 2), date(2024, 10, 2), date(2034, 10, 2)),
    ("next year", date(2019, 11, 5), date(2020, 1, 1), date(2020, 12, 31)),
    ("in 2025", None, date(2025, 1, 1), date(2025, 12, 31)),
    ("this month", date(2014, 4, 24), date(2014, 4, 1), date(2014, 4, 30)),
    ("in September", date(2025, 9, 26), date(2025, 9, 1), date(2025, 9, 30)),
])
def test_window_words(words, published, start, end):
    reader = WindowReader(PATTERNS, load(PATTERNS, "forecasts.json"))
    found = [w for w in reader.find(f"Flows will go on {words}.", published) if w.end]
    assert (found[0].start, found[0].end) == (start, end)


@pytest.mark.parametrize("words", ["soon", "in coming months", "in the near term", "noticed in June"])
def test_vague_or_past_words_give_no_window(words):
    reader = WindowReader(PATTERNS, load(PATTERNS, "forecasts.json"))
    assert [w for w in reader.find(f"Flows will go on, {words}.", date(2019, 8, 20)) if w.end] == []


def test_keep_selling_through_a_month_is_every_week(nlp):
    f = one(nlp, "Analysts expect Japanese investors to keep selling foreign bonds through June.", date(2024, 5, 9))
    assert (f.rule, f.direction, f.forecaster) == ("every_week", "net_sale", "Analysts")
    assert (f.window.start, f.window.end) == (date(2024, 5, 9), date(2024, 6, 30))


def test_next_year_against_this_year_and_a_firm_that_said_it(nlp):
    f = one(nlp, "Foreigners will probably buy more Japanese stocks next year than this year, Goldman Sachs said.",
            date(2024, 5, 9))
    assert (f.test, f.more, f.compare) == ("change", True, (date(2024, 1, 1), date(2024, 12, 31)))
    assert (f.window.start, f.window.end, f.forecaster) == (date(2025, 1, 1), date(2025, 12, 31), "Goldman Sachs")


def test_an_observable_condition_is_read_as_a_series_and_level(nlp):
    f = one(nlp, "If the yen weakens past 150 per dollar, Japanese investors will sell more foreign bonds.",
            date(2024, 3, 1))
    assert f.condition == "the yen weakens past 150 per dollar" and f.condition_test == ("DEXJPUS", ">=", 150.0)
    g = one(nlp, "If the BOJ raises the cap, such a step would prompt further selling of foreign bonds.",
            date(2023, 3, 3))
    assert g.condition_test is None


def test_biggest_since_a_year_compares_only_the_years_after(nlp):
    f = one(nlp, "Overseas investors are set to post their biggest annual purchase of Japanese shares since 2013 "
                 "this year.", date(2017, 11, 2))
    assert (f.test, f.record_since, f.window.end) == ("record", date(2014, 1, 1), date(2017, 12, 31))


def test_two_flows_in_one_forecast_are_two_forecasts(nlp):
    text = ("Low yields at home will push life insurers into foreign bond buying and equities this fiscal year, "
            "a strategist said.")
    found = forecasts(nlp, text, date(2015, 4, 24))
    assert sorted((f.instrument, f.market) for f in found) == [("equity", "outward"), ("long_term_debt", "outward")]
    assert {(f.direction, f.deadline.end, f.investor_type) for f in found} == {
        ("net_purchase", date(2016, 3, 31), "life_insurers")}


# -- issue 22: the plan genre and soft expectations, and what is not a forecast --------------
TOPIC = "Japanese investors have been buying foreign bonds this year. "


@pytest.mark.parametrize(("published", "text", "expected"), [
    # (market, instrument, direction, investor_type, deadline, negated)
    ("2015-04-24", "Japanese life insurers are looking to keep buying foreign bonds in the financial year to March 2016.",
     ("outward", "long_term_debt", "net_purchase", "life_insurers", date(2016, 3, 31), False)),
    ("2015-04-24", "Low domestic yields are prompting insurers to venture further into foreign credit this fiscal half.",
     ("outward", "long_term_debt", "net_purchase", "life_insurers", date(2015, 9, 30), False)),
    ("2015-10-23", "Low domestic yields are prompting insurers to venture further into foreign credit this fiscal half.",
     ("outward", "long_term_debt", "net_purchase", "life_insurers", date(2016, 3, 31), False)),
    ("2015-04-24", "All nine insurers plan to cut yen bonds in the first half of the fiscal year.",
     ("domestic", "long_term_debt", "net_sale", "life_insurers", date(2015, 9, 30), False)),
    ("2015-04-24", "The big four insurers expect to shift from hedged foreign bonds to foreign equities in the second half.",
     ("outward", "long_term_debt", "net_sale", "life_insurers", date(2016, 3, 31), False)),
    ("2014-10-16", "Insurers plan to increase foreign bond holdings in the six months to March by around 10 billion yen.",
     ("outward", "long_term_debt", "net_purchase", "life_insurers", date(2015, 3, 31), False)),
    ("2015-04-24", TOPIC + "Buying is likely to start picking up this month, strategists said.",
     ("outward", "long_term_debt", "net_purchase", None, date(2015, 4, 30), False)),
    ("2015-04-24", TOPIC + "They have been net buyers for six months, a trend that will likely endure.",
     ("outward", "long_term_debt", "net_purchase", None, None, False)),
    ("2015-04-24", "Japanese demand for foreign bonds is unlikely to return soon, one strategist said.",
     ("outward", "long_term_debt", "net_purchase", None, None, True)),
    ("2023-05-10", "Japanese investors may prefer French bonds as election risk fades, analysts said.",
     ("outward", "long_term_debt", "net_purchase", None, None, False)),
    ("2017-06-08", "Life insurers are set to buy more foreign bonds this fiscal year.",
     ("outward", "long_term_debt", "net_purchase", "life_insurers", date(2018, 3, 31), False)),
    ("2017-06-08", "Japanese investors are poised to sell foreign bonds next month.",
     ("outward", "long_term_debt", "net_sale", None, date(2017, 7, 31), False)),
])
def test_each_plan_and_soft_phrasing(nlp, published, text, expected):
    f = forecasts(nlp, text, date.fromisoformat(published))[-1]
    assert (f.market, f.instrument, f.direction, f.investor_type, f.deadline.end if f.deadline else None,
            f.negated) == expected


def test_keep_buying_over_a_fiscal_period_is_the_periods_total(nlp):
    f = one(nlp, "Japanese life insurers are looking to keep buying foreign bonds in the financial year to March 2016.",
            date(2015, 4, 24))
    assert (f.test, f.rule) == ("sign", "total")


def test_a_preference_names_the_country(nlp):
    f = one(nlp, "Japanese investors may prefer French bonds as election risk fades, analysts said.", date(2023, 5, 10))
    assert f.country == "France"


def test_one_unnamed_insurer_is_still_one_company(nlp):
    f = one(nlp, "The insurer plans to increase unhedged foreign bonds by about 100 billion yen in the year.")
    assert f.single_company == "The insurer" and f.test == "size"


def test_a_surveys_fiscal_period_carries_to_its_later_plans(nlp):
    text = ("Japan's major life insurers plan to buy foreign bonds in the second half of the fiscal year through March "
            "2026, a survey showed. Meanwhile, many insurers also plan to trim foreign equity positions.")
    found = forecasts(nlp, text, date(2025, 10, 29))
    assert [(f.instrument, f.direction, f.deadline.end) for f in found] == [
        ("long_term_debt", "net_purchase", date(2026, 3, 31)), ("equity", "net_sale", date(2026, 3, 31))]


@pytest.mark.parametrize("text", [
    "There is a particular focus on whether they will repatriate funds before the summer.",  # a question
    "Should investors decide to repatriate even a fraction of their holdings, the impact on global markets "
    "would be large.",  # a condition whose consequence is the markets' reaction
    "Japanese holdings of Treasuries should remain the world's second largest after China's.",  # holdings
    "Japanese investors probably had small positions, so it could have been easier for them to add back bonds.",
])
def test_what_is_not_a_forecast(nlp, text):
    assert forecasts(nlp, "Japanese investors have been selling foreign bonds this spring. " + text,
                     date(2017, 6, 8)) == []


def test_we_of_an_insurers_manager_is_the_insurers_own_plan(nlp):
    own = forecasts(nlp, TOPIC + "\"Yields at home will stay low, so we will continue to invest in foreign bonds,\" "
                             "said Masa Tanaka, head of planning at Example Life.", date(2019, 4, 23))[-1]
    assert own.single_company == own.affiliation == "Example Life"
    theirs = forecasts(nlp, "\"We expect Japanese investors to keep buying foreign bonds this year,\" said Masa Tanaka, "
                            "a strategist at Example Securities.", date(2019, 4, 23))[-1]
    assert theirs.single_company is None and theirs.market == "outward"


def test_the_window_the_plan_verb_governs_wins_over_an_earlier_date(nlp):
    f = one(nlp, "Interviews this month showed all nine insurers plan to increase their foreign bond holdings in the "
                 "year through March 2017.", date(2016, 4, 27))
    assert f.deadline.end == date(2017, 3, 31)


def test_more_than_before_a_figure_is_no_comparison(nlp):
    f = one(nlp, "Life insurers, which manage more than 180 trillion yen of assets, look to keep buying foreign bonds "
                 "this financial year.", date(2015, 5, 28))
    assert (f.test, f.deadline.end) == ("sign", date(2016, 3, 31))


def test_domestic_government_bonds_are_a_yen_bond_plan(nlp):
    f = one(nlp, "Seven of the 10 insurers plan to increase their investments in domestic government bonds in the "
                 "second half of the fiscal year.", date(2023, 10, 27))
    assert (f.market, f.deadline.end) == ("domestic", date(2024, 3, 31))


@pytest.mark.parametrize(("text", "deadline"), [
    ("A fund manager said Japanese buying of foreign bonds was likely to start picking up this month.",
     date(2017, 5, 31)),
    ("Japanese investors are set this month to buy the most foreign bonds in years.", date(2017, 5, 31)),
])
def test_reported_and_split_soft_cues(nlp, text, deadline):
    f = one(nlp, text, date(2017, 5, 11))
    assert (f.market, f.direction, f.deadline.end) == ("outward", "net_purchase", deadline)


@pytest.mark.parametrize("text", [
    "The big question is how much of that buying will be made without currency hedges.",
    "Some countries could be badly affected by a mass repatriation of Japanese money.",
])
def test_questions_and_impacts_of_a_flow_are_not_forecasts(nlp, text):
    assert forecasts(nlp, "Japanese investors have been buying foreign bonds this year. " + text,
                     date(2015, 10, 23)) == []
