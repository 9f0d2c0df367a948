"""Other numeric statements ("around 70 percent of government bonds", "three quarters of
their securities portfolios", "$1.4 trillion monetary stimulus program").

Nothing numeric is dropped: whatever the other components did not use becomes a statistic,
which the reconciler marks unverifiable with the reason. Numbers inside page furniture,
dates, qualifiers and compounds like "10-year" are not statements and are left out.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import StatisticMention, register_extensions
from extractor.nlp.text import doc_text, sent_index, skipped

_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:percent|per cent|%)", re.IGNORECASE)


class Statistics:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.labels = set(data["entity_labels"])
        self.fraction = re.compile(data["fraction"], re.IGNORECASE)
        self.fraction_values = data["fraction_values"]
        self.compound = re.compile(data["ignore_compound"])
        self.ignore_text = re.compile(data["ignore_text"], re.IGNORECASE)
        self.after_month = patterns.compile_pattern(data["ignore_after_month"], patterns_dir)

    def _used(self, doc: Doc) -> list[tuple[int, int]]:
        used = [(a.start_char, a.end_char) for a in doc._.fc_amounts or [] if a.role in ("flow", "conversion", "move")]
        for name in ("fc_periods", "fc_flows", "fc_qualifiers", "fc_market_moves", "fc_forecasts"):
            used += [(m.start_char, m.end_char) for m in getattr(doc._, name) or []]
        return used

    def find(self, doc: Doc) -> list[StatisticMention]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        used = self._used(doc)
        found: list[StatisticMention] = []

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in used + [(f.start_char, f.end_char) for f in found])

        def add(start: int, end: int, value: float | None, unit: str | None) -> None:
            index = sent_index(doc, start)
            if skipped(doc, index) or not free(start, end):
                return
            found.append(StatisticMention(start, end, text[start:end], index, value=value, unit=unit))

        for amount in doc._.fc_amounts or []:
            if amount.role in ("unassigned", "statistic"):
                add(amount.start_char, amount.end_char, amount.value, amount.currency)
        for match in self.fraction.finditer(text):
            key = re.sub(r"[- ]+", " ", match["num"].lower())
            add(match.start(), match.end(), self.fraction_values.get(key), "fraction")
        for ent in doc.ents:
            if ent.label_ not in self.labels or self.ignore_text.match(ent.text) or not any(c.isdigit() for c in ent.text):
                continue
            if self.compound.match(text[ent.end_char : ent.end_char + 12]):
                continue
            if self.after_month.search(text[max(0, ent.start_char - 12) : ent.start_char]):
                continue
            percent = _PERCENT.search(ent.text)
            value = float(percent.group(1)) if percent else None
            unit = "percent" if percent else ent.label_.lower()
            add(ent.start_char, ent.end_char, value, unit)
        found.sort(key=lambda s: s.start_char)
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_statistics = self.find(doc)
        return doc


@Language.factory(
    "flowcheck_statistics",
    default_config={"patterns_dir": "", "patterns_file": "statistics.json"},
    requires=["doc.sents", "doc.ents", "doc.user_data",
              "doc._.fc_amounts", "doc._.fc_periods", "doc._.fc_flows", "doc._.fc_qualifiers",
              "doc._.fc_market_moves", "doc._.fc_forecasts"],
    assigns=["doc._.fc_statistics"],
)
def make_statistics(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Statistics:
    return Statistics(patterns_dir, patterns_file)
