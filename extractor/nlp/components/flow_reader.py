"""Flow claims: who moved how much money into or out of which securities, in which period.

For each yen figure (or dollar figure with no yen beside it) the component reads the words of
its own clause window — from the previous figure to the next one — for a direction
("sold", "net buyers", "inflows"), an instrument ("long-term bonds", "bills", "shares") and
the market it implies ("foreign bonds" → outward, "Japanese shares" → inward). What the
window does not say is carried from the sentence, then from the article: flow stories state
the actor once ("Japanese investors …") and go on with "They …" or a bare figure.

Periods: the nearest period phrase in the window, else the week the article is currently
about (its last explicit week, or the last published week before the publication date).
"The previous week" and "the week before" are resolved against that week here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc

from extractor import calendar as mcal
from extractor.nlp import patterns
from extractor.nlp.mentions import AmountMention, FlowMention, PeriodMention, register_extensions
from extractor.nlp.scope import ABSOLUTE_WEEKS, data_source, sets_current
from extractor.nlp.text import iter_sentences, market_of_securities, word_distance

RELATIVE_WEEKS = {"previous_week", "week_before"}
CLAIM_PERIODS = ABSOLUTE_WEEKS | RELATIVE_WEEKS | {"month", "year", "to_date", "n_weeks", "span", "between_dates",
                                                   "previous_month"}


@dataclass
class Hit:
    start: int
    end: int
    value: str
    text: str


def _hits(regex: re.Pattern[str], table: dict[str, str], text: str, offset: int) -> list[Hit]:
    return [Hit(m.start() + offset, m.end() + offset, table[m.group(0).lower()], m.group(0))
            for m in regex.finditer(text)]


class Flows:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
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
        self.country_cue_re = patterns.phrase_regex(
            list(self.country_table) + lex["country_references"] + lex["country_names"])
        self.firm_re = patterns.phrase_regex(lex["single_firm_words"])
        self.not_securities = patterns.phrase_regex(lex["not_securities"])
        self.domestic_re = patterns.phrase_regex(lex["domestic_actors"])
        self.sovereign_re = re.compile(lex["sovereign_modifiers"], re.IGNORECASE)
        self.bare_securities = frozenset(w.lower() for w in lex["bare_securities"])
        self.country_ref_re = patterns.phrase_regex(lex["country_references"])
        self.reference_month = re.compile(lex["reference_month_before"], re.IGNORECASE)
        self.official_re = patterns.phrase_regex(lex["mof_sources"] + lex["bop_sources"] + lex["exchange_sources"]
                                                 + lex["non_investor_actors"])

    # -- helpers ------------------------------------------------------------------------
    def _market_of_instrument(self, text: str, hit: Hit) -> str | None:
        return market_of_securities(text, hit.start, hit.text, self.foreign, self.japanese, self.modifier_stops)

    def _nearest(self, hits: list[Hit], text: str, start: int, end: int, lo: int, hi: int,
                 *, same_clause: bool = False, boundary: re.Pattern[str] | None = None) -> Hit | None:
        """The hit inside [lo, hi) closest in words to the span [start, end); ties go right.

        With ``same_clause``, a hit separated from the span by "and", "while", ";" … is skipped:
        in "228.8 billion worth of long-term and 103.8 billion worth of short-term debt" the
        "long-term" belongs to the first figure only.
        """
        best: tuple[int, int, Hit] | None = None
        for hit in hits:
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

    def _country(self, text: str, hit: Hit, lo: int) -> str | None:
        """"German sovereign debt", "U.S. Treasuries", "France's notes" → the country whose
        securities they are: a country word in the securities phrase or just before it (at most
        two words between, no figure)."""
        found = None
        for m in self.country_re.finditer(text, max(lo, hit.start - 35), hit.end):
            between = text[m.end() : hit.start] if m.end() <= hit.start else ""
            if re.search(r"[\d$¥€]", between) or len(between.split()) > 2:
                continue
            found = self.country_table[m.group(0).lower()]
        return found

    def _domestic_actor(self, text: str, lo: int, hi: int, actors: list[Hit]) -> re.Match[str] | None:
        """"Domestic investors", "Institutions" as the clause's investors — not "foreign
        institutions", and not when the clause names foreign investors."""
        m = self.domestic_re.search(text, lo, hi)
        if m is None or any(a.value == "inward" and lo <= a.start < hi for a in actors):
            return None
        before = text[max(lo, m.start() - 20):m.start()].lower().split()
        return None if before and before[-1].strip(".,") in self.foreign else m

    def _is_sovereign(self, text: str, hit: Hit, lo: int) -> bool:
        return bool(self.sovereign_re.search(text, max(lo, hit.start - 12), hit.end + 12))

    def _sovereign_countries(self, text: str, instruments: list[Hit], sent_start: int) -> set[str]:
        found = set()
        for hit in instruments:
            if hit.value == "sovereign_debt" or self._is_sovereign(text, hit, sent_start):
                country = self._country(text, hit, sent_start)
                if country is not None:
                    found.add(country)
        return found

    def _carried_investor(self, text: str, sent_start: int, lo: int, actors: list[Hit], actor_hit: Hit | None,
                          actor_text: str | None) -> tuple[str | None, str]:
        """A kind of investor named earlier in the sentence ("insurance companies bought 182.8
        billion …, in contrast to 133.4 billion … a month ago") or the one "they" stands for
        ("Japanese banks …. That marked a reversal after they sold …") — unless another investor
        is named in between."""
        before = text[sent_start:lo]
        found = list(self.investor_re.finditer(before))
        if found and not any(a.start >= sent_start + found[-1].end() and a.end <= lo for a in actors):
            words = found[-1].group(0)
            return self.investor_table[words.lower()], f"carried: {words}"
        if actor_hit is not None and actor_hit.value == "pronoun" and actor_text:
            m = self.investor_re.search(actor_text)
            if m:
                return self.investor_table[m.group(0).lower()], f"carried: {actor_hit.text} = {actor_text}"
        return None, "stated"

    def _non_investor(self, window: str, lo: int, instruments: list[Hit]) -> bool:
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

    def _investor_type(self, window: str) -> str | None:
        m = self.investor_re.search(window)
        return self.investor_table[m.group(0).lower()] if m else None

    def _firm(self, doc: Doc, text: str, lo: int, hi: int, sent_start: int, sent_end: int) -> str | None:
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

    def _scope_readings(self, doc: Doc, text: str, spans: tuple[int, int, int, int], country: str | None,
                        investor_type: str | None, words: dict[str, str | None],
                        topic: dict[str, tuple[str, str]]) -> dict[str, tuple[str, str | None]]:
        """How the figure's country, investor type and actor were read, beyond who bought
        from whom. A field flowcheck assigned is ``stated``; one it left open although the
        clause names a country ("the nation's bonds", "Italian debt", "China sold"), a kind of
        investor or one firm, or the article is about one ("… Italian debt" earlier; "banks"
        earlier), is ``defaulted`` with those words: the aggregate series may not be the
        story's, so the figure cannot be accused on it (``reconcile.compare``)."""
        lo, hi, sent_start, sent_end = spans
        out: dict[str, tuple[str, str | None]] = {}
        if country is not None:
            out["country"] = ("stated", words.get("country"))
        else:
            cue = self.country_cue_re.search(text, lo, hi) or self.country_cue_re.search(text, sent_start, sent_end)
            if cue:
                out["country"] = ("defaulted", f"all countries, though the sentence says \"{cue.group(0)}\"")
                if cue.group(0).lower() in self.country_table:  # "French debt" the reader did not place
                    topic["country"] = (self.country_table[cue.group(0).lower()], cue.group(0))
            elif "country" in topic:
                out["country"] = ("defaulted", f"all countries, though the article is about {topic['country'][0]} "
                                               f"(\"{topic['country'][1]}\")")
        if investor_type is not None:
            out["investor_type"] = (words.get("investor_how") or "stated", words.get("investor_type"))
        else:
            cue = self.investor_re.search(text, sent_start, sent_end)
            actor = words.get("actor") or ""
            if cue or self.investor_re.search(actor):
                said = cue.group(0) if cue else actor
                out["investor_type"] = ("defaulted", f"all investors, though the text says \"{said}\"")
            elif "investor_type" in topic:
                out["investor_type"] = ("defaulted", f"all investors, though the article is about "
                                                     f"{topic['investor_type'][1]}")
        firm = self._firm(doc, text, lo, hi, sent_start, sent_end)
        if firm is not None:
            out["actor"] = ("defaulted", f"all investors, though the sentence names one firm, \"{firm}\"")
        return out

    # -- main ---------------------------------------------------------------------------
    def find(self, doc: Doc) -> list[FlowMention]:
        text = doc.text
        amounts: list[AmountMention] = doc._.fc_amounts or []
        periods: list[PeriodMention] = doc._.fc_periods or []
        published = doc._.published
        # the period a figure with none of its own is about: (start, end, granularity), the last
        # week or month the text stated, else the last week MoF published before the story
        current_week = (*mcal.last_released_week(published), "week") if published else None
        current_words: str | None = None  # the words that set current_week; None while it is the default
        actor_market: str | None = None
        actor_text: str | None = None
        flows: list[FlowMention] = []
        carried: tuple[Hit, str | None] | None = None  # last flow's securities and market, for "That followed …"
        topic: tuple[Hit, str | None] | None = None  # the article's first securities named with a market
        scope_topic: dict[str, tuple[str, str]] = {}  # a country or investor kind the article is about
        last_span: tuple[PeriodMention, int] | None = None  # a stated span longer than a month, and its sentence
        sovereign_topic: set[str] = set()  # countries whose government debt the story has named in a flow sentence
        recent_country = -9  # the last sentence that named a country: "the nation's" in it or the next refers to it
        for index, sent_start, sent_text in iter_sentences(doc):
            sent_end = sent_start + len(sent_text)
            sent_amounts = [a for a in amounts if a.sent == index]
            candidates = [a for a in sent_amounts if a.conversion_of is None]
            directions = _hits(self.direction_re, self.direction_table, sent_text, sent_start)
            instruments = _hits(self.instrument_re, self.instrument_table, sent_text, sent_start)
            actors = _hits(self.actor_re, self.actor_table, sent_text, sent_start)
            # "Japanese money market managers" are investors, not money-market securities
            people = [(m.start() + sent_start, m.end() + sent_start) for m in self.not_securities.finditer(sent_text)]
            instruments = [h for h in instruments if not any(a <= h.start and h.end <= b for a, b in people)]
            sent_periods = [p for p in periods if p.sent == index and p.label in CLAIM_PERIODS]
            is_exchange = bool(self.exchange_re.search(sent_text))
            names_mof = bool(self.mof_re.search(sent_text))
            sent_has_previous = False
            sent_gross = False  # "their gross buying was 9.49 trillion yen while their selling was 8.60 trillion"
            frame: dict[str, object] = {}
            named_actors = [a for a in actors if a.value != "pronoun"]
            if directions:  # "Japanese investors sold French government bonds …": whose government debt
                sovereign_topic |= self._sovereign_countries(text, instruments, sent_start)
            if topic is None:
                for hit in instruments:
                    market = self._market_of_instrument(text, hit) or (named_actors[0].value if named_actors else None)
                    if market:
                        topic = (hit, market)
                        break
            for pos, amount in enumerate(candidates):
                lo = candidates[pos - 1].end_char if pos else sent_start
                if pos:
                    conv = [a for a in amounts if a.conversion_of is candidates[pos - 1]]
                    lo = max(lo, conv[0].end_char + 1) if conv else lo
                hi = candidates[pos + 1].start_char if pos + 1 < len(candidates) else sent_end
                next_words = " ".join(text[amount.end_char : hi].split()[:3])
                period_next = any(0 <= p.start_char - amount.end_char <= 2 for p in sent_periods)
                if self.not_a_flow.search(next_words) and not period_next:  # "$1.4 trillion stimulus program"
                    amount.role = "statistic"
                    continue
                if amount.currency not in ("JPY", "USD"):
                    continue
                window_text = text[lo:hi]
                if self._non_investor(window_text, lo, instruments) and not self.actor_re.search(window_text):
                    amount.role = "statistic"  # "the $85 billion in securities the Fed buys each month"
                    continue
                held = self.holdings.search(text[lo : amount.start_char])
                if held and not self.direction_re.search(held.group(0)):  # "…, which manage pension money, sold"
                    continue  # "manage some 110 trillion yen": assets held, not a flow
                if self.future.search(text[lo : amount.start_char]):
                    continue  # "will continue …, at about 9 trillion yen": a forecast, not a stated flow
                if self.revision_re.search(text[max(lo, amount.start_char - 60) : amount.start_char]):
                    amount.role = "statistic"  # "revised from the previously reported 2.5 billion"
                    continue
                readings: dict[str, tuple[str, str | None]] = {}
                # the figure's own clause first: "added 395 billion yen, ending a two-week selling spree"
                direction_hit = self._nearest(directions, text, amount.start_char, amount.end_char, lo, hi,
                                              same_clause=True, boundary=self.direction_boundary) or self._nearest(
                    directions, text, amount.start_char, amount.end_char, lo, hi)
                direction = direction_hit.value if direction_hit else None
                if direction_hit:
                    readings["direction"] = ("stated", direction_hit.text)
                if amount.signed and amount.value != 0:
                    direction = "net_sale" if amount.value < 0 else "net_purchase"
                    readings["direction"] = ("stated", amount.text)
                if direction is None:
                    left = self._nearest(directions, text, amount.start_char, amount.end_char, sent_start, amount.start_char)
                    direction = left.value if left else frame.get("direction")  # type: ignore[assignment]
                    readings["direction"] = ("carried", left.text if left else frame.get("direction_words"))  # type: ignore[assignment]
                if direction in ("gross_purchase", "gross_sale"):
                    sent_gross = True
                elif sent_gross and direction and "net" not in str(readings["direction"][1]).lower():
                    direction = "gross_purchase" if direction == "net_purchase" else "gross_sale"
                specific = [h for h in instruments if h.value != "total"]
                instrument_hit = self._nearest(specific, text, amount.start_char, amount.end_char, lo, hi,
                                               same_clause=True) or self._nearest(
                    [h for h in instruments if h.value == "total"], text, amount.start_char, amount.end_char, lo, hi,
                    same_clause=True)
                instrument_how = "stated"
                if instrument_hit is None:
                    instrument_how = "carried"
                    instrument_hit = frame.get("instrument_hit") or self._nearest(  # type: ignore[assignment]
                        instruments, text, amount.start_char, amount.end_char, sent_start, sent_end)
                carried_market = None
                fallback = carried or topic
                # "That followed net purchases of 514.5 billion yen": same securities, unless the
                # sentence names investors on the other side of the market
                if (instrument_hit is None and fallback is not None and direction is not None and not instruments
                        and (not named_actors or any(a.value == fallback[1] for a in named_actors)
                             or (fallback[1] == "inward" and self.domestic_re.search(window_text)))):
                    # ("Domestic investors offloaded a net 8.75 trillion yen" of the Japanese shares in view)
                    instrument_hit, carried_market = fallback
                if direction is None or instrument_hit is None:
                    continue  # a number without a flow reading becomes a statistic
                readings["instrument"] = (instrument_how, instrument_hit.text)
                market = carried_market or self._market_of_instrument(text, instrument_hit)
                if market is None and not carried_market:
                    # "in foreign bond markets, they added long-term debt securities": the clause's
                    # other securities words say whose market it is
                    market = next((m for h in instruments if lo <= h.start < hi and h is not instrument_hit
                                   and not self.boundary.search(text[min(h.end, amount.start_char):
                                                                     max(h.start, amount.end_char)])
                                   and (m := self._market_of_instrument(text, h))), None)
                if market is not None:
                    readings["market"] = ("carried" if carried_market else instrument_how, instrument_hit.text)
                actor_hit = self._nearest(actors, text, amount.start_char, amount.end_char, sent_start, sent_end)
                if actor_hit is not None and actor_hit.value != "pronoun":
                    actor_market, actor_text = actor_hit.value, actor_hit.text
                    readings["actor"] = ("stated" if lo <= actor_hit.start < hi else "carried", actor_hit.text)
                elif actor_text is not None:
                    readings["actor"] = ("carried", actor_hit.text if actor_hit else actor_text)
                if amount.currency == "USD" and market is None and (actor_hit is None or actor_hit.value == "pronoun"):
                    continue  # a dollar figure with no investor named is not a flow we can place
                if market is None:
                    window = text[lo:hi].lower()
                    from_abroad = re.search(r"\bfrom (?:overseas|abroad)\b", window)
                    market = "inward" if from_abroad else actor_market
                    if from_abroad:
                        readings["market"] = ("stated", from_abroad.group(0))
                    elif market is not None:
                        readings["market"] = readings.get("actor", ("carried", actor_text))
                instrument = instrument_hit.value
                # a carried securities phrase keeps its country ("U.S. Treasury sales moderated to
                # 1.1 trillion yen from 3 trillion yen"); "the nation's government debt" is the
                # country the article is about
                country = self._country(text, instrument_hit, lo if instrument_hit.start >= lo else 0)
                if country is None and index - recent_country <= 1 and self.country_ref_re.search(
                        text, max(lo, instrument_hit.start - 40), instrument_hit.start):
                    country = scope_topic["country"][0]
                if country is not None and instrument == "long_term_debt" and (
                        self._is_sovereign(text, instrument_hit, lo) or (
                            country in sovereign_topic and instrument_hit.text.lower() in self.bare_securities)):
                    # "German government bonds"; "German bonds" in a story about German sovereign debt
                    instrument = "sovereign_debt"
                if instrument == "sovereign_debt" and country is None:
                    instrument = "long_term_debt"  # "government bonds" of no named country: JGBs in these stories
                if country is not None and market is None:
                    market = "outward"  # another country's securities held by Japanese investors
                investor_type = self._investor_type(window_text)
                investor_how = "stated"
                if investor_type is None and market != "inward":
                    investor_type, investor_how = self._carried_investor(text, sent_start, lo, actors, actor_hit,
                                                                         actor_text)
                own_actor = actor_hit is not None and actor_hit.value == "outward" and lo <= actor_hit.start < hi
                domestic_actor = self._domestic_actor(text, lo, hi, actors)
                if market == "inward" and (investor_type is not None or domestic_actor or (
                        own_actor and readings.get("market", ("", ""))[1] == instrument_hit.text)):
                    # Japanese investors (or one kind of them) trading Japanese securities: a domestic
                    # flow, which MoF's cross-border statistics do not measure
                    market = "domestic"
                    who = domestic_actor.group(0) if domestic_actor else actor_hit.text if own_actor else investor_type
                    readings["market"] = ("stated", f"{who} + {instrument_hit.text}")
                elif (market is None or market == "outward") and own_actor and country is None and \
                        self.country_ref_re.search(text, max(lo, instrument_hit.start - 40), instrument_hit.start):
                    # "Japanese investors snapped up … of the nation's government bonds" with no other
                    # country in view: the nation is Japan
                    market = "domestic"
                    readings["market"] = ("stated", text[max(lo, instrument_hit.start - 40):instrument_hit.end].strip())
                scope = self._scope_readings(
                    doc, text, (lo, hi, sent_start, sent_end), country, investor_type,
                    {"country": text[max(lo, instrument_hit.start - 35):instrument_hit.end].strip(),
                     "investor_type": (m.group(0) if (m := self.investor_re.search(window_text)) else investor_how),
                     "investor_how": "carried" if investor_how.startswith("carried") else "stated",
                     "actor": readings.get("actor", (None, None))[1]}, scope_topic)
                readings.update(scope)
                if country is not None:
                    scope_topic["country"] = (country, scope["country"][1] or country)
                    recent_country = index
                if investor_type is not None:
                    scope_topic["investor_type"] = (investor_type, scope["investor_type"][1] or investor_type)
                period = self._nearest_period(sent_periods, text, amount, lo, hi, sent_amounts)
                if period is None:
                    # "sold 445.5 billion yen of US bonds and offloaded 185 billion yen of German
                    # debt in March": a sentence's one closing period covers its figures
                    period = self._closing_period(sent_periods, text, amount, sent_amounts)
                if period is None and last_span is not None and index - last_span[1] in (0, 1) and current_words is None:
                    period = last_span[0]  # "In the first eight months …, X. They also cut … to just Y."
                    readings["period"] = ("carried", period.text)
                if period is not None and period.label == "year":
                    period = self._month_of_year(period, sent_periods)
                before = current_week
                resolved, current_week, sent_has_previous = self._resolve_period(
                    period, current_week, sent_has_previous)
                if (current_week and current_week[2] == "month" and current_words
                        and before and before[2] == "week"):
                    current_week = before  # a week the story stated outranks a month it mentions
                if period is not None and period.label in RELATIVE_WEEKS and not current_words:
                    # "the previous week" said, but the week it counts from is only the default
                    readings["period"] = ("defaulted", f"{period.text} (counted from the week last published)")
                elif period is not None and readings.get("period", ("",))[0] == "carried":
                    pass
                elif period is not None:
                    readings["period"] = ("stated", period.text)
                    if sets_current(period) and current_week and current_week[:2] == (period.start, period.end):
                        current_words = period.text
                elif resolved is not None:
                    readings["period"] = (("carried", current_words) if current_words else
                                          ("defaulted", f"the week last published before {published.isoformat()}"))
                    unread = self.scope_words.search(window_text)
                    if unread:  # "in the first eight months …": a span flowcheck did not read
                        readings["period"] = ("defaulted", f"{readings['period'][1]}; the clause also says "
                                                          f"\"{unread.group(0)}\", which flowcheck did not read")
                source = data_source(is_exchange, bool(self.bop_re.search(sent_text)), names_mof, country,
                                      investor_type, resolved.granularity if resolved else None)
                usd = next((a for a in amounts if a.conversion_of is amount), None)
                flows.append(FlowMention(
                    start_char=amount.start_char, end_char=amount.end_char, text=amount.text, sent=index,
                    amount=amount, actor=actor_text, market=market, instrument=instrument,
                    country=country, investor_type=investor_type,
                    direction=direction, period=resolved, data_source=source, usd_amount=usd,
                    converted_from_usd=amount.currency == "USD", readings=readings,
                ))
                amount.role = "flow"
                if resolved is not None and resolved.granularity not in ("week", "multi_week", "month", None) \
                        and readings["period"][0] in ("stated", "carried"):
                    last_span = (resolved, index)
                frame = {"direction": direction, "direction_words": readings["direction"][1],
                         "instrument_hit": instrument_hit}
                carried = (instrument_hit, market)
            if not any(f.sent == index for f in flows):
                # "Japanese investors bought Australian sovereign bonds in June": the country the
                # following figures ("the South Pacific nation's debt") are about
                named = list(self.country_re.finditer(sent_text))
                if named:
                    scope_topic["country"] = (self.country_table[named[-1].group(0).lower()], named[-1].group(0))
                    recent_country = index
                # a sentence that names a week but states no figure ("… heavy outflows in the week to
                # July 26") sets the week the following figures are about
                weeks = [p for p in sent_periods if sets_current(p) and p.granularity == "week"]
                # … and, in a story that has stated no week, a month it names ("Japanese investors
                # bought a record amount of Italian bonds in July") sets the month
                months = [p for p in sent_periods if sets_current(p) and p.granularity == "month"
                          and not self.reference_month.search(text[sent_start:p.start_char])]
                if weeks:
                    current_week = (weeks[-1].start, weeks[-1].end, weeks[-1].granularity)
                    current_words = weeks[-1].text
                elif months and (current_words is None or (current_week and current_week[2] == "month")):
                    current_week = (months[-1].start, months[-1].end, months[-1].granularity)
                    current_words = months[-1].text
            if named_actors:  # "Japanese investors turned net sellers …" sets who "They" are next
                actor_market, actor_text = named_actors[-1].value, named_actors[-1].text
        return self._combine(flows)

    @staticmethod
    def _key(flow: FlowMention) -> tuple:
        return (flow.market, flow.instrument, flow.country, flow.direction, round(abs(flow.amount.value)),
                flow.period.end if flow.period else None)

    def _combine(self, flows: list[FlowMention]) -> list[FlowMention]:
        """Article-level tidying: a figure repeated later (the lead restated in the body) is one
        claim; a bond figure that equals the sum of its long-term and short-term parts stated
        right after it ("sold 332.6 billion of overseas bonds … 228.8 billion of long-term and
        103.8 billion of short-term") is about debt securities as a whole."""
        seen: set[tuple] = set()
        kept: list[FlowMention] = []
        for flow in flows:
            key = self._key(flow)
            if key in seen:
                flow.amount.role = "repeat"
                continue
            seen.add(key)
            kept.append(flow)
        for k, whole in enumerate(kept):
            if whole.instrument != "long_term_debt":
                continue
            parts = [f for f in kept[k + 1 :] if whole.sent <= f.sent <= whole.sent + 2 and f.market in (None, whole.market)
                     and f.direction == whole.direction]
            longs = [f for f in parts if f.instrument == "long_term_debt"]
            shorts = [f for f in parts if f.instrument == "short_term_debt"]
            total = abs(whole.amount.value)
            for a in longs:
                for b in shorts:
                    if abs(abs(a.amount.value) + abs(b.amount.value) - total) <= 0.002 * total:
                        whole.instrument = "debt"
                        whole.notes.append("equals the sum of the long-term and short-term figures that follow")
        return kept

    def _nearest_period(self, sent_periods: list[PeriodMention], text: str, amount: AmountMention,
                        lo: int, hi: int, sent_amounts: list[AmountMention]) -> PeriodMention | None:
        forward = {id(p): self._forward_amount(p, text, sent_amounts) for p in sent_periods}
        mine = [p for p in sent_periods if forward[id(p)] == amount.start_char]
        if mine:
            return mine[0]
        own = [p for p in sent_periods if forward[id(p)] is None and not self._previous_figures(p, text, amount,
                                                                                             sent_amounts)]
        dated = [p for p in own if p.day and p.label in ABSOLUTE_WEEKS and lo <= p.start_char < hi]
        if dated and any(p.label == "last_week" for p in own):
            # "data confirmed this past week that … sold X between Jan. 21 and Jan. 28": the dated
            # week is the figure's, the relative one is when it was reported
            own = [p for p in own if p.label != "last_week"]
        hits = [Hit(p.start_char, p.end_char, str(k), p.text) for k, p in enumerate(sent_periods) if p in own]
        best = self._nearest(hits, text, amount.start_char, amount.end_char, lo, hi, same_clause=True) or \
            self._nearest(hits, text, amount.start_char, amount.end_char, lo, hi)
        return sent_periods[int(best.value)] if best else None

    def _previous_figures(self, period: PeriodMention, text: str, amount: AmountMention,
                          sent_amounts: list[AmountMention]) -> bool:
        """A period that closes the previous figure's clause and is cut off from this figure by a
        comma ("bought 91.2 billion yen of bonds in July, after 44.4 billion yen … a month
        earlier") is the previous figure's, not this one's."""
        previous = [a for a in sent_amounts if a.end_char <= period.start_char and a.start_char < amount.start_char]
        if not previous or period.end_char > amount.start_char or previous[-1] is amount:
            return False
        own_clause = text[previous[-1].end_char:period.start_char]
        to_mine = text[period.end_char:amount.start_char]
        return not re.search(r"[,;]", own_clause) and bool(re.search(r"[,;]", to_mine))

    def _closing_period(self, sent_periods: list[PeriodMention], text: str, amount: AmountMention,
                        sent_amounts: list[AmountMention]) -> PeriodMention | None:
        """The period that ends the sentence after this figure's clause, when nothing but
        coordinated figures ("and offloaded …") stands between: not across ";" or "while"."""
        later = [p for p in sent_periods if p.start_char >= amount.end_char and p.label in ABSOLUTE_WEEKS | {"month"}]
        if len(later) != 1 or any(a.start_char >= later[-1].end_char for a in sent_amounts):
            return None
        between = text[amount.end_char:later[-1].start_char]
        if re.search(r"[;:]|\b(?:while|whereas|but|after|following|compared|from)\b", between, re.IGNORECASE):
            return None
        return later[-1]

    @staticmethod
    def _month_of_year(period: PeriodMention, sent_periods: list[PeriodMention]) -> PeriodMention:
        """"Outflows in September every year …, the biggest in 2023" → September 2023."""
        months = [p for p in sent_periods if p.label == "month" and p.month and not p.year_stated]
        if not months or period.start is None:
            return period
        start, end = mcal.month_range(period.start.year, months[0].month)
        return PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="month",
                             start=start, end=end, granularity="month", month=months[0].month, year_stated=True)

    def _forward_amount(self, period: PeriodMention, text: str, amounts: list[AmountMention]) -> int | None:
        """Start of the figure a relative period introduces, if it introduces one: "the previous
        week's 1.19 trillion", "(previous week was +330.5bn", "the previous period's net inflow of
        ¥285.9 billion". Not across a clause boundary ("… in the previous week and 1.1 trillion")."""
        if period.label not in RELATIVE_WEEKS:
            return None
        following = [a for a in amounts if a.start_char >= period.end_char]
        if not following:
            return None
        between = text[period.end_char : following[0].start_char]
        if self.boundary.search(between) or "," in between or len(between.split()) > 5:
            return None
        return following[0].start_char

    @staticmethod
    def _resolve_period(period: PeriodMention | None, current: tuple | None, had_previous: bool):
        """Return (period for the claim, new current week, sentence has 'previous week')."""
        if period is None:
            if current is None:
                return None, current, had_previous
            return PeriodMention(0, 0, "", -1, label="current_week", start=current[0], end=current[1],
                                 granularity=current[2]), current, had_previous
        if sets_current(period):
            return period, (period.start, period.end, period.granularity), had_previous
        weekly = current is not None and current[2] == "week"
        if period.label == "n_weeks" and weekly and (period.day or period.start):
            # "over the nine weeks": the N weeks ending with the week the sentence is about
            start = period.start or mcal.shift_week(current[:2], -(period.day - 1))[0]
            resolved = PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="n_weeks",
                                     start=start, end=current[1], granularity="multi_week")
            return resolved, current, had_previous
        if period.label == "previous_month" and current is not None and current[2] == "month":
            # "on top of 1.72 trillion yen a month earlier": the month before the one described
            year, month = mcal.previous_month(current[0])
            start, end = mcal.month_range(year, month)
            return PeriodMention(period.start_char, period.end_char, period.text, period.sent, label="month",
                                 start=start, end=end, granularity="month", month=month), current, had_previous
        if period.label in RELATIVE_WEEKS and weekly:
            back = 2 if period.label == "week_before" and had_previous else 1
            start, end = mcal.shift_week(current[:2], -back)
            resolved = PeriodMention(period.start_char, period.end_char, period.text, period.sent,
                                     label=period.label, start=start, end=end, granularity="week")
            return resolved, current, had_previous or period.label == "previous_week"
        return period, current, had_previous

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_flows = self.find(doc)
        return doc


@Language.factory(
    "flowcheck_flows",
    default_config={"patterns_dir": "", "patterns_file": "flow_lexicon.json"},
    requires=["doc.sents", "doc.ents", "token.dep", "token.head", "doc._.fc_amounts", "doc._.fc_periods"],
    assigns=["doc._.fc_flows"],
)
def make_flows(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Flows:
    return Flows(patterns_dir, patterns_file)
