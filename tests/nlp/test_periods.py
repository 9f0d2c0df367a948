from __future__ import annotations

from datetime import date

import pytest

from tests.nlp.conftest import blank, run


@pytest.fixture(scope="module")
def nlp():
    return blank("flowcheck_periods")


def periods(nlp, text, published=date(2013, 4, 25)):
    return [(p.label, p.start, p.end) for p in run(nlp, text, published)._.fc_periods]


@pytest.mark.parametrize("text, published, start, end", [
    ("for the week ended April 20, data showed", date(2013, 4, 25), date(2013, 4, 14), date(2013, 4, 20)),
    ("in the week to April 6", date(2013, 4, 11), date(2013, 3, 31), date(2013, 4, 6)),
    ("in the week through July 27", date(2013, 8, 1), date(2013, 7, 21), date(2013, 7, 27)),
    ("in the week ended March 22", date(2024, 3, 28), date(2024, 3, 17), date(2024, 3, 23)),  # a Friday
    ("in the week of Dec. 18-24", date(2016, 12, 29), date(2016, 12, 18), date(2016, 12, 24)),
    ("into November 24th", date(2023, 11, 29), date(2023, 11, 19), date(2023, 11, 25)),
    ("in the week ended Dec. 30", date(2017, 1, 5), date(2016, 12, 25), date(2016, 12, 31)),  # year before
])
def test_explicit_weeks_are_mof_weeks(nlp, text, published, start, end):
    label, s, e = periods(nlp, text, published)[0]
    assert (s, e) == (start, end)


def test_last_week_is_the_last_published_week(nlp):
    assert periods(nlp, "Data showed last week", date(2013, 4, 25))[0][1:] == (date(2013, 4, 14), date(2013, 4, 20))
    # published on a Sunday: the Thursday release covered the week to the Saturday before last
    assert periods(nlp, "last week", date(2016, 4, 10))[0][1:] == (date(2016, 3, 27), date(2016, 4, 2))


def test_months_and_relative_starts(nlp):
    found = periods(nlp, "fell in March, and since the beginning of last month", date(2013, 4, 25))
    assert ("month", date(2013, 3, 1), date(2013, 3, 31)) in found
    assert ("since_start", date(2013, 3, 1), date(2013, 4, 25)) in found


def test_deadlines(nlp):
    assert periods(nlp, "by mid-May", date(2013, 4, 25))[0][2] == date(2013, 5, 15)
    assert periods(nlp, "by the end of September", date(2025, 9, 26))[0][2] == date(2025, 9, 30)
    assert periods(nlp, "by mid-March", date(2013, 4, 25))[0][2] == date(2014, 3, 15)  # already past


def test_relative_weeks_wait_for_their_anchor(nlp):
    label, start, end = periods(nlp, "the previous week")[0]
    assert label == "previous_week" and start is None


def test_without_a_publication_date_a_bare_day_stays_unresolved(nlp):
    label, start, end = periods(nlp, "the week ended April 20", None)[0]
    assert start is None and end is None


@pytest.mark.parametrize("text, published, start, end", [
    ("in the first quarter of this year", date(2022, 4, 8), date(2022, 1, 1), date(2022, 3, 31)),
    ("in the fourth quarter", date(2023, 2, 8), date(2022, 10, 1), date(2022, 12, 31)),  # the latest one ended
    ("in the last quarter", date(2025, 8, 15), date(2025, 4, 1), date(2025, 6, 30)),  # the quarter before
    ("in the January-March period", date(2023, 5, 10), date(2023, 1, 1), date(2023, 3, 31)),
    ("from November to April", date(2013, 5, 9), date(2012, 11, 1), date(2013, 4, 30)),
    ("so far this quarter", date(2025, 8, 15), date(2025, 7, 1), date(2025, 8, 9)),  # to the newest week out
    ("since mid-November", date(2013, 1, 10), date(2012, 11, 15), date(2013, 1, 10)),
    ("since the end of March", date(2023, 6, 29), date(2023, 4, 1), date(2023, 6, 29)),
])
def test_quarters_month_spans_and_since_points(nlp, text, published, start, end):
    """Issue 19: the spans a cumulative figure names (the reader proposes them; the data settle
    which one a figure is)."""
    _, s, e = periods(nlp, text, published)[0]
    assert (s, e) == (start, end)
