"""The scope of each flow figure — its span, direction, securities — and how each was read.

One case per pattern of issue 9, on sentences written for these tests.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.text import fold_width
from tests.nlp.conftest import blank, run

PUBLISHED = date(2013, 12, 12)
LEAD = "Japanese investors bought a net 1.02 trillion yen of foreign bonds in the week ended Dec. 7. "


@pytest.fixture(scope="module")
def nlp():
    return blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows", "flowcheck_qualifiers",
                 "flowcheck_tables")


def flows(nlp, text, published=PUBLISHED):
    doc = run(nlp, text, published)
    return doc, doc._.fc_flows


def test_a_cumulative_figure_carries_the_span_it_states(nlp):
    _, found = flows(nlp, LEAD + "They have amassed 5.7 trillion yen in foreign debt over the nine weeks.")
    span = found[1]
    assert (span.period.granularity, span.period.start, span.period.end) == (
        "multi_week", date(2013, 10, 6), date(2013, 12, 7))


def test_a_streak_span_that_began_on_a_date(nlp):
    text = ("Foreign investors sold a net 450.4 billion yen of Japanese stocks in the week through March 29. "
            "In the nine straight weeks of net selling that began on January 26, foreigners have withdrawn "
            "6.47 trillion yen.")
    _, found = flows(nlp, text, date(2025, 4, 3))
    assert (found[1].period.start, found[1].period.end, found[1].period.granularity) == (
        date(2025, 1, 26), date(2025, 3, 29), "multi_week")


@pytest.mark.parametrize(("phrase", "granularity", "start", "end"), [
    ("in the three months to June", "quarter", date(2013, 4, 1), date(2013, 6, 30)),
    ("in the first eight months of the year", "ytd", date(2013, 1, 1), date(2013, 8, 31)),
    ("in the first half of 2013", "half_year", date(2013, 1, 1), date(2013, 6, 30)),
    ("last month", "month", date(2013, 11, 1), date(2013, 11, 30)),
    ("last year", "year", date(2012, 1, 1), date(2012, 12, 31)),
])
def test_month_quarter_half_and_year_spans(nlp, phrase, granularity, start, end):
    _, found = flows(nlp, f"Japanese investors sold a net 5.2 trillion yen of foreign bonds {phrase}.")
    assert (found[0].period.granularity, found[0].period.start, found[0].period.end) == (granularity, start, end)


def test_a_record_window_is_not_the_figures_span(nlp):
    _, found = flows(nlp, LEAD + "They bought foreign stocks of a net 408.5 billion yen, the most in the last "
                                 "three weeks.")
    assert found[1].period.granularity == "week" and found[1].period.end == date(2013, 12, 7)


def test_a_reference_week_inside_the_sentence_is_not_the_figures_week(nlp):
    text = ("Foreign investors net sold Japanese shares worth 1.58 trillion yen in the week to Nov. 30, the "
            "largest outflow since the week ended Sept. 29, 2012.")
    _, found = flows(nlp, text)
    assert found[0].period.end == date(2013, 11, 30)


def test_a_week_named_before_the_figures_sets_their_week(nlp):
    text = ("Japanese stocks saw heavy foreign outflows in the week to Nov. 30 as the yen rose. "
            "Foreign investors sold 1.58 trillion yen of Japanese shares.")
    _, found = flows(nlp, text)
    assert found[0].period.end == date(2013, 11, 30)
    assert found[0].readings["period"] == ("carried", "week to Nov. 30")


@pytest.mark.parametrize(("text", "direction"), [
    (LEAD + "They added a net 395 billion yen of foreign stocks, ending a two-week selling spree.", "net_purchase"),
    (LEAD + "They increased their net holdings of foreign stocks by 395 billion yen, reversing the previous "
            "week's net sales.", "net_purchase"),
    (LEAD + "They sold foreign stocks of a net 395 billion yen, but they made net purchases of bills.", "net_sale"),
])
def test_direction_comes_from_the_figures_own_clause(nlp, text, direction):
    _, found = flows(nlp, text)
    assert found[1].direction == direction and found[1].readings["direction"][0] == "stated"


@pytest.mark.parametrize(("words", "instrument"), [
    ("in derivative markets", "other"),
    ("in cash markets", "equity"),
    ("in overseas assets", "total"),
])
def test_instrument_of_the_market_named(nlp, words, instrument):
    _, found = flows(nlp, f"Overseas investors sold a net 67.67 billion yen {words} last week.")
    assert found[0].instrument == instrument


def test_exchange_cash_and_derivative_figures_are_not_mof_data(nlp):
    _, found = flows(nlp, "Cross-border investors bought a net 67.67 billion yen in derivative markets last week.")
    assert found[0].data_source == "exchange"


TABLE = ("Details of net investments were as follows (in billion yen).\n\n"
         "FOREIGN INVESTMENT IN JAPAN: (net)\n\nstocks bonds bills\n\n"
         "Nov 24-Nov 30 -49.9 +297.3 +406.0\nNov 17-Nov 23 -104.4r +229.7r +870.0\n\n"
         "JAPANESE INVESTMENT ABROAD: (a minus sign indicates net selling)\n\nstocks bonds bills\n"
         "Nov 24-Nov 30 -76.6 -232.0 +6.0\nNov 17-Nov 23 -190.4 -1,636.6r +21.7\n\nNote: r = revised")


def _cells(doc):
    return [(round(f.amount.value / 1e9, 1), f.market, f.instrument, f.direction, f.period.end)
            for f in doc._.fc_flows]


def test_a_flattened_table_gives_the_claims_of_the_multiline_one(nlp):
    flattened = TABLE.replace("\n\nstocks", " stocks").replace("\nNov", " Nov").replace("+6.0", "\n\n+6.0")
    tidy = _cells(run(nlp, TABLE, PUBLISHED))
    assert len(tidy) == 12 and tidy[0] == (-49.9, "inward", "equity", "net_sale", date(2013, 11, 30))
    assert _cells(run(nlp, flattened, PUBLISHED)) == tidy


def test_every_field_says_how_it_was_read(nlp):
    text = ("Japanese investors bought 1.02 trillion yen of foreign bonds in the week ended Dec. 7. "
            "They also bought 310 billion yen of foreign stocks.")
    _, found = flows(nlp, text)
    assert found[0].readings["period"] == ("stated", "week ended Dec. 7")
    assert found[1].readings["period"] == ("carried", "week ended Dec. 7")
    assert found[1].readings["actor"][0] == "carried" and found[1].readings["instrument"] == ("stated", "stocks")
    _, alone = flows(nlp, "They also bought 310 billion yen of foreign stocks.")
    assert alone[0].readings["period"][0] == "defaulted"


def test_an_unread_span_word_leaves_a_carried_period_open(nlp):
    _, found = flows(nlp, LEAD + "Their cumulative purchases of foreign bonds reached 7.7 trillion yen.")
    assert found[1].readings["period"][0] == "defaulted" and "cumulative" in found[1].readings["period"][1]


def test_full_width_digits_read_as_ascii_in_place():
    text = "Japanese investors sold a net ８６２．６ billion yen of foreign bonds."
    folded = fold_width(text)
    assert len(folded) == len(text) and "862.6 billion" in folded
    assert folded.index("862.6") == text.index("８６２．６")


def test_full_width_figures_through_the_pipeline(nlp):
    from extractor.nlp.pipeline import analyse

    text = "Japanese investors sold a net ８６２．６ billion yen of foreign bonds in the week ended April 20."
    doc = analyse(nlp, text, date(2013, 4, 25))
    amount = doc._.fc_flows[0].amount
    assert amount.value == pytest.approx(-862.6e9) or amount.value == pytest.approx(862.6e9)
    assert text[amount.start_char : amount.end_char].startswith("８６２．６")


@pytest.mark.parametrize(("sentence", "country", "instrument"), [
    ("Japanese investors bought a net 881.5 billion yen of German sovereign debt in September.", "Germany",
     "sovereign_debt"),
    ("They offloaded 9.2 trillion yen of U.S. Treasuries in June.", "United States", "sovereign_debt"),
    ("Japanese investors sold a net 445.5 billion yen of US bonds in March.", "United States", "long_term_debt"),
    ("Japanese investors sold a net 445.5 billion yen of foreign bonds in March.", None, "long_term_debt"),
    ("Foreigners bought a net 1.2 trillion yen of Japanese government bonds last week.", None, "long_term_debt"),
])
def test_one_countrys_securities(nlp, sentence, country, instrument):
    _, found = flows(nlp, sentence)
    assert (found[0].country, found[0].instrument) == (country, instrument)
    assert (found[0].data_source == "bop") == (country is not None)


def test_a_dollar_sign_is_not_a_country(nlp):
    _, found = flows(nlp, "They sold a net 332.6 billion yen (US$2.43 billion) worth of overseas bonds last week.")
    assert found[0].country is None


def test_one_kind_of_investor_and_its_data(nlp):
    _, found = flows(nlp, "Japanese life insurers bought a net 182.8 billion yen of foreign bonds in June.")
    assert (found[0].investor_type, found[0].data_source) == ("life_insurers", "mof_by_investor")
    _, domestic = flows(nlp, "Trust banks sold a net 3.97 trillion yen of Japanese shares last year.")
    # Japanese investors trading Japanese shares: a domestic flow, read as such (and never checked
    # against MoF's cross-border series)
    assert [(f.market, f.investor_type) for f in domestic] == [("domestic", "trust_banks")]


def test_a_month_a_figure_states_carries_to_the_next_figure(nlp):
    text = ("Japanese investors sold a net 3.93 trillion yen of foreign bonds last month. "
            "They also pulled a net 574.8 billion yen from short-term debt instruments.")
    _, found = flows(nlp, text)
    assert found[1].period.granularity == "month" and found[1].period.end == date(2013, 11, 30)
    assert found[1].data_source == "mof_monthly"


def test_a_month_mentioned_in_a_weekly_story_does_not_take_over(nlp):
    text = (LEAD + "Foreigners have sold Japanese stocks in September every year, the biggest 5.48 trillion yen in "
            "2012. They bought 53.3 billion yen of Japanese bonds.")
    _, found = flows(nlp, text)
    assert found[-1].period.end == date(2013, 12, 7)


def test_gross_figures_and_a_plain_figure_beside_them(nlp):
    _, found = flows(nlp, LEAD + "Their gross buying of foreign bonds was 9.49 trillion yen while their selling was "
                                 "8.60 trillion yen, leaving net purchases of 0.89 trillion yen.")
    assert [f.direction for f in found[1:]] == ["gross_purchase", "gross_sale", "net_purchase"]


def test_a_forecast_figure_is_not_a_stated_flow(nlp):
    _, found = flows(nlp, "Foreigners will keep buying, at about 9 trillion yen of Japanese stocks for the year.")
    assert found == []


def test_a_hard_wrapped_sentence_stays_one_sentence():
    from extractor.nlp.pipeline import analyse, get_pipeline

    text = ("Domestic investors offloaded a net 3.93 trillion yen\n($24.42 billion) worth of foreign bonds last "
            "month, their\nlargest monthly net selling since June 2022.\nThey sold about 3.35 trillion yen.")
    doc = analyse(get_pipeline(), text, date(2024, 7, 8))
    flow = doc._.fc_flows[0]
    assert flow.period.granularity == "month" and flow.instrument == "long_term_debt"
    assert len(list(doc.sents)) == 2


@pytest.mark.parametrize(("text", "other_end"), [
    ("Foreign investors bought a net 1.35 trillion yen of Japanese stocks in the week ended March 16, surpassing "
     "the previous record of 1.12 trillion yen in the week of March 3 to 9.", date(2013, 3, 9)),
    ("Foreign investors bought a net 1.35 trillion yen of Japanese stocks in the week ended March 16, accelerating "
     "from net purchases of 425.8 billion yen the week before.", date(2013, 3, 9)),
    ("Japanese investors bought a net 2.2 trillion yen of foreign bonds in July, surpassing the 2.187 trillion yen "
     "record in August 2010.", date(2010, 8, 31)),
])
def test_a_figure_about_another_period_in_the_sentence_keeps_its_own(nlp, text, other_end):
    _, found = flows(nlp, text, date(2013, 3, 21))
    assert found[1].period.end == other_end and found[1].readings["period"][0] == "stated"
    assert found[0].period.end != other_end


@pytest.mark.parametrize(("cues", "source"), [
    (dict(exchange=True, bop=False, mof=True, country=None, investor_type=None, granularity="week"), "exchange"),
    (dict(exchange=False, bop=False, mof=False, country="France", investor_type=None, granularity="month"), "bop"),
    (dict(exchange=False, bop=True, mof=False, country=None, investor_type=None, granularity="month"), "bop"),
    (dict(exchange=False, bop=False, mof=True, country=None, investor_type="banks", granularity="month"),
     "mof_by_investor"),
    (dict(exchange=False, bop=False, mof=True, country=None, investor_type=None, granularity="month"), "mof_monthly"),
    (dict(exchange=False, bop=False, mof=False, country=None, investor_type=None, granularity="week"), "mof_weekly"),
    (dict(exchange=False, bop=False, mof=False, country=None, investor_type=None, granularity=None), "unspecified"),
])
def test_data_source_from_the_cues(cues, source):
    from extractor.nlp.scope import data_source

    assert data_source(**cues) == source


def test_a_month_earlier_counts_from_the_month_described(nlp):
    text = ("Japanese investors bought a net 465.4 billion yen of foreign bonds in August, on top of 1.72 trillion "
            "yen a month earlier.")
    _, found = flows(nlp, text, date(2020, 9, 9))
    assert (found[1].period.start, found[1].period.end) == (date(2020, 7, 1), date(2020, 7, 31))


def test_a_possessive_month_is_the_figures_month(nlp):
    _, found = flows(nlp, "That compares with February's net purchases of 988.3 billion yen of foreign bonds.",
                     date(2019, 5, 9))
    assert (found[0].period.granularity, found[0].period.end) == ("month", date(2019, 2, 28))


def test_assets_under_management_are_not_a_flow(nlp):
    _, found = flows(nlp, "Japan's top nine life insurers manage some 110 trillion yen in assets and their "
                          "investment decisions move markets.")
    assert found == []


def test_a_half_ended_in_a_month(nlp):
    _, found = flows(nlp, "Fukoku bought foreign bonds worth 210 billion yen in the first half ended September.",
                     date(2016, 10, 13))
    assert (found[0].period.granularity, found[0].period.start, found[0].period.end) == (
        "half_year", date(2016, 4, 1), date(2016, 9, 30))


def test_the_month_of_may_is_not_a_forecast(nlp):
    _, found = flows(nlp, "In May, Japanese investors had acquired about 3.2 trillion yen worth of U.S. bonds.",
                     date(2024, 7, 8))
    assert found[0].period.end == date(2024, 5, 31) and found[0].country == "United States"


def test_a_long_wrapped_line_continues_into_a_capitalised_word():
    from extractor.nlp.pipeline import analyse, get_pipeline

    text = ("In May, Japanese investors had acquired about 3.2 trillion yen of U.S. bonds. They, however, sold "
            "British and\nEuropean bonds of 48 billion yen.\nHeadline words\nNext paragraph starts here.")
    doc = analyse(get_pipeline(), text, date(2024, 7, 8))
    sentences = [s.text.strip() for s in doc.sents]
    assert any(s.startswith("They, however, sold British and\nEuropean") for s in sentences)
    assert "Headline words" in sentences  # a short line is not a wrapped one
