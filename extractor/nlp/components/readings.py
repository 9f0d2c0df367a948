"""Other readings of each flow figure that the text allows (issue 19).

The flow reader picks one reading of a figure: the period nearest in its clause, "bonds" as
long-term debt, a bought/sold figure as net. Stories often mean another one the words also
allow — a period named elsewhere in the sentence, a cumulative span ("since January", "from
November to April", "three straight weeks … totalling"), bonds and bills together, a gross
figure. This component lists those readings on each flow (``FlowMention.candidates``) and
marks a field as ``inferred`` when the words leave it open between two readings (one figure
for "equities and bonds"; a bought/sold pair with no "net"), so no accusation rests on it.

It never reads official data: the reconciler checks the candidates against the data and keeps
one only when the stated figure matches exactly (``reconcile/readings.py``).
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.components.flow_lexicon import FlowLexicon
from extractor.nlp.mentions import CandidateMention, FlowMention, PeriodMention, register_extensions
from extractor.nlp.text import doc_text, sentence_bounds

_GROSS = {"net_purchase": "gross_purchase", "net_sale": "gross_sale"}


class Readings:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        flags = re.IGNORECASE
        self.net = re.compile(data["net"], flags)
        self.worth = re.compile(data["worth"], flags)
        self.pair_gap = re.compile(data["pair_gap"], flags)
        self.perfect = re.compile(data["perfect"], flags)
        self.own_object = re.compile(data["own_object"], flags)
        self.reference_before = re.compile(data["reference_before"], flags)
        self.total_before = re.compile(data["total_before"], flags)
        self.reference_gap = re.compile(data["reference_gap"], flags)
        self.plain_debt = re.compile(data["plain_debt"], flags)
        self.specific_debt = re.compile(data["specific_debt"], flags)
        self.two_kinds = re.compile(data["two_kinds"], flags)
        self.cumulative = set(data["cumulative_labels"])
        self.open = set(data["open_labels"])
        self.claim_labels = set(data["claim_labels"])
        # "the most since March 2020", "their first weekly net selling since Jan 27": a record's
        # reference point, not the start of a cumulative span
        self.record_before = re.compile(patterns.load(patterns_dir, "periods.json")["record_before"], flags)
        self.clause_break = re.compile(data["clause_break"], flags)
        self.lex = FlowLexicon(patterns_dir, "flow_lexicon.json")  # sources and investor words, as the flow reader reads them

    def __call__(self, doc: Doc) -> Doc:
        flows: list[FlowMention] = doc._.fc_flows or []
        if not flows:
            return doc
        text = doc_text(doc)
        if self.lex.other_source_re.search(text) and not (self.lex.mof_re.search(text) or self.lex.bop_re.search(text)):
            # the story's only named statistic is one flowcheck does not carry (JSDA's bond trading
            # by investor type …): its unattributed figures are that statistic's, not MoF's
            for flow in flows:
                if flow.data_source in ("unspecified", "mof_weekly", "mof_monthly"):
                    flow.data_source = "other"
        bounds = sentence_bounds(doc)
        periods: list[PeriodMention] = doc._.fc_periods or []
        amounts = doc._.fc_amounts or []
        streaks: dict[int, list] = {}  # sentence → its streaks ("three straight weeks")
        for q in doc._.fc_qualifiers or []:
            if q.kind == "streak":
                streaks.setdefault(q.sent, []).append(q)
        for flow in flows:
            lo, hi = bounds[flow.sent] if 0 <= flow.sent < len(bounds) else (flow.start_char, flow.end_char)
            own = [a for a in amounts if lo <= a.start_char < hi and a.conversion_of is None]
            window = self._window(text, flow, own, lo, hi)
            pair = self._gross_pair(text, flow, own)
            self._other_investors(text[lo:hi], flow)
            self._references(text, flow, own)
            period = flow.readings.get("period")
            before = text[lo : flow.amount.start_char]
            total = bool(self.total_before.search(before[-60:]))
            if period and period[0] != "stated" and (total or self.perfect.search(before)):
                flow.readings["period"] = ("inferred", period[1])  # a running total: not the carried week
            sent_periods = self._spans(text, [p for p in periods if p.sent == flow.sent])
            flow.candidates = [*self.period_candidates(flow, sent_periods),
                               *(c for q in streaks.get(flow.sent, []) if total or q.flow is flow
                                 for c in self.streak_candidates(flow, q)),
                               *self.word_candidates(flow, window, pair)]
        return doc

    def _window(self, text: str, flow: FlowMention, own: list, lo: int, hi: int) -> str:
        """The figure's own clause: from the figure before it in the sentence to the next figure or
        clause break after it ("bought ¥14.4 trillion worth and sold ¥11.4 trillion, making net
        purchases of ¥3.0 trillion": the "net" is the third figure's)."""
        start = max((a.end_char for a in own if a.end_char <= flow.amount.start_char), default=lo)
        end = min((a.start_char for a in own if a.start_char >= flow.amount.end_char), default=hi)
        brk = self.clause_break.search(text[flow.amount.end_char:end])
        return text[start : flow.amount.end_char + brk.start() if brk else end]

    def _other_investors(self, sentence: str, flow: FlowMention) -> None:
        """"Life insurers and investment trusts … bought 530.9 billion yen and 251.4 billion yen,
        respectively": an investor type carried from an earlier sentence is not pinned when the
        figure's own sentence names other investors."""
        reading = flow.readings.get("investor_type")
        if reading is None or reading[0] != "carried":
            return
        named = {self.lex.investor_table[m.group(0).lower()] for m in self.lex.investor_re.finditer(sentence)}
        if named - {flow.investor_type}:
            flow.readings["investor_type"] = ("inferred", reading[1])

    def _references(self, text: str, flow: FlowMention, own: list) -> None:
        """"Soared to ¥4.24 trillion, surpassing the previous high of ¥2.55 trillion set in July
        2016": the earlier record is a reference, whose stated period tells when it was set, not
        which statistic it is (no accusation rests on it); and that period is never the new
        figure's: the figure's period is left to the data (the release in view)."""
        refs = [a for a in own if self.reference_before.search(text[max(0, a.start_char - 50) : a.start_char])]
        if flow.amount in refs:
            if "period" in flow.readings:
                flow.readings["period"] = ("inferred", flow.readings["period"][1])
            return
        period = flow.period
        if period is None or not any(a.end_char <= period.start_char
                                     and self.reference_gap.search(text[a.end_char : period.start_char]) for a in refs):
            return
        flow.period = None
        flow.readings["period"] = ("inferred", None)
        if flow.data_source in ("mof_monthly", "mof_weekly"):
            flow.data_source = "unspecified"

    def _gross_pair(self, text: str, flow: FlowMention, own: list) -> bool:
        """Whether the figure is one of a bought/sold pair joined with no "net" ("bought 22.7
        trillion yen worth of shares and sold 21.2 trillion yen")."""
        k = next((i for i, a in enumerate(own) if a is flow.amount), None)
        if k is None:
            return False
        pairs = [(own[i], own[i + 1]) for i in (k - 1, k) if 0 <= i < len(own) - 1]
        return any(self.pair_gap.search(text[first.end_char : second.start_char])
                   and not self.own_object.search(text[second.end_char : second.end_char + 60])
                   for first, second in pairs)

    def _spans(self, text: str, periods: list[PeriodMention]) -> list[PeriodMention]:
        """The periods that can be a figure's reading: not a "since" that a record names ("the most
        since March 2020", "… sell most German bonds since 2014"), which is a reference point."""
        return [p for p in periods
                if not (p.label in self.open and self.record_before.search(text[max(0, p.start_char - 40):p.start_char]))]

    def headline_candidates(self, text: str, periods: list[PeriodMention]) -> list[CandidateMention]:
        """The periods the headline ``text`` names ("… in May") are readings of every flow figure:
        a story's figures are usually the headline's period, whatever month a side remark names.
        Spans that run "since" a date stay open-ended."""
        return [CandidateMention("headline", p.text, p.start, None if p.label in self.open else p.end, p.granularity)
                for p in self._spans(text, periods)
                if p.start is not None and (p.end is not None or p.label in self.open)]

    def period_candidates(self, flow: FlowMention, sent_periods: list[PeriodMention]) -> list[CandidateMention]:
        """Every other period the sentence names; spans that run "since" a date stay open-ended."""
        mine = (flow.period.start, flow.period.end) if flow.period else None
        found: list[CandidateMention] = []
        for p in sent_periods:
            if p.label not in self.claim_labels or p.start is None or (p.end is None and p.label not in self.open):
                continue
            open_ended = p.label in self.open
            if not open_ended and (p.start, p.end) == mine:
                continue
            how = "cumulative" if p.label in self.cumulative else "sentence"
            found.append(CandidateMention(how, p.text, p.start, None if open_ended else p.end,
                                          "multi_month" if open_ended else p.granularity))
        # "the nine-week-long selling streak … through March 26": N weeks ending at a week the sentence names
        counts = [p for p in sent_periods if p.label == "n_weeks" and p.day]
        weeks = [p for p in [*sent_periods, flow.period] if p is not None and p.granularity == "week" and p.end]
        for n, week in ((c, w) for c in counts for w in weeks):
            found.append(CandidateMention("cumulative", f"{n.text} … {week.text}",
                                          week.end - timedelta(days=7 * n.day - 1), week.end, "multi_week"))
        return found

    @staticmethod
    def streak_candidates(flow: FlowMention, streak) -> list[CandidateMention]:
        """"Three straight weeks of net buying totalling 1.8 trillion yen": the sum of the run,
        to the figure's week or to the week before it (a run the week ended)."""
        if streak is None or not streak.count or streak.count < 2 or flow.period is None or flow.period.end is None:
            return []
        end = flow.period.end
        if streak.unit == "week":  # the run to this week, or the run this week ended ("ending three straight weeks")
            return [CandidateMention("cumulative", streak.text, last - timedelta(days=7 * streak.count - 1), last,
                                     "multi_week") for last in (end, end - timedelta(days=7))]
        if streak.unit == "month" and end.day >= 28:
            k = end.year * 12 + end.month - 1 - (streak.count - 1)
            return [CandidateMention("cumulative", streak.text, date(k // 12, k % 12 + 1, 1), end, "multi_month")]
        return []

    def word_candidates(self, flow: FlowMention, window: str, pair: bool) -> list[CandidateMention]:
        """Securities and direction the words also allow; fields the words leave open become
        ``inferred``."""
        found: list[CandidateMention] = []
        how, words = flow.readings.get("instrument", ("", None))
        words = words or ""
        if self.two_kinds.search(window) or (words and self.two_kinds.search(words)):
            found.append(CandidateMention("words", self.two_kinds.search(window + " " + words).group(0),
                                          instrument="total"))
            flow.readings["instrument"] = ("inferred", words or None)
        elif words and self.plain_debt.search(words) and not self.specific_debt.search(words):
            other = {"long_term_debt": "debt", "debt": "long_term_debt"}.get(flow.instrument or "")
            if other:
                found.append(CandidateMention("words", words, instrument=other))
        if flow.direction in _GROSS and not self.net.search(window):
            if pair or self.worth.search(window):
                found.append(CandidateMention("words", window.strip()[:80] or None, direction=_GROSS[flow.direction]))
            if pair:
                flow.readings["direction"] = ("inferred", flow.readings.get("direction", ("", None))[1])
        return found


@Language.factory(
    "flowcheck_readings",
    default_config={"patterns_dir": "", "patterns_file": "readings.json"},
    requires=["doc.sents", "doc._.fc_amounts", "doc._.fc_flows", "doc._.fc_periods", "doc._.fc_qualifiers"],
    assigns=["doc._.fc_flows"],
)
def make_readings(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Readings:
    return Readings(patterns_dir, patterns_file)
