"""Forecasts about flows, as analysts phrase them:

- "it may not be long before Japanese institutions turn into net buyers of foreign bonds, …
  who sees this shift taking place by mid-May" (a turn, a deadline);
- "Three of four major life insurers may buy more foreign bonds in fiscal 2014" (an investor
  type, a fiscal year, "more" than the year before);
- "We think net buying by foreigners will continue in 2014, at about 8 or 9 trillion yen"
  (a range for a calendar year);
- "some of the positive flows we have noticed in June should be reversed in coming months"
  (a reversal of the story's flow, no window: the default applies);
- "Many companies do not plan to boost foreign bond holdings" (negated).

A sentence is a forecast by what it claims, not by one verb: it looks ahead (a cue), it says
which way a flow goes, and it is about securities — named in the sentence or carried from the
story's latest flow (``Topic``). The reading of each part is a small function; ``find``
decides, ``__call__`` stores.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.components.forecast_subjects import Subjects, bounds_of, continued, past_verb_between, started
from extractor.nlp.components.forecast_windows import Window, WindowReader
from extractor.nlp.mentions import AmountMention, ForecastMention, PeriodMention, register_extensions
from extractor.nlp.text import doc_text, iter_sentences, market_of_securities

_OPPOSITE = {"net_purchase": "net_sale", "net_sale": "net_purchase"}
_WINDOW_GRANULARITIES = ("month", "year", "fiscal_year", "half_year")


class _Tagged:
    """A regex match that carries the direction it stands for."""

    def __init__(self, match: re.Match[str], way: str) -> None:
        self.match, self.way = match, way

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()

    def group(self, n: int = 0) -> str:
        return self.match.group(n)


@dataclass(frozen=True)
class Topic:
    """What the story's flows are about so far. Updated by every sentence that names a flow
    (a flow figure, or direction words with securities); a forecast without securities words
    of its own ("some of these trends could reverse") is about this."""

    market: str | None = None
    instrument: str | None = None
    direction: str | None = None
    country: str | None = None
    investor_type: str | None = None


def _table(groups: dict[str, list[str]]) -> dict[str, str]:
    return {w.lower(): key for key, words in groups.items() for w in words}


class Forecasts:
    def __init__(self, patterns_dir: str, patterns_file: str, lexicon_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        lex = patterns.load(patterns_dir, lexicon_file)
        rx = lambda p: patterns.compile_pattern(p, patterns_dir)  # noqa: E731
        self.cues = patterns.phrase_regex(data["cues"])
        self.not_forecast = [rx(p) for p in data["not_forecast"]]
        self.turns = _table(data["turn_phrases"])
        self.turn_re = patterns.phrase_regex(list(self.turns))
        self.weak = _table(data["weak_direction"])
        self.weak_re = patterns.phrase_regex(list(self.weak))
        self.reversal = patterns.phrase_regex(data["reversal"])
        self.flow_nouns = patterns.phrase_regex(data["flow_nouns"])
        self.continuation = patterns.phrase_regex(data["continuation"])
        self.every = patterns.phrase_regex(data["every_week_phrases"])
        self.negation = rx(data["negation"])
        self.conditions = [rx(p) for p in data["conditions"]]
        self.observable_conditions = [(c["series"], c["op"], rx(c["pattern"])) for c in data["observable_conditions"]]
        self.change = _table(data["change"])
        self.change_re = patterns.phrase_regex(list(self.change))
        self.compare_year = rx(data["compare_year"])
        self.compare_last_year = rx(data["compare_last_year"])
        self.compare_this_year = rx(data["compare_this_year"])
        self.trailing_org = re.compile(patterns.expand(data["trailing_organization"], patterns_dir))
        self.record = rx(data["record"])
        self.approximate = rx(data["approximate"])
        self.range_joiner = rx(data["range_joiner"])
        self.bare_range = rx(data["bare_range"])
        self.scales = data["scales"]
        self.groups = rx(data["group_forecasters"])
        self.single_subjects = {w.lower() for w in data["single_entity_subjects"]}
        self.investor_types = _table(data["investor_types"])
        self.investor_re = patterns.phrase_regex(list(self.investor_types))
        self.countries = _table(data["countries"])
        self.country_re = patterns.phrase_regex(list(self.countries))
        self.sovereign = patterns.phrase_regex(data["sovereign_words"])
        self.generic = _table(data["generic_securities"])
        self.generic_re = patterns.phrase_regex(list(self.generic))
        self.outward_phrases = patterns.phrase_regex(data["outward_phrases"])
        self.subject_predicates = patterns.phrase_regex(data["subject_predicates"])
        self.clause_gap = rx(data["clause_gaps"])
        self.after_cue_gap = rx(data["after_cue_gaps"])
        self.clause_split = rx(data["clause_split"])
        self.conjunction = rx(data["conjoined_securities"])
        self.plan_cues = patterns.phrase_regex(data["plan_cues"])
        self.speaker_subjects = {w.lower() for w in data["speaker_subjects"]}
        self.flow_as_cause = rx(data["flow_as_cause"])
        self.copula_before_cue = rx(data["copula_before_cue"])
        self.plan_windows = set(data["plan_windows"])
        self.market_consequence = rx(data["market_consequence"])
        self.holdings_level = rx(data["holdings_level"])
        self.verb_object = {way: rx(p) for way, p in data["verb_object"].items()}
        self.forecaster_verbs = patterns.phrase_regex(data["forecaster_verbs"])
        self.back_reference = rx(data["back_references"])
        self.false_cues = re.compile(patterns.expand(data["false_cues"], patterns_dir))  # case matters: "May 28"
        self.any_direction = _table(lex["direction"])
        self.any_direction_re = patterns.phrase_regex(list(self.any_direction))
        self.sum_comparison = re.compile(data["sum_comparison"], re.IGNORECASE)
        self.windows = WindowReader(patterns_dir, data)
        self.instrument_table = {w.lower(): i for i, words in lex["instrument"].items() for w in words
                                 if i != "total"}
        self.instrument_table.update(_table(data["extra_instruments"]))  # "foreign credit", "yen bonds"
        self.instrument_re = patterns.phrase_regex(list(self.instrument_table))
        self.foreign = {w.lower() for w in lex["foreign_modifiers"]}
        self.japanese = {w.lower() for w in lex["japanese_modifiers"]}
        self.outward = patterns.phrase_regex(lex["outward_actors"])
        self.inward = patterns.phrase_regex(lex["inward_actors"])
        self.non_investors = patterns.phrase_regex(lex["non_investor_actors"])
        self.investor_words = patterns.phrase_regex(data["investor_words"])
        self.domestic = rx(data["domestic_securities"])
        self.not_securities = rx(data["not_securities_after"])
        self.parenthetical = rx(data["parenthetical"])
        self.only_auxiliaries = rx(data["only_auxiliaries"])
        self.dateline = rx(data["dateline"])
        self.subjects = Subjects(self.non_investors, self.single_subjects, self.parenthetical, self.only_auxiliaries,
                                 self.dateline)
        after = "|".join(re.escape(w) for w in sorted(lex["not_a_flow_after"], key=len, reverse=True))
        self.not_a_flow = re.compile(rf"\s*(?:[\w-]+\s+){{0,2}}(?:{after})\b", re.IGNORECASE)

    # -- reading the parts of one sentence --------------------------------------------
    def market(self, sentence: str, instrument: re.Match[str] | None) -> str | None:
        if instrument is not None:
            found = market_of_securities(sentence, instrument.start(), instrument.group(0), self.foreign,
                                         self.japanese)
            if found:
                return found
        if self.outward.search(sentence):
            return "outward"
        if self.inward.search(sentence):
            return "inward"
        return None

    def securities(self, sentence: str, after: int = 0) -> tuple[str | None, str | None, int]:
        """(market, instrument, offset) of the securities the sentence names, if any: the first
        after the direction words ("… raises its bond purchases, such a step would prompt
        further selling of foreign bonds"), else the first at all."""
        def first(at: int) -> re.Match[str] | None:  # "long-term interest rates" names no securities
            return next((m for m in self.instrument_re.finditer(sentence, at)
                         if not self.not_securities.match(sentence, m.end())), None)

        m = first(max(after, 0)) or first(0)
        if m:
            return self.market(sentence, m), self.instrument_table[m.group(0).lower()], m.end()
        g = self.generic_re.search(sentence)
        if g:
            return self.market(sentence, None), self.generic[g.group(0).lower()], g.end()
        return None, None, -1

    def direction(self, sentence: str, cue: re.Match[str], topic: Topic) -> tuple[str | None, str | None, bool]:
        """(direction, words, turn): a turn phrase; the reverse of the story's flow; a plain
        flow verb (the first after the cue); a flow noun with 'again'/'continue' keeps the
        story's direction."""
        turns = [t for t in self.turn_re.finditer(sentence) if self.in_scope(sentence, t, cue)]
        for way, regex in self.verb_object.items():  # "raise its foreign bond investment"
            turns += [_Tagged(m, way) for m in regex.finditer(sentence) if self.in_scope(sentence, m, cue)]
        turns.sort(key=lambda t: t.start())
        if turns:
            t = next((t for t in turns if t.start() >= cue.start()), turns[0])
            return getattr(t, "way", None) or self.turns[t.group(0).lower()], t.group(0), True
        rev = self.reversal.search(sentence, cue.start())
        if rev and topic.direction in _OPPOSITE:
            return _OPPOSITE[topic.direction], rev.group(0), True
        weak = [w for w in self.weak_re.finditer(sentence) if self.in_scope(sentence, w, cue)]
        if weak:
            w = next((w for w in weak if w.start() >= cue.start()), weak[0])
            return self.weak[w.group(0).lower()], w.group(0), False
        if topic.direction and (self.record.search(sentence, cue.start() - 60 if cue.start() > 60 else 0) or (
                self.flow_nouns.search(sentence) and self.continuation.search(sentence))):
            return topic.direction, None, False  # "a new record high is imminent", "large flows again"
        return None, None, False

    def in_scope(self, sentence: str, hit: re.Match[str], cue: re.Match[str]) -> bool:
        """Direction words belong to the forecast when they follow the cue ("may … turn into
        net buyers"), or stand in its subject with nothing between but the subject's own words
        and a flow predicate follows ("net buying by foreigners will continue"); "Foreigners
        were net buyers … on hopes there would be progress" is a report, not a forecast."""
        if hit.start() <= cue.start() < hit.end():
            return True
        if hit.start() >= cue.start():  # not across "although", "if", "because" …
            return not self.after_cue_gap.search(sentence[cue.end() : hit.start()])
        gap = self.copula_before_cue.sub(" ", sentence[hit.end() : cue.start()])  # "buying … was likely to":
        if hit.end() > cue.start() or self.clause_gap.search(gap):  # the copula is the cue's
            return False
        return bool(self.subject_predicates.match(sentence[cue.end():].lstrip()))

    def amounts(self, sentence: str, offset: int, sent_amounts: list[AmountMention], cue_at: int):
        """(low, high, currency, words, approximate) of a stated amount or range after the cue,
        if any ("the $1.4 trillion stimulus … will" is the programme's size, not the forecast's)."""
        bare = self.bare_range.search(sentence)
        if bare:  # "8 or 9 trillion yen": the first figure borrows the scale of the second
            scale = self.scales[bare["scale"].lower()]
            low, high = float(bare["low"].replace(",", "")) * scale, float(bare["high"].replace(",", "")) * scale
            approx = bool(self.approximate.search(sentence[: bare.start()]))
            return low, high, "JPY", bare.group(0), approx
        money = [a for a in sent_amounts if a.currency in ("JPY", "USD") and a.conversion_of is None
                 and a.start_char - offset > cue_at and not self.not_a_flow.match(sentence[a.end_char - offset:])]
        if not money:
            return None
        first = money[0]
        approx = first.approximate or bool(self.approximate.search(sentence[: first.start_char - offset]))
        if len(money) > 1:
            between = sentence[first.end_char - offset : money[1].start_char - offset]
            if self.range_joiner.match(between):
                second = money[1]
                return (abs(first.value), abs(second.value), second.currency,
                        sentence[first.start_char - offset : second.end_char - offset], approx)
        return abs(first.value), abs(first.value), first.currency, first.text, approx

    def plan_period(self, sentence: str, offset: int, published: date | None) -> PeriodMention | None:
        """The fiscal period of a plan sentence ("Japan's major life insurers plan to … in the
        second half of the fiscal year through March 2026"): a survey's later plans ("Meanwhile,
        many insurers also plan to trim …") are for the same period unless they name their own."""
        if not self.plan_cues.search(sentence):
            return None
        fiscal = [w for w in self.windows.find(sentence, published) if w.kind in self.plan_windows and w.end]
        return _period(fiscal[0], offset) if fiscal else None

    def conjoined(self, sentence: str, forecast: ForecastMention) -> list[ForecastMention]:
        """The other flows one forecast names: "into foreign bond buying and equities" is two
        forecasts, one per kind of securities, each settled on its own series (a verdict on
        one of them alone would say nothing of the other)."""
        if forecast.instrument is None:
            return []
        hits = [m for m in self.instrument_re.finditer(sentence) if not self.not_securities.match(sentence, m.end())]
        mine = [i for i, m in enumerate(hits) if self.instrument_table[m.group(0).lower()] == forecast.instrument]
        others: list[ForecastMention] = []
        for i in mine:  # a neighbour joined by "and" / "as well as" (a direction word may stand between)
            for j in (i - 1, i + 1):
                if not 0 <= j < len(hits):
                    continue
                a, b = sorted((hits[i], hits[j]), key=lambda m: m.start())
                instrument = self.instrument_table[hits[j].group(0).lower()]
                if instrument == forecast.instrument or not self.conjunction.fullmatch(sentence[a.end():b.start()]):
                    continue
                if any(o.instrument == instrument for o in others):
                    continue
                market = self.market(sentence, hits[j]) or forecast.market
                others.append(replace(forecast, instrument=instrument, market=market))
        return others

    def speaker_is_actor(self, doc: Doc, start: int, end: int) -> bool:
        """"We will continue diversifying our investments in foreign bonds," said the insurer's
        head of planning: the flow is the speaker's firm's own plan. "We expect foreigners to
        buy" is not: there "we" forecasts, and the flow's actor is someone else."""
        span = doc.char_span(start, end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.dep_ not in ("nsubj", "nsubjpass") or t.lower_ not in self.speaker_subjects:
                continue
            verb = t.head
            if self.forecaster_verbs.fullmatch(verb.lower_) or verb.lemma_ in ("think", "believe", "say"):
                continue
            if any(c.dep_ == "aux" and self.cues.fullmatch(c.text) for c in verb.children) or \
                    self.plan_cues.search(doc.text[verb.idx: verb.idx + 12]):
                return True
        return False

    def not_a_flow_forecast(self, sentence: str, cue: re.Match[str], words: str | None, turn: bool) -> bool:
        """"Should investors decide to repatriate even a fraction of their holdings, the impact
        on global markets would be large": the flow is the condition, the forecast is about the
        markets' reaction — no forecast of a flow. "Insurers hold about 70 trillion yen of
        foreign bonds, and that buying could …" is a forecast; "Japanese holdings of Treasuries
        should remain the world's second largest" is a stock of holdings, not a flow: a holdings
        level after the cue, or spanning it, with no turn phrase saying which way a flow goes."""
        if words and words in sentence and self.flow_as_cause.search(sentence[: sentence.find(words)]):
            return True  # "could be badly affected by a mass cash repatriation": the flow's impact
        condition = self.condition(sentence)
        if condition and words and words in condition and (
                self.market_consequence.search(sentence.replace(condition, " "))
                or not self.any_direction_re.search(sentence.replace(condition, " "))):
            return True
        return not turn and any(m.end() > cue.start() for m in self.holdings_level.finditer(sentence))

    def observable(self, condition: str | None) -> tuple[str, str, float] | None:
        """'the yen weakens past 150' → (DEXJPUS, >=, 150): a condition the data can settle."""
        for series, op, regex in self.observable_conditions if condition else ():
            m = regex.search(condition)
            if m:
                return series, op, float(m["level"].replace(",", ""))
        return None

    def condition(self, sentence: str) -> str | None:
        for regex in self.conditions:
            m = regex.search(sentence)
            if m:
                return m["cond"].strip()
        return None

    def window(self, sentence: str, offset: int, published: date | None, deadline: PeriodMention | None,
               carried: PeriodMention | None, cue_at: int = 0) -> tuple[PeriodMention | None, str | None]:
        """(window, vague words). A dated window phrase in the sentence; else the periods
        component's 'by …' deadline; else one carried from the speaker's previous sentence."""
        found = self.windows.find(sentence, published)
        dated = [w for w in found if w.end is not None]
        vague = next((w.text for w in found if w.kind == "vague"), None)
        if dated:  # the window the forecast's verb governs: after the cue ("… at news conferences this
            after = [w for w in dated if w.start_char >= cue_at]  # month showed all nine … plan to … in the
            return _period((after or dated)[0], offset), None  # year through March 2017")
        if deadline is not None:
            return deadline, None
        if carried is not None and not vague:
            return carried, None
        return None, vague

    # -- deciding ---------------------------------------------------------------------
    def find(self, doc: Doc) -> list[ForecastMention]:
        periods = doc._.fc_periods or []
        attributions = doc._.fc_attributions or []
        amounts = doc._.fc_amounts or []
        flows = {f.sent: f for f in doc._.fc_flows or []}
        published: date | None = doc._.published
        topic = Topic()
        previous_window: tuple[int, PeriodMention] | None = None
        plan_period: PeriodMention | None = None  # the fiscal period the story's plans are for
        found: list[ForecastMention] = []
        for index, offset, sentence in iter_sentences(doc):
            cue = self.cue(sentence)
            plan_period = self.plan_period(sentence, offset, published) or plan_period
            if cue and not any(r.search(sentence) for r in self.not_forecast):
                carried = previous_window[1] if previous_window and previous_window[0] == index - 1 else None
                if carried is None and plan_period is not None and self.plan_cues.search(sentence):
                    carried = plan_period
                parts = self.clauses(sentence)
                for k, (at, part, part_cue) in enumerate(parts):
                    forecast = self.read(doc, index, offset + at, part, part_cue, topic, published, periods,
                                         attributions, [a for a in amounts if a.sent == index], carried,
                                         last=k == len(parts) - 1)
                    if forecast is not None:
                        others = self.conjoined(part, forecast)
                        if forecast.market is None and others:  # "foreign bond buying and equities": one market
                            forecast = replace(forecast, market=others[0].market)
                        found.append(forecast)  # the next clause is about the same flow unless it says otherwise
                        found += others
                        topic = replace(topic, market=forecast.market, instrument=forecast.instrument,
                                        direction=forecast.direction, country=forecast.country,
                                        investor_type=forecast.investor_type)
            window_here = [w for w in self.windows.find(sentence, published) if w.end is not None] if cue else []
            previous_window = (index, _period(window_here[0], offset)) if window_here else None
            topic = self.update_topic(topic, sentence, flows.get(index))
        return found

    def clauses(self, sentence: str) -> list[tuple[int, str, re.Match[str]]]:
        """(offset, text, cue) of each clause that is a forecast of its own: "Life insurers are
        expected to flag further selling of foreign bonds, but the extent of the sales may
        continue to moderate" is two forecasts, a sign and a change."""
        found = []
        for para in re.finditer(r"(?:[^\n]|\n(?!\s*\n))+", sentence):  # a blank line always ends a clause
            text, at = para.group(0), para.start()
            cuts = [0, *(m.end() for m in self.clause_split.finditer(text)), len(text)]
            cued = [(at + a, text[a:b], self.cue(text[a:b])) for a, b in zip(cuts, cuts[1:], strict=False)]
            if len(cued) > 1 and all(c for _, _, c in cued):
                found += cued
            elif self.cue(text):
                found.append((at, text, self.cue(text)))
        return found

    def cue(self, sentence: str) -> re.Match[str] | None:
        """The first forward-looking word that is not part of a date ("May 28", "in May")."""
        false = [(m.start(), m.end()) for m in self.false_cues.finditer(sentence)]
        return next((m for m in self.cues.finditer(sentence)
                     if not any(a <= m.start() < b for a, b in false)), None)

    def update_topic(self, topic: Topic, sentence: str, flow) -> Topic:
        countries = {self.countries[m.group(0).lower()] for m in self.country_re.finditer(sentence)}
        investor = self.investor_re.search(sentence)
        extra = {}
        if countries:  # "German and French bonds": no one country to carry
            extra["country"] = countries.pop() if len(countries) == 1 else None
        if investor:
            extra["investor_type"] = self.investor_types[investor.group(0).lower()]
        if flow is not None and flow.market:
            return replace(topic, market=flow.market, instrument=flow.instrument or topic.instrument,
                           direction=flow.direction or topic.direction, **extra)
        market, instrument, _ = self.securities(sentence)
        weak = self.any_direction_re.search(sentence)
        if instrument and market and weak:
            return replace(topic, market=market, instrument=instrument,
                           direction=self.any_direction[weak.group(0).lower()], **extra)
        return replace(topic, **extra) if extra and (instrument or weak) else topic

    def read(self, doc: Doc, index: int, offset: int, sentence: str, cue: re.Match[str], topic: Topic,
             published: date | None, periods: list[PeriodMention], attributions: list, sent_amounts: list,
             carried_window: PeriodMention | None, last: bool = True) -> ForecastMention | None:
        direction, words, turn = self.direction(sentence, cue, topic)
        if direction is None or self.not_a_flow_forecast(sentence, cue, words, turn):
            return None
        dir_at = sentence.find(words) if words else 0
        market, instrument, named_at = self.securities(sentence, dir_at)
        # "the allocation for domestic debt to be cut": Japanese securities nearer the verb than any other
        near = min((abs(m.start() - dir_at) for m in self.domestic.finditer(sentence)), default=None)
        home = near is not None and (instrument is None or near < abs(named_at - dir_at))
        carried = instrument is None
        if carried:
            if not (self.flow_nouns.search(sentence) or turn or words is None) or topic.instrument is None:
                return None
            market, instrument = topic.market, topic.instrument
        if words and self.outward_phrases.search(words):  # "back into Japan", "sell the yen": residents' flows
            market = "outward"
        market = market or topic.market
        start_at = started(doc, index, offset)
        at = sentence.find(words) if words else -1
        verb_cue = max((m for m in self.cues.finditer(sentence) if m.start() <= at), key=lambda m: m.start(),
                       default=cue)  # "… bet the BOJ will raise the cap, and such step would prompt selling"
        company, central_bank = self.subjects.subject(doc, start_at, offset + len(sentence), offset + verb_cue.start())
        company = company or self.subjects.named_just_before(doc, start_at, offset + verb_cue.start())
        named_forecaster = None
        if company and self.forecaster_verbs.fullmatch(verb_cue.group(0)):
            named_forecaster, company = company, None  # "HSBC sees …", "Daiwa expects …": who forecasts
        condition = self.condition(sentence)
        outside = sentence.replace(condition, " ") if condition else sentence  # "if the BOJ raises the cap, …"
        if central_bank or (self.non_investors.search(outside) and not self.investor_words.search(sentence)
                            and not self.investor_re.search(sentence)):
            return None  # "the BOJ will reduce its bond buying", "hopes the government will invest more"
        if company and company.lower() in self.single_subjects:  # "It will …", "The company aims …": the
            before = self.subjects.subject(doc, *bounds_of(doc, index - 1))[0] if index > 0 else None  # firm just named
            company = before if before and before.lower() not in self.single_subjects else (
                None if company.lower() in ("it", "they") else company)  # "the insurer" unnamed: still one firm
        if company:  # "TOKYO, Oct 16 Mitsui Life Insurance …": the dateline is not the firm's name
            company = self.dateline.sub("", company).strip() or company
        if (home or market == "inward" and self.domestic.search(sentence)) and not self.inward.search(sentence):
            market = "domestic"  # Japanese investors in Japanese bonds: not a cross-border flow
        country = self.country_re.search(sentence)
        country_name = self.countries[country.group(0).lower()] if country else (topic.country if carried else None)
        if country_name and instrument == "long_term_debt" and self.sovereign.search(sentence):
            instrument = "sovereign_debt"
        investor = self.investor_re.search(sentence)
        deadline = next((p for p in periods if p.sent == index and p.label == "deadline" and p.end), None)
        whole = continued(doc, index, sentence) if last else sentence
        compare = self.compare_year.search(whole)  # "slower than in 2016" names the compared year
        windowed = whole[: compare.start()] + " " * len(compare.group(0)) + whole[compare.end():] if compare else whole
        if not re.match(r"\s*(?:[\"“‘']|(?:It|That|This|There|They|He|She)\b)", sentence) and not (
                carried_window is not None and carried_window.label.startswith("forecast_")
                and self.plan_cues.search(sentence)):
            carried_window = None  # a window carries only into the speaker's next words, or a survey's plans
        window, vague = self.window(windowed, offset, published, deadline, carried_window, cue.start())
        in_clause = [a for a in sent_amounts if not past_verb_between(doc, offset + cue.end(), a.start_char)]
        test, rule, extra = self.test(sentence, offset, in_clause, window, turn, cue.start())
        forecaster, affiliation = self.forecaster(sentence, index, attributions, doc.ents)
        if forecaster is None and named_forecaster:
            forecaster, affiliation = named_forecaster, named_forecaster
        if company is None and affiliation and self.speaker_is_actor(doc, start_at, offset + len(sentence)):
            company = affiliation  # "we will continue diversifying our investments", said an insurer's manager
        start = offset + min(cue.start(), sentence.find(words) if words and words in sentence else cue.start())
        end = offset + len(sentence.rstrip())
        return ForecastMention(
            start, end, doc_text(doc)[start:end], index,
            forecaster=forecaster, affiliation=affiliation, statement=sentence.strip(), market=market,
            instrument=instrument, direction=direction, rule=rule, deadline=window,
            window=window, test=test, condition=self.condition(whole),
            condition_test=self.observable(self.condition(whole)),
            negated=bool(self.negation.search(sentence)), vague=vague,
            investor_type=self.investor_types[investor.group(0).lower()] if investor else (
                topic.investor_type if carried or self.back_reference.match(sentence) else None),
            country=country_name, single_company=company, **extra)

    def test(self, sentence: str, offset: int, sent_amounts: list, window: PeriodMention | None,
             turn: bool, cue_at: int) -> tuple[str, str, dict]:
        """(test, rule, fields): record, size, change or sign — and how the window is read."""
        extra: dict = {}
        compared = self.sum_comparison.search(sentence)
        if compared and window is not None:  # "buy more this fiscal year than last"
            extra["more"] = (compared.group("more") or "more").lower() not in ("less", "fewer")
            return "change", "sum", extra
        this_year = self.compare_this_year.search(sentence)
        if this_year and window is not None and window.start and window.end:  # "more next year than this year"
            extra["more"] = this_year.group("more").lower() not in ("less", "fewer")
            extra["compare"] = (_years_before(window.start), _years_before(window.end))
            return "change", "total", extra
        record = self.record.search(sentence)
        if record:  # "the biggest … since 2013" compares with the years after 2013 only
            extra["record"] = record.group(0)
            extra["record_since"] = date(int(record["since"]) + 1, 1, 1) if record["since"] else None
            return "record", "total", extra
        money = self.amounts(sentence, offset, sent_amounts, cue_at)
        if money:
            low, high, currency, words, approx = money
            extra.update(amount_low=low, amount_high=high, currency=currency, amount_text=words, approximate=approx)
            return "size", "total", extra
        change = next((m for m in self.change_re.finditer(sentence)  # "manage more than 180 trillion yen"
                       if not re.match(r"\s*(?:[$¥Y]\s?)?\d", sentence[m.end():])), None)
        if change:
            extra["more"] = self.change[change.group(0).lower()] == "more"
            year = self.compare_year.search(sentence)
            if year:
                y = int(year["year"])
                extra["compare"] = (date(y, 1, 1), date(y, 12, 31))
            elif window is not None and window.start and window.end and self.compare_last_year.search(sentence):
                extra["compare"] = (window.start - timedelta(days=364), window.end - timedelta(days=364))
            return "change", "total", extra
        if self.every.search(sentence) and not (window is not None and window.granularity in ("fiscal_year",
                                                                                           "half_year")):
            # "keep selling through June": every week (or month) of it; "keep buying in the fiscal
            # year": a plan, net purchases over the period
            return "sign", "every_week", extra
        if window is not None and (window.granularity in _WINDOW_GRANULARITIES or (
                window.start and window.end and (window.end - window.start).days >= 27)):
            return "sign", "total", extra
        return "sign", "first_week", extra

    def forecaster(self, sentence: str, index: int, attributions: list, ents=()) -> tuple[str | None, str | None]:
        people = [a for a in attributions if a.sent == index and a.kind in ("person", "organization")]
        if not people and (re.match(r"\s*(?:He|She|They)\b", sentence) or re.match(r"\s*[\"“]", sentence)):
            # "Kenji Sato … said … . He expects …" / a quotation continuing the speaker's words
            people = [a for a in attributions if a.sent == index - 1 and a.kind == "person"]
        if people:  # an affiliation read past the sentence's end is cut there
            affiliation = re.split(r"\.\s|\n\s*\n", people[0].affiliation)[0].rstrip(". ") if people[0].affiliation \
                else None
            return people[0].name, affiliation
        group = self.groups.search(sentence)
        if group:
            return re.sub(r"\s+\w+$", "", group.group(0)).strip(), None
        org = self.trailing_org.search(sentence.strip())  # "…, Goldman Sachs said."
        if org and any(e.label_ == "ORG" and e.text.strip() == org["who"].strip() for e in ents):
            return org["who"].strip(), org["who"].strip()
        return None, None

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_forecasts = self.find(doc)
        return doc


def _years_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def _period(w: Window, offset: int) -> PeriodMention:
    return PeriodMention(offset + w.start_char, offset + w.end_char, w.text, -1, label=f"forecast_{w.kind}",
                         start=w.start, end=w.end, granularity=w.granularity)


@Language.factory(
    "flowcheck_forecasts",
    default_config={"patterns_dir": "", "patterns_file": "forecasts.json", "lexicon_file": "flow_lexicon.json"},
    requires=["doc.sents", "doc.ents", "token.dep", "token.head", "token.tag",
              "doc._.fc_amounts", "doc._.fc_periods", "doc._.fc_attributions", "doc._.fc_flows"],
    assigns=["doc._.fc_forecasts"],
)
def make_forecasts(nlp: Language, name: str, patterns_dir: str, patterns_file: str, lexicon_file: str) -> Forecasts:
    return Forecasts(patterns_dir, patterns_file, lexicon_file)
