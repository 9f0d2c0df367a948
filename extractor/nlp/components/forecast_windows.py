"""The window a forecast is about: "in fiscal 2014", "the second half of the financial year to
March", "over the next year", "for the next five to 10 years", "this month", "soon".

Analysts name windows, not deadlines; the deadline is the window's end. Japan's fiscal year
runs April to March, so "fiscal 2014" is 1 April 2014 – 31 March 2015 and "the end of the
Japanese financial year" in a March story is that month's 31st. Vague horizons ("soon", "in
coming months") give no window: the resolver applies a stated default and says so.

Each reading is a small pure function of the regex groups and the publication date, so the
same words always give the same window (and can be tested one by one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.components.periods import month_number


@dataclass(frozen=True)
class Window:
    kind: str
    start_char: int  # offsets in the sentence
    end_char: int
    text: str
    start: date | None
    end: date | None
    granularity: str | None


def _fiscal_year_of(day: date) -> int:
    """The fiscal year (named by its April start) that contains ``day``."""
    return day.year if day.month >= 4 else day.year - 1


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class WindowReader:
    def __init__(self, patterns_dir: str, data: dict) -> None:
        self.patterns = [(w["kind"], patterns.compile_pattern(w["pattern"], patterns_dir)) for w in data["windows"]]
        self.numbers = {k.lower(): v for k, v in data["numbers"].items()}

    def _number(self, word: str | None) -> int | None:
        if not word:
            return None
        word = word.lower()
        return int(word) if word.isdigit() else self.numbers.get(word)

    def find(self, sentence: str, published: date | None) -> list[Window]:
        """Every window phrase in the sentence, earliest first; overlapping phrases keep the
        first pattern listed (the more specific one)."""
        found: list[Window] = []
        for kind, regex in self.patterns:
            for m in regex.finditer(sentence):
                if any(m.start() < w.end_char and w.start_char < m.end() for w in found):
                    continue
                start, end, gran = self._resolve(kind, m, published)
                found.append(Window(kind, m.start(), m.end(), m.group(0), start, end, gran))
        return sorted(found, key=lambda w: w.start_char)

    def _resolve(self, kind: str, m: re.Match[str], published: date | None):
        g = {k: v for k, v in m.groupdict().items() if v}
        year = int(g.get("year") or g.get("year2") or 0) or None
        if kind == "fiscal_named" and year:
            return date(year, 4, 1), date(year + 1, 3, 31), "fiscal_year"
        if kind == "fiscal_through":
            if year is None and published:
                year = _fiscal_year_of(published) + 1
            return (date(year - 1, 4, 1), date(year, 3, 31), "fiscal_year") if year else (None, None, None)
        if kind == "year_named" and year:
            return date(year, 1, 1), date(year, 12, 31), "year"
        if kind == "month_named" and year:
            return (*mcal.month_range(year, month_number(g["month"])), "month")
        if published is None:
            return None, None, None
        fy = _fiscal_year_of(published)
        if kind == "fiscal_half":
            if g["half"].lower() == "first":
                return date(fy, 4, 1), date(fy, 9, 30), "half_year"
            return date(fy, 10, 1), date(fy + 1, 3, 31), "half_year"
        if kind == "fiscal_half_current":  # "this fiscal half": the half the story is published in
            return (date(fy, 4, 1), date(fy, 9, 30), "half_year") if published.month in range(4, 10) else (
                date(fy, 10, 1), date(fy + 1, 3, 31), "half_year")
        if kind == "six_months_to":  # "the six months to March": the fiscal half ending then
            mo = month_number(g["month"])
            y = year or (published.year if (published.month <= mo) else published.year + 1)
            return (date(y, 4, 1), date(y, 9, 30), "half_year") if mo == 9 else (
                date(y - 1, 10, 1), date(y, 3, 31), "half_year")
        if kind == "fiscal_end":
            return published, date(fy + 1, 3, 31), "other"
        if kind == "fiscal_current":
            return date(fy, 4, 1), date(fy + 1, 3, 31), "fiscal_year"
        if kind == "rolling_year":
            return published, _add_years(published, 1), "other"
        if kind == "next_years":
            n = self._number(g.get("n"))
            return (published, _add_years(published, n), "other") if n else (None, None, None)
        if kind == "next_year":
            return date(published.year + 1, 1, 1), date(published.year + 1, 12, 31), "year"
        if kind == "this_year":
            return date(published.year, 1, 1), date(published.year, 12, 31), "year"
        if kind == "this_month":
            return (*mcal.month_range(published.year, published.month), "month")
        if kind == "next_month":
            y, mo = (published.year + 1, 1) if published.month == 12 else (published.year, published.month + 1)
            return (*mcal.month_range(y, mo), "month")
        if kind == "through_month":  # "keep selling through June": from now to that month's end
            mo = month_number(g["month"])
            y = year or (published.year if mo >= published.month else published.year + 1)
            return published, mcal.month_range(y, mo)[1], "other"
        if kind == "month_named":
            mo = month_number(g["month"])
            if mo < published.month:  # "the flows we noticed in June": a past month is no window
                return None, None, None
            return (*mcal.month_range(published.year, mo), "month")
        return None, None, None  # vague


def default_window(made: date, days: int) -> tuple[date, date]:
    return made, made + timedelta(days=days)
