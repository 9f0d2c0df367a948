"""Periods: "the week ended April 20", "last week", "the previous week", "in March",
"since the beginning of last month", "so far this year", "by mid-May".

Absolute expressions are resolved here against the publication date (``doc._.published``),
with MoF's calendar (Sunday–Saturday weeks released the next Thursday). Expressions that are
relative to another week ("the previous week", "the week before") keep ``start=None``: the
flows component resolves them against the week the sentence is about. Without a publication
date, a day-month without a year stays unresolved (month/day kept for date inference).
"""

from __future__ import annotations

import calendar as _cal
import re
from datetime import date, timedelta
from functools import lru_cache

import dateparser
from spacy.language import Language
from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.mentions import PeriodMention, register_extensions
from extractor.nlp.text import doc_text, sent_index

_DEADLINE_DAY = {"early": 10, "mid": 15}
_SINCE_DAY = {"early": 1, "mid": 15, "late": 21, "the start of": 1}


@lru_cache(maxsize=4096)
def month_number(text: str | None) -> int | None:
    """'Sept' → 9, 'Dec.' → 12, via dateparser so every English spelling is accepted. Cached: a
    dateparser call costs ~1 ms and a batch of articles names the same few months again and again."""
    if not text:
        return None
    parsed = dateparser.parse(f"{text.rstrip('.')} 1 2001", languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.month if parsed else None


def day_number(text: str | None) -> int | None:
    return int(re.match(r"\d+", text).group(0)) if text else None


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class Periods:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.cardinals = patterns.load(patterns_dir, "qualifiers.json")["cardinal_words"]
        self.record_before = re.compile(data["record_before"], re.IGNORECASE)
        self.reference_before = re.compile(data["reference_before"], re.IGNORECASE)
        self.patterns = [
            (p["label"], patterns.compile_pattern(p["pattern"], patterns_dir, flags=re.IGNORECASE | re.MULTILINE))
            for p in data["patterns"]
        ]
        month_number("January")  # dateparser reads its language tables on first use (~0.5 s): load them
        # with the pipeline, so worker processes forked after loading it share them instead of each reading them

    def find(self, doc: Doc) -> list[PeriodMention]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        published: date | None = doc._.published
        taken: list[tuple[int, int]] = []
        found: list[PeriodMention] = []
        for label, regex in self.patterns:
            for match in regex.finditer(text):
                start, end = match.span()
                if any(s < end and start < e for s, e in taken):
                    continue
                if label == "n_weeks" and self.record_before.search(text[max(0, start - 40) : start]):
                    continue  # "the most in the last three weeks": a record window, not a span
                if label == "year" and self.reference_before.search(text[max(0, start - 40) : start]):
                    continue  # "since trading data began in 2005": a reference point
                mention = PeriodMention(start, end, match.group(0), sent_index(doc, start), label=label)
                self._resolve(mention, match, published)
                taken.append((start, end))
                found.append(mention)
        found.sort(key=lambda m: m.start_char)
        return found

    def _resolve(self, m: PeriodMention, match: re.Match[str], published: date | None) -> None:
        groups = {k: v for k, v in match.groupdict().items() if v}
        year = int(groups["year"]) if "year" in groups else None
        m.year_stated = year is not None
        label = m.label
        if label in ("week_ended", "week_range", "table_week"):
            month = month_number(groups.get("month"))
            day = day_number(groups.get("day2") if label != "week_ended" else groups.get("day"))
            if label != "week_ended" and groups.get("month2"):
                month = month_number(groups["month2"])
            m.month, m.day, m.granularity = month, day, "week"
            if month is None or day is None:
                return
            if year is None and published is not None:
                year = mcal.past_year_for(month, day, published)
            if year is None:
                return
            anchor = _safe_date(year, month, day)
            if anchor:
                m.start, m.end = mcal.week_containing(anchor)
        elif label == "last_week" and published:
            m.start, m.end = mcal.last_released_week(published)
            m.granularity = "week"
        elif label == "last_week_of_year" and year:
            m.start, m.end = mcal.week_containing(date(year, 12, 31))
            m.granularity = "week"
        elif label in ("previous_week", "week_before"):
            m.granularity = "week"
        elif label == "previous_month":
            m.granularity = "month"  # resolved by the flows component against the month being described
        elif label == "month":
            month = month_number(groups.get("month"))
            if month and (year or published):
                year = year or mcal.past_year_for(month, 1, published)
                m.start, m.end = mcal.month_range(year, month)
                m.granularity, m.month = "month", month
        elif label == "year" and year:
            m.start, m.end, m.granularity = date(year, 1, 1), date(year, 12, 31), "year"
        elif label == "since_start":
            self._since_start(m, groups, published)
        elif label == "to_date" and published:
            # cumulative figures run to the newest week published, not to the publication day
            unit = groups.get("unit") or groups.get("unit2") or groups.get("unit3") or groups.get("unit4") or "year"
            through = mcal.last_released_week(published)[1]
            m.start = (date(through.year, 1, 1) if unit == "year" else
                       date(through.year, 3 * ((through.month - 1) // 3) + 1, 1) if unit == "quarter" else
                       through.replace(day=1))
            m.end, m.granularity = through, "ytd"
        elif label == "month_range":
            self._month_range(m, groups, published)
        elif label == "quarter":
            self._quarter(m, groups, published, match.group(0))
        elif label == "since_date":
            month = month_number(groups.get("month"))
            part = re.sub(r"\s+", " ", groups.get("part", "").lower())
            day = day_number(groups.get("day")) or _SINCE_DAY.get(part, 1)
            year = year or (int(groups["year2"]) if "year2" in groups else None)
            if month and year is None and published:
                year = mcal.past_year_for(month, day, published)
            if year:
                m.start = _safe_date(year, month or 1, day)
                if m.start and part in ("the end of", "end"):  # "since the end of March": from April
                    m.start = mcal.month_range(year, month or 1)[1] + timedelta(days=1)
                m.end, m.granularity = published, "other"
        elif label == "deadline":
            self._deadline(m, groups, published)
        elif label == "between_dates":
            self._between(m, groups, published)
        elif label == "n_weeks":
            m.granularity, m.day = "multi_week", self._count(groups.get("card"))
            if groups.get("month") and published:  # "… that began on January 26": the first week
                month, day = month_number(groups["month"]), day_number(groups["day"])
                first = _safe_date(mcal.past_year_for(month, day, published), month, day)
                m.start = mcal.week_containing(first)[0] if first else None
        elif label == "span":
            self._span(m, groups, published)
        elif label == "this_period" and published:
            if groups.get("fiscal"):  # Japan's fiscal year: April to March
                start_year = published.year if published.month >= 4 else published.year - 1
                m.start, m.end, m.granularity = date(start_year, 4, 1), date(start_year + 1, 3, 31), "fiscal_year"
            else:
                m.start, m.end, m.granularity = date(published.year, 1, 1), date(published.year, 12, 31), "year"

    def _count(self, word: str | None) -> int | None:
        if not word:
            return None
        return int(word) if word.isdigit() else self.cardinals.get(word.lower())

    @staticmethod
    def _quarter(m: PeriodMention, groups: dict[str, str], published: date | None, words: str) -> None:
        """"The first quarter of 2023": January–March; without a year the latest such quarter that
        has ended by publication ("of last year": the year before); "the last quarter" alone is the
        quarter before the one the story was published in."""
        word = groups["q"].lower()
        year = int(groups["year"]) if "year" in groups else None
        if word == "last" and year is None and "of" not in words.lower().split():  # "the last quarter": the one before
            if published is None:
                return
            y, mo = mcal.add_months(published.year, published.month, -3)
            number, year = (mo - 1) // 3 + 1, y
            if not 1900 <= year <= 2100:
                return
            m.start, m.end = date(year, 3 * number - 2, 1), mcal.month_range(year, 3 * number)[1]
            m.granularity = "quarter"
            return
        number = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
                  "final": 4, "last": 4}[word]
        if year is None:
            if published is None:
                return
            year = published.year - (1 if "last year" in words.lower() else 0)
            if mcal.month_range(year, 3 * number)[1] > published:
                year -= 1
        if not 1900 <= year <= 2100:
            return
        m.start, m.end = date(year, 3 * number - 2, 1), mcal.month_range(year, 3 * number)[1]
        m.granularity = "quarter"

    @staticmethod
    def _month_range(m: PeriodMention, groups: dict[str, str], published: date | None) -> None:
        """"From November to April": the whole months from the first to the last, the last in
        the publication year (or the year stated), the first in the year before when it is later
        in the calendar."""
        first, last = month_number(groups.get("month")), month_number(groups.get("month2"))
        if not first or not last:
            return
        year2 = int(groups["year2"]) if "year2" in groups else None
        year1 = int(groups["year"]) if "year" in groups else None
        if year2 is None:
            if year1 is not None:
                year2 = year1 if first <= last else year1 + 1
            elif published is not None:
                year2 = mcal.past_year_for(last, 1, published)
            else:
                return
        year1 = year1 if year1 is not None else (year2 if first <= last else year2 - 1)
        if not 1900 <= year1 <= year2 <= 2100:
            return
        m.start, m.end = date(year1, first, 1), mcal.month_range(year2, last)[1]
        months = (year2 * 12 + last) - (year1 * 12 + first) + 1
        m.granularity = "quarter" if months == 3 and last % 3 == 0 else "half_year" if months == 6 else "multi_month"

    @staticmethod
    def _between(m: PeriodMention, groups: dict[str, str], published: date | None) -> None:
        """"between Jan. 21 and Jan. 28": one MoF week when the span fits in one, else the span."""
        month, day = month_number(groups.get("month")), day_number(groups.get("day"))
        month2, day2 = month_number(groups.get("month2")) or month, day_number(groups.get("day2"))
        year = int(groups["year2"]) if "year2" in groups else (int(groups["year"]) if "year" in groups else None)
        m.month, m.day = month2, day2
        if year is None and published is not None and month2 and day2:
            year = mcal.past_year_for(month2, day2, published)
        if not (year and month and day and month2 and day2):
            return
        end, first = _safe_date(year, month2, day2), _safe_date(year if month <= month2 else year - 1, month, day)
        if end is None or first is None:
            return
        if (end - first).days <= 7:
            m.label, m.granularity = "week_ended", "week"
            m.start, m.end = mcal.week_containing(end)
        else:
            m.start, m.end, m.granularity = first, end, "multi_week"

    def _span(self, m: PeriodMention, groups: dict[str, str], published: date | None) -> None:
        """Months, halves and 'last month/year', with the span the words state."""
        if published is None:
            return
        year = int(groups["year"]) if "year" in groups else None
        if groups.get("unit") == "year":
            y = published.year - 1
            m.start, m.end, m.granularity = date(y, 1, 1), date(y, 12, 31), "year"
        elif groups.get("unit") == "month":  # "last month": the month before publication
            y, mo = mcal.previous_month(published)
            m.start, m.end = mcal.month_range(y, mo)
            m.granularity, m.month = "month", mo
        elif groups.get("halfend"):  # "the first half ended September": six months to that month
            last = month_number(groups["halfend"])
            y = year or mcal.past_year_for(last, 1, published)
            m.end = mcal.month_range(y, last)[1]
            first_month = (last - 6) % 12 + 1
            m.start, m.granularity = date(y if first_month <= last else y - 1, first_month, 1), "half_year"
        elif groups.get("half"):
            y = year or published.year
            first = groups["half"].lower() == "first"
            m.start, m.end = (date(y, 1, 1), date(y, 6, 30)) if first else (date(y, 7, 1), date(y, 12, 31))
            m.granularity = "half_year"
        elif groups.get("first"):
            n = self._count(groups["first"])
            y = year or published.year
            if n and 1 <= n <= 12:
                m.start, m.end = date(y, 1, 1), mcal.month_range(y, n)[1]
                m.granularity = "ytd"
        elif groups.get("card") and groups.get("month"):  # "the three months to June"
            n, last = self._count(groups["card"]), month_number(groups["month"])
            if n and last and 1 <= n <= 12:
                y = year or mcal.past_year_for(last, 1, published)
                end = mcal.month_range(y, last)[1]
                first_month = (last - n) % 12 + 1
                first_year = y if first_month <= last else y - 1
                m.start, m.end = date(first_year, first_month, 1), end
                m.granularity = "quarter" if n == 3 and last % 3 == 0 else "multi_month"

    @staticmethod
    def _since_start(m: PeriodMention, groups: dict[str, str], published: date | None) -> None:
        if published is None:
            return
        rel, unit = groups.get("rel"), groups.get("unit")
        if unit == "month":
            y, mo = mcal.previous_month(published) if rel and rel != "this" else (published.year, published.month)
            m.start = date(y, mo, 1)
        elif unit == "year":
            m.start = date(published.year - (1 if rel and rel != "this" else 0), 1, 1)
        elif groups.get("month"):
            mo = month_number(groups["month"])
            y = int(groups["year"]) if "year" in groups else mcal.past_year_for(mo, 1, published)
            m.start = date(y, mo, 1)
        elif groups.get("year2"):
            m.start = date(int(groups["year2"]), 1, 1)
        m.end, m.granularity = published, "ytd"

    @staticmethod
    def _deadline(m: PeriodMention, groups: dict[str, str], published: date | None) -> None:
        when = groups.get("when", "").lower()
        month = month_number(groups.get("month") or groups.get("month2") or groups.get("month3"))
        year = int(groups["year"]) if "year" in groups else None
        if "year" in when and "fiscal" not in when and not month:
            month, day = 12, 31
        elif "fiscal" in when:
            if published is None:
                return
            fy_end_year = published.year + (1 if published.month > 3 else 0)
            m.end, m.granularity = date(fy_end_year, 3, 31), "fiscal_year"
            return
        elif month:
            prefix = re.match(r"(early|mid|late|end)", when)
            word = prefix.group(1) if prefix else "end"
            day = _DEADLINE_DAY.get(word, 31)
        else:
            return
        if year is None:
            if published is None:
                return
            year = mcal.future_year_for(month, min(day, 28), published)
        day = min(day, _cal.monthrange(year, month)[1])
        m.end, m.granularity = date(year, month, day), "other"
        m.start = published if published else None
        m.month, m.day = month, day

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_periods = self.find(doc)
        spans = [doc.char_span(p.start_char, p.end_char, label=p.label, alignment_mode="expand")
                 for p in doc._.fc_periods]
        doc.spans["fc_periods"] = [s for s in spans if s is not None]
        return doc


@Language.factory(
    "flowcheck_periods",
    default_config={"patterns_dir": "", "patterns_file": "periods.json"},
    requires=["doc.sents"],
    assigns=["doc._.fc_periods"],
)
def make_periods(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Periods:
    return Periods(patterns_dir, patterns_file)


