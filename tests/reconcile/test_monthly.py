"""Monthly, by-investor and by-country flow claims against MoF montha1/monthb and the balance
of payments: the issue's must-shows, sums of months and years, gross directions, coverage,
the statistic that matches when the cited one does not, records and streaks."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.claims.model import FlowClaim, Reading, Verdict
from extractor.official.sources import Registry
from extractor.reconcile.context import Context
from extractor.reconcile.monthly import reconcile_monthly
from extractor.reconcile.monthly_history import monthly_record, monthly_streak


@pytest.fixture(scope="module")
def ctx():
    return Context(Registry(), date(2026, 9, 30))


def flow(amount: float, precision: float, start: date, end: date, *, market="outward", instrument="long_term_debt",
         direction="net_sale", granularity="month", **extra) -> FlowClaim:
    return FlowClaim(id="f1", text="…", char_start=0, char_end=1, mention="…", mention_start=0, mention_end=1,
                     amount_text="…", amount_jpy=amount, amount_precision_jpy=precision, period_start=start,
                     period_end=end, granularity=granularity, market=market, instrument=instrument,
                     direction=direction, **extra)


def april_2017(ctx) -> FlowClaim:
    """'Japanese investors sold a record 4.256 trillion yen of foreign bonds in April' (11 May 2017)."""
    claim = flow(4.256e12, 1e9, date(2017, 4, 1), date(2017, 4, 30), data_source="mof_monthly")
    assert reconcile_monthly(claim, ctx)
    return claim


def test_record_sale_of_foreign_bonds_in_april_2017(ctx):
    claim = april_2017(ctx)
    assert claim.verdict == Verdict.accurate
    assert claim.official.value == pytest.approx(-4.2559e12)
    assert (claim.official.period_start, claim.official.period_end) == (date(2017, 4, 1), date(2017, 4, 30))
    assert claim.official.series == "mof_monthly:outward.long_term_debt.net"
    verdict, text = monthly_record(claim, ctx)
    assert verdict == Verdict.accurate and "is the largest in the series" in text


def test_us_bonds_in_september_2023_on_the_balance_of_payments(ctx):
    claim = flow(3.81e12, 1e10, date(2023, 9, 1), date(2023, 9, 30), direction="net_purchase", data_source="bop",
                 country="United States")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate
    assert claim.official.value == pytest.approx(3.8129e12)
    assert claim.official.series == "bop:outward.United States.long_term_debt.net"
    assert "balance-of-payments" in claim.explanation


def test_foreigners_record_sale_of_japanese_bonds_in_september_2022(ctx):
    claim = flow(6.39e12, 1e10, date(2022, 9, 1), date(2022, 9, 30), market="inward")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(-6.3892e12)
    verdict, text = monthly_record(claim, ctx)
    assert verdict == Verdict.accurate and "largest in the series (from January 2005)" in text


@pytest.mark.parametrize("month", [date(2022, 7, 1), date(2020, 3, 1)])
def test_a_by_country_month_the_releases_do_not_cover_is_unverifiable_naming_the_coverage(ctx, month):
    end = date(month.year, month.month, 31)
    claim = flow(1e12, 1e11, month, end, country="France")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.unverifiable
    assert "2021-11 … 2022-04 and 2022-11 … 2026-06" in claim.explanation


def test_a_weekly_claim_is_left_to_the_weekly_reconciler(ctx):
    claim = flow(862.6e9, 1e8, date(2013, 4, 14), date(2013, 4, 20), granularity="week")
    assert reconcile_monthly(claim, ctx) is False
    assert claim.verdict is None and claim.explanation is None


def test_after_the_data_end_is_pending(ctx):
    claim = flow(1e12, 1e11, date(2026, 10, 1), date(2026, 10, 31))
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.pending and "August 2026" in claim.explanation


def test_a_quarter_is_the_sum_of_its_months(ctx):
    # Q1 2023: 11,180 + 41,318 + 50,654 (100 million yen) of net purchases
    claim = flow(10.3e12, 1e11, date(2023, 1, 1), date(2023, 3, 31), direction="net_purchase", granularity="quarter")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(10.3152e12)
    assert "sum of 3 months" in claim.explanation
    wrong = flow(8.1e12, 1e11, date(2023, 1, 1), date(2023, 3, 31), direction="net_purchase", granularity="quarter")
    reconcile_monthly(wrong, ctx)
    assert wrong.verdict == Verdict.inaccurate


def test_a_fiscal_year_is_the_files_own_year_row(ctx):
    claim = flow(13.39e12, 1e10, date(2005, 4, 1), date(2006, 3, 31), direction="net_purchase",
                 granularity="fiscal_year")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(13.3851e12)
    assert "fiscal-year row" in claim.explanation


def test_gross_purchases_are_checked_against_acquisitions(ctx):
    # March 2023: acquisitions 446,581, dispositions 395,927 (100 million yen)
    claim = flow(44.7e12, 1e11, date(2023, 3, 1), date(2023, 3, 31), direction="gross_purchase")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(44.6581e12)
    assert claim.official.series == "mof_monthly:outward.long_term_debt.acquisition"
    assert "gross purchases" in claim.explanation
    sold = flow(44.7e12, 1e11, date(2023, 3, 1), date(2023, 3, 31), direction="gross_sale")
    reconcile_monthly(sold, ctx)
    assert sold.official.value == pytest.approx(39.5927e12) and sold.verdict == Verdict.inaccurate


def test_pension_funds_are_checked_on_the_trust_accounts_said_so(ctx):
    claim = flow(754.3e9, 1e8, date(2023, 9, 1), date(2023, 9, 30), investor_type="pension_funds")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate
    assert claim.official.series.startswith("mof_by_investor:trust_accounts.")
    assert "no pension-fund category" in claim.explanation


def test_when_the_cited_statistic_disagrees_the_one_that_matches_is_named(ctx):
    # montha1 has 3.3963 trillion for September 2023; the balance of payments (as revised) 3.1789
    claim = flow(3.18e12, 1e10, date(2023, 9, 1), date(2023, 9, 30), direction="net_purchase",
                 data_source="mof_monthly")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate
    assert claim.official.series.startswith("bop:") and "balance-of-payments" in claim.explanation
    assert "montha1" in claim.explanation  # and what the cited statistic shows


def test_no_accusation_on_a_direction_the_story_did_not_state(ctx):
    claim = flow(4.0e12, 1e11, date(2023, 9, 1), date(2023, 9, 30), direction="net_sale",
                 readings={"direction": Reading(how="defaulted")})
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.unverifiable and "does not state the direction" in claim.explanation


def test_streaks_and_records_on_the_monthly_series(ctx):
    third = flow(1.07e12, 1e10, date(2017, 2, 1), date(2017, 2, 28))  # Dec, Jan, Feb net sales; Nov purchases
    assert monthly_streak(third, 3, ctx)[0] == Verdict.accurate
    verdict, text = monthly_streak(third, 4, ctx)
    assert verdict == Verdict.inaccurate and "3 straight months" in text
    assert monthly_streak(third, 3, ctx, form="straight")[1].startswith("MoF monthly securities data")
    verdict, text = monthly_record(third, ctx)
    assert verdict == Verdict.inaccurate and "is not the largest" in text
    verdict, _ = monthly_record(third, ctx, window_months=2)
    assert verdict == Verdict.inaccurate  # January 2017 sold more


def test_bop_totals_for_a_month_without_a_release_come_from_a_later_summary(ctx):
    """July 2022 has no release of its own (the 2022-05…10 gap) but the November 2022 release's
    seven-month summary carries it: totals are checkable, countries are not."""
    claim = flow(3.18e12, 1e10, date(2022, 7, 1), date(2022, 7, 31), data_source="bop")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(-3.1793e12)
    assert claim.official.series == "bop:outward.Total.long_term_debt.net"


def test_the_latest_release_of_a_month_wins(ctx):
    """September 2023 was first published as 31,781 and revised to 31,789 (100 million yen) by
    the February 2024 release's summary."""
    claim = flow(3.1789e12, 1e8, date(2023, 9, 1), date(2023, 9, 30), direction="net_purchase", data_source="bop")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.value == pytest.approx(3.1789e12)


def test_trust_banks_are_read_as_their_trust_accounts_and_said_so(ctx):
    """'Trust banks bought a net 1.87 trillion yen of foreign debt in August' (2020): the trust
    accounts (+18,683); the banks' own banking accounts sold (−1,150)."""
    claim = flow(1.87e12, 1e10, date(2020, 8, 1), date(2020, 8, 31), direction="net_purchase",
                 investor_type="trust_banks")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate and claim.official.series.startswith("mof_by_investor:trust_accounts.")
    assert "trust accounts" in claim.explanation
    banking = flow(115.0e9, 1e8, date(2020, 8, 1), date(2020, 8, 31), direction="net_sale", investor_type="trust_banks")
    assert reconcile_monthly(banking, ctx)
    assert banking.verdict == Verdict.accurate
    assert banking.official.series.startswith("mof_by_investor:trust_banks.")  # the other category matched


def test_a_countrys_bonds_match_its_government_bonds_or_all_its_long_term_debt(ctx):
    """September 2024, Germany: government bonds +8,067, all long-term debt +8,317."""
    claim = flow(831.7e9, 1e8, date(2024, 9, 1), date(2024, 9, 30), direction="net_purchase",
                 instrument="sovereign_debt", country="Germany")
    assert reconcile_monthly(claim, ctx)
    assert claim.verdict == Verdict.accurate
    assert claim.official.series == "bop:outward.Germany.long_term_debt.net"
    assert "government bonds" in claim.explanation  # what the first reading showed


def test_a_record_claim_about_a_monthly_flow_is_settled_on_the_monthly_series(ctx):
    from extractor.claims.model import ComparisonClaim, StreakClaim
    from extractor.reconcile.monthly_history import reconcile_monthly_history

    sold = april_2017(ctx)
    record = ComparisonClaim(id="r1", text="…", char_start=0, char_end=1, mention="a record", mention_start=0,
                             mention_end=1, relation="record", superlative="largest", related=[sold.id])
    assert reconcile_monthly_history(record, sold, ctx)
    assert record.verdict == Verdict.accurate and "largest in the series" in record.explanation
    streak = StreakClaim(id="s1", text="…", char_start=0, char_end=1, mention="third", mention_start=0,
                         mention_end=1, count=3, related=[sold.id])
    weekly = flow(862.6e9, 1e8, date(2013, 4, 14), date(2013, 4, 20), granularity="week")
    assert reconcile_monthly_history(streak, weekly, ctx) is False and streak.verdict is None
