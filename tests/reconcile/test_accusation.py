"""An accusation has to be earned: inaccurate/wrong_direction only on a reading the text states."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.claims.model import FlowClaim, Official, Reading, Verdict
from extractor.reconcile.compare import earn_accusation, scale_slip, unpinned_fields

PINNED = {f: Reading(how="stated", words="w") for f in ("period", "direction", "market", "instrument")}


def claim(verdict=Verdict.wrong_direction, readings=None, **fields) -> FlowClaim:
    base = dict(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                amount_text="16.7 billion yen", amount_jpy=16.7e9, amount_precision_jpy=1e8, market="outward",
                instrument="equity", direction="net_purchase", granularity="week",
                period_start=date(2025, 9, 14), period_end=date(2025, 9, 20))
    base.update(fields)
    return FlowClaim(**base, verdict=verdict, explanation="MoF data show net sales of 151.5 billion yen.",
                     readings=PINNED if readings is None else readings)


def test_a_stated_reading_keeps_its_accusation():
    c = claim()
    earn_accusation(c)
    assert c.verdict == Verdict.wrong_direction


@pytest.mark.parametrize("how", ["defaulted", "inferred"])
def test_a_defaulted_or_inferred_period_cannot_accuse(how):
    c = claim(readings={**PINNED, "period": Reading(how=how, words="the week last published before 2025-09-25")})
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable
    assert "does not pin the period" in c.explanation and "151.5 billion" in c.explanation


def test_an_unrecorded_field_cannot_accuse():
    c = claim(readings={k: v for k, v in PINNED.items() if k != "instrument"})
    assert unpinned_fields(c) == ["instrument"]
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable


def test_a_period_carried_from_the_release_in_view_still_pins_the_figure():
    # published Thursday 25 Sep 2025: the week to 20 Sep was released that day
    c = claim(readings={**PINNED, "period": Reading(how="carried", words="last week")})
    earn_accusation(c, published=date(2025, 9, 25))
    assert c.verdict == Verdict.wrong_direction


def test_a_period_carried_from_a_side_mention_does_not_pin_the_figure():
    # the same week carried into a story published a month later: a side mention, not the release in view
    c = claim(readings={**PINNED, "period": Reading(how="carried", words="in the week to Sept. 20")})
    earn_accusation(c, published=date(2025, 10, 23))
    assert c.verdict == Verdict.unverifiable and "period" in c.explanation


def test_a_defaulted_period_never_pins_the_figure():
    c = claim(readings={**PINNED, "period": Reading(how="defaulted", words="the week last published")})
    earn_accusation(c, published=date(2025, 9, 25))
    assert c.verdict == Verdict.unverifiable


def test_a_direction_carried_from_another_sentence_does_not_pin_the_figure():
    c = claim(readings={**PINNED, "direction": Reading(how="carried", words="dumped")}, text="They also bought stocks.")
    earn_accusation(c, published=date(2025, 9, 25), title="Japanese investors sell foreign stocks")
    assert c.verdict == Verdict.unverifiable and "direction" in c.explanation


def test_other_verdicts_pass_untouched():
    c = claim(verdict=Verdict.accurate, readings={})
    earn_accusation(c)
    assert c.verdict == Verdict.accurate


def test_a_thousandfold_slip_is_named_and_stays_an_error_even_on_a_default_week():
    c = claim(verdict=Verdict.inaccurate, amount_text="3.34 billion yen", amount_jpy=3.34e9, amount_precision_jpy=1e7,
              instrument="long_term_debt", official=Official(series="s", value=3338.0e9, unit="JPY"),
              readings={**PINNED, "period": Reading(how="defaulted", words="latest week")})
    assert scale_slip(c) == "trillion"
    earn_accusation(c)
    assert c.verdict == Verdict.inaccurate


def test_two_digits_are_not_enough_to_call_a_slip():
    c = claim(verdict=Verdict.inaccurate, amount_text="28 trillion yen", amount_jpy=28e12, amount_precision_jpy=1e12,
              official=Official(series="s", value=27.9e9, unit="JPY"))
    assert scale_slip(c) is None


def _audit(nlp, text, published):
    from extractor.audit import audit
    from extractor.official.sources import Registry
    from extractor.scrape.inputs import Article

    return audit(Article(text=text, title="t"), nlp, Registry(), published=published).claims


def test_the_streak_is_checked_against_the_sentences_own_week(nlp):
    text = ("Japanese investors sold a net 818.9 billion yen of foreign bonds in the week ended March 16, marking a "
            "third straight week of net selling and following net sales of 410.5 billion yen the previous week.")
    claims = _audit(nlp, text, date(2024, 3, 21))
    streak = next(c for c in claims if c.kind == "streak")
    assert streak.period_end == date(2024, 3, 16) and streak.verdict != Verdict.wrong_direction
    flow = next(c for c in claims if c.kind == "flow" and c.amount_text.startswith("818.9"))
    assert flow.verdict == Verdict.accurate


def test_a_scale_slip_in_a_real_week_is_explained(nlp):
    text = "Japanese investors purchased a net 3.34 billion yen of long-term overseas bonds in the week to March 18."
    flow = next(c for c in _audit(nlp, text, date(2023, 3, 24)) if c.kind == "flow")
    assert flow.verdict == Verdict.inaccurate and "probably meant trillion" in flow.explanation


def test_an_undated_week_with_mismatching_data_is_not_an_accusation(nlp):
    text = "Japanese investors purchased a net 16.7 billion yen of foreign equities, the smallest in four weeks."
    flow = next(c for c in _audit(nlp, text, date(2025, 9, 25)) if c.kind == "flow")
    assert flow.readings["period"].how == "defaulted"
    assert flow.verdict in (Verdict.unverifiable, Verdict.accurate, Verdict.close)


def test_by_country_figures_are_not_checked_against_the_weekly_table():
    from extractor.reconcile.flow_check import weekly_data_cover

    assert weekly_data_cover(claim(verdict=None))
    assert not weekly_data_cover(claim(verdict=None, country="France", instrument="long_term_debt"))
    assert not weekly_data_cover(claim(verdict=None, investor_type="life_insurers"))


def test_gross_buying_is_checked_against_the_acquisition_column(nlp):
    text = ("Japanese investors' gross buying of foreign long-term bonds was 10.09 trillion yen in the week ended "
            "March 16, while their selling was 10.91 trillion yen.")
    flows = [c for c in _audit(nlp, text, date(2024, 3, 21)) if c.kind == "flow"]
    assert [(c.direction, c.verdict) for c in flows] == [("gross_purchase", Verdict.accurate),
                                                         ("gross_sale", Verdict.accurate)]
    assert flows[0].official.series.endswith("acquisition") and "dispositions" in flows[1].explanation


def test_an_inferred_date_needs_decisive_evidence():
    from extractor.claims.model import DateCandidate
    from extractor.reconcile.dating import decisive, mark_inferred

    def cand(matched, of):
        return DateCandidate(published=date(2024, 3, 7), week_start=date(2024, 2, 25), week_end=date(2024, 3, 2),
                             matched=matched, of=of, applied=False)

    assert not decisive([cand(1, 2)])  # one figure of two
    assert not decisive([cand(3, 4), cand(2, 4)])  # the next year nearly as good
    assert decisive([cand(2, 2), cand(1, 2)]) and decisive([cand(4, 5)])
    c = claim(readings={**PINNED, "period": Reading(how="stated", words="the week to March 1")})
    mark_inferred([c])
    assert c.readings["period"].how == "inferred"
    earn_accusation(c)
    assert c.verdict == Verdict.unverifiable


def test_a_streak_on_a_defaulted_week_cannot_accuse():
    from extractor.claims.model import StreakClaim

    flow = claim(verdict=Verdict.accurate, readings={**PINNED, "period": Reading(how="defaulted", words="latest")})
    streak = StreakClaim(id="c2", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1,
                         count=3, verdict=Verdict.wrong_direction, explanation="MoF data show no net sales.",
                         related=["c1"])
    earn_accusation(streak, basis=flow)
    assert streak.verdict == Verdict.unverifiable and "does not pin the period" in streak.explanation
