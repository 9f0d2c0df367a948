"""Market moves checked against FRED: "The yield on the benchmark U.S. 10-year Treasury note
has fallen from above 2 percent in March to 1.7 percent"; "the yen has depreciated over 7
percent against the U.S. dollar since the beginning of last month".

The series is chosen by the subject the sentence names before the verb (a yield → DGS10, the
yen or dollar-yen → DEXJPUS); the start of a percentage move comes from a "since …" period in
the same sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.components.periods import month_number
from extractor.nlp.mentions import MoveMention, register_extensions
from extractor.nlp.text import iter_sentences


class MarketMoves:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.subjects = [(series, patterns.phrase_regex(words)) for series, words in data["subjects"].items()]
        self.from_to = patterns.compile_pattern(data["from_to"], patterns_dir)
        self.pct_change = patterns.compile_pattern(data["pct_change"], patterns_dir)
        self.fall = set(data["fall_verbs"])
        self.qualifiers = data["qualifiers"]

    def _subject(self, sentence: str, before: int) -> tuple[str, str] | None:
        """The series whose subject words stand closest before the verb."""
        best = None
        for series, regex in self.subjects:
            for match in regex.finditer(sentence[:before]):
                if best is None or match.start() > best[0]:
                    best = (match.start(), series, match.group(0))
        return (best[1], best[2]) if best else None

    def _qualifier(self, word: str | None) -> str | None:
        return self.qualifiers.get(re.sub(r"\s+", " ", word.lower())) if word else None

    def find(self, doc: Doc) -> list[MoveMention]:
        published = doc._.published
        periods = doc._.fc_periods or []
        amounts = doc._.fc_amounts or []
        found: list[MoveMention] = []
        for index, offset, sentence in iter_sentences(doc):
            for match in self.from_to.finditer(sentence):
                subject = self._subject(sentence, match.start())
                if not subject:
                    continue
                mention = MoveMention(
                    offset + match.start(), offset + match.end(), match.group(0), index,
                    series=subject[0], subject=subject[1],
                    move="fall" if match["verb"].lower() in self.fall else "rise",
                    from_value=float(match["v1"]), from_qualifier=self._qualifier(match["q1"]),
                    to_value=float(match["v2"]),
                )
                month = month_number(match["p1"])
                if month and (match["y1"] or published):
                    year = int(match["y1"]) if match["y1"] else mcal.past_year_for(month, 1, published)
                    mention.from_period = mcal.month_range(year, month)
                found.append(mention)
            for match in self.pct_change.finditer(sentence):
                subject = self._subject(sentence, match.start())
                if not subject:
                    continue
                since = next((p.start for p in periods if p.sent == index and p.label in ("since_start", "since_date")
                              and p.start_char >= offset + match.start()), None)
                verb = match["verb"].lower()
                mention = MoveMention(
                    offset + match.start(), offset + match.end(), match.group(0), index,
                    series="DEXJPUS", subject=subject[1],
                    move="fall" if verb in self.fall else "rise",
                    change_pct=float(match["v"]), change_qualifier={"above": "more_than", "below": "less_than",
                                                                    "about": "about"}.get(self._qualifier(match["q"]) or ""),
                    since=since,
                )
                if subject[0] == "DEXJPUS" or "yen" in match["against"].lower() or "dollar" in match["against"].lower():
                    found.append(mention)
            for amount in amounts:
                if amount.sent == index and any(m.start_char <= amount.start_char < m.end_char for m in found):
                    amount.role = "move"
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_market_moves = self.find(doc)
        return doc


@Language.factory(
    "flowcheck_market_moves",
    default_config={"patterns_dir": "", "patterns_file": "market_moves.json"},
    requires=["doc.sents", "doc._.fc_amounts", "doc._.fc_periods"],
    assigns=["doc._.fc_market_moves"],
)
def make_market_moves(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> MarketMoves:
    return MarketMoves(patterns_dir, patterns_file)
