"""Settle forecasts on the statistic they are about (see ``forecast_data``).

Tests, stated in every explanation:
- sign, ``first_week`` ("turn into net buyers by mid-May"): came true at the first week (or
  month) in the window going the stated way; when the flow turned back within a few periods
  the explanation says it came true only briefly;
- sign, ``every_week`` ("keep selling"): every period in the window must go that way;
- sign, ``total`` ("net buying will continue in 2014"): the window's total goes that way;
- size ("8 or 9 trillion yen for the year"): the window's total within the stated range
  (±5 %, or ±10 % for "about" a single figure); dollars are converted at the window's average
  DEXJPUS rate, said so;
- change ("more than last year", "slower than 2016", "may moderate"): the window's total
  (per period, when the spans differ in length) against the compared span — a year earlier,
  a named year, or the same span just before the window;
- record ("a new record high", "first net annual sales ever"): the window against every
  earlier period of the same length in the data.
A negated forecast ("do not plan to boost holdings") comes true when the test fails. A forecast
with no window gets a default one (90 days) and says so. Unresolvable, with the reason: a
single company's own plan, a condition the data cannot observe, no flow MoF measures.
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from extractor.claims.model import ForecastClaim, Official, Verdict
from extractor.reconcile import forecast_data as fd
from extractor.reconcile.context import Context
from extractor.units import day, yen

DEFAULT_HORIZON = timedelta(days=90)
_BRIEF_PERIODS = 4  # a run this short, then a reversal, is "briefly"
_COUNT = {1: "one", 2: "two", 3: "three", 4: "four"}


def _flows(sign: int) -> str:
    return "net purchases" if sign > 0 else "net sales"


def _period_words(stat: fd.Statistic, row) -> str:
    if stat.unit == "week":
        return f"the week to {day(row['period_end'])}"
    return row["period_start"].strftime("%B %Y")


def _settle(claim: ForecastClaim, verdict: Verdict, explanation: str, reason: str | None = None) -> ForecastClaim:
    if claim.negated and verdict in (Verdict.came_true, Verdict.did_not_come_true):
        verdict = Verdict.did_not_come_true if verdict == Verdict.came_true else Verdict.came_true
        explanation += " The forecast was that this would NOT happen."
    if verdict in (Verdict.came_true, Verdict.did_not_come_true):
        explanation += " → " + ("came true." if verdict == Verdict.came_true else "did not come true.")
    claim.verdict, claim.explanation, claim.status_reason = verdict, explanation, reason
    return claim


def _unresolvable_reason(claim: ForecastClaim) -> tuple[str, str] | None:
    if claim.company:
        return "single_company", (f"A single company's plan ({claim.company}): official statistics do not "
                                  "show one firm's trades.")
    if claim.condition and not _observes_condition(claim):
        return "conditional", (f"Conditional forecast (if: {claim.condition}). flowcheck observes no series "
                               "for the condition, so it does not resolve the forecast.")
    if claim.market == "domestic":
        return "no_series", ("A forecast about Japanese investors' trades in Japanese securities (yen bonds, JGBs, "
                             "domestic stocks): those are in JSDA's and the Bank of Japan's statistics, which "
                             "flowcheck does not carry; MoF's securities statistics are cross-border only.")
    if claim.market is None or claim.instrument in (None, "other") or claim.direction not in ("net_purchase",
                                                                                               "net_sale"):
        return "vague", "The forecast names no flow that official statistics measure (market, securities or " \
                        "direction unclear)."
    return None


def _observes_condition(claim: ForecastClaim) -> bool:
    """The condition is a test flowcheck can run: a series, a comparison and a level, all three
    (a series named without its level is no test, and formatting the missing level raised)."""
    return bool(claim.condition_series and claim.condition_op and claim.condition_level is not None)


def window_of(claim: ForecastClaim, made: date) -> tuple[date, date, str]:
    """(start, end, note): the stated window, or the default one, said so. The default window
    is written into the claim (``window_start``, ``deadline``, ``window_basis`` "default"), so
    the table, the JSON and the desk show the deadline the explanation applied."""
    if claim.deadline is not None and claim.window_basis == "stated":
        return claim.window_start or made, claim.deadline, ""
    claim.window_basis = "default"
    claim.window_start, claim.deadline = made, made + DEFAULT_HORIZON
    vague = f" ('{claim.window_text}')" if claim.window_text else ""
    return made, claim.deadline, (f" No window was stated{vague}; flowcheck applied a default window of "
                                  f"{DEFAULT_HORIZON.days} days from {day(made)}, to {day(claim.deadline)}.")


def resolve_forecast(claim: ForecastClaim, ctx: Context) -> ForecastClaim:
    unresolvable = _unresolvable_reason(claim)
    if unresolvable:
        return _settle(claim, Verdict.unresolvable, unresolvable[1], unresolvable[0])
    made = claim.made_on or ctx.published or claim.window_start
    if made is None:
        return _settle(claim, Verdict.unresolvable, "No date for the forecast, so no window to resolve it in.",
                       "no_date")
    start, end, note = window_of(claim, made)
    if _observes_condition(claim):
        held = _condition_held(claim, ctx, start, end)
        if isinstance(held, ForecastClaim):
            return held
        start, said = held
        note = f" {said}{note}"
    try:
        stat = fd.choose(claim, ctx, start, end)
    except fd.NoStatistic as exc:
        return _settle(claim, Verdict.unresolvable, str(exc) + note, exc.reason)
    claim.data_source = stat.source
    note += stat.note
    if claim.related:  # the statement names two flows: each entry settles one, and says which
        note += (f" The statement names more than one flow: this entry settles {stat.what}; "
                 f"{' and '.join(claim.related)} settle{'s' if len(claim.related) == 1 else ''} the other.")
    if start < stat.start - timedelta(days=31):  # BoP by country begins in November 2021: earlier windows cannot
        return _settle(claim, Verdict.unresolvable, f"{fd.SOURCE_WORDS[stat.source]} data for {stat.what} begin "
                                                    f"on {day(stat.start)}, after the forecast's window opened "
                                                    f"({day(start)}).{note}", "no_data")
    sign = 1 if claim.direction == "net_purchase" else -1
    rows = fd.in_window(stat, start, end)
    complete = stat.end + timedelta(days=6) >= end
    if claim.test == "record":
        return _record(claim, stat, rows, sign, start, end, complete, note)
    if claim.test == "size":
        return _size(claim, ctx, stat, rows, sign, start, end, complete, note)
    if claim.test == "change" or claim.rule == "sum":
        return _change(claim, stat, rows, sign, start, end, complete, note)
    if claim.rule == "total":
        return _total(claim, stat, rows, sign, start, end, complete, note)
    return _each_period(claim, stat, rows, sign, start, end, complete, note)


_SERIES_WORDS = {"DEXJPUS": ("yen per dollar", "{:.2f}"), "DGS10": ("% (U.S. 10-year yield)", "{:.2f}")}


def _condition_held(claim: ForecastClaim, ctx: Context, start: date, end: date):
    """(the day the condition first held, words) — or the settled claim when it never held
    in the window or the data do not reach that far. 'If the yen weakens past 150, selling
    will follow' is tested from the day DEXJPUS first closed at 150 or more."""
    series = ctx.registry.fred[claim.condition_series]
    unit, fmt = _SERIES_WORDS[claim.condition_series]
    level = fmt.format(claim.condition_level)
    rows = series.between(start, end)
    hit = rows[rows["value"] >= claim.condition_level] if claim.condition_op == ">=" else \
        rows[rows["value"] <= claim.condition_level]
    cond = f"the condition ({claim.condition}: {claim.condition_series} {claim.condition_op} {level})"
    if not hit.empty:
        first = hit.iloc[0]
        return first["date"], (f"The condition held from {day(first['date'])} ({claim.condition_series} "
                               f"{fmt.format(first['value'])} {unit}); the forecast is tested from then.")
    if series.coverage().end < end:
        return _settle(claim, Verdict.pending, f"Not yet: {cond} has not held so far; "
                                               f"{claim.condition_series} data end on {day(series.coverage().end)}.",
                       "awaiting_data")
    span = (f"; {claim.condition_series} ranged {fmt.format(rows['value'].min())}–{fmt.format(rows['value'].max())}"
            if not rows.empty else "")
    return _settle(claim, Verdict.unresolvable, f"Conditional forecast whose condition never held: {cond} did not "
                                                f"occur between {day(start)} and {day(end)}{span}.", "condition_not_met")


def _evidence(claim: ForecastClaim, stat: fd.Statistic, rows: pd.DataFrame, value: float, **values) -> str:
    """Record the evidence on the claim; return what the explanation must add when a period of
    it reaches outside the window (see ``partial``)."""
    claim.evidence_period_start, claim.evidence_period_end = rows["period_start"].iloc[0], rows["period_end"].iloc[-1]
    claim.official = Official(series=stat.series, value=value, unit="JPY", period_start=claim.evidence_period_start,
                              period_end=claim.evidence_period_end, vintage=stat.vintage, values=values)
    start = claim.window_start or claim.made_on
    return partial(stat, rows, start, claim.deadline) if start and claim.deadline else ""


def partial(stat: fd.Statistic, rows: pd.DataFrame, start: date, end: date) -> str:
    """' July 2013 reaches past the deadline (24 Jul 2013): only 24 of its 31 days lie in the
    window, so it is partial evidence.' MoF publishes whole weeks and months; one that
    straddles the window's start or end is used only when at least half of it lies inside
    (``forecast_data.in_window``), and the explanation says so."""
    said = []
    for _, row in rows.iterrows():
        first, last = row["period_start"], row["period_end"]
        if first >= start and last <= end:
            continue
        inside = (min(last, end) - max(first, start)).days + 1
        length = (last - first).days + 1
        edge = (f"reaches past the deadline ({day(end)})" if last > end
                else f"began before the window opened ({day(start)})")
        said.append(f"{_period_words(stat, row)[0].upper()}{_period_words(stat, row)[1:]} {edge}: only {inside} of "
                    f"its {length} days lie in the window, so it is partial evidence.")
    return "".join(f" {s}" for s in said)


def _pending(claim: ForecastClaim, stat: fd.Statistic, head: str, note: str) -> ForecastClaim:
    return _settle(claim, Verdict.pending, f"{head} The data loaded end with {_period_words(stat, stat.frame.iloc[-1])};"
                                           f" checked again when newer data arrive.{note}", "awaiting_data")


def _each_period(claim, stat, rows, sign, start, end, complete, note) -> ForecastClaim:
    flows = _flows(sign)
    unit = stat.unit
    rule = (f"the first {unit} after the forecast and by the deadline with {flows}" if claim.rule == "first_week"
            else f"{flows} in every {unit} to the deadline")
    head = f"Forecast: {flows} in {stat.what} by {day(end)} (rule: {rule})."
    hits, misses = rows[rows["value"] * sign > 0], rows[rows["value"] * sign <= 0]
    if claim.rule == "first_week" and not hits.empty:
        row = hits.iloc[0]
        part = _evidence(claim, stat, hits.iloc[:1], float(row["value"]))
        moved = _flows(1 if row["value"] > 0 else -1)
        claim.briefly = briefly(stat, row, sign)
        text = f"{head} {fd.SOURCE_WORDS[stat.source]} data show {moved} of {yen(abs(row['value']))} in " \
               f"{_period_words(stat, row)}.{part}"
        return _settle(claim, Verdict.came_true, text + (f" {claim.briefly}" if claim.briefly else "") + note)
    if claim.rule == "every_week" and not misses.empty:
        row = misses.iloc[0]
        part = _evidence(claim, stat, misses.iloc[:1], float(row["value"]))
        return _settle(claim, Verdict.did_not_come_true,
                       f"{head} {_period_words(stat, row)} went the other way: {yen(row['value'], signed=True)}."
                       f"{part}{note}")
    if not complete:
        return _pending(claim, stat, head, note)
    verdict = Verdict.came_true if claim.rule == "every_week" else Verdict.did_not_come_true
    part = _evidence(claim, stat, rows, float(rows["value"].sum())) if not rows.empty else ""  # the periods checked
    return _settle(claim, verdict, f"{head} {len(rows)} {unit}{'' if len(rows) == 1 else 's'} checked; "
                                   f"{len(hits)} went the stated way.{part}{note}")


def briefly(stat: fd.Statistic, row, sign: int) -> str | None:
    """'Net purchases in the three weeks to 11 May 2013, then net sales again from the week to
    18 May': said when the run that met the test ended within a few periods."""
    after = stat.frame[stat.frame["period_end"] >= row["period_end"]]
    run = 0
    for _, r in after.iterrows():
        if r["value"] * sign > 0:
            run += 1
            continue
        if run > _BRIEF_PERIODS:
            return None
        last = after.iloc[run - 1]
        count = _COUNT.get(run, str(run))
        span = (f"{_period_words(stat, last)}" if run == 1
                else f"the {count} {stat.unit}s to {day(last['period_end'])}" if stat.unit == "week"
                else f"the {count} months to {last['period_start'].strftime('%B %Y')}")
        return (f"It came true only briefly: {_flows(sign)} in {span}, then {_flows(-sign)} again from "
                f"{_period_words(stat, r)}.")
    return None


def _total(claim, stat, rows, sign, start, end, complete, note) -> ForecastClaim:
    flows = _flows(sign)
    head = f"Forecast: {flows} in {stat.what} from {day(start)} to {day(end)} (rule: the window's total)."
    if not complete:
        return _pending(claim, stat, head, note)
    if rows.empty:
        return _settle(claim, Verdict.unresolvable, f"{head} The data hold no figures for the window.{note}",
                       "no_data")
    total = float(rows["value"].sum())
    part = _evidence(claim, stat, rows, total)
    verdict = Verdict.came_true if total * sign > 0 else Verdict.did_not_come_true
    return _settle(claim, verdict, f"{head} Data: {yen(total, signed=True)} over {len(rows)} {stat.unit}s "
                                   f"(positive = net purchases).{part}{note}")


def _size(claim, ctx, stat, rows, sign, start, end, complete, note) -> ForecastClaim:
    low, high, said = claim.amount_low_jpy, claim.amount_high_jpy, ""
    if low is None and claim.usd_low is not None:
        rate = fd.average_rate(ctx, start, end)
        if rate is None:
            return _settle(claim, Verdict.pending if not complete else Verdict.unresolvable,
                           "The forecast is in dollars and no DEXJPUS rates cover the window yet." + note,
                           "awaiting_data" if not complete else "no_data")
        low, high = claim.usd_low * rate, (claim.usd_high or claim.usd_low) * rate
        said = f" (${claim.usd_low / 1e9:,.0f}–{(claim.usd_high or claim.usd_low) / 1e9:,.0f} billion at the " \
               f"window's average DEXJPUS rate of {rate:.2f} yen per dollar)"
    high = high if high is not None else low
    margin = 0.10 if claim.approximate and low == high else 0.05
    flows = _flows(sign)
    target = yen(low) if low == high else f"{yen(low)} to {yen(high)}"
    head = (f"Forecast: {flows} of {target}{said} in {stat.what} from {day(start)} to {day(end)} (rule: the "
            f"window's total within ±{margin:.0%} of the stated {'figure' if low == high else 'range'}).")
    if not complete:
        return _pending(claim, stat, head, note)
    if rows.empty:
        return _settle(claim, Verdict.unresolvable, f"{head} The data hold no figures for the window.{note}",
                       "no_data")
    total = float(rows["value"].sum()) * sign
    part = _evidence(claim, stat, rows, total * sign)
    came = low * (1 - margin) <= total <= high * (1 + margin)
    return _settle(claim, Verdict.came_true if came else Verdict.did_not_come_true,
                   f"{head} Data: {flows} of {yen(total)} over {len(rows)} {stat.unit}s.{part}{note}")


def _compared(claim: ForecastClaim, stat: fd.Statistic, rows: pd.DataFrame, start: date, end: date):
    """(rows compared with, words): a named period; the same span a year earlier ("more than
    last year"); else as many weeks or months just before the window ("may moderate")."""
    if claim.compare_start and claim.compare_end:
        return (fd.in_window(stat, claim.compare_start, claim.compare_end),
                f"{day(claim.compare_start)} to {day(claim.compare_end)}", claim.compare_start)
    if claim.rule == "sum":
        if stat.unit == "week":  # 52 weeks: the same MoF weeks a year earlier
            c_start, c_end = start - timedelta(days=364), end - timedelta(days=364)
        else:
            c_start, c_end = _year_before(start), _year_before(end)
        return fd.in_window(stat, c_start, c_end), "the same span a year earlier", c_start
    earlier = fd.before(stat, start, len(rows))
    c_start = earlier["period_start"].iloc[0] if not earlier.empty else start
    count = f"{len(rows)} {stat.unit}s" if len(rows) != 1 else stat.unit
    return earlier, f"the {count} just before", c_start


def _year_before(d: date) -> date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:
        return d.replace(year=d.year - 1, day=28)


def _change(claim, stat, rows, sign, start, end, complete, note) -> ForecastClaim:
    flows = _flows(sign)
    before, words, c_start = _compared(claim, stat, rows, start, end)
    more = "more" if claim.more else "less"
    head = (f"Forecast: {more} {flows} in {stat.what} from {day(start)} to {day(end)} than {words} "
            f"(rule: the totals compared).")
    if not complete:
        return _pending(claim, stat, head, note)
    if rows.empty or before.empty or c_start < stat.start:
        return _settle(claim, Verdict.unresolvable, f"{head} The data do not cover both periods.{note}", "no_data")
    now_total, before_total = float(rows["value"].sum()) * sign, float(before["value"].sum()) * sign
    now_cmp, before_cmp, per = now_total, before_total, ""
    if len(rows) != len(before):  # different lengths: compare the pace per period
        now_cmp, before_cmp, per = now_total / len(rows), before_total / len(before), f" per {stat.unit}"
    came = now_cmp > before_cmp if claim.more else now_cmp < before_cmp
    key = "year_before" if claim.rule == "sum" else "compared"
    part = _evidence(claim, stat, rows, now_total * sign,
                     **{"this_period": now_total * sign, key: before_total * sign})
    return _settle(claim, Verdict.came_true if came else Verdict.did_not_come_true,
                   f"{head} Data: {yen(now_cmp * sign, signed=True)}{per} against {yen(before_cmp * sign, signed=True)}"
                   f"{per} (positive = net purchases; {len(rows)} against {len(before)} {stat.unit}s).{part}{note}")


def _record(claim, stat, rows, sign, start, end, complete, note) -> ForecastClaim:
    flows = _flows(sign)
    earlier = stat.frame[stat.frame["period_end"] < start]
    if claim.record_since:  # "the biggest since 2013": only the periods after it count
        earlier = earlier[earlier["period_start"] >= claim.record_since]
    since = claim.record_since or stat.start
    span_days = (end - start).days
    if span_days > 300:  # a year's total against every earlier year of the data
        years = earlier.groupby(pd.to_datetime(earlier["period_end"]).dt.year)["value"].sum() * sign
        best = float(years.max()) if not years.empty else None
        what = "year"
    else:
        best = float((earlier["value"] * sign).max()) if not earlier.empty else None
        what = stat.unit
    head = (f"Forecast: record {flows} ('{claim.record}') in {stat.what} from {day(start)} to {day(end)} (rule: "
            f"beyond every earlier {what} in the data since {day(since)}).")
    if best is None:
        return _settle(claim, Verdict.unresolvable, f"{head} The data hold no earlier {what}s.{note}", "no_data")
    first_ever = "first" in (claim.record or "").lower()
    if what == "year":
        if not complete:
            return _pending(claim, stat, head, note)
        total = float(rows["value"].sum()) * sign
        note = _evidence(claim, stat, rows, total * sign, previous_best=best * sign) + note
        if first_ever:  # "the first net annual sales ever": no earlier year went that way, and this one does
            before = [str(y) for y, v in years.items() if v > 0]
            came = total > 0 and not before
            seen = f"earlier years with {flows}: {', '.join(before)}" if before else f"no earlier year had {flows}"
            return _settle(claim, Verdict.came_true if came else Verdict.did_not_come_true,
                           f"{head} Data: the window's total is {yen(total * sign, signed=True)} (positive = net "
                           f"purchases); {seen}.{note}")
        return _settle(claim, Verdict.came_true if total > best else Verdict.did_not_come_true,
                       f"{head} Data: {flows} of {yen(total)} against a previous best of {yen(best)}.{note}")
    beyond = rows[rows["value"] * sign > best]
    if not beyond.empty:
        row = beyond.iloc[0]
        note = _evidence(claim, stat, beyond.iloc[:1], float(row["value"]), previous_best=best * sign) + note
        return _settle(claim, Verdict.came_true, f"{head} {_period_words(stat, row)}: {yen(abs(row['value']))}, "
                                                 f"beyond the previous record of {yen(best)}.{note}")
    if not complete:
        return _pending(claim, stat, head, note)
    top = float((rows["value"] * sign).max()) if not rows.empty else None
    return _settle(claim, Verdict.did_not_come_true, f"{head} The largest in the window was {yen(top)} against a "
                                                     f"record of {yen(best)}.{note}")
