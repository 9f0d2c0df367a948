"""Forecasts about flows: "it may not be long before Japanese institutions turn into net
buyers of foreign bonds, according to Uwe Parpart …, who sees this shift taking place by
mid-May".

A sentence is a forecast when it looks ahead (a cue from forecasts.json), says which way
flows will go in strong terms ("net buyers", "further selling") and names securities. The
forecaster is the person or organisation the sentence is attributed to; the deadline is a
"by …" period in the sentence.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import ForecastMention, register_extensions
from extractor.nlp.text import doc_text, iter_sentences, market_of_securities


class Forecasts:
    def __init__(self, patterns_dir: str, patterns_file: str, lexicon_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        lex = patterns.load(patterns_dir, lexicon_file)
        self.cues = patterns.phrase_regex(data["cues"])
        self.turns = {p.lower(): d for d, phrases in data["turn_phrases"].items() for p in phrases}
        self.turn_re = patterns.phrase_regex(list(self.turns))
        self.every = patterns.phrase_regex(data["every_week_phrases"])
        self.sum_comparison = re.compile(data["sum_comparison"], re.IGNORECASE)
        self.instrument_table = {w.lower(): i for i, words in lex["instrument"].items() for w in words}
        self.instrument_re = patterns.phrase_regex(list(self.instrument_table))
        self.foreign = {w.lower() for w in lex["foreign_modifiers"]}
        self.japanese = {w.lower() for w in lex["japanese_modifiers"]}
        self.outward = patterns.phrase_regex(lex["outward_actors"])
        self.inward = patterns.phrase_regex(lex["inward_actors"])

    def _market(self, sentence: str, instrument: re.Match[str]) -> str | None:
        market = market_of_securities(sentence, instrument.start(), instrument.group(0), self.foreign, self.japanese)
        if market:
            return market
        if self.outward.search(sentence):
            return "outward"
        if self.inward.search(sentence):
            return "inward"
        return None

    def find(self, doc: Doc) -> list[ForecastMention]:
        periods = doc._.fc_periods or []
        attributions = doc._.fc_attributions or []
        found: list[ForecastMention] = []
        for index, offset, sentence in iter_sentences(doc):
            cue = self.cues.search(sentence)
            turn = self.turn_re.search(sentence)
            if not (cue and turn):
                continue
            instrument = self.instrument_re.search(sentence, turn.start()) or self.instrument_re.search(sentence)
            if not instrument:
                continue
            people = [a for a in attributions if a.sent == index and a.kind in ("person", "organization")]
            if not people and re.match(r"\s*(?:He|She|They)\b", sentence):
                # "Kenji Sato … said … . He expects …": the person named in the sentence before
                people = [a for a in attributions if a.sent == index - 1 and a.kind == "person"]
            deadline = next((p for p in periods if p.sent == index and p.label == "deadline"), None)
            compared = self.sum_comparison.search(sentence)
            window = next((p for p in periods if p.sent == index and p.label == "this_period"), None)
            rule = "every_week" if self.every.search(sentence) else "first_week"
            if compared and window is not None:  # "buy more this fiscal year than last"
                rule, deadline = "sum", window
            start = offset + min(cue.start(), turn.start())
            end = offset + max(turn.end(), instrument.end(), deadline.end_char - offset if deadline else 0)
            forecaster = people[0] if people else None
            found.append(ForecastMention(
                start, end, doc_text(doc)[start:end], index,
                forecaster=forecaster.name if forecaster else None,
                affiliation=forecaster.affiliation if forecaster else None,
                statement=sentence.strip(),
                market=self._market(sentence, instrument),
                instrument=self.instrument_table[instrument.group(0).lower()],
                direction=self.turns[turn.group(0).lower()],
                rule=rule,
                deadline=deadline,
                window=window if rule == "sum" else None,
                more=not (compared and (compared.group("more") or "more").lower() in ("less", "fewer")),
            ))
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_forecasts = self.find(doc)
        return doc


@Language.factory(
    "flowcheck_forecasts",
    default_config={"patterns_dir": "", "patterns_file": "forecasts.json", "lexicon_file": "flow_lexicon.json"},
)
def make_forecasts(nlp: Language, name: str, patterns_dir: str, patterns_file: str, lexicon_file: str) -> Forecasts:
    return Forecasts(patterns_dir, patterns_file, lexicon_file)
