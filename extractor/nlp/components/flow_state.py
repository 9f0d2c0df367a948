"""What the flow reader knows while it reads an article, as named types.

Flow stories state things once and lean on them after: "Japanese investors sold a net 862.6
billion yen of foreign bonds in the week ended April 20. They also bought 310 billion yen …".
The second figure's actor, securities and week come from the first sentence. Three scopes
hold what is carried:

- :class:`ArticleState` — carried from sentence to sentence (the week in view, the investors
  in view, the securities of the last flow, the country the story is about …); it changes only
  through its ``note_*`` methods, each of which says when it applies;
- :class:`Sentence` — one sentence's phrases, plus what its earlier figures leave for its later
  ones (a "previous week" already counted, gross figures, the last flow's direction);
- :class:`Figure` and :class:`FigureReading` — one figure's clause window, and what the reader
  made of it, field by field, with how each field was read (``readings``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp.components.flow_lexicon import Hit
from extractor.nlp.mentions import AmountMention, PeriodMention

Reading = tuple[str, str | None]  # (stated | carried | defaulted, the words that set the field)

WITHOUT_OWN_GRANULARITY = ("week", "multi_week", "month", None)  # spans a later sentence may not inherit


SIDE_SPANS = ("to_date", "quarter")
"""Spans that qualify their own figure and do not carry to the next sentence: "so far this
quarter", "in the last quarter" beside a week's figures (a span that opens a paragraph, "in the
first eight months", does)."""


class Current(NamedTuple):
    """The period a figure with none of its own is about."""

    start: date | None
    end: date | None
    granularity: str | None


class Securities(NamedTuple):
    """Securities words and the market they were read in: ("foreign bonds", "outward")."""

    hit: Hit
    market: str | None


@dataclass
class Frame:
    """What the sentence's last flow said, for a later figure that says less ("… and 20.3 billion")."""

    direction: str | None
    direction_words: str | None
    instrument_hit: Hit | None


@dataclass
class Sentence:
    """One sentence and the phrases found in it; ``has_previous``, ``gross`` and ``frame`` are
    what its earlier figures leave for its later ones."""

    doc: Doc
    text: str  # the whole article's text: every offset below is into it
    index: int
    start: int
    end: int
    amounts: list[AmountMention]
    directions: list[Hit]
    instruments: list[Hit]
    actors: list[Hit]
    periods: list[PeriodMention]  # the sentence's periods a flow figure can be about
    exchange: bool  # names exchange data ("according to the Tokyo Stock Exchange")
    names_mof: bool
    has_previous: bool = False  # a "previous week" was counted: "the week before" is one more back
    gross: bool = False  # "their gross buying was 9.49 trillion yen while their selling was 8.60 trillion"
    frame: Frame | None = None

    @property
    def words(self) -> str:
        return self.text[self.start:self.end]

    @property
    def candidates(self) -> list[AmountMention]:
        """The figures that may be flows: every amount but a conversion ("($8.7 billion)")."""
        return [a for a in self.amounts if a.conversion_of is None]

    @property
    def named_actors(self) -> list[Hit]:
        return [a for a in self.actors if a.value != "pronoun"]


@dataclass
class Figure:
    """One figure and its clause window [lo, hi): from the previous figure to the next one."""

    amount: AmountMention
    lo: int
    hi: int
    window: str  # text[lo:hi]


@dataclass
class FigureReading:
    """What one figure says, field by field, with ``readings``: how each field was read."""

    direction: str | None = None
    instrument_hit: Hit | None = None
    instrument_how: str = "stated"
    carried_market: str | None = None  # the market of securities carried from an earlier flow
    instrument: str | None = None
    market: str | None = None
    actor_hit: Hit | None = None
    country: str | None = None
    investor_type: str | None = None
    investor_how: str = "stated"  # "stated", or "carried: <words>"
    period: PeriodMention | None = None  # as resolved (relative weeks counted back)
    data_source: str = "unspecified"
    readings: dict[str, Reading] = field(default_factory=dict)


@dataclass
class PeriodReading:
    """A figure's period and what reading it does to the week in view."""

    period: PeriodMention | None  # as stated (or carried from a span)
    resolved: PeriodMention | None
    reading: Reading | None
    current: Current | None
    current_words: str | None
    has_previous: bool


@dataclass
class ArticleState:
    """What the reader carries from sentence to sentence. Read by the steps, changed only here."""

    # the last week or month the text stated, else the last week MoF published before the story
    current: Current | None
    current_words: str | None = None  # the words that set ``current``; None while it is the default
    actor_market: str | None = None  # the investors in view ("Japanese investors" → outward) …
    actor_text: str | None = None  # … and their words, for "They sold …"
    carried: Securities | None = None  # the last flow's securities, for "That followed …"
    topic: Securities | None = None  # the article's first securities named with a market
    scope_topic: dict[str, tuple[str, str]] = field(default_factory=dict)  # a country or investor kind in view
    last_span: tuple[PeriodMention, int] | None = None  # a stated span longer than a month, and its sentence
    sovereign_topic: set[str] = field(default_factory=set)  # countries whose government debt a flow sentence named
    recent_country: int = -9  # the last sentence that named a country: "the nation's" in it or the next refers to it

    @classmethod
    def start(cls, published: date | None) -> ArticleState:
        return cls(current=Current(*mcal.last_released_week(published), "week") if published else None)

    def note_sentence(self, sovereign: set[str], topic: Securities | None) -> None:
        """On entering a sentence: the government debt it names in a flow sentence, and the
        article's topic securities if none was set yet."""
        self.sovereign_topic |= sovereign
        if self.topic is None:
            self.topic = topic

    def note_actor(self, hit: Hit) -> None:
        """Named investors ("Japanese investors") are who "They" are from now on."""
        self.actor_market, self.actor_text = hit.value, hit.text

    def note_scope(self, noted_country: tuple[str, str] | None, reading: FigureReading, index: int) -> None:
        """The country and investor kind a figure is about, or a country its sentence names."""
        if noted_country is not None:
            self.scope_topic["country"] = noted_country
        if reading.country is not None:
            self.scope_topic["country"] = (reading.country, reading.readings["country"][1] or reading.country)
            self.recent_country = index
        if reading.investor_type is not None:
            self.scope_topic["investor_type"] = (reading.investor_type,
                                                 reading.readings["investor_type"][1] or reading.investor_type)

    def note_period(self, step: PeriodReading) -> None:
        self.current, self.current_words = step.current, step.current_words

    def note_flow(self, reading: FigureReading, index: int) -> None:
        """After a flow: a stated span longer than a month may cover the next sentence, and its
        securities are what "That followed …" is about."""
        resolved = reading.period
        if resolved is not None and resolved.granularity not in WITHOUT_OWN_GRANULARITY \
                and resolved.label not in SIDE_SPANS and reading.readings["period"][0] in ("stated", "carried"):
            self.last_span = (resolved, index)
        self.carried = Securities(reading.instrument_hit, reading.market)  # type: ignore[arg-type]

    def note_sentence_without_flow(self, index: int, named_countries: list[tuple[str, str]],
                                   weeks: list[PeriodMention], months: list[PeriodMention]) -> None:
        """A sentence with no flow figure still sets the scope: the country it names ("Japanese
        investors bought Australian sovereign bonds in June" → "the South Pacific nation's
        debt" later), the week it names ("… heavy outflows in the week to July 26"), and, in a
        story that has stated no week, the month it names."""
        if named_countries:
            self.scope_topic["country"] = named_countries[-1]
            self.recent_country = index
        if weeks:
            self.current = Current(weeks[-1].start, weeks[-1].end, weeks[-1].granularity)
            self.current_words = weeks[-1].text
        elif months and (self.current_words is None or (self.current and self.current.granularity == "month")):
            self.current = Current(months[-1].start, months[-1].end, months[-1].granularity)
            self.current_words = months[-1].text

    def note_sentence_end(self, named_actors: list[Hit]) -> None:
        """The sentence's last named investors are who "They" are in the next one."""
        if named_actors:
            self.note_actor(named_actors[-1])
