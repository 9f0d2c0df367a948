"""One-line wording of what a claim states and what the data say, per claim kind; shared by
every output format so the table, CSV and Markdown never disagree."""

from __future__ import annotations

from extractor.claims.model import (
    ComparisonClaim,
    ConversionClaim,
    FlowClaim,
    ForecastClaim,
    MarketMoveClaim,
    StatisticClaim,
    StreakClaim,
)
from extractor.units import day, usd, week, yen

_DIR = {"net_purchase": "net buying", "net_sale": "net selling", "gross_purchase": "gross buying",
        "gross_sale": "gross selling", None: "?"}
_MARKET = {"outward": "Japanese → foreign", "inward": "foreign → Japanese", "domestic": "Japanese → Japanese (domestic)",
           None: "?"}
_INSTR = {"equity": "equities", "long_term_debt": "long-term debt", "short_term_debt": "short-term debt",
          "debt": "debt", "total": "all securities", "sovereign_debt": "sovereign debt", "other": "other", None: "?"}
UNSURE = ("defaulted", "inferred")
"""Readings an accusation may not rest on; every output says so beside the verdict."""
SERIES_NAMES = {"mof_weekly": "MoF weekly", "mof_monthly": "MoF monthly", "mof_by_investor": "MoF by investor",
                "bop": "balance of payments", "DEXJPUS": "FRED DEXJPUS", "DGS10": "FRED DGS10"}
"""Short names of the data series for the terminal's "checked against" column."""
VERDICT_WORDS = {"accurate": "accurate", "close": "close", "inaccurate": "inaccurate",
                 "wrong_direction": "wrong direction", "unverifiable": "unverifiable", "pending": "pending",
                 "came_true": "came true", "did_not_come_true": "did not come true",
                 "unresolvable": "cannot be resolved", "not checked": "not checked"}
"""Verdicts as people read them; the raw keys stay in JSON, CSV and the URLs' filters."""
KIND_WORDS = {"flow": "flow", "streak": "streak", "comparison": "comparison", "conversion": "conversion",
              "market_move": "market move", "forecast": "forecast", "statistic": "statistic"}
PROBLEMS_FIRST = ("wrong_direction", "inaccurate", "close", "accurate", "did_not_come_true", "came_true", "pending",
                  "unresolvable", "unverifiable", "not checked")
"""The fixed order of verdict badges: problems first, then what held, forecasts, what could not be checked."""
_RANK = {"wrong_direction": 0, "inaccurate": 0, "close": 1, "accurate": 2, "did_not_come_true": 3, "came_true": 3,
         "pending": 3, "unresolvable": 3, "unverifiable": 4, "not checked": 4}
_BONDS = {"equity": "equities", "long_term_debt": "long-term bonds", "short_term_debt": "short-term bills",
          "debt": "bonds and bills", "total": "securities", "sovereign_debt": "government bonds",
          "sovereign_long_term_debt": "long-term government bonds"}
_MEASURE = {"net": "net", "acquisition": "gross purchases", "disposition": "gross sales",
            "purchase": "gross purchases", "sale": "gross sales"}


def verdict_words(verdict: str | None) -> str:
    """'wrong direction' for ``wrong_direction``: what a person reads on a page or a terminal."""
    key = verdict or "not checked"
    return VERDICT_WORDS.get(key, key.replace("_", " "))


def direction_words(direction: str | None) -> str:
    """'net buying' for ``net_purchase``."""
    return _DIR.get(direction, (direction or "").replace("_", " "))


def kind_words(kind: str) -> str:
    return KIND_WORDS.get(kind, kind.replace("_", " "))


def verdict_key(claim) -> str:
    return claim.verdict.value if claim.verdict else "not checked"


def problems_first(claims: list) -> list:
    """The claims a reader must look at first: wrong direction and inaccurate, then close,
    accurate, forecasts and last what could not be checked; the story's order within each."""
    return sorted(claims, key=lambda c: _RANK.get(verdict_key(c), 4))


def has_no_series(claim) -> bool:
    """A figure flowcheck has no official series for (nothing was looked up): such figures are
    folded together at the end of a report instead of a row each."""
    return verdict_key(claim) == "unverifiable" and claim.official is None and claim.kind == "statistic"


def series_name(series: str) -> str:
    """'MoF weekly: Japanese investors' foreign long-term bonds, net' for
    ``mof_weekly:outward.long_term_debt.net``; FRED series by their code and subject."""
    source, _, rest = series.partition(":")
    name = SERIES_NAMES.get(source, source)
    if source == "DEXJPUS":
        return "FRED DEXJPUS: yen per US dollar"
    if source == "DGS10":
        return "FRED DGS10: 10-year US Treasury yield"
    parts = rest.split(".") if rest else []
    if len(parts) < 3:
        return name
    who, instrument, measure = parts[0], parts[-2], parts[-1]
    place = f" ({parts[1]})" if len(parts) == 4 and parts[1] not in ("total", "Japan") else ""
    if who == "outward":
        whose = "Japanese investors' foreign"
    elif who == "inward":
        whose = "foreign investors' Japanese"
    elif who == "domestic":
        whose = "Japanese investors' Japanese"
    else:
        from extractor.reconcile.monthly_series import investor_name

        whose = f"{investor_name(who, 'plain')}' foreign"
    return f"{name}: {whose} {_BONDS.get(instrument, instrument.replace('_', ' '))}{place}, " \
           f"{_MEASURE.get(measure, measure)}"


def plural(n: int, word: str, words: str | None = None) -> str:
    """'1 week', '2 weeks', '1 straight week'."""
    if n == 1:
        return f"1 {word}"
    if words is None:
        head, _, last = word.rpartition(" ")
        words = f"{head} {last}s" if head else f"{word}s"
    return f"{n} {words}"


def stated(claim) -> str:
    if isinstance(claim, FlowClaim):
        amount = yen(claim.amount_jpy) if claim.amount_jpy is not None else (claim.usd_text or claim.amount_text)
        return (f"{_DIR[claim.direction]} {amount}, {_MARKET[claim.market]} {_INSTR[claim.instrument]}, "
                f"{week(claim.period_start, claim.period_end)}")
    if isinstance(claim, ConversionClaim):
        return f"{yen(claim.amount_jpy)} = {claim.usd_text} ({claim.implied_rate:.2f} ¥/$)"
    if isinstance(claim, StreakClaim):
        if claim.form == "straight":
            return f"{plural(claim.count, 'straight week')} of {_DIR[claim.direction]}, to {day(claim.period_end)}"
        return f"first {_DIR[claim.direction]} in {plural(claim.count, 'week')}, to {day(claim.period_end)}"
    if isinstance(claim, ComparisonClaim):
        return claim.mention
    if isinstance(claim, MarketMoveClaim):
        from extractor.report.points import stated_in_words

        return stated_in_words(claim) or f"{claim.series}: {claim.mention}"
    if isinstance(claim, ForecastClaim):
        who = claim.forecaster or "unattributed"
        return (f"{who}: {_DIR[claim.direction]} of {_MARKET[claim.market]} {_INSTR[claim.instrument]} "
                f"by {day(claim.deadline) if claim.deadline else 'no deadline'}"
                f"{' (default window)' if claim.deadline and claim.window_basis == 'default' else ''}")
    if isinstance(claim, StatisticClaim):
        return claim.value_text
    return claim.mention


def official(claim, registry=None) -> str:
    """What the data say, in words; market moves name their two points when ``registry`` is given."""
    o = claim.official
    if o is None:
        return "—"
    if isinstance(claim, FlowClaim) or (isinstance(claim, ForecastClaim) and o.value is not None):
        flow = "net buying" if (o.value or 0) > 0 else "net selling"
        return f"{flow} {yen(abs(o.value or 0))}, {week(o.period_start, o.period_end)}"
    if isinstance(claim, ConversionClaim):
        return f"{o.value:.2f} ¥/$ on {day(o.period_end)} → {usd(o.values.get('usd'))}"
    if isinstance(claim, StreakClaim):
        return plural(int(o.value or 0), "week") + (f", {week(o.period_start, o.period_end)}" if o.period_start else "")
    if isinstance(claim, ComparisonClaim) and claim.relation == "ratio":
        return f"{o.value:.2f}×"
    if isinstance(claim, ComparisonClaim):
        return f"{yen(abs(o.value or 0))} in the week to {day(o.period_end)}"
    if isinstance(claim, MarketMoveClaim):
        from extractor.report.points import in_words

        return in_words(claim, registry) or ", ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in o.values.items())
    return f"{o.value}"


def checked_against(claim) -> str:
    """The official series a verdict rests on ('MoF weekly', 'FRED DEXJPUS'), never the story's attribution."""
    if claim.official is None:
        return "—"
    series = claim.official.series.split(":")[0]
    return SERIES_NAMES.get(series, series)


def sources(claim) -> str:
    parts = []
    for s in claim.sources:
        extra = ", ".join(x for x in (s.role, s.affiliation) if x)
        parts.append(f"{s.name} ({extra})" if extra else s.name)
    return "; ".join(parts)


def reading_notes(claim) -> list[str]:
    """'period defaulted, not stated in the sentence (“last week”)' for each unsure reading; a
    reading that already explains itself ('all countries, though the sentence says "Italian"')
    is given in plain parentheses, so quotation marks never nest."""
    notes = []
    for name, reading in sorted(getattr(claim, "readings", {}).items()):
        if reading.how in UNSURE:
            said = reading.words or ""
            words = f" ({said})" if '"' in said or "“" in said else f" (“{said}”)" if said else ""
            notes.append(f"{name.replace('_', ' ')} {reading.how}, not stated in the sentence{words}")
    return notes
