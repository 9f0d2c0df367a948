from __future__ import annotations

from datetime import date

from tests.nlp.conftest import run


def qualifiers(nlp, text, published=date(2013, 4, 25)):
    return run(nlp, text, published)._.fc_qualifiers


def test_streak_and_ratio_attach_to_their_figures(flow_nlp):
    text = ("Japanese institutions were net sellers of foreign bonds for a sixth straight week, selling 862.6 billion "
            "yen in overseas debt for the week ended April 20, more than double the net 331.9 billion in the "
            "previous week.")
    doc = run(flow_nlp, text, date(2013, 4, 25))
    streak, ratio = doc._.fc_qualifiers
    this_week, previous = doc._.fc_flows
    assert (streak.kind, streak.count) == ("streak", 6) and streak.flow is this_week
    assert (ratio.kind, ratio.factor, ratio.operator) == ("ratio", 2, "more_than")
    assert ratio.flow is this_week and ratio.other_flow is previous


def test_records_with_a_date_or_a_window(flow_nlp):
    text = ("Foreigners snapped up a net 753 billion yen of Japanese shares last week, their largest weekly net "
            "purchase since Oct. 12, 2024. Japanese investors sold 10 billion yen of foreign bonds, the most in a year.")
    first, second = [q for q in qualifiers(flow_nlp, text, date(2025, 1, 30)) if q.kind == "record"]
    assert first.since == date(2024, 10, 13) and first.superlative == "largest"  # the weeks after that week
    assert second.window_weeks == 52


def test_first_in_n_weeks(flow_nlp):
    text = "Foreigners bought 100 billion yen of Japanese stocks last week, their first net buying in 12 weeks."
    q = qualifiers(flow_nlp, text)[0]
    assert (q.kind, q.count) == ("first_in", 12)


def test_a_record_since_a_month_and_year(flow_nlp):
    text = "Japanese investors sold a net 1.14 trillion yen of foreign bonds last week, the biggest since January 2005."
    record = [q for q in qualifiers(flow_nlp, text, date(2013, 4, 11)) if q.kind == "record"][0]
    assert record.since == date(2005, 2, 1) and record.text.endswith("January 2005")


def test_other_streak_phrasings(flow_nlp):
    cases = {
        "Foreigners bought 284.4 billion yen of Japanese stocks last week, extending their buying to a fourth week.":
            ("streak", 4),
        "Japanese investors sold 100 billion yen of foreign bonds last week, for seven weeks in a row.": ("streak", 7),
        "Foreigners bought 100 billion yen of Japanese stocks last week for the first time in five weeks.":
            ("first_in", 5),
    }
    for text, expected in cases.items():
        found = [(q.kind, q.count) for q in qualifiers(flow_nlp, text) if q.kind in ("streak", "first_in")]
        assert found == [expected], text


def test_words_read_by_two_patterns_make_one_qualifier(flow_nlp):
    text = "Japanese investors bought 119.2 billion yen of foreign bills, extending net purchases into a third successive week."
    assert [(q.kind, q.count) for q in qualifiers(flow_nlp, text)] == [("streak", 3)]
