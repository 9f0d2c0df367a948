"""Readings of monthly, by-country and by-investor figures: who the investors were, which
country's securities, and which month — on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from tests.nlp.conftest import run


def flows(nlp, text: str, published: date = date(2021, 9, 9)):
    return run(nlp, text, published)._.fc_flows


def test_a_country_adjective_before_bare_debt_makes_the_figure_that_countrys(flow_nlp):
    (f,) = flows(flow_nlp, "Japanese investors bought a net 412.3 billion yen of Spanish debt in July.")
    assert (f.country, f.market, f.instrument) == ("Spain", "outward", "long_term_debt")
    assert f.readings["country"][0] == "stated"
    assert (f.period.start, f.period.end) == (date(2021, 7, 1), date(2021, 7, 31))


def test_the_nations_bonds_are_the_country_the_article_is_about(flow_nlp):
    text = ("Japanese investors bought a net 210.4 billion yen of Canadian bonds in July. "
            "They had sold 33.3 billion yen of the nation's government debt in June.")
    first, second = flows(flow_nlp, text)
    assert second.country == "Canada" and second.instrument == "sovereign_debt"
    assert second.period.end == date(2021, 6, 30)


def test_a_country_named_but_not_placed_leaves_the_country_open(flow_nlp):
    (f,) = flows(flow_nlp, "China sold a net 77.7 billion yen of Japanese bills in July, the data showed.")
    assert f.country is None
    assert f.readings["country"][0] == "defaulted" and "China" in f.readings["country"][1]


def test_an_investor_kind_earlier_in_the_sentence_carries_to_the_second_figure(flow_nlp):
    text = ("Life insurers bought 91.2 billion yen of long-term foreign bonds in July, after 44.4 billion yen "
            "of net selling a month earlier.")
    first, second = flows(flow_nlp, text)
    assert first.investor_type == second.investor_type == "life_insurers"
    assert second.readings["investor_type"][0] == "carried"
    assert second.period.end == date(2021, 6, 30)


def test_they_after_a_kind_of_investor_is_that_kind(flow_nlp):
    text = ("Japanese banks bought long-term foreign bonds in July. That reversed June, when they sold a net "
            "1.3 trillion yen of them.")
    (f,) = flows(flow_nlp, text)
    assert f.investor_type == "banks" and f.readings["investor_type"][0] == "carried"


def test_an_article_about_one_kind_of_investor_leaves_a_bare_figure_open(flow_nlp):
    text = ("Trust banks bought a net 512.5 billion yen of foreign stocks in July. "
            "Overall, Japanese investors purchased a net 1.02 trillion yen of overseas stocks in July.")
    first, second = flows(flow_nlp, text)
    assert second.investor_type is None
    assert second.readings["investor_type"][0] == "defaulted"


def test_one_firm_is_not_the_aggregate(flow_nlp):
    text = "The insurer bought 45 billion yen of foreign bonds in July, its treasurer said."
    (f,) = flows(flow_nlp, text)
    assert f.readings["actor"][0] == "defaulted" and "insurer" in f.readings["actor"][1]


def test_a_month_in_a_sentence_without_a_figure_sets_the_month_when_no_week_was_stated(flow_nlp):
    text = ("Japanese investors piled into Dutch bonds in July, ministry data showed. "
            "They bought a net 98.6 billion yen of them.")
    (f,) = flows(flow_nlp, text)
    assert f.period.end == date(2021, 7, 31) and f.readings["period"][0] == "carried"


def test_a_reference_month_does_not_set_the_month(flow_nlp):
    text = ("The figure is the largest since the ministry began compiling the data in January 2014. "
            "Japanese investors bought a net 98.6 billion yen of Dutch bonds, data showed.")
    (f,) = flows(flow_nlp, text)
    assert f.period is None or f.period.end != date(2014, 1, 31)


def test_a_closing_period_covers_coordinated_figures(flow_nlp):
    text = ("Japanese investors sold a net 301.2 billion yen of Canadian bonds and offloaded a net 22.9 billion "
            "yen of Spanish debt in July.")
    first, second = flows(flow_nlp, text)
    assert first.period.end == second.period.end == date(2021, 7, 31)
    assert (first.country, second.country) == ("Canada", "Spain")


def test_a_stated_span_carries_to_the_next_sentence(flow_nlp):
    text = ("In the first seven months of the year, Japanese investors bought a net 9.1 trillion yen of foreign "
            "bonds. They also bought 1.4 trillion yen of overseas stocks.")
    first, second = flows(flow_nlp, text)
    assert second.period.end == first.period.end == date(2021, 7, 31)
    assert second.readings["period"][0] == "carried"


def test_japanese_investors_in_the_nations_own_bonds_are_a_domestic_flow(flow_nlp):
    text = "Over the first seven months, Japanese investors bought a net 21 trillion yen of the nation's bonds."
    (f,) = flows(flow_nlp, text)
    assert f.market == "domestic"


def test_japanese_investors_in_another_nations_bonds_are_not_domestic(flow_nlp):
    text = ("Japanese investors bought a net 210.4 billion yen of Canadian bonds in July, after selling "
            "33.3 billion yen of the nation's bonds in June.")
    first, second = flows(flow_nlp, text)
    assert second.market == "outward" and second.country == "Canada"


def test_bare_bonds_of_a_country_whose_government_debt_the_story_named_are_that_debt(flow_nlp):
    text = ("Japanese investors bought Canadian government bonds for a third month in July. "
            "They purchased a net 210.4 billion yen of Canadian bonds, the data showed.")
    (f,) = flows(flow_nlp, text)
    assert (f.country, f.instrument) == ("Canada", "sovereign_debt")


def test_a_countrys_bare_bonds_stay_long_term_debt_otherwise(flow_nlp):
    (f,) = flows(flow_nlp, "Japanese investors purchased a net 210.4 billion yen of Canadian bonds in July.")
    assert (f.country, f.instrument) == ("Canada", "long_term_debt")


def test_domestic_investors_selling_the_japanese_shares_in_view_are_a_domestic_flow(flow_nlp):
    text = ("Foreign investors bought a net 9.9 trillion yen of Japanese stocks last year. "
            "Domestic investors offloaded a net 6.1 trillion yen, the exchange said.")
    first, second = flows(flow_nlp, text, date(2022, 1, 12))
    assert first.market == "inward" and second.market == "domestic"


def test_a_clause_that_trades_is_not_a_holding(flow_nlp):
    text = "Pension funds, which manage retirement money, sold a net 1.1 trillion yen of foreign bonds in July."
    (f,) = flows(flow_nlp, text)
    assert f.direction == "net_sale" and f.market == "outward"


def test_a_planned_amount_and_total_assets_are_not_flows(flow_nlp):
    text = ("The insurer, which had 4.4 trillion yen in total assets, bought 20 billion yen of foreign bonds in "
            "July, compared with the 70 billion yen it planned to invest.")
    assert [f.text for f in flows(flow_nlp, text)] == ["20 billion yen"]


def test_dollar_bonds_are_foreign_securities_of_no_mof_category(flow_nlp):
    (f,) = flows(flow_nlp, "They offloaded a net 1.2 trillion yen of dollar bonds in July.")
    assert (f.market, f.instrument) == ("outward", "other")


def test_foreign_institutions_in_japanese_shares_are_not_domestic(flow_nlp):
    (f,) = flows(flow_nlp, "Foreign institutions bought a net 402.2 billion yen of Japanese stocks in July.")
    assert f.market == "inward"
