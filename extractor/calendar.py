"""MoF's weekly calendar: weeks run Sunday to Saturday and are published the following
Thursday. Every part that turns words into dates (periods, forecasts, inference) uses these
helpers so they agree on what "last week" means."""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

RELEASE_LAG_DAYS = 5
"""Saturday week end → Thursday release."""


def week_containing(day: date) -> tuple[date, date]:
    """The Sunday–Saturday week that contains ``day``."""
    start = day - timedelta(days=(day.weekday() + 1) % 7)
    return start, start + timedelta(days=6)


def shift_week(week: tuple[date, date], weeks: int) -> tuple[date, date]:
    delta = timedelta(days=7 * weeks)
    return week[0] + delta, week[1] + delta


def release_date(week_end: date) -> date:
    return week_end + timedelta(days=RELEASE_LAG_DAYS)


def last_released_week(published: date) -> tuple[date, date]:
    """The newest week whose data were out on ``published``: what "last week" means in a
    story about the Thursday release."""
    start, end = week_containing(published)
    if release_date(end - timedelta(days=7)) <= published:
        return shift_week((start, end), -1)
    return shift_week((start, end), -2)


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, _cal.monthrange(year, month)[1])


def previous_month(day: date) -> tuple[int, int]:
    return (day.year - 1, 12) if day.month == 1 else (day.year, day.month - 1)


def past_year_for(month: int, day: int, published: date, *, slack_days: int = 7) -> int:
    """Year of a day-month mentioned without a year in a story published on ``published``:
    the publication year unless that would put it (well) after publication."""
    year = published.year
    try:
        candidate = date(year, month, day)
    except ValueError:
        candidate = date(year, month, 28)
    return year - 1 if candidate > published + timedelta(days=slack_days) else year


def future_year_for(month: int, day: int, published: date) -> int:
    """Year of a deadline given without a year: this year, or next year if already past."""
    candidate = date(published.year, month, min(day, _cal.monthrange(published.year, month)[1]))
    return published.year + 1 if candidate < published else published.year


MONTHLY_RELEASE_DAY = 8
"""MoF publishes a month's securities figures around the 8th of the next month (the 6th–12th
in practice); a story dated before the 8th has the month before that in view."""

BOP_LAG_MONTHS = 1
"""Balance-of-payments tables by country come a month later than the monthly securities table
(February's on 8 April, beside March's securities figures)."""


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    k = year * 12 + (month - 1) + n
    return k // 12, k % 12 + 1


def released_months(published: date, *, lag_months: int = 0) -> list[tuple[date, date]]:
    """The months whose figures a story dated ``published`` can be about as "the release in
    view": the newest month released by then and the one before it (the release day varies by a
    few days, so around the 8th both stay in view)."""
    back = 1 if published.day >= MONTHLY_RELEASE_DAY else 2
    months = [add_months(published.year, published.month, -(back + lag_months + k)) for k in range(2)]
    return [month_range(y, m) for y, m in months]


def released_weeks(published: date) -> list[tuple[date, date]]:
    """The newest MoF week released by ``published`` and the week before it."""
    newest = last_released_week(published)
    return [newest, shift_week(newest, -1)]
