"""Monthly official series for one claim: which statistic, which cells, in yen.

Three statistics can answer a monthly story, and they are different measurements that do not
agree exactly: MoF's monthly securities table (``mof_monthly``, montha1), the same by type of
resident investor (``mof_by_investor``, monthb2/3/4; foreign securities only), and the balance
of payments (``bop``; by country from 2021-11, with the 2022-05…10 releases missing). A
``Series`` is one of them reduced to ``period_start, period_end, value`` (yen, signed for net,
positive for gross) plus what is needed to say where it came from and what it covers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import pandas as pd

from extractor.official import bop
from extractor.official.mof import UNIT_YEN
from extractor.official.mof_monthly import INSTRUMENT_BREAK
from extractor.reconcile.context import Context

STATISTIC_NAMES = {
    "mof_monthly": "MoF monthly securities data (montha1)",
    "mof_by_investor": "MoF data by type of investor (monthb)",
    "bop": "MoF balance-of-payments data",
}
MEASURES = {"net_purchase": "net", "net_sale": "net", "gross_purchase": "acquisition", "gross_sale": "disposition"}
PARTS = {
    "equity": ("equity",), "long_term_debt": ("long_term_debt",), "short_term_debt": ("short_term_debt",),
    "debt": ("long_term_debt", "short_term_debt"), "total": ("equity", "long_term_debt", "short_term_debt"),
}


@dataclass(frozen=True)
class Series:
    statistic: str
    series_id: str
    frame: pd.DataFrame  # period_start, period_end, value (yen)
    vintage: str
    what: str  # who and which securities, for explanations
    coverage: str  # the months it covers, for "outside coverage" reasons
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return STATISTIC_NAMES[self.statistic]

    @property
    def end(self) -> date:
        return self.frame["period_end"].max()


@dataclass(frozen=True)
class Scope:
    """What a claim (or a streak/record about a flow) asks for, in the data's terms."""

    market: str
    instrument: str
    direction: str
    country: str | None = None
    investor_type: str | None = None
    category: str | None = None  # a MoF investor category to use as is (the 'also' of a mapped type)


def _months_text(frame: pd.DataFrame) -> str:
    """'2021-11 … 2022-04 and 2022-11 … 2026-06'."""
    starts = sorted(set(frame["period_start"]))
    runs, first, prev = [], starts[0], starts[0]
    for start in starts[1:]:
        if (start.year * 12 + start.month) - (prev.year * 12 + prev.month) > 1:
            runs.append((first, prev))
            first = start
        prev = start
    runs.append((first, prev))
    return " and ".join(f"{a:%Y-%m} … {b:%Y-%m}" for a, b in runs)


SOVEREIGN_LONG = "sovereign_long_term_debt"  # a reading, not a claim instrument: table IV's long-term column


def _what(scope: Scope, statistic: str) -> str:
    """'foreign long-term debt (United States) by Japanese investors'."""
    actor = "Japanese investors" if scope.market == "outward" else "foreign investors"
    if scope.investor_type:
        actor = investor_name(scope.investor_type, "mof")
    words = {"equity": "equities", "long_term_debt": "long-term debt", "short_term_debt": "short-term debt",
             "debt": "debt securities", "total": "securities", "sovereign_debt": "government bonds",
             SOVEREIGN_LONG: "long-term government bonds"}
    own = "foreign" if scope.market == "outward" else "Japanese"
    place = f" ({scope.country})" if scope.country and scope.country not in (bop.TOTAL, "Japan") else ""
    measure = {"net": "", "acquisition": "gross purchases of ", "disposition": "gross sales of "}[
        MEASURES[scope.direction]]
    return f"{measure}{own} {words.get(scope.instrument, scope.instrument)}{place} by {actor}"


def canonical_country(name: str | None) -> str | None:
    if not name:
        return None
    names = bop.names()
    name = names["aliases"].get(name, name)
    return names["bop_countries"].get(name, name)


def investor_name(investor_type: str, form: Literal["plain", "mof"]) -> str:
    """An investor type in words: ``plain`` for a sentence about a forecast ("life insurers"),
    ``mof`` as MoF's by-investor table names the category ("banks (banking accounts)"). One table
    in ``official_names.json`` serves both, so a new type is named in one place."""
    return bop.names()["investor_names"].get(investor_type, {}).get(form, investor_type)


def investor_category(investor_type: str) -> tuple[str, str | None]:
    """The monthb category for an investor type, and why when it is not the type itself."""
    mapped = bop.names()["investor_categories"].get(investor_type)
    if mapped:
        return mapped["category"], mapped["reason"]
    return investor_type, None


def also_category(investor_type: str | None) -> str | None:
    """The other MoF category a story's investor type may mean ('trust banks' → their banking accounts)."""
    mapped = bop.names()["investor_categories"].get(investor_type or "")
    return mapped.get("also") if mapped else None


def montha1(scope: Scope, ctx: Context) -> Series | str:
    if scope.instrument not in PARTS:
        return "MoF's monthly securities table does not split out government bonds; it has equities, long-term " \
               "and short-term debt."
    measure = MEASURES[scope.direction]
    source = ctx.registry.mof_monthly
    months = source.load().frame
    if measure == "net" and scope.instrument == "total":
        cols = [f"{scope.market}.total.net"]
    else:
        cols = [f"{scope.market}.{part}.{measure}" for part in PARTS[scope.instrument]]
    frame = months[["period_start", "period_end"]].copy()
    frame["value"] = months[cols].sum(axis=1).astype(float) * UNIT_YEN
    series_id = f"mof_monthly:{scope.market}.{scope.instrument}.{measure}"
    return Series("mof_monthly", series_id, frame, source.vintage().label, _what(scope, "mof_monthly"),
                  _months_text(frame))


def by_investor(scope: Scope, ctx: Context) -> Series | str:
    if scope.market != "outward":
        return "MoF's by-investor data cover Japanese residents' trades in foreign securities only."
    if scope.instrument not in PARTS:
        return "MoF's by-investor data do not split out government bonds."
    category, reason = (scope.category, None) if scope.category else investor_category(scope.investor_type or "total")
    measure = MEASURES[scope.direction]
    source = ctx.registry.mof_by_investor
    data = source.load().frame
    rows = data[(data["investor_type"] == category) & data["instrument"].isin(PARTS[scope.instrument])]
    wide = rows.pivot(index=["period_start", "period_end"], columns="instrument", values=measure)
    wide = wide.dropna()  # months before MoF broke the category out
    if wide.empty:
        return f"MoF's by-investor data have no figures for {investor_name(category, 'mof')}."
    frame = wide.reset_index()[["period_start", "period_end"]]
    frame["value"] = wide.sum(axis=1).to_numpy(dtype=float) * UNIT_YEN
    notes = [reason] if reason else []
    shown = Scope(scope.market, scope.instrument, scope.direction, investor_type=category)
    return Series("mof_by_investor", f"mof_by_investor:{category}.{scope.instrument}.{measure}", frame,
                  source.vintage().label, _what(shown, "mof_by_investor"), _months_text(frame), notes)


def balance_of_payments(scope: Scope, ctx: Context) -> Series | str:
    country = canonical_country(scope.country) or bop.TOTAL
    measure = MEASURES[scope.direction]
    source = ctx.registry.bop
    data = source.load().frame
    if scope.instrument in ("sovereign_debt", SOVEREIGN_LONG):
        own = ("sovereign_debt_long_term",) if scope.instrument == SOVEREIGN_LONG else ("sovereign_debt",)
        if scope.market == "inward":
            country, parts = "Japan", ("sovereign_debt",)
        elif country == bop.TOTAL:
            return "The balance-of-payments release gives foreign government bonds by country only."
        else:
            parts = own
    elif scope.instrument in PARTS:
        # the summary table states the total's net only; gross totals are the sum of the parts
        parts = ("total",) if scope.instrument == "total" and measure == "net" else PARTS[scope.instrument]
    else:
        return "The balance-of-payments tables have no series for these securities."
    rows = data[(data["market"] == scope.market) & (data["country"] == country) & data["instrument"].isin(parts)]
    if rows.empty:
        return f"The balance-of-payments tables have no {country!r} row."
    # each month as its latest release states it (a release revises the six months before it)
    latest = rows.sort_values("release", kind="stable").groupby(["period_start", "instrument"]).tail(1)
    wide = latest.pivot(index=["period_start", "period_end"], columns="instrument", values=measure)
    wide = wide.reindex(columns=list(parts)).dropna(how="all").fillna(0.0)  # MoF's "―": none
    frame = wide.reset_index()[["period_start", "period_end"]]
    frame["value"] = wide.sum(axis=1).to_numpy(dtype=float) * UNIT_YEN
    shown = Scope(scope.market, scope.instrument, scope.direction, country=country)
    what = ("country tables" if country != bop.TOTAL else "totals") + f" cover {_months_text(frame)}"
    return Series("bop", f"bop:{scope.market}.{country}.{scope.instrument}.{measure}", frame,
                  source.vintage().label, _what(shown, "bop"), what)


BUILDERS = {"mof_monthly": montha1, "mof_by_investor": by_investor, "bop": balance_of_payments}


def series(statistic: str, scope: Scope, ctx: Context) -> Series | str:
    """The statistic's series for the scope, or the reason there is none; built once per loaded table
    (a builder reads only its own statistic's table and the fixed country/investor names)."""
    source = {"mof_monthly": ctx.registry.mof_monthly, "mof_by_investor": ctx.registry.mof_by_investor,
              "bop": ctx.registry.bop}[statistic]
    return ctx.derived(source, ("monthly", statistic, scope), lambda: BUILDERS[statistic](scope, ctx))


def crosses_break(start: date, end: date, instrument: str) -> bool:
    """Whether a window of equity or long-term debt spans MoF's 2014-01 reclassification."""
    return instrument in ("equity", "long_term_debt") and start < INSTRUMENT_BREAK <= end


BREAK_NOTE = ("From January 2014 MoF counts investment-fund shares under equity rather than long-term debt, "
              "so months before and after are not strictly comparable.")
