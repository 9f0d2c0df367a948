"""Monthly, by-country and by-investor figures are accused only when who the investors were is
pinned: a country, a kind of investor or one firm that the text names but the reading left
open makes the figure unverifiable, with the reason — while weekly accusations are unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.claims.model import FlowClaim, Reading, Verdict
from extractor.official.sources import Registry
from extractor.reconcile.compare import earn_accusation, unpinned_fields
from extractor.reconcile.context import Context
from extractor.reconcile.monthly import reconcile_monthly

PINNED = {f: Reading(how="stated", words="w") for f in ("period", "direction", "market", "instrument", "actor")}


def monthly_claim(readings: dict, granularity: str = "month", **extra) -> FlowClaim:
    return FlowClaim(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                     amount_text="56.1 billion yen", amount_jpy=56.1e9, amount_precision_jpy=1e8, market="outward",
                     instrument="long_term_debt", direction="net_sale", granularity=granularity,
                     period_start=date(2020, 6, 1), period_end=date(2020, 6, 30), verdict=Verdict.wrong_direction,
                     explanation="MoF monthly data show net purchases of 4.244 trillion yen.", readings=readings,
                     **extra)


def test_a_month_with_every_scope_field_pinned_keeps_its_accusation():
    c = monthly_claim(PINNED)
    earn_accusation(c)
    assert c.verdict == Verdict.wrong_direction


def test_a_country_the_sentence_names_but_the_reading_left_open_is_not_accused():
    c = monthly_claim({**PINNED, "country": Reading(how="defaulted",
                                                    words="all countries, though the sentence says \"the nation's\"")})
    assert unpinned_fields(c) == ["country"]
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable
    assert "does not pin the country" in c.explanation and "the nation's" in c.explanation
    assert "4.244 trillion" in c.explanation  # what flowcheck's own reading found is still said


def test_an_investor_kind_left_open_is_not_accused():
    c = monthly_claim({**PINNED, "investor_type": Reading(how="defaulted",
                                                          words="all investors, though the text says \"banks\"")})
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable and "kind of investor" in c.explanation


def test_one_firms_figure_is_not_accused_on_the_aggregate():
    c = monthly_claim({**PINNED, "actor": Reading(how="defaulted", words="all investors, though the sentence "
                                                                          "names one firm, \"the insurer\"")})
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable and "investors" in c.explanation


def test_a_month_whose_investors_were_never_named_is_not_accused():
    c = monthly_claim({k: v for k, v in PINNED.items() if k != "actor"})
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable


def test_a_weeks_accusation_does_not_need_the_actor():
    c = monthly_claim({k: v for k, v in PINNED.items() if k != "actor"}, granularity="week")
    earn_accusation(c)
    assert c.verdict == Verdict.wrong_direction


@pytest.fixture(scope="module")
def ctx():
    return Context(Registry(), date(2026, 9, 30))


def test_a_countrys_bonds_that_equal_its_long_and_short_term_debt_together_are_accurate(ctx):
    """'Japanese investors bought about 3.2 trillion yen of U.S. bonds in May 2024': the balance of
    payments shows 3.54 trillion of long-term and −0.34 trillion of short-term U.S. debt."""
    c = FlowClaim(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                  amount_text="3.2 trillion yen", amount_jpy=3.2e12, amount_precision_jpy=1e11, market="outward",
                  instrument="long_term_debt", direction="net_purchase", granularity="month",
                  period_start=date(2024, 5, 1), period_end=date(2024, 5, 31), country="United States",
                  data_source="bop")
    assert reconcile_monthly(c, ctx)
    assert c.verdict == Verdict.accurate
    assert c.official.value == pytest.approx(3.2049e12, rel=1e-3)
    assert "3.542 trillion" in c.explanation  # the long-term reading it did not match is still shown


def test_a_domestic_flow_is_unverifiable_with_the_reason(ctx):
    from extractor.reconcile import check_flow
    c = FlowClaim(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                  amount_text="21 trillion yen", amount_jpy=21e12, amount_precision_jpy=1e12, market="domestic",
                  instrument="long_term_debt", direction="net_purchase", granularity="ytd",
                  period_start=date(2024, 1, 1), period_end=date(2024, 7, 31), readings=PINNED)
    check_flow(c, ctx)
    assert c.verdict == Verdict.unverifiable and "no MoF cross-border series" in c.explanation


def test_a_countrys_government_bonds_may_be_the_long_term_ones_only(ctx):
    """Table IV of the balance-of-payments release splits government bonds by maturity: a story's
    'German bonds' bought in September 2024 are the long-term column (+859.6 bn), not the total
    (+806.7 bn, after −52.9 bn of bills)."""
    c = FlowClaim(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                  amount_text="859.6 billion yen", amount_jpy=859.6e9, amount_precision_jpy=1e8, market="outward",
                  instrument="sovereign_debt", direction="net_purchase", granularity="month",
                  period_start=date(2024, 9, 1), period_end=date(2024, 9, 30), country="Germany", data_source="bop")
    assert reconcile_monthly(c, ctx)
    assert c.verdict == Verdict.accurate
    assert "long-term government bonds" in c.explanation and "806.7 billion" in c.explanation


def test_a_domestic_flow_audits_and_renders_in_every_format(nlp, registry):
    """Japanese investors trading Japanese securities, end to end: read as domestic, never
    checked against a cross-border series, and shown in every report format."""
    from extractor.audit import audit
    from extractor.claims.model import FlowClaim as Flow
    from extractor.report.formats import to_csv, to_json, to_markdown
    from extractor.report.html import to_html
    from extractor.scrape.inputs import Article

    text = ("Foreign investors bought a net 9.9 trillion yen of Japanese stocks last year, exchange data showed. "
            "Domestic investors offloaded a net 6.1 trillion yen, the exchange said.")
    report = audit(Article(text=text, published=date(2022, 1, 12), published_basis="given"), nlp, registry)
    (domestic,) = [c for c in report.claims if isinstance(c, Flow) and c.market == "domestic"]
    assert domestic.verdict == Verdict.unverifiable and "cross-border" in domestic.explanation
    for rendered in (to_json(report), to_csv(report, registry), to_markdown(report, registry),
                     to_html(report, text, registry)):
        assert "6.1 trillion" in rendered
