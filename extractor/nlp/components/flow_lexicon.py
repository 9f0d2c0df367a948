"""The flow reader's words, compiled once from ``models/flowcheck/patterns/flow_lexicon.json``,
and the lookups that only search them.

Everything here answers a question about the text ("which direction word is nearest this
figure?", "whose government debt is 'German sovereign debt'?") without knowing what the reader
has carried from earlier sentences; :mod:`flow_steps` combines the answers with that state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.text import market_of_securities, word_distance


@dataclass
class Hit:
    """One lexicon phrase found in a sentence: where, what it means (``value``) and its words."""

    start: int
    end: int
    value: str
    text: str


def hits(regex: re.Pattern[str], table: dict[str, str], text: str, offset: int) -> list[Hit]:
    return [Hit(m.start() + offset, m.end() + offset, table[m.group(0).lower()], m.group(0))
            for m in regex.finditer(text)]


class FlowLexicon:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        lex = patterns.load(patterns_dir, patterns_file)
        self.direction_table = {w.lower(): d for d, words in lex["direction"].items() for w in words}
        self.direction_re = patterns.phrase_regex(list(self.direction_table))
        self.instrument_table = {w.lower(): i for i, words in lex["instrument"].items() for w in words}
        self.instrument_re = patterns.phrase_regex(list(self.instrument_table))
        self.actor_table = {
            **{w.lower(): "outward" for w in lex["outward_actors"]},
            **{w.lower(): "inward" for w in lex["inward_actors"]},
            **{w.lower(): "pronoun" for w in lex["pronoun_actors"]},
        }
        self.actor_re = patterns.phrase_regex(list(self.actor_table))
        self.foreign = {w.lower() for w in lex["foreign_modifiers"]}
        self.japanese = {w.lower() for w in lex["japanese_modifiers"]}
        self.not_a_flow = patterns.phrase_regex(lex["not_a_flow_after"])
        self.exchange_re = patterns.phrase_regex(lex["exchange_sources"])
        self.other_source_re = patterns.phrase_regex(lex["other_sources"])
        self.mof_re = patterns.phrase_regex(lex["mof_sources"])
        self.revision_re = re.compile(
            r"(?:" + "|".join(re.escape(w) for w in lex["revision_before"]) + r")\s+(?:a\s+|an\s+)?(?:net\s+)?$",
            re.IGNORECASE)
        self.boundary = re.compile(lex["clause_boundaries"], re.IGNORECASE)
        self.direction_boundary = re.compile(lex["clause_boundaries"] + "|" + lex["reference_clause"], re.IGNORECASE)
        self.scope_words = re.compile(lex["scope_words"], re.IGNORECASE)
        self.future = re.compile(lex["future_before"], re.IGNORECASE)
        self.holdings = re.compile(lex["holdings_before"], re.IGNORECASE)
        self.modifier_stops = frozenset(w.lower() for w in lex["modifier_stops"])
        self.country_table = {w.lower(): c for c, words in lex["countries"].items() for w in words}
        self.country_re = patterns.phrase_regex(list(self.country_table))
        self.investor_table = {w.lower(): t for t, words in lex["investor_types"].items() for w in words}
        self.investor_re = patterns.phrase_regex(list(self.investor_table))
        self.bop_re = patterns.phrase_regex(lex["bop_sources"])
        self.non_investor = patterns.phrase_regex(lex["non_investor_actors"])
        cues = patterns.phrase_regex(list(self.country_table) + lex["country_references"] + lex["country_names"])
        # "US$2.43 billion": a country word straight before a currency mark names the currency, not a country
        self.country_cue_re = re.compile(f"{cues.pattern}(?!{lex['currency_after_country']})", cues.flags)
        self.firm_re = patterns.phrase_regex(lex["single_firm_words"])
        self.not_securities = patterns.phrase_regex(lex["not_securities"])
        self.domestic_re = patterns.phrase_regex(lex["domestic_actors"])
        self.sovereign_re = re.compile(lex["sovereign_modifiers"], re.IGNORECASE)
        self.bare_securities = frozenset(w.lower() for w in lex["bare_securities"])
        self.country_ref_re = patterns.phrase_regex(lex["country_references"])
        self.reference_month = re.compile(lex["reference_month_before"], re.IGNORECASE)
        self.official_re = patterns.phrase_regex(lex["mof_sources"] + lex["bop_sources"] + lex["exchange_sources"]
                                                 + lex["non_investor_actors"])
        self.from_abroad = re.compile(lex["from_abroad"])  # searched in the lower-cased clause
        self.figure_between = re.compile(lex["figure_between"])
        self.clause_punctuation = re.compile(lex["clause_punctuation"])
        self.closing_period_breaks = re.compile(lex["closing_period_breaks"], re.IGNORECASE)
        self.coordination_before = re.compile(lex["coordination_before_figure"], re.IGNORECASE)
        self.coordination_after = re.compile(lex["coordination_after_figure"], re.IGNORECASE)
        self.elliptical = {w.lower() for w in lex["elliptical_securities"]}

    # -- finding phrases ----------------------------------------------------------------
    def directions(self, sentence: str, offset: int) -> list[Hit]:
        return hits(self.direction_re, self.direction_table, sentence, offset)

    def instruments(self, sentence: str, offset: int) -> list[Hit]:
        """Securities words, without those inside an investor phrase: "Japanese money market
        managers" are investors, not money-market securities."""
        found = hits(self.instrument_re, self.instrument_table, sentence, offset)
        people = [(m.start() + offset, m.end() + offset) for m in self.not_securities.finditer(sentence)]
        return [h for h in found if not any(a <= h.start and h.end <= b for a, b in people)]

    def actors(self, sentence: str, offset: int) -> list[Hit]:
        return hits(self.actor_re, self.actor_table, sentence, offset)

    # -- lookups ------------------------------------------------------------------------
    def market_of_instrument(self, text: str, hit: Hit) -> str | None:
        return market_of_securities(text, hit.start, hit.text, self.foreign, self.japanese, self.modifier_stops)

    def nearest(self, found: list[Hit], text: str, start: int, end: int, lo: int, hi: int,
                *, same_clause: bool = False, boundary: re.Pattern[str] | None = None) -> Hit | None:
        """The hit inside [lo, hi) closest in words to the span [start, end); ties go right.

        With ``same_clause``, a hit separated from the span by "and", "while", ";" … is skipped:
        in "228.8 billion worth of long-term and 103.8 billion worth of short-term debt" the
        "long-term" belongs to the first figure only.
        """
        best: tuple[int, int, Hit] | None = None
        for hit in found:
            if hit.start < lo or hit.end > hi or (hit.start < end and start < hit.end):
                continue
            between = text[hit.end:start] if hit.end <= start else text[end:hit.start]
            if same_clause and (boundary or self.boundary).search(between):
                continue
            if hit.end <= start:
                key = (word_distance(text, hit.end, start), 1)
            else:
                key = (word_distance(text, end, hit.start), 0)
            if best is None or key < best[:2]:
                best = (*key, hit)
        return best[2] if best else None

    def country(self, text: str, hit: Hit, lo: int) -> str | None:
        """"German sovereign debt", "U.S. Treasuries", "France's notes" → the country whose
        securities they are: a country word in the securities phrase or just before it (at most
        two words between, no figure)."""
        found = None
        for m in self.country_re.finditer(text, max(lo, hit.start - 35), hit.end):
            between = text[m.end() : hit.start] if m.end() <= hit.start else ""
            if self.figure_between.search(between) or len(between.split()) > 2:
                continue
            found = self.country_table[m.group(0).lower()]
        return found

    def domestic_actor(self, text: str, lo: int, hi: int, actors: list[Hit]) -> re.Match[str] | None:
        """"Domestic investors", "Institutions" as the clause's investors — not "foreign
        institutions", and not when the clause names foreign investors."""
        m = self.domestic_re.search(text, lo, hi)
        if m is None or any(a.value == "inward" and lo <= a.start < hi for a in actors):
            return None
        before = text[max(lo, m.start() - 20):m.start()].lower().split()
        return None if before and before[-1].strip(".,") in self.foreign else m

    def is_sovereign(self, text: str, hit: Hit, lo: int) -> bool:
        return bool(self.sovereign_re.search(text, max(lo, hit.start - 12), hit.end + 12))

    def sovereign_countries(self, text: str, instruments: list[Hit], sent_start: int) -> set[str]:
        """The countries whose government debt the sentence names ("French government bonds")."""
        found = set()
        for hit in instruments:
            if hit.value == "sovereign_debt" or self.is_sovereign(text, hit, sent_start):
                country = self.country(text, hit, sent_start)
                if country is not None:
                    found.add(country)
        return found

    def names_non_investor(self, window: str, lo: int, instruments: list[Hit]) -> bool:
        """A central bank or government named as the actor — not inside a securities phrase
        ("U.S. government debt" is what was bought, not who bought it)."""
        for m in self.non_investor.finditer(window):
            start, end = lo + m.start(), lo + m.end()
            if any(h.start <= start and end <= h.end for h in instruments):
                continue
            # the bank must be the one trading: a flow word right after it ("the Fed buys"), or
            # it opens the clause ("The BoJ bought …"); not "… as investors bet the Bank of Japan
            # would alter policy" nor "according to the central bank"
            if self.direction_re.search(window, m.end(), m.end() + 25) or not window[:m.start()].strip(" ,.\"'“”"):
                return True
        return False

    def investor_type(self, window: str) -> str | None:
        m = self.investor_re.search(window)
        return self.investor_table[m.group(0).lower()] if m else None

    def firm(self, doc: Doc, text: str, lo: int, hi: int, sent_start: int, sent_end: int) -> str | None:
        """One named company doing the buying ("Fukoku … invested", "the insurer's total"): a
        figure about one firm is not MoF's aggregate. An organisation that is the subject of a
        verb in the figure's clause counts, unless it is a statistics source or a central bank."""
        m = self.firm_re.search(text, lo, hi)
        if m:
            return m.group(0)
        if not doc.has_annotation("DEP"):
            return None
        for ent in doc.ents:
            if ent.label_ != "ORG" or not sent_start <= ent.start_char < sent_end or self.official_re.search(ent.text):
                continue
            if ent.root.dep_ in ("nsubj", "nsubjpass") and lo <= ent.root.head.idx < hi:
                return ent.text
        return None
