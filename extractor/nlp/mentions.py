"""What the spaCy components find, stored on the Doc (``doc._.fc_*``).

Mentions are plain dataclasses with character offsets into ``doc.text``: the claims builder
turns them into the typed claims of :mod:`extractor.claims.model`. Keeping them separate lets
each component be tested on its own output.

Mentions that belong together hold each other, not positions in a list: a flow holds its
``AmountMention`` (and its dollar conversion's), a conversion holds the amount it converts, a
qualifier ("a sixth straight week") holds the flow it qualifies.
``fc_tables`` appends table cells to ``doc._.fc_amounts`` after the flows are read, and a later
component may re-sort the list; a position would then silently name another figure, an object
cannot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc


@dataclass
class Mention:
    start_char: int
    end_char: int
    text: str
    sent: int  # index of the sentence in doc.sents order


@dataclass
class AmountMention(Mention):
    value: float  # signed, in units of the currency
    currency: str | None
    currency_explicit: bool
    precision: float  # one unit of the last stated digit, in the currency
    approximate: bool = False
    signed: bool = False  # the text carried an explicit + or - sign
    # the amount this one converts, e.g. "($8.7 billion)" after "862.6 billion yen"
    conversion_of: AmountMention | None = None
    role: str = "unassigned"  # flow, conversion, statistic, move …


@dataclass
class PeriodMention(Mention):
    label: str  # week_ended, last_week, previous_week, month, since_start, deadline …
    start: date | None = None
    end: date | None = None
    granularity: str | None = None
    month: int | None = None
    day: int | None = None
    year_stated: bool = False


@dataclass
class AttributionMention(Mention):
    name: str
    kind: str  # data, person, organization
    role: str | None = None
    affiliation: str | None = None


@dataclass
class FlowMention(Mention):
    amount: AmountMention  # the figure (one of doc._.fc_amounts)
    actor: str | None
    market: str | None
    instrument: str | None
    direction: str | None
    period: PeriodMention | None
    data_source: str
    usd_amount: AmountMention | None = None  # its dollar conversion ("($8.7 billion)"), if any
    converted_from_usd: bool = False
    notes: list[str] = field(default_factory=list)
    country: str | None = None  # "German bonds" → Germany: one country's securities (balance-of-payments data)
    investor_type: str | None = None  # "life insurers", "trust banks" … (MoF's by-investor data)
    # how each field was read: field → (stated|carried|defaulted|inferred, the words that set it)
    readings: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # other readings the text allows (flowcheck_readings): how, words and the fields they change
    candidates: list[CandidateMention] = field(default_factory=list)


@dataclass
class CandidateMention:
    """Another reading of a flow figure the text allows (see ``claims.model.Candidate``)."""

    how: str  # sentence, headline, release, cumulative, words
    words: str | None = None
    start: date | None = None
    end: date | None = None  # None for an open cumulative span ("since January"): it runs to the release in view
    granularity: str | None = None
    instrument: str | None = None
    direction: str | None = None


@dataclass
class QualifierMention(Mention):
    kind: str  # streak, first_in, ratio, record
    flow: FlowMention | None = None  # the flow it qualifies (one of doc._.fc_flows)
    other_flow: FlowMention | None = None  # for ratios: the flow compared with
    count: int | None = None
    factor: float | None = None
    operator: str = "about"
    superlative: str | None = None
    since: date | None = None
    window_weeks: int | None = None
    unit: str = "week"  # streaks: "third straight month" counts months


@dataclass
class MoveMention(Mention):
    series: str
    subject: str
    move: str
    from_value: float | None = None
    from_qualifier: str | None = None
    from_period: tuple[date, date] | None = None
    to_value: float | None = None
    change_pct: float | None = None
    change_qualifier: str | None = None
    since: date | None = None


@dataclass
class ForecastMention(Mention):
    forecaster: str | None
    affiliation: str | None
    statement: str
    market: str | None
    instrument: str | None
    direction: str | None
    rule: str
    deadline: PeriodMention | None
    window: PeriodMention | None = None  # the period the forecast is about (its start; deadline = its end)
    more: bool = True
    # issue 12: the test a forecast implies and what it is conditional on (see components/forecast_reader.py)
    test: str = "sign"  # sign, size, change, record
    amount_low: float | None = None  # in ``currency``
    amount_high: float | None = None
    currency: str | None = None
    amount_text: str | None = None
    approximate: bool = False
    compare: tuple[date, date] | None = None  # for "change": the period compared with
    record: str | None = None
    record_since: date | None = None  # "the biggest since 2013": compared with periods from 2014 on
    condition: str | None = None
    condition_test: tuple[str, str, float] | None = None  # (FRED series, ">=" or "<=", level): observable
    negated: bool = False
    vague: str | None = None  # "soon", "in coming months": no window stated
    investor_type: str | None = None
    country: str | None = None
    single_company: str | None = None  # the one firm whose own plan this is


@dataclass
class StatisticMention(Mention):
    value: float | None
    unit: str | None


EXTENSIONS = (
    "fc_amounts", "fc_periods", "fc_attributions", "fc_flows", "fc_qualifiers",
    "fc_market_moves", "fc_forecasts", "fc_statistics",
)


def register_extensions() -> None:
    """Doc attributes the components write; ``published`` is set by the caller before."""
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)
    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


register_extensions()
