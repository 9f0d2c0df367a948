from __future__ import annotations

from datetime import date

from tests.nlp.conftest import run


def flows(nlp, text, published=date(2013, 4, 25)):
    doc = run(nlp, text, published)
    return [(f.amount.value, f.market, f.instrument, f.direction, f.period.end if f.period else None)
            for f in doc._.fc_flows]


def test_outward_bond_selling_with_previous_week(flow_nlp):
    text = ("Japanese institutions were net sellers of foreign bonds for a sixth straight week, selling 862.6 "
            "billion yen ($8.7 billion) in overseas debt for the week ended April 20, more than double the net "
            "331.9 billion in the previous week.")
    assert flows(flow_nlp, text) == [
        (862.6e9, "outward", "long_term_debt", "net_sale", date(2013, 4, 20)),
        (331.9e9, "outward", "long_term_debt", "net_sale", date(2013, 4, 13)),
    ]


def test_inward_stocks_and_several_figures_in_one_sentence(flow_nlp):
    text = ("Foreign investors bought a net 192.2 billion yen of Japanese stocks last week. They disposed of a net "
            "50.1 billion yen worth of long-term and 20.3 billion yen worth of short-term Japanese debt securities.")
    found = flows(flow_nlp, text)
    assert found[0][1:4] == ("inward", "equity", "net_purchase")
    assert found[1][1:4] == ("inward", "long_term_debt", "net_sale")
    assert found[2][1:4] == ("inward", "short_term_debt", "net_sale")


def test_a_sentence_without_securities_words_carries_them(flow_nlp):
    text = "Japanese investors bought 297.0 billion yen of foreign bonds. That followed net purchases of 514.5 billion yen."
    assert [f[1:4] for f in flows(flow_nlp, text)] == [("outward", "long_term_debt", "net_purchase")] * 2


def test_sums_of_parts_make_a_debt_figure(flow_nlp):
    text = ("They sold a net 332.6 billion yen of overseas bonds last week. They disposed of a net 228.8 billion yen "
            "worth of long-term and 103.8 billion yen worth of short-term foreign debt securities.")
    assert [f[2] for f in flows(flow_nlp, text)] == ["debt", "long_term_debt", "short_term_debt"]


def test_a_stimulus_programme_is_not_a_flow(flow_nlp):
    text = "The country's latest $1.4 trillion monetary stimulus program has raised hopes that investors will buy bonds."
    assert flows(flow_nlp, text) == []


def test_a_signed_figure_gives_the_direction(flow_nlp):
    text = "Net Foreign Bond Investment declined by ¥-84.5 billion into November 24th."
    assert flows(flow_nlp, text, date(2023, 11, 29))[0][3] == "net_sale"
