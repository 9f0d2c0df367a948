"""Dollar conversions and market moves, checked against FRED daily series.

FRED series end (DEXJPUS on 2026-05-15 and DGS10 on 2026-08-20 in the bundled files); a claim
dated after a series' last observation is unverifiable with that reason — never a guess from
the last known value.
"""

from __future__ import annotations

from datetime import date, timedelta

from extractor.claims.model import ConversionClaim, MarketMoveClaim, Official, Verdict
from extractor.official.sources import FredSeries
from extractor.reconcile.compare import decimals_of, rounds_to, settle, stated_precision
from extractor.reconcile.context import Context
from extractor.units import day, usd, yen

STALE_DAYS = 5
"""A daily rate more than this many days before the date asked for is not 'on' that date."""


def _after_end(series: FredSeries, when: date) -> str | None:
    end = series.coverage().end
    if when > end:
        return (f"FRED {series.source_id} in the data loaded ends on {end.isoformat()}; "
                f"the claim is dated {when.isoformat()}, after it.")
    return None


def _rate_on(series: FredSeries, when: date) -> tuple[date, float] | None:
    found = series.on_or_before(when)
    if found is None or (when - found[0]) > timedelta(days=STALE_DAYS):
        return None
    return found


def reconcile_conversion(claim: ConversionClaim, ctx: Context) -> ConversionClaim:
    fx = ctx.registry.fred["DEXJPUS"]
    when = claim.rate_date
    if when is None:
        return settle(claim, Verdict.unverifiable, "No publication date, so no exchange rate to check the conversion.")
    reason = _after_end(fx, when)
    if reason:
        return settle(claim, Verdict.unverifiable, reason)
    found = _rate_on(fx, when)
    if found is None:
        return settle(claim, Verdict.unverifiable, f"No DEXJPUS rate within {STALE_DAYS} days before {when}.")
    rate_day, rate = found
    if not claim.amount_jpy or not claim.usd or rate <= 0:
        return settle(claim, Verdict.unverifiable, "The conversion states no non-zero amount on both sides, "
                                                   "so there is no rate to check.")
    expected = claim.amount_jpy / rate
    official = Official(series="DEXJPUS", value=rate, unit="JPY per USD", period_start=rate_day,
                        period_end=rate_day, vintage=fx.vintage().label, values={"usd": expected})
    text = (f"{yen(claim.amount_jpy)} at {rate:.2f} yen per dollar (FRED DEXJPUS, {day(rate_day)}) is "
            f"{usd(expected)}; the story says {claim.usd_text} (implied rate {claim.implied_rate:.2f}).")
    if abs(expected - claim.usd) <= stated_precision(claim.usd_text) / 2 * (1 + 1e-9):  # rounds to the stated
        return settle(claim, Verdict.accurate, text, official)
    if abs(expected - claim.usd) / expected <= 0.02:
        return settle(claim, Verdict.close, text, official)
    return settle(claim, Verdict.inaccurate, text, official)


def reconcile_move(claim: MarketMoveClaim, ctx: Context) -> MarketMoveClaim:
    series = ctx.registry.fred[claim.series]
    end_day = claim.to_date or ctx.published
    if end_day is None:
        return settle(claim, Verdict.unverifiable, "No publication date to anchor the move.")
    reason = _after_end(series, end_day)
    if reason:
        return settle(claim, Verdict.unverifiable, reason)
    if claim.change_pct is not None:
        return _pct_move(claim, series, end_day)
    return _from_to(claim, series, end_day)


def _from_to(claim: MarketMoveClaim, series: FredSeries, end_day: date) -> MarketMoveClaim:
    checks: list[bool] = []
    parts: list[str] = []
    values: dict[str, float] = {}
    if claim.from_value is not None and claim.from_period_start and claim.from_period_end:
        window = series.between(claim.from_period_start, claim.from_period_end)
        if window.empty:
            return settle(claim, Verdict.unverifiable, f"No {series.source_id} observations in the 'from' period.")
        hi, lo = window.loc[window["value"].idxmax()], window.loc[window["value"].idxmin()]
        if claim.from_qualifier == "above":
            checks.append(hi["value"] > claim.from_value)
            parts.append(f"high {hi['value']:.2f} on {day(hi['date'])}")
        elif claim.from_qualifier == "below":
            checks.append(lo["value"] < claim.from_value)
            parts.append(f"low {lo['value']:.2f} on {day(lo['date'])}")
        else:
            checks.append(lo["value"] - 0.1 <= claim.from_value <= hi["value"] + 0.1)
            parts.append(f"range {lo['value']:.2f}–{hi['value']:.2f}")
        values.update({"from_high": float(hi["value"]), "from_low": float(lo["value"])})
    if claim.to_value is not None:
        recent = series.between(end_day - timedelta(days=STALE_DAYS), end_day)
        if recent.empty:
            return settle(claim, Verdict.unverifiable, f"No {series.source_id} observation in the days before {end_day}.")
        decimals = decimals_of(f"{claim.to_value}")
        matching = recent[[rounds_to(v, claim.to_value, decimals) for v in recent["value"]]]
        checks.append(not matching.empty)
        last = recent.iloc[-1]
        parts.append(f"{recent['value'].min():.2f}–{recent['value'].max():.2f} in the {len(recent)} trading days "
                     f"to {day(last['date'])}")
        values["to_last"] = float(last["value"])
    if not checks:
        return settle(claim, Verdict.unverifiable, "The move names no level that can be checked.")
    span = f"{claim.from_period_start}..{end_day}"
    official = Official(series=series.source_id, value=values.get("to_last"), unit="percent",
                        period_start=claim.from_period_start, period_end=end_day,
                        vintage=series.vintage().label, values=values)
    text = f"FRED {series.source_id}: " + "; ".join(parts) + f" (dates {span}); the story says {claim.mention}."
    return settle(claim, Verdict.accurate if all(checks) else Verdict.inaccurate, text, official)


def _pct_move(claim: MarketMoveClaim, series: FredSeries, end_day: date) -> MarketMoveClaim:
    if claim.since is None:
        return settle(claim, Verdict.unverifiable, "The move does not say since when.")
    start = series.on_or_after(claim.since)
    end = _rate_on(series, end_day)
    if start is None or end is None or start[0] > end_day:
        return settle(claim, Verdict.unverifiable, "No DEXJPUS observations for the start or end of the move.")
    (d0, v0), (d1, v1) = start, end
    yen_change = (v0 / v1 - 1) * 100  # yen value in dollars: positive = yen appreciated
    dollar_change = (v1 / v0 - 1) * 100
    subject_is_yen = "yen" in claim.subject.lower() and "dollar" not in claim.subject.lower()
    stated_sign = -1 if claim.move == "fall" else 1
    measures = [yen_change * stated_sign, -dollar_change * stated_sign] if subject_is_yen else [
        dollar_change * stated_sign, -yen_change * stated_sign]
    official = Official(series="DEXJPUS", value=round(yen_change, 2), unit="percent (yen vs dollar)",
                        period_start=d0, period_end=d1, vintage=series.vintage().label,
                        values={"start": v0, "end": v1, "yen_change_pct": round(yen_change, 2),
                                "dollar_change_pct": round(dollar_change, 2)})
    text = (f"FRED DEXJPUS: {v0:.2f} yen per dollar on {day(d0)} → {v1:.2f} on {day(d1)}: the yen "
            f"{'fell' if yen_change < 0 else 'rose'} {abs(yen_change):.1f} % against the dollar "
            f"(the dollar {'rose' if dollar_change > 0 else 'fell'} {abs(dollar_change):.1f} %); "
            f"the story says {claim.mention}.")
    if all(m < 0 for m in measures):
        return settle(claim, Verdict.wrong_direction, text, official)
    stated = claim.change_pct or 0.0
    magnitudes = [abs(m) for m in measures]
    if claim.change_qualifier == "more_than":
        ok = any(m > stated for m in magnitudes)
    elif claim.change_qualifier == "less_than":
        ok = any(m < stated for m in magnitudes)
    else:
        decimals = decimals_of(f"{stated}") if stated != int(stated) else 0
        ok = any(rounds_to(m, stated, decimals) or abs(m - stated) <= 0.5 for m in magnitudes)
    return settle(claim, Verdict.accurate if ok else Verdict.inaccurate, text, official)
