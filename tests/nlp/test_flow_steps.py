"""Each step of the flow reader alone, on short sentences: the field it reads and how.

The steps take a sentence's context and the article state and return named fields
(``extractor/nlp/components/flow_steps.py``); the last tests run the whole reader to show
what is carried from one sentence to the next.
"""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.components import flow_steps as step
from extractor.nlp.components.flow_lexicon import FlowLexicon, Hit
from extractor.nlp.components.flow_state import ArticleState, Current, Frame, Securities
from extractor.nlp.text import iter_sentences
from tests.nlp.conftest import PATTERNS, blank, run

PUBLISHED = date(2013, 4, 25)
LEX = FlowLexicon(PATTERNS, "flow_lexicon.json")
BONDS = Securities(Hit(0, 13, "long_term_debt", "foreign bonds"), "outward")


@pytest.fixture(scope="module")
def nlp():
    return blank("flowcheck_amounts", "flowcheck_periods")


def context(nlp, text: str, figure: int = 0, published: date | None = PUBLISHED):
    """The text's last sentence and its ``figure``-th candidate figure (with its clause window)."""
    doc = run(nlp, text, published)
    index, start, words = list(iter_sentences(doc))[-1]
    sent = step.sentence(LEX, doc, doc.text, index, start, words, doc._.fc_amounts, doc._.fc_periods)
    return sent, list(step.figures(sent, doc._.fc_amounts))[figure]


# -- screen: can the figure be a flow at all ------------------------------------------------
@pytest.mark.parametrize(("text", "verdict"), [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds.", "read"),
    ("The government unveiled a $1.4 trillion stimulus program.", "statistic"),
    ("The figure was revised from the previously reported 2.5 billion yen.", "statistic"),
    ("The Federal Reserve buys $85 billion of bonds each month.", "statistic"),
    ("Pension funds, which manage some 110 trillion yen, are cautious.", "skip"),
    ("Investors will buy about 9 trillion yen of foreign bonds.", "skip"),
    ("Investors bought 9 billion euros of bonds.", "skip"),
])
def test_screen(nlp, text, verdict):
    sent, fig = context(nlp, text)
    assert step.screen(LEX, sent, fig) == verdict


# -- direction ---------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "figure", "direction", "reading"), [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds", 0, "net_sale", ("stated", "sold")),
    ("Foreign investors were net buyers of 192.2 billion yen of Japanese stocks", 0, "net_purchase",
     ("stated", "net buyers")),
    ("Foreign investment in Japanese stocks was -84.5 billion yen last week", 0, "net_sale",
     ("stated", "-84.5 billion yen")),
    # the figure's own clause, not the clause it refers back to
    ("Japanese investors bought 395 billion yen of foreign bonds, reversing the previous week's net sales", 0,
     "net_purchase", ("stated", "bought")),
    # the second figure says no direction: the one before it in the sentence carries over
    ("They sold 50.1 billion yen worth of long-term and 20.3 billion yen worth of short-term debt", 1,
     "net_sale", ("carried", "sold")),
    ("Their gross buying of foreign bonds was 9.49 trillion yen", 0, "gross_purchase", ("stated", "gross buying")),
])
def test_read_direction(nlp, text, figure, direction, reading):
    sent, fig = context(nlp, text, figure)
    assert step.read_direction(LEX, sent, fig) == (direction, reading)


def test_after_a_gross_figure_a_figure_that_does_not_say_net_is_gross(nlp):
    sent, fig = context(nlp, "Their selling was 8.60 trillion yen")
    assert step.read_direction(LEX, sent, fig) == ("net_sale", ("stated", "selling"))
    sent.gross = True  # "Their gross buying was 9.49 trillion yen while their selling was …"
    assert step.read_direction(LEX, sent, fig) == ("gross_sale", ("stated", "selling"))
    sent, fig = context(nlp, "Their net selling was 8.60 trillion yen")
    sent.gross = True
    assert step.read_direction(LEX, sent, fig)[0] == "net_sale"


def test_a_figure_with_no_direction_takes_the_sentence_frame(nlp):
    sent, fig = context(nlp, "The figure for short-term debt was 20.3 billion yen")
    assert step.read_direction(LEX, sent, fig) == (None, ("carried", None))
    sent.frame = Frame("net_sale", "offloaded", None)
    assert step.read_direction(LEX, sent, fig) == ("net_sale", ("carried", "offloaded"))


# -- instrument --------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "figure", "instrument", "words", "how"), [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds", 0, "long_term_debt", "bonds", "stated"),
    ("Foreigners bought 406.0 billion yen of Japanese bills", 0, "short_term_debt", "bills", "stated"),
    ("Foreign investors bought a net 192.2 billion yen of Japanese stocks", 0, "equity", "stocks", "stated"),
    ("They sold 50.1 billion yen worth of long-term and 20.3 billion yen worth of short-term debt", 0,
     "long_term_debt", "long-term", "stated"),
    ("They sold 50.1 billion yen worth of long-term and 20.3 billion yen worth of short-term debt", 1,
     "short_term_debt", "short-term debt", "stated"),
    # securities named in the sentence but outside the figure's clause
    ("In stocks, foreigners were net sellers, and they sold 300 billion yen", 0, "equity", "stocks", "carried"),
])
def test_read_instrument(nlp, text, figure, instrument, words, how):
    sent, fig = context(nlp, text, figure)
    found = step.read_instrument(LEX, sent, fig, "net_sale", ArticleState.start(PUBLISHED))
    assert (found.hit.value, found.hit.text, found.how) == (instrument, words, how)


def test_a_sentence_without_securities_carries_the_last_flows(nlp):
    sent, fig = context(nlp, "That followed net purchases of 514.5 billion yen.")
    state = ArticleState.start(PUBLISHED)
    assert step.read_instrument(LEX, sent, fig, "net_purchase", state) is None
    state.carried = BONDS
    found = step.read_instrument(LEX, sent, fig, "net_purchase", state)
    assert (found.hit.text, found.how, found.carried_market) == ("foreign bonds", "carried", "outward")


def test_investors_on_the_other_side_do_not_carry_the_securities(nlp):
    sent, fig = context(nlp, "Foreign investors sold 514.5 billion yen.")
    state = ArticleState.start(PUBLISHED)
    state.carried = BONDS  # Japanese investors' foreign bonds: foreign investors trade Japan's market
    assert step.read_instrument(LEX, sent, fig, "net_sale", state) is None


# -- market ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "market", "reading"), [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds", "outward", ("stated", "bonds")),
    ("Overseas investors bought 192.2 billion yen of Japanese stocks", "inward", ("stated", "stocks")),
    # another securities phrase of the clause says whose market it is
    ("In foreign bond markets, they added 300 billion yen of long-term debt securities", "outward",
     ("stated", "long-term debt securities")),
    ("They added 300 billion yen of bonds", None, None),
    # a conjunct with no noun of its own shares the last conjunct's modifier …
    ("They sold 228.8 billion yen worth of long-term and 103.8 billion yen worth of short-term foreign debt "
     "securities", "outward", ("stated", "long-term and 103.8 billion yen worth of short-term foreign debt securities")),
    # … but not when it has its own words, or when more than a figure stands between
    ("They sold 200 billion yen of bonds and 100 billion yen of foreign stocks", None, None),
    ("They sold 228.8 billion yen of long-term debt and bought 103.8 billion yen of short-term foreign debt",
     None, None),
])
def test_read_market(nlp, text, market, reading):
    sent, fig = context(nlp, text)
    instrument = step.read_instrument(LEX, sent, fig, "net_purchase", ArticleState.start(PUBLISHED))
    assert step.read_market(LEX, sent, fig, instrument) == (market, reading)


def test_money_from_overseas_comes_in_and_the_investors_in_view_set_the_market(nlp):
    state = ArticleState.start(PUBLISHED)
    sent, fig = context(nlp, "Inflows from overseas reached 300 billion yen of debt")
    assert step.market_from_actor(LEX, fig, state, {}) == ("inward", ("stated", "from overseas"))
    sent, fig = context(nlp, "They added 300 billion yen of bonds")
    assert step.market_from_actor(LEX, fig, state, {}) == (None, None)
    state.note_actor(Hit(0, 18, "outward", "Japanese investors"))
    readings = {"actor": ("carried", "They")}
    assert step.market_from_actor(LEX, fig, state, readings) == ("outward", ("carried", "They"))


# -- actor -------------------------------------------------------------------------------
def test_read_actor_stated_carried_or_none(nlp):
    state = ArticleState.start(PUBLISHED)
    sent, fig = context(nlp, "Japanese investors sold a net 862.6 billion yen of foreign bonds")
    hit, reading = step.read_actor(LEX, sent, fig, state)
    assert (hit.value, reading) == ("outward", ("stated", "Japanese investors"))
    sent, fig = context(nlp, "They sold 300 billion yen of foreign bonds")
    assert step.read_actor(LEX, sent, fig, state)[1] is None  # nobody in view yet
    state.note_actor(Hit(0, 18, "outward", "Japanese investors"))
    hit, reading = step.read_actor(LEX, sent, fig, state)
    assert (hit.value, reading) == ("pronoun", ("carried", "They"))


# -- country and sovereign debt ----------------------------------------------------------
@pytest.mark.parametrize(("text", "country", "instrument"), [
    ("Japanese investors sold 445.5 billion yen of German government bonds", "Germany", "sovereign_debt"),
    ("Japanese investors sold 445.5 billion yen of German bonds", "Germany", "long_term_debt"),
    ("Japanese investors sold 445.5 billion yen of foreign bonds", None, "long_term_debt"),
    # "government bonds" of no named country are not one country's sovereign debt
    ("Foreign investors bought 445.5 billion yen of government bonds", None, "long_term_debt"),
])
def test_read_country(nlp, text, country, instrument):
    sent, fig = context(nlp, text)
    hit = step.read_instrument(LEX, sent, fig, "net_sale", ArticleState.start(PUBLISHED)).hit
    assert step.read_country(LEX, sent, fig, hit, ArticleState.start(PUBLISHED)) == (country, instrument)


def test_the_nations_debt_is_the_country_in_view(nlp):
    text = "Japanese investors bought Australian sovereign bonds in June. They bought 300 billion yen of the nation's debt."
    sent, fig = context(nlp, text)
    state = ArticleState.start(PUBLISHED)
    hit = step.read_instrument(LEX, sent, fig, "net_purchase", state).hit
    assert step.read_country(LEX, sent, fig, hit, state) == (None, "long_term_debt")
    state.scope_topic["country"], state.recent_country = ("Australia", "Australian"), sent.index - 1
    state.sovereign_topic.add("Australia")
    assert step.read_country(LEX, sent, fig, hit, state) == ("Australia", "sovereign_debt")
    state.recent_country = sent.index - 2  # two sentences back: "the nation" is no longer it
    assert step.read_country(LEX, sent, fig, hit, state)[0] is None


# -- investor type -----------------------------------------------------------------------
def test_read_investor_stated_or_carried(nlp):
    state = ArticleState.start(PUBLISHED)
    text = "Life insurers bought 182.8 billion yen of foreign bonds, after 133.4 billion yen a month earlier"
    sent, fig = context(nlp, text, 0)
    assert step.read_investor(LEX, sent, fig, "outward", None, state) == ("life_insurers", "stated")
    sent, fig = context(nlp, text, 1)
    assert step.read_investor(LEX, sent, fig, "outward", None, state) == ("life_insurers", "carried: Life insurers")
    # foreigners buying Japanese securities are not one kind of Japanese investor
    assert step.read_investor(LEX, sent, fig, "inward", None, state) == (None, "stated")


def test_they_carries_the_kind_of_investor(nlp):
    state = ArticleState.start(PUBLISHED)
    state.note_actor(Hit(0, 13, "outward", "Japanese banks"))
    sent, fig = context(nlp, "That marked a reversal after they sold 200 billion yen in April")
    they = step.read_actor(LEX, sent, fig, state)[0]
    assert step.read_investor(LEX, sent, fig, "outward", they, state) == ("banks", "carried: they = Japanese banks")


# -- period ------------------------------------------------------------------------------
WEEK_APRIL_20 = Current(date(2013, 4, 14), date(2013, 4, 20), "week")


@pytest.mark.parametrize(("text", "figure", "words", "end", "reading"), [
    ("They sold a net 862.6 billion yen of foreign bonds in the week ended April 20", 0, None,
     date(2013, 4, 20), ("stated", "week ended April 20")),
    ("They sold a net 862.6 billion yen of foreign bonds in March", 0, None, date(2013, 3, 31), ("stated", "in March")),
    # a previous-week figure counts back from the week in view …
    ("They sold 862.6 billion yen, after 331.9 billion yen in the previous week", 1, "week ended April 20",
     date(2013, 4, 13), ("stated", "the previous week")),
    # … which, when the text stated none, is only the default
    ("They sold 862.6 billion yen, after 331.9 billion yen in the previous week", 1, None,
     date(2013, 4, 13), ("defaulted", "the previous week (counted from the week last published)")),
    # no period of its own: the week in view, carried from the text or defaulted
    ("They sold 862.6 billion yen of foreign bonds", 0, "week ended April 20", date(2013, 4, 20),
     ("carried", "week ended April 20")),
    ("They sold 862.6 billion yen of foreign bonds", 0, None, date(2013, 4, 20),
     ("defaulted", "the week last published before 2013-04-25")),
])
def test_read_period(nlp, text, figure, words, end, reading):
    sent, fig = context(nlp, text, figure)
    state = ArticleState(current=WEEK_APRIL_20, current_words=words)
    found = step.read_period(LEX, sent, fig, state, PUBLISHED)
    assert (found.resolved.end, found.reading) == (end, reading)


def test_a_stated_week_becomes_the_week_in_view_and_outranks_a_month(nlp):
    sent, fig = context(nlp, "They sold 862.6 billion yen of foreign bonds in the week ended April 6")
    found = step.read_period(LEX, sent, fig, ArticleState(current=WEEK_APRIL_20), PUBLISHED)
    assert (found.current.end, found.current_words) == (date(2013, 4, 6), "week ended April 6")
    sent, fig = context(nlp, "They sold 862.6 billion yen of foreign bonds in March")
    found = step.read_period(LEX, sent, fig, ArticleState(current=WEEK_APRIL_20, current_words="week ended April 20"),
                             PUBLISHED)
    assert found.resolved.granularity == "month" and found.current == WEEK_APRIL_20


def test_the_week_before_after_the_previous_week_is_two_back(nlp):
    text = "They sold 862.6 billion yen in the previous week and 331.9 billion yen the week before"
    sent, fig = context(nlp, text, 1)
    state = ArticleState(current=WEEK_APRIL_20, current_words="week ended April 20")
    assert step.read_period(LEX, sent, fig, state, PUBLISHED).resolved.end == date(2013, 4, 13)
    sent.has_previous = True
    assert step.read_period(LEX, sent, fig, state, PUBLISHED).resolved.end == date(2013, 4, 6)


# -- the whole reader: fields read and carried across sentences ---------------------------
@pytest.fixture(scope="module")
def reader():
    return blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows")


def read(reader, text: str):
    return run(reader, text, PUBLISHED)._.fc_flows


@pytest.mark.parametrize(("text", "expected"), [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds",
     {"direction": "net_sale", "instrument": "long_term_debt", "market": "outward", "data_source": "mof_weekly"}),
    ("Inflows from overseas into Japanese markets reached 300 billion yen of debt last week",
     {"direction": "net_purchase", "market": "inward"}),
    ("Domestic investors offloaded a net 8.75 trillion yen of Japanese shares last year",
     {"direction": "net_sale", "instrument": "equity", "market": "domestic", "data_source": "mof_monthly"}),
    ("Japanese investors snapped up 1.2 trillion yen of the nation's government bonds in March",
     {"market": "domestic", "instrument": "long_term_debt", "country": None}),
    ("Japanese investors sold 445.5 billion yen of German government bonds in March",
     {"instrument": "sovereign_debt", "country": "Germany", "market": "outward", "data_source": "bop"}),
    ("Life insurers bought 182.8 billion yen of foreign bonds in March",
     {"investor_type": "life_insurers", "data_source": "mof_by_investor"}),
    ("Foreigners bought a net 67.67 billion yen of Japanese stocks last week, according to the Tokyo Stock Exchange",
     {"market": "inward", "data_source": "exchange"}),
])
def test_the_reader_fields(reader, text, expected):
    flow = read(reader, text)[0]
    assert {name: getattr(flow, name) for name in expected} == expected


def test_actor_securities_and_week_carry_to_the_next_sentence(reader):
    text = ("Japanese investors saw heavy outflows in the week to April 6. They sold 300 billion yen of foreign bonds. "
            "That followed net purchases of 514.5 billion yen.")
    first, second = read(reader, text)
    assert (first.actor, first.period.end, first.readings["period"]) == (
        "Japanese investors", date(2013, 4, 6), ("carried", "week to April 6"))
    assert (second.instrument, second.market, second.readings["instrument"]) == (
        "long_term_debt", "outward", ("carried", "bonds"))


def test_a_gross_figure_makes_the_next_one_in_its_sentence_gross(reader):
    text = "Their gross buying of foreign bonds was 9.49 trillion yen while their selling was 8.60 trillion yen."
    assert [f.direction for f in read(reader, text)] == ["gross_purchase", "gross_sale"]


def test_the_words_quoted_for_a_country_start_at_a_whole_word(reader):
    text = "Japanese investors sold a net 185 billion yen of German debt in March."
    words = read(reader, text)[0].readings["country"][1]
    assert words.endswith("German debt") and text[text.index(words) - 1] == " "


def test_a_carried_kind_of_investor_is_quoted_without_the_readers_own_label(reader):
    text = "Life insurers were cautious. Insurance companies bought 182.8 billion yen of foreign bonds in March, " \
           "in contrast to 133.4 billion yen a month ago."
    readings = [f.readings.get("investor_type") for f in read(reader, text)]
    assert readings and all(r is None or "carried:" not in r[1] for r in readings)
