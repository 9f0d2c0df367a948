"""Qualifiers of flow figures: streaks ("a sixth straight week", "first net buying in 12
weeks"), ratio comparisons ("more than double the net 331.9 billion in the previous week")
and records ("the biggest since January 2005", "the most in a year").

Each is attached to the flow figure it qualifies: the nearest one in the sentence (for a
ratio, the figure before it, compared with the figure after it).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.components.periods import day_number, month_number
from extractor.nlp.mentions import FlowMention, QualifierMention, register_extensions
from extractor.nlp.text import doc_text, iter_sentences, word_distance

_OPERATORS = {"more than": "more_than", "over": "more_than", "less than": "less_than", "under": "less_than"}


_REFERENCE_WEEKS = ("previous_week", "week_before")


class Qualifiers:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        flags = re.IGNORECASE
        self.streak = [patterns.compile_pattern(p, patterns_dir, flags) for p in data["streak"]]
        self.first_in = [patterns.compile_pattern(p, patterns_dir, flags) for p in data["first_in"]]
        self.ratio = [patterns.compile_pattern(p, patterns_dir, flags) for p in data["ratio"]]
        self.record = [patterns.compile_pattern(p, patterns_dir, flags) for p in data["record"]]
        self.ordinals = data["ordinal_words"]
        self.cardinals = data["cardinal_words"]
        self.factors = data["factor_words"]
        self.largest = set(data["largest_words"])
        self.ended_run = re.compile(data["ended_run_before"], re.IGNORECASE)

    def _number(self, groups: dict[str, str | None]) -> int | None:
        word = (groups.get("ord") or groups.get("card") or "").lower()
        if not word:
            return None
        if word in self.ordinals:
            return self.ordinals[word]
        if word in self.cardinals:
            return self.cardinals[word]
        digits = re.match(r"\d+", word)
        return int(digits.group(0)) if digits else None

    @staticmethod
    def _nearest_flow(flows: list[FlowMention], text: str, start: int, end: int,
                      side: str = "any") -> FlowMention | None:
        best: tuple[int, FlowMention] | None = None
        for flow in flows:
            if side == "before" and flow.start_char > start:
                continue
            if side == "after" and flow.start_char < end:
                continue
            gap = word_distance(text, flow.end_char, start) if flow.end_char <= start else word_distance(
                text, end, flow.start_char)
            if best is None or gap < best[0]:
                best = (gap, flow)
        return best[1] if best else None

    def find(self, doc: Doc) -> list[QualifierMention]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        flows = doc._.fc_flows or []
        published = doc._.published
        found: list[QualifierMention] = []
        for index, offset, sent_text in iter_sentences(doc):
            sent_flows = [f for f in flows if f.sent == index]
            if not sent_flows:
                continue

            def add(kind: str, match: re.Match[str], offset: int = offset, index: int = index,
                    sent_flows: list = sent_flows, **fields: object) -> QualifierMention | None:
                start, end = match.start() + offset, match.end() + offset
                if any(q.kind == kind and q.start_char < end and start < q.end_char for q in found):
                    return None  # two patterns read the same words: one qualifier
                side = "before" if kind == "ratio" else "any"
                # a streak or record qualifies the sentence's own week, not a figure "the previous
                # week" quoted beside it ("…, marking a third straight week of net selling and
                # following net sales of 410.5 billion yen the previous week")
                own = [f for f in sent_flows if not (f.period and f.period.label in _REFERENCE_WEEKS)]
                targets = sent_flows if kind == "ratio" or not own else own
                mention = QualifierMention(start, end, match.group(0).strip(), index, kind=kind,
                                           flow=self._nearest_flow(targets, text, start, end, side), **fields)
                found.append(mention)
                return mention

            for regex in self.streak:
                for match in regex.finditer(sent_text):
                    count = self._number(match.groupdict())
                    if self.ended_run.search(sent_text[max(0, match.start() - 40) : match.start()]):
                        continue  # "after two successive weeks of net withdrawals": a run that ended
                    if count and count > 1:
                        add("streak", match, count=count, unit="month" if "month" in match.group(0).lower() else "week")
            for regex in self.first_in:
                for match in regex.finditer(sent_text):
                    count = self._number(match.groupdict())
                    if count:
                        add("first_in", match, count=count)
            for regex in self.ratio:
                for match in regex.finditer(sent_text):
                    groups = match.groupdict()
                    word = groups["factor"].lower()
                    factor = self.factors.get(word)
                    if factor is None and groups.get("times"):
                        factor = float(self._number({"card": groups["times"]}) or groups["times"])
                    op = _OPERATORS.get(re.sub(r"\s+", " ", (groups.get("op") or "").lower()), "about")
                    mention = add("ratio", match, factor=factor, operator=op)
                    if mention is None:
                        continue
                    mention.other_flow = self._nearest_flow(sent_flows, text, mention.start_char,
                                                            mention.end_char, "after")
                    if mention.flow is None or mention.other_flow is None:
                        found.remove(mention)
            for regex in self.record:
                for match in regex.finditer(sent_text):
                    self._record(add, match, published)
        return found

    def _record(self, add, match: re.Match[str], published: date | None) -> None:
        groups = {k: v for k, v in match.groupdict().items() if v}
        word = (groups.get("sup") or groups.get("sup2") or "").lower()
        superlative = "largest" if word in self.largest else "smallest"
        since = None
        window = None
        if "month" in groups or "year" in groups or "year2" in groups:
            # "the largest since Oct. 12" / "since January 2005" / "since 2015": the referenced
            # period had a larger figure, so the comparison covers only the weeks after it
            month = month_number(groups.get("month"))
            year = int(groups.get("year") or groups.get("year2") or 0) or None
            day = day_number(groups.get("day"))
            if year is None and published and month:
                year = mcal.past_year_for(month, day or 1, published)
            if year and month and day:
                since = mcal.week_containing(date(year, month, day))[1] + timedelta(days=1)
            elif year and month:
                since = mcal.month_range(year, month)[1] + timedelta(days=1)
            elif year:
                since = date(year + 1, 1, 1)
        unit = groups.get("unit") or groups.get("unit1")
        if unit:
            count = self._number(groups) or 1
            per = {"week": 1, "month": 4, "year": 52}[unit.lower().rstrip("s")]
            window = count * per
        if since or window:
            add("record", match, superlative=superlative, since=since, window_weeks=window)

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_qualifiers = self.find(doc)
        return doc


@Language.factory(
    "flowcheck_qualifiers",
    default_config={"patterns_dir": "", "patterns_file": "qualifiers.json"},
    requires=["doc.sents", "doc._.fc_flows"],
    assigns=["doc._.fc_qualifiers"],
)
def make_qualifiers(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Qualifiers:
    return Qualifiers(patterns_dir, patterns_file)
