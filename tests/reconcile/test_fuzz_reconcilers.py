"""The reconcilers never raise: any claim of any kind, about any period, gets a verdict and a reason.

A crawl feeds flowcheck stories of every date, and a story's words can put a period anywhere
("the biggest since 2015" in a story dated 2013, a month the data have not reached, a week before
the series starts). Hypothesis builds claims of every kind in ``claims/model.py`` from the fields'
own types — every Literal value, None where a field allows it — with dates drawn at, around and
far from the edges of every official series' coverage, and runs them through ``reconcile_all``
as an audit does. Each claim must come back with a verdict and an explanation.
"""

from __future__ import annotations

import os
import types
import typing
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor.claims.model import (
    ComparisonClaim,
    ConversionClaim,
    FlowClaim,
    ForecastClaim,
    InvestorType,
    MarketMoveClaim,
    StatisticClaim,
    StreakClaim,
)
from extractor.official.sources import Registry
from extractor.reconcile import reconcile_all
from extractor.reconcile.context import Context
from extractor.reconcile.monthly_history import monthly_record

KINDS = (FlowClaim, ConversionClaim, StreakClaim, ComparisonClaim, MarketMoveClaim, ForecastClaim, StatisticClaim)
LEFT_TO_THE_RECONCILER = {"id", "kind", "text", "char_start", "char_end", "mention", "mention_start", "mention_end",
                          "sources", "verdict", "official", "explanation", "related", "readings", "status_reason",
                          "briefly"}
EXAMPLES = int(os.environ.get("FLOWCHECK_FUZZ_EXAMPLES", "150"))  # per claim kind (CI: 1,050 in all, about a minute)

_REGISTRY = Registry().load_all()
_EDGES = sorted({edge + timedelta(days=shift)
                 for source in _REGISTRY.all() for edge in (source.coverage().start, source.coverage().end)
                 for shift in (-400, -35, -8, -7, -1, 0, 1, 6, 7, 31, 366)})
DAYS = st.one_of(st.sampled_from(_EDGES), st.dates(date(1995, 1, 1), date(2035, 12, 31)))
NEAR = (-3650, -400, -60, -35, -7, -1, 0, 1, 7, 35, 60, 400, 3650)  # days from the flow's period end
AMOUNTS = st.one_of(st.sampled_from([0.0, 1.0, -1.0, 5e8, -5e8, 1e11, -1e11, 8.626e11, 4.256e12, -4.256e12, 1e15]),
                    st.floats(-1e14, 1e14, allow_nan=False))


def _strategy(annotation) -> st.SearchStrategy:
    """Values of a field's declared type (pydantic has resolved the annotations)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return st.one_of(*[_strategy(a) for a in args])
    if typing.get_origin(annotation) is typing.Literal:
        return st.sampled_from(args)
    if annotation is type(None):
        return st.none()
    if typing.get_origin(annotation) is list:
        return st.just([])  # readings the reader proposes (FlowClaim.candidates …): none, as a bare claim has
    if annotation is date:
        return DAYS
    if annotation is float:
        return AMOUNTS
    if annotation is int:
        return st.integers(0, 700)
    if annotation is bool:
        return st.booleans()
    if annotation is str:
        return st.sampled_from(["", "net", "the week", "Japanese investors", "fiscal 2014", "62.5 billion yen"])
    return st.none()


def _fields(kind) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({name: _strategy(field.annotation) for name, field in kind.model_fields.items()
                                  if name not in LEFT_TO_THE_RECONCILER})


def _base(claim_id: str, related: list[str]) -> dict:
    return {"id": claim_id, "text": "A sentence.", "char_start": 0, "char_end": 11, "mention": "A sentence",
            "mention_start": 0, "mention_end": 10, "related": related}


@st.composite
def _flow(draw) -> FlowClaim:
    """A flow whose period is a span ending on a drawn day (a week, a month, a quarter, a year …)."""
    values = draw(_fields(FlowClaim))
    end = draw(DAYS)
    length = draw(st.sampled_from([None, 0, 6, 13, 27, 30, 89, 181, 364, 3000]))
    values["period_end"] = None if length is None else end
    values["period_start"] = None if length is None else end - timedelta(days=length)
    if values.get("amount_text") is None:
        values["amount_text"] = "1 billion yen"
    return FlowClaim(**_base("f1", []), **values)


@st.composite
def _coherent_flow(draw) -> FlowClaim:
    """A flow as the reader makes them: a net flow of one market and securities over a whole week
    (ending on a Saturday, as MoF's do), month, quarter or year, so the monthly and weekly series
    are reached often and their edges tried."""
    day = draw(DAYS)
    unit = draw(st.sampled_from(["week", "month", "quarter", "year"]))
    if unit == "week":
        end = day + timedelta(days=(5 - day.weekday()) % 7)
        start = end - timedelta(days=6)
    else:
        months = {"month": 1, "quarter": 3, "year": 12}[unit]
        first = (day.month - 1) // months * months + 1
        start = date(day.year, first, 1)
        nxt = date(day.year + (first + months > 12), (first + months - 1) % 12 + 1, 1)
        end = nxt - timedelta(days=1)
    direction = draw(st.sampled_from(["net_purchase", "net_sale"]))
    amount = draw(st.floats(1e8, 5e12)) * (1 if direction == "net_purchase" else -1)
    return FlowClaim(**_base("f1", []), market=draw(st.sampled_from(["outward", "inward"])),
                     instrument=draw(st.sampled_from(["equity", "long_term_debt", "short_term_debt", "debt", "total"])),
                     direction=direction, amount_jpy=amount, amount_text="1 billion yen", period_start=start,
                     period_end=end, granularity=unit,
                     data_source=draw(st.sampled_from(["unspecified", "mof_weekly", "mof_monthly", "mof_by_investor",
                                                       "bop"])),
                     investor_type=draw(st.none() | st.sampled_from(typing.get_args(InvestorType))),
                     country=draw(st.none() | st.sampled_from(["United States", "France", "Europe", "Atlantis"])))


@st.composite
def _claims(draw, kind) -> tuple[date | None, list]:
    """A publication date and a flow plus, for other kinds, a claim of that kind qualifying it."""
    flow = draw(_flow() | _coherent_flow())
    published = draw(st.none() | DAYS)
    if kind is FlowClaim:
        return published, [flow]
    values = draw(_fields(kind))
    if flow.period_end is not None:  # the other periods in view, often near the flow's: before it or after it
        for name, value in values.items():
            if isinstance(value, date) and draw(st.booleans()):
                values[name] = flow.period_end + timedelta(days=draw(st.sampled_from(NEAR)))
    for name in ("amount_jpy", "usd", "implied_rate", "usd_text", "statement", "subject", "series", "value_text"):
        if name in kind.model_fields and values.get(name) is None and kind.model_fields[name].is_required():
            values[name] = {"usd_text": "$1bn", "statement": "they will buy", "subject": "yen",
                            "value_text": "3%"}.get(name, 1.0)
    return published, [flow, kind(**_base("c1", [flow.id]), **values)]


@pytest.fixture(scope="module")
def registry():
    return _REGISTRY


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.__name__)
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
@given(data=st.data())
def test_every_claim_gets_a_verdict_and_an_explanation(kind, data, registry):
    published, claims = data.draw(_claims(kind))
    reconcile_all(claims, Context(registry, published))
    for claim in claims:
        assert claim.verdict is not None, claim
        assert claim.explanation, claim


def _april_2013_sale(market: str = "outward", instrument: str = "long_term_debt") -> FlowClaim:
    return FlowClaim(**_base("f1", []), market=market, instrument=instrument, direction="net_sale",
                     amount_jpy=-1e11, amount_text="100 billion yen", period_start=date(2013, 4, 1),
                     period_end=date(2013, 4, 30), granularity="month", data_source="mof_monthly")


def test_a_record_since_a_month_after_the_claims_month_is_unverifiable_with_the_reason(registry):
    """"The biggest since July 2022" in a story dated 2013 (the crawl gave it a wrong date): the
    comparison starts after the month it is about. It raised IndexError (issue 20)."""
    verdict, text = monthly_record(_april_2013_sale(), Context(registry, date(2013, 5, 10)), since=date(2022, 7, 1))
    assert verdict == "unverifiable"
    assert "after the month it is about (April 2013)" in text


def test_a_weekly_record_since_a_day_after_its_week_is_unverifiable_not_accurate(registry):
    """The weekly record with "since" after its own week compared no week at all and called
    itself the largest (accurate, "-N earlier weeks compared")."""
    flow = FlowClaim(**_base("f1", []), market="outward", instrument="long_term_debt", direction="net_sale",
                     amount_jpy=-1e11, amount_text="100 billion yen", period_start=date(2013, 4, 14),
                     period_end=date(2013, 4, 20), granularity="week", data_source="mof_weekly")
    record = ComparisonClaim(**_base("c1", ["f1"]), relation="record", superlative="largest",
                             since=date(2020, 4, 1), market="outward", instrument="long_term_debt",
                             direction="net_sale", period_end=date(2013, 4, 20))
    reconcile_all([flow, record], Context(registry, date(2013, 4, 25)))
    assert record.verdict == "unverifiable"
    assert "after the week it is about" in record.explanation


def test_a_conditional_forecast_whose_level_is_missing_is_unresolvable_not_an_error(registry):
    """Found by the fuzz test: a condition naming its series but no level raised TypeError while
    formatting the level."""
    forecast = ForecastClaim(**_base("c1", []), statement="they will buy", market="outward", instrument="equity",
                             direction="net_purchase", condition="if the yen weakens", condition_series="DEXJPUS",
                             made_on=date(2013, 4, 25))
    reconcile_all([forecast], Context(registry, date(2013, 4, 25)))
    assert forecast.verdict == "unresolvable"
    assert "Conditional forecast (if: if the yen weakens)" in forecast.explanation
