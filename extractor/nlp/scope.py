"""Small pure rules of the flow reader's scope reading, kept apart so each can be tested alone:
which statistics a figure comes from, and which stated periods become the default for the
figures after them."""

from __future__ import annotations

from extractor.nlp.mentions import PeriodMention

ABSOLUTE_WEEKS = {"week_ended", "week_range", "table_week", "last_week", "last_week_of_year"}


_MONTHLY = {"month", "multi_month", "quarter", "half_year", "year", "fiscal_year"}


def data_source(exchange: bool, bop: bool, mof: bool, country: str | None, investor_type: str | None,
                 granularity: str | None) -> str:
    """Which statistics a figure comes from, by its cues: exchange data by name; one country's
    securities or a balance-of-payments cue → bop; one kind of investor → MoF by investor type;
    a month or longer → MoF monthly; a week → MoF weekly."""
    if exchange:
        return "exchange"
    if country is not None or bop:
        return "bop"
    if investor_type is not None:
        return "mof_by_investor"
    if granularity in _MONTHLY:
        return "mof_monthly"
    if mof or granularity in ("week", "multi_week"):
        return "mof_weekly"
    return "unspecified"


def sets_current(period: PeriodMention) -> bool:
    """A stated week or calendar month becomes what the following figures are about."""
    return period.start is not None and (period.label in ABSOLUTE_WEEKS or period.granularity == "month")
