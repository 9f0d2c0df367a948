"""Which period a flow figure is about: the sentence's own period phrases first, then the week
or month the article has in view (:class:`flow_state.Current`).

"The previous week" and "the week before" are resolved against the week in view; "over the
nine weeks" ends with it; "a month earlier" is the month before the one described. Pure
functions of the sentence and the week in view: the reader applies what they return.
"""

from __future__ import annotations

from extractor import calendar as mcal
from extractor.nlp.components.flow_lexicon import FlowLexicon, Hit
from extractor.nlp.components.flow_state import Current
from extractor.nlp.mentions import AmountMention, PeriodMention
from extractor.nlp.scope import ABSOLUTE_WEEKS, sets_current

RELATIVE_WEEKS = {"previous_week", "week_before"}
CLAIM_PERIODS = ABSOLUTE_WEEKS | RELATIVE_WEEKS | {"month", "year", "to_date", "n_weeks", "span", "between_dates",
                                                   "month_range", "quarter", "previous_month"}


def nearest_period(lex: FlowLexicon, sent_periods: list[PeriodMention], text: str, amount: AmountMention,
                   lo: int, hi: int, sent_amounts: list[AmountMention]) -> PeriodMention | None:
    """The period phrase of the figure's own clause: one that introduces it ("the previous
    week's 1.19 trillion"), else the nearest one that belongs to no other figure."""
    forward = {id(p): forward_amount(lex, p, text, sent_amounts) for p in sent_periods}
    mine = [p for p in sent_periods if forward[id(p)] == amount.start_char]
    if mine:
        return mine[0]
    own = [p for p in sent_periods if forward[id(p)] is None and not previous_figures(lex, p, text, amount,
                                                                                     sent_amounts)]
    dated = [p for p in own if p.day and p.label in ABSOLUTE_WEEKS and lo <= p.start_char < hi]
    if dated and any(p.label == "last_week" for p in own):
        # "data confirmed this past week that … sold X between Jan. 21 and Jan. 28": the dated
        # week is the figure's, the relative one is when it was reported
        own = [p for p in own if p.label != "last_week"]
    found = [Hit(p.start_char, p.end_char, str(k), p.text) for k, p in enumerate(sent_periods) if p in own]
    best = lex.nearest(found, text, amount.start_char, amount.end_char, lo, hi, same_clause=True) or \
        lex.nearest(found, text, amount.start_char, amount.end_char, lo, hi)
    return sent_periods[int(best.value)] if best else None


def previous_figures(lex: FlowLexicon, period: PeriodMention, text: str, amount: AmountMention,
                     sent_amounts: list[AmountMention]) -> bool:
    """A period that closes the previous figure's clause and is cut off from this figure by a
    comma ("bought 91.2 billion yen of bonds in July, after 44.4 billion yen … a month
    earlier") is the previous figure's, not this one's."""
    previous = [a for a in sent_amounts if a.end_char <= period.start_char and a.start_char < amount.start_char]
    if not previous or period.end_char > amount.start_char or previous[-1] is amount:
        return False
    own_clause = text[previous[-1].end_char:period.start_char]
    to_mine = text[period.end_char:amount.start_char]
    return not lex.clause_punctuation.search(own_clause) and bool(lex.clause_punctuation.search(to_mine))


def closing_period(lex: FlowLexicon, sent_periods: list[PeriodMention], text: str, amount: AmountMention,
                   sent_amounts: list[AmountMention]) -> PeriodMention | None:
    """The period that ends the sentence after this figure's clause, when nothing but
    coordinated figures ("and offloaded …") stands between: not across ";" or "while"."""
    later = [p for p in sent_periods if p.start_char >= amount.end_char and p.label in ABSOLUTE_WEEKS | {"month"}]
    if len(later) != 1 or any(a.start_char >= later[-1].end_char for a in sent_amounts):
        return None
    if lex.closing_period_breaks.search(text[amount.end_char:later[-1].start_char]):
        return None
    return later[-1]


def month_of_year(period: PeriodMention, sent_periods: list[PeriodMention]) -> PeriodMention:
    """"Outflows in September every year …, the biggest in 2023" → September 2023."""
    months = [p for p in sent_periods if p.label == "month" and p.month and not p.year_stated]
    if not months or period.start is None:
        return period
    start, end = mcal.month_range(period.start.year, months[0].month)
    return PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="month",
                         start=start, end=end, granularity="month", month=months[0].month, year_stated=True)


def forward_amount(lex: FlowLexicon, period: PeriodMention, text: str, amounts: list[AmountMention]) -> int | None:
    """Start of the figure a relative period introduces, if it introduces one: "the previous
    week's 1.19 trillion", "(previous week was +330.5bn", "the previous period's net inflow of
    ¥285.9 billion". Not across a clause boundary ("… in the previous week and 1.1 trillion")."""
    if period.label not in RELATIVE_WEEKS:
        return None
    following = [a for a in amounts if a.start_char >= period.end_char]
    if not following:
        return None
    between = text[period.end_char : following[0].start_char]
    if lex.boundary.search(between) or "," in between or len(between.split()) > 5:
        return None
    return following[0].start_char


def resolve_period(period: PeriodMention | None, current: Current | None,
                   had_previous: bool) -> tuple[PeriodMention | None, Current | None, bool]:
    """Return (period for the claim, new week in view, sentence has 'previous week')."""
    if period is None:
        if current is None:
            return None, current, had_previous
        return PeriodMention(0, 0, "", -1, label="current_week", start=current.start, end=current.end,
                             granularity=current.granularity), current, had_previous
    if sets_current(period):
        return period, Current(period.start, period.end, period.granularity), had_previous
    weekly = current is not None and current.granularity == "week"
    if period.label == "n_weeks" and weekly and (period.day or period.start):
        # "over the nine weeks": the N weeks ending with the week the sentence is about
        start = period.start or mcal.shift_week(current[:2], -(period.day - 1))[0]  # type: ignore[index]
        resolved = PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="n_weeks",
                                 start=start, end=current.end, granularity="multi_week")  # type: ignore[union-attr]
        return resolved, current, had_previous
    if period.label == "previous_month" and current is not None and current.granularity == "month":
        # "on top of 1.72 trillion yen a month earlier": the month before the one described
        year, month = mcal.previous_month(current.start)
        start, end = mcal.month_range(year, month)
        return PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="month",
                             start=start, end=end, granularity="month", month=month), current, had_previous
    if period.label in RELATIVE_WEEKS and weekly:
        back = 2 if period.label == "week_before" and had_previous else 1
        start, end = mcal.shift_week(current[:2], -back)  # type: ignore[index]
        resolved = PeriodMention(period.start_char, period.end_char, period.text, period.sent,
                                 label=period.label, start=start, end=end, granularity="week")
        return resolved, current, had_previous or period.label == "previous_week"
    return period, current, had_previous
