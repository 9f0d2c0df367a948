"""Where the data stop: pending periods, FRED series ends, missing weeks, forecasts pending."""

from __future__ import annotations

from datetime import date

from extractor.claims.model import ForecastClaim, MarketMoveClaim, StreakClaim
from extractor.official.sources import Registry
from extractor.reconcile.context import Context
from extractor.reconcile.forecast_check import resolve_forecast
from extractor.reconcile.history import reconcile_streak
from extractor.reconcile.markets import reconcile_move
from tests.conftest import MOF_CP932

BASE = dict(id="c1", text="t", char_start=0, char_end=1, mention="m", mention_start=0, mention_end=1)


def truncated(tmp_path, weeks: int, skip: tuple[int, ...] = ()):
    lines = MOF_CP932.read_bytes().split(b"\r\n")
    rows = [r for i, r in enumerate(lines[14 : 14 + weeks]) if i not in skip]
    path = tmp_path / "week.csv"
    path.write_bytes(b"\r\n".join(lines[:14] + rows + lines[-8:]))
    registry = Registry()
    registry.mof.use_file(path)
    return registry


def parpart() -> ForecastClaim:
    return ForecastClaim(**BASE, statement="s", market="outward", instrument="long_term_debt",
                         direction="net_purchase", deadline=date(2013, 5, 15), made_on=date(2013, 4, 25))


def test_forecast_is_pending_on_old_data_and_resolves_on_newer(tmp_path):
    old = truncated(tmp_path, 432)  # ends with the week to 13 Apr 2013
    assert resolve_forecast(parpart(), Context(old, date(2013, 4, 25))).verdict.value == "pending"
    full = Registry()
    resolved = resolve_forecast(parpart(), Context(full, date(2013, 4, 25)))
    assert resolved.verdict.value == "came_true" and resolved.evidence_period_end == date(2013, 4, 27)


def test_a_streak_through_missing_weeks_is_unverifiable(tmp_path):
    # drop the week to 30 Mar 2013 (row index 429) from a copy of the file
    registry = truncated(tmp_path, 433, skip=(429,))
    streak = StreakClaim(**BASE, count=6, market="outward", instrument="long_term_debt", direction="net_sale",
                         period_end=date(2013, 4, 20))
    result = reconcile_streak(streak, Context(registry, date(2013, 4, 25)))
    assert result.verdict.value == "unverifiable" and "missing" in result.explanation


def test_after_a_fred_series_ends_the_claim_is_unverifiable(registry):
    move = MarketMoveClaim(**BASE, series="DGS10", subject="10-year Treasury", move="fall", from_value=4.5,
                           from_qualifier="above", from_period_start=date(2026, 9, 1),
                           from_period_end=date(2026, 9, 30), to_value=4.2, to_date=date(2026, 10, 25))
    result = reconcile_move(move, Context(registry, date(2026, 10, 25)))  # DGS10 ends 2026-08-20
    assert result.verdict.value == "unverifiable" and "2026-08-20" in result.explanation


def test_a_sum_forecast_compares_the_period_with_a_year_earlier(registry):
    claim = ForecastClaim(**BASE, statement="s", market="outward", instrument="long_term_debt",
                          direction="net_purchase", rule="sum", window_start=date(2012, 4, 1),
                          deadline=date(2013, 3, 31), made_on=date(2012, 4, 12))
    resolved = resolve_forecast(claim, Context(registry, date(2012, 4, 12)))
    assert resolved.verdict.value == "did_not_come_true"
    assert resolved.official.values["this_period"] < resolved.official.values["year_before"]
    pending = ForecastClaim(**{**claim.model_dump(), "window_start": date(2026, 4, 1), "deadline": date(2027, 3, 31),
                               "made_on": date(2026, 4, 10)})
    assert resolve_forecast(pending, Context(registry, date(2026, 4, 10))).verdict.value == "pending"
