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
from extractor.nlp.text import iter_sentences, word_distance

ABSOLUTE_WEEKS = {"week_ended", "week_range", "table_week", "last_week", "last_week_of_year"}
RELATIVE_WEEKS = {"previous_week", "week_before"}
CLAIM_PERIODS = ABSOLUTE_WEEKS | RELATIVE_WEEKS | {"month", "year", "to_date"}


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

    # -- helpers ------------------------------------------------------------------------
    def _market_of_instrument(self, text: str, hit: Hit) -> str | None:
        """'foreign bonds' → outward; 'Japanese shares' → inward (closest modifier wins)."""
        inside = hit.text.lower().split()
        before = re.findall(r"[\w.'-]+", text[max(0, hit.start - 40) : hit.start].lower())[-3:]
        for word in reversed(before + inside[:-1]):
            word = word.strip(".,")
            if word in self.japanese:
                return "inward"
            if word in self.foreign:
                return "outward"
        return None

    @staticmethod
    def _nearest(hits: list[Hit], text: str, start: int, end: int, lo: int, hi: int) -> Hit | None:
        """The hit inside [lo, hi) closest in words to the span [start, end); ties go right."""
        best: tuple[int, int, Hit] | None = None
        for hit in hits:
            if hit.start < lo or hit.end > hi or (hit.start < end and start < hit.end):
                continue
            if hit.end <= start:
                key = (word_distance(text, hit.end, start), 1)
            else:
                key = (word_distance(text, end, hit.start), 0)
            if best is None or key < best[:2]:
                best = (*key, hit)
        return best[2] if best else None

    # -- main ---------------------------------------------------------------------------
    def find(self, doc: Doc) -> list[FlowMention]:
        text = doc.text
        amounts: list[AmountMention] = doc._.fc_amounts or []
        periods: list[PeriodMention] = doc._.fc_periods or []
        published = doc._.published
        current_week = mcal.last_released_week(published) if published else None
        actor_market: str | None = None
        actor_text: str | None = None
        flows: list[FlowMention] = []
        carried: tuple[Hit, str | None] | None = None  # last flow's securities and market, for "That followed …"
        for index, sent_start, sent_text in iter_sentences(doc):
            sent_end = sent_start + len(sent_text)
            sent_amounts = [(i, a) for i, a in enumerate(amounts) if a.sent == index]
            candidates = [(i, a) for i, a in sent_amounts if a.conversion_of is None]
            directions = _hits(self.direction_re, self.direction_table, sent_text, sent_start)
            instruments = _hits(self.instrument_re, self.instrument_table, sent_text, sent_start)
            actors = _hits(self.actor_re, self.actor_table, sent_text, sent_start)
            sent_periods = [p for p in periods if p.sent == index and p.label in CLAIM_PERIODS]
            is_exchange = bool(self.exchange_re.search(sent_text))
            names_mof = bool(self.mof_re.search(sent_text))
            sent_has_previous = False
            frame: dict[str, object] = {}
            for pos, (i, amount) in enumerate(candidates):
                lo = candidates[pos - 1][1].end_char if pos else sent_start
                if pos:
                    conv = [a for a in amounts if a.conversion_of == candidates[pos - 1][0]]
                    lo = max(lo, conv[0].end_char + 1) if conv else lo
                hi = candidates[pos + 1][1].start_char if pos + 1 < len(candidates) else sent_end
                next_words = " ".join(text[amount.end_char : hi].split()[:3])
                if self.not_a_flow.search(next_words):  # "$1.4 trillion monetary stimulus program"
                    amount.role = "statistic"
                    continue
                if amount.currency not in ("JPY", "USD"):
                    continue
                direction_hit = self._nearest(directions, text, amount.start_char, amount.end_char, lo, hi)
                direction = direction_hit.value if direction_hit else None
                if amount.signed and amount.value != 0:
                    direction = "net_sale" if amount.value < 0 else "net_purchase"
                if direction is None:
                    left = self._nearest(directions, text, amount.start_char, amount.end_char, sent_start, amount.start_char)
                    direction = left.value if left else frame.get("direction")  # type: ignore[assignment]
                instrument_hit = self._nearest(instruments, text, amount.start_char, amount.end_char, lo, hi)
                if instrument_hit is None:
                    instrument_hit = frame.get("instrument_hit") or self._nearest(  # type: ignore[assignment]
                        instruments, text, amount.start_char, amount.end_char, sent_start, sent_end)
                carried_market = None
                if instrument_hit is None and carried is not None and direction is not None and not instruments:
                    instrument_hit, carried_market = carried
                if direction is None or instrument_hit is None:
                    continue  # a number without a flow reading becomes a statistic
                market = carried_market or self._market_of_instrument(text, instrument_hit)
                actor_hit = self._nearest(actors, text, amount.start_char, amount.end_char, sent_start, sent_end)
                if actor_hit is not None and actor_hit.value != "pronoun":
                    actor_market, actor_text = actor_hit.value, actor_hit.text
                if market is None:
                    window = text[lo:hi].lower()
                    market = "inward" if re.search(r"\bfrom (?:overseas|abroad)\b", window) else actor_market
                period = self._nearest_period(sent_periods, text, amount, lo, hi)
                resolved, current_week, sent_has_previous = self._resolve_period(
                    period, current_week, sent_has_previous)
                source = "exchange" if is_exchange else (
                    "mof_weekly" if (names_mof or (resolved and resolved.granularity == "week")) else "unspecified")
                usd_index = next((k for k, a in enumerate(amounts) if a.conversion_of == i), None)
                flows.append(FlowMention(
                    start_char=amount.start_char, end_char=amount.end_char, text=amount.text, sent=index,
                    amount=i, actor=actor_text, market=market, instrument=instrument_hit.value,
                    direction=direction, period=resolved, data_source=source, usd_amount=usd_index,
                    converted_from_usd=amount.currency == "USD",
                ))
                amount.role = "flow"
                frame = {"direction": direction, "instrument_hit": instrument_hit}
                carried = (instrument_hit, market)
        return flows

    def _nearest_period(self, sent_periods: list[PeriodMention], text: str, amount: AmountMention,
                        lo: int, hi: int) -> PeriodMention | None:
        hits = [Hit(p.start_char, p.end_char, str(k), p.text) for k, p in enumerate(sent_periods)]
        best = self._nearest(hits, text, amount.start_char, amount.end_char, lo, hi)
        return sent_periods[int(best.value)] if best else None

    @staticmethod
    def _resolve_period(period: PeriodMention | None, current: tuple | None, had_previous: bool):
        """Return (period for the claim, new current week, sentence has 'previous week')."""
        if period is None:
            if current is None:
                return None, current, had_previous
            return PeriodMention(0, 0, "", -1, label="current_week", start=current[0], end=current[1],
                                 granularity="week"), current, had_previous
        if period.label in ABSOLUTE_WEEKS:
            if period.start:
                current = (period.start, period.end)
            return period, current, had_previous
        if period.label in RELATIVE_WEEKS and current is not None:
            back = 2 if period.label == "week_before" and had_previous else 1
            start, end = mcal.shift_week(current, -back)
            resolved = PeriodMention(period.start_char, period.end_char, period.text, period.sent,
                                     label=period.label, start=start, end=end, granularity="week")
            return resolved, current, had_previous or period.label == "previous_week"
        return period, current, had_previous

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_flows = self.find(doc)
        return doc


@Language.factory("flowcheck_flows", default_config={"patterns_dir": "", "patterns_file": "flow_lexicon.json"})
def make_flows(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Flows:
    return Flows(patterns_dir, patterns_file)
