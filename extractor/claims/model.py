"""The claim kinds: one typed definition each, used by the CLI, the report and (later) the
store and the API. ``AuditReport.model_json_schema()`` is the documented JSON schema;
``SCHEMA_VERSION`` changes whenever a field is renamed or removed.

Field names other tools rely on are fixed by the audit issue: ``kind``; for flows
``market``, ``instrument``, ``direction``, ``amount_jpy``, ``period_start``, ``period_end``;
and on every claim ``text``, ``char_start``, ``char_end``, ``sources``, ``verdict``,
``official``, ``explanation``.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.1"

Market = Literal["outward", "inward", "domestic"]  # domestic: Japanese investors in Japanese securities
Instrument = Literal["equity", "long_term_debt", "short_term_debt", "debt", "total", "sovereign_debt", "other"]
Direction = Literal["net_purchase", "net_sale", "gross_purchase", "gross_sale"]
Granularity = Literal["week", "multi_week", "month", "multi_month", "quarter", "half_year", "year", "fiscal_year",
                      "ytd", "other"]
DataSource = Literal["mof_weekly", "mof_monthly", "mof_by_investor", "bop", "exchange", "other", "unspecified"]
InvestorType = Literal["banks", "trust_banks", "trust_accounts", "life_insurers", "non_life_insurers",
                       "investment_trusts", "financial_instruments_firms", "public_sector", "central_bank",
                       "general_government", "others", "pension_funds"]
ReadingHow = Literal["stated", "carried", "defaulted", "inferred"]
CandidateHow = Literal["sentence", "headline", "release", "cumulative", "words"]
ForecastTest = Literal["sign", "size", "change", "record"]
ForecastReason = Literal["vague", "conditional", "single_company", "no_series", "no_date", "no_data",
                         "awaiting_data"]


class Verdict(StrEnum):
    """What the official data says about a claim."""

    accurate = "accurate"  # the official figure rounds to the stated one
    close = "close"  # within 5 % or 30 bn yen: the size of routine revisions
    inaccurate = "inaccurate"
    wrong_direction = "wrong_direction"  # stated buying where the data show selling, or vice versa
    unverifiable = "unverifiable"  # no official series for it, or no number; the reason is given
    pending = "pending"  # the period is after the data's end
    came_true = "came_true"  # forecasts
    did_not_come_true = "did_not_come_true"
    unresolvable = "unresolvable"  # a forecast with no checkable target or deadline


class Source(BaseModel):
    """Who or what a claim is attributed to."""

    name: str
    kind: Literal["data", "person", "organization"]
    role: str | None = None
    affiliation: str | None = None


class Official(BaseModel):
    """The official figure(s) a verdict rests on, with the series, period and vintage used."""

    series: str
    value: float | None = None
    unit: str
    period_start: date | None = None
    period_end: date | None = None
    values: dict[str, float] = Field(default_factory=dict)
    vintage: str | None = None


class Reading(BaseModel):
    """How one field of a claim was read from the text: an accusation may rest only on fields
    that were ``stated`` in the claim's own clause or ``carried`` unambiguously from earlier text,
    never on ``defaulted`` (e.g. the article's current week) or ``inferred`` ones."""

    how: ReadingHow
    words: str | None = Field(None, description="The words that set the field, when there are any.")


class Candidate(BaseModel):
    """Another reading of a flow figure that the text allows: a period named elsewhere in the
    sentence or in the headline, the release the story is about, a cumulative span the text
    names, or what the words allow for the securities ("bonds": long-term, or with bills) or the
    direction (a bought/sold pair without "net": gross). The reader proposes candidates; the
    reconciler checks each against the data and keeps one only when the stated figure rounds to
    the official one at the precision stated. Fields left empty keep the primary reading's."""

    how: CandidateHow
    words: str | None = Field(None, description="The words of the text that allow this reading.")
    period_start: date | None = None
    period_end: date | None = None
    granularity: Granularity | None = None
    instrument: Instrument | None = None
    direction: Direction | None = None


class ClaimBase(BaseModel):
    model_config = ConfigDict(use_enum_values=False)

    id: str
    text: str = Field(description="The exact sentence that carries the claim.")
    char_start: int = Field(description="Offset of `text` in the article text.")
    char_end: int
    mention: str = Field(description="The words of the claim itself, e.g. the amount.")
    mention_start: int
    mention_end: int
    sources: list[Source] = Field(default_factory=list)
    verdict: Verdict | None = None
    official: Official | None = None
    explanation: str | None = None
    related: list[str] = Field(default_factory=list, description="Ids of claims this one qualifies.")


class FlowClaim(ClaimBase):
    """A stated net flow: who, which securities, which way, how much, which period."""

    kind: Literal["flow"] = "flow"
    actor: str | None = None
    market: Market | None = None
    instrument: Instrument | None = None
    direction: Direction | None = None
    amount_jpy: float | None = None
    amount_text: str
    amount_precision_jpy: float | None = Field(
        None, description="One unit of the last stated digit, in yen (862.6 billion → 100 million)."
    )
    approximate: bool = False
    currency_inferred: bool = Field(False, description="A bare figure that took the currency of its context.")
    usd: float | None = None
    usd_text: str | None = None
    converted_from_usd: bool = False
    period_text: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    granularity: Granularity | None = None
    data_source: DataSource = "unspecified"
    country: str | None = Field(None, description="Country or region of the securities, when the figure is "
                                                  "for one (\"United States\", \"France\", \"Europe\").")
    investor_type: InvestorType | None = None
    readings: dict[str, Reading] = Field(
        default_factory=dict,
        description="How period, direction, market, instrument and actor were read (stated, carried, defaulted).")
    candidates: list[Candidate] = Field(
        default_factory=list, description="Other readings the text allows, checked against the data when the "
                                          "primary reading does not match.")
    reading_chosen: str | None = Field(
        None, description="Set when the data chose another reading than the primary one: which, and why "
                          "(\"the month in the headline, May 2025\").")
    readings_rejected: list[str] = Field(
        default_factory=list, description="Other readings checked against the data that do not match exactly.")


class ConversionClaim(ClaimBase):
    """A currency conversion stated beside an amount, e.g. 862.6 billion yen ($8.7 billion)."""

    kind: Literal["conversion"] = "conversion"
    amount_jpy: float
    usd: float
    usd_text: str
    implied_rate: float = Field(description="Yen per dollar implied by the two stated figures.")
    rate_date: date | None = None


class StreakClaim(ClaimBase):
    """A run of weeks in one direction: "a sixth straight week", "first net buying in 12 weeks"."""

    kind: Literal["streak"] = "streak"
    form: Literal["straight", "first_in"] = "straight"
    count: int
    unit: Literal["week", "month"] = "week"
    market: Market | None = None
    instrument: Instrument | None = None
    direction: Direction | None = None
    period_end: date | None = None


class ComparisonClaim(ClaimBase):
    """A comparison of a figure with another figure or with the series' history."""

    kind: Literal["comparison"] = "comparison"
    relation: Literal["ratio", "record"]
    operator: Literal["more_than", "less_than", "about", "exactly"] = "about"
    factor: float | None = Field(None, description="For ratios: 2 for 'double'.")
    superlative: Literal["largest", "smallest"] | None = None
    since: date | None = Field(None, description="For records: the first day after the referenced period "
                                                 "('the biggest since Oct. 12' compares the weeks after that week).")
    window_weeks: int | None = Field(None, description="For records: 'the most in N weeks'.")
    market: Market | None = None
    instrument: Instrument | None = None
    direction: Direction | None = None
    period_end: date | None = None
    other_period_end: date | None = None


class MarketMoveClaim(ClaimBase):
    """A move in a market price: a yield from/to, or a currency's percentage change."""

    kind: Literal["market_move"] = "market_move"
    series: Literal["DGS10", "DEXJPUS"]
    subject: str
    move: Literal["rise", "fall"]
    from_value: float | None = None
    from_qualifier: Literal["above", "below", "about"] | None = None
    from_period_start: date | None = None
    from_period_end: date | None = None
    to_value: float | None = None
    to_date: date | None = None
    change_pct: float | None = None
    change_qualifier: Literal["more_than", "less_than", "about"] | None = None
    since: date | None = None


class ForecastClaim(ClaimBase):
    """A forward-looking statement about flows, resolved once the data arrives."""

    kind: Literal["forecast"] = "forecast"
    forecaster: str | None = None
    affiliation: str | None = None
    statement: str
    market: Market | None = None
    instrument: Instrument | None = None
    direction: Direction | None = None
    rule: Literal["first_week", "every_week", "sum", "total"] = Field(
        "first_week", description="first_week: the first week (or month) in the window going the stated way; "
                                  "every_week: all of them; sum: the window's total against the same span a year "
                                  "earlier; total: the window's total alone (sign, size or record).")
    window_start: date | None = Field(None, description="Start of the window the forecast is about ('fiscal "
                                                        "2014' → 1 April 2014); none: from the forecast's date.")
    more: bool = Field(True, description="For 'sum': the forecast says more (True) or less (False) than before.")
    deadline_text: str | None = None
    deadline: date | None = None
    made_on: date | None = None
    evidence_period_start: date | None = None
    evidence_period_end: date | None = None
    # schema 1.1, issue 12: what the forecast tests, on which statistic, and why it could not be settled
    test: ForecastTest = Field("sign", description="sign: net buying/selling; size: an amount or range; change: "
                                                   "more/less than a comparison period; record: beyond the "
                                                   "series' history.")
    amount_text: str | None = None
    amount_low_jpy: float | None = Field(None, description="For 'size': the stated amount, or a range's low end.")
    amount_high_jpy: float | None = Field(None, description="For 'size': a range's high end (= low for one figure).")
    usd_low: float | None = None
    usd_high: float | None = None
    approximate: bool = False
    compare_start: date | None = Field(None, description="For 'change': the period the forecast window is "
                                                         "compared with ('slower than in 2016').")
    compare_end: date | None = None
    record: str | None = Field(None, description="For 'record': the words, e.g. 'first net annual sales ever'.")
    record_since: date | None = Field(None, description="For 'record' since a year: the first day compared "
                                                        "('the biggest since 2013' → 1 Jan 2014).")
    condition: str | None = Field(None, description="'if the BOJ raises the cap': resolved only when the data "
                                                    "can observe it.")
    condition_series: Literal["DEXJPUS", "DGS10"] | None = Field(
        None, description="A condition the data can observe ('if the yen weakens past 150'): the series …")
    condition_op: Literal[">=", "<="] | None = None
    condition_level: float | None = Field(None, description="… and the level it must reach.")
    negated: bool = Field(False, description="'do not plan to boost holdings': the forecast is that the flow "
                                             "will NOT happen.")
    window_basis: Literal["stated", "default"] = "stated"
    window_text: str | None = Field(None, description="The words that set the window ('fiscal 2014', "
                                                      "'next year'); none when the default window is used.")
    investor_type: InvestorType | None = None
    country: str | None = None
    company: str | None = Field(None, description="The one firm whose own plan the forecast is: no market "
                                                  "statistic settles it.")
    data_source: DataSource | None = Field(None, description="The statistic the forecast is resolved on.")
    status_reason: ForecastReason | None = Field(None, description="Why a forecast is unresolvable (or pending).")
    briefly: str | None = Field(None, description="When the test was met only briefly: what happened after.")


class StatisticClaim(ClaimBase):
    """Any other numeric statement: kept so nothing is dropped, verdict usually unverifiable."""

    kind: Literal["statistic"] = "statistic"
    value_text: str
    value: float | None = None
    unit: str | None = None


Claim = Annotated[
    FlowClaim | ConversionClaim | StreakClaim | ComparisonClaim | MarketMoveClaim | ForecastClaim | StatisticClaim,
    Field(discriminator="kind"),
]


class DateCandidate(BaseModel):
    """A publication date proposed by matching the article's flow figures to the MoF series."""

    published: date = Field(description="The Thursday MoF released the week.")
    week_start: date
    week_end: date
    matched: int = Field(description="Flow figures that match the official data for that week.")
    of: int
    applied: bool = Field(description="Whether the audit used it (only when the text pins the day and month).")


class ArticleInfo(BaseModel):
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_basis: Literal["given", "metadata", "text", "inferred", "unknown"] = "unknown"
    publisher: str | None = None
    path: str | None = None
    date_candidates: list[DateCandidate] = Field(default_factory=list)


class AuditReport(BaseModel):
    """What ``flowcheck audit`` and ``extract`` emit as JSON."""

    schema_version: str = SCHEMA_VERSION
    article: ArticleInfo
    claims: list[Claim]
    sources: list[Source] = Field(default_factory=list)
    data: list[dict[str, str | None]] = Field(default_factory=list, description="Vintages used.")
    reconciled: bool = False
