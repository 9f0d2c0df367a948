"""The rules by which the flow reader's article state changes between sentences."""

from __future__ import annotations

from datetime import date

from extractor.nlp.components.flow_lexicon import Hit
from extractor.nlp.components.flow_state import ArticleState, Current, FigureReading
from extractor.nlp.mentions import PeriodMention

PUBLISHED = date(2013, 4, 25)
BONDS = Hit(0, 13, "long_term_debt", "foreign bonds")


def _week(end: date, text: str) -> PeriodMention:
    return PeriodMention(0, len(text), text, 0, label="week_ended", start=date.fromordinal(end.toordinal() - 6),
                         end=end, granularity="week")


def _month(month: int, text: str) -> PeriodMention:
    return PeriodMention(0, len(text), text, 0, label="month", start=date(2013, month, 1),
                         end=date(2013, month, 28), granularity="month", month=month)


def test_an_article_starts_on_the_last_week_published_and_no_words():
    state = ArticleState.start(PUBLISHED)
    assert state.current == Current(date(2013, 4, 14), date(2013, 4, 20), "week")
    assert state.current_words is None and state.actor_text is None
    assert ArticleState.start(None).current is None


def test_a_sentence_without_a_figure_sets_the_week_and_the_country():
    state = ArticleState.start(PUBLISHED)
    state.note_sentence_without_flow(3, [("Australia", "Australian")], [_week(date(2013, 4, 6), "week to April 6")], [])
    assert (state.current.end, state.current_words) == (date(2013, 4, 6), "week to April 6")
    assert (state.scope_topic["country"], state.recent_country) == (("Australia", "Australian"), 3)


def test_a_month_sets_the_period_only_while_no_week_was_stated():
    state = ArticleState.start(PUBLISHED)
    state.note_sentence_without_flow(0, [], [], [_month(3, "in March")])
    assert (state.current.granularity, state.current_words) == ("month", "in March")
    state.note_sentence_without_flow(1, [], [_week(date(2013, 4, 6), "week to April 6")], [])
    state.note_sentence_without_flow(2, [], [], [_month(2, "in February")])
    assert state.current_words == "week to April 6"


def test_a_flow_leaves_its_securities_and_a_long_span_for_what_follows():
    state = ArticleState.start(PUBLISHED)
    span = PeriodMention(0, 24, "in the first eight months", 0, label="span", start=date(2013, 1, 1),
                         end=date(2013, 8, 31), granularity="multi_month")
    reading = FigureReading(instrument_hit=BONDS, market="outward", period=span,
                            readings={"period": ("stated", "in the first eight months")})
    state.note_flow(reading, 5)
    assert state.carried == (BONDS, "outward") and state.last_span == (span, 5)
    week = FigureReading(instrument_hit=BONDS, market="outward", period=_week(date(2013, 4, 6), "week to April 6"),
                         readings={"period": ("stated", "week to April 6")})
    state.note_flow(week, 6)
    assert state.last_span == (span, 5)  # a week is no span for the next sentence to inherit


def test_named_investors_are_who_they_are_next():
    state = ArticleState.start(PUBLISHED)
    state.note_sentence_end([Hit(0, 18, "outward", "Japanese investors"), Hit(30, 39, "inward", "foreigners")])
    assert (state.actor_market, state.actor_text) == ("inward", "foreigners")
    state.note_sentence_end([])
    assert state.actor_text == "foreigners"
