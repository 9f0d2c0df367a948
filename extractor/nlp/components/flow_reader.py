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

The reading is split by role: ``flow_lexicon`` (the words, and lookups that only search
them), ``flow_state`` (what is carried: the article state, the sentence, one figure's
reading), ``flow_steps`` (one small step per field, each returning its field and how it was
read), ``flow_periods`` (which period a figure is about). This module runs the steps in order
and applies what they return.
"""

from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp.components import flow_steps as step
from extractor.nlp.components.flow_lexicon import FlowLexicon
from extractor.nlp.components.flow_state import ArticleState, Figure, FigureReading, Frame, Sentence
from extractor.nlp.mentions import AmountMention, FlowMention, PeriodMention, register_extensions
from extractor.nlp.scope import sets_current
from extractor.nlp.text import doc_text, iter_sentences

Role = tuple[AmountMention, str]  # what a figure turned out to be: flow, statistic, repeat


class Flows:
    """Reads each sentence's figures with the steps of :mod:`flow_steps`, applies what they
    return to the article state (:class:`flow_state.ArticleState`), then tidies the article's
    flows (:meth:`_combine`). Decide, then apply: ``find`` returns the flows and the roles it
    gives amounts; ``__call__`` writes them to the Doc."""

    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        self.lex = FlowLexicon(patterns_dir, patterns_file)

    def find(self, doc: Doc) -> tuple[list[FlowMention], list[Role]]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        amounts: list[AmountMention] = doc._.fc_amounts or []
        periods: list[PeriodMention] = doc._.fc_periods or []
        state = ArticleState.start(doc._.published)
        flows: list[FlowMention] = []
        roles: list[Role] = []
        for index, sent_start, sent_text in iter_sentences(doc):
            sent = step.sentence(self.lex, doc, text, index, sent_start, sent_text, amounts, periods)
            state.note_sentence(step.sovereign_named(self.lex, sent),
                                step.topic_securities(self.lex, sent) if state.topic is None else None)
            read = 0
            for fig in step.figures(sent, amounts):
                verdict = step.screen(self.lex, sent, fig)
                if verdict == "statistic":
                    roles.append((fig.amount, "statistic"))
                if verdict != "read":
                    continue
                flow = self._read_figure(sent, fig, state, doc._.published, amounts)
                if flow is not None:
                    flows.append(flow)
                    roles.append((fig.amount, "flow"))
                    read += 1
            if not read:
                self._note_sentence_without_flow(sent, state)
            state.note_sentence_end(sent.named_actors)
        kept = self._combine(flows, roles)
        return kept, roles

    def _read_figure(self, sent: Sentence, fig: Figure, state: ArticleState, published: date | None,
                     amounts: list[AmountMention]) -> FlowMention | None:
        """One figure through the steps; None when it is not a flow the reader can place. The
        order matters: each step may use the fields read before it, and the actor the figure
        names is in view from the actor step on."""
        lex, amount = self.lex, fig.amount
        r = FigureReading()
        r.direction, r.readings["direction"] = step.read_direction(lex, sent, fig)
        sent.gross = sent.gross or r.direction in step.GROSS
        instrument = step.read_instrument(lex, sent, fig, r.direction, state)
        if r.direction is None or instrument is None:
            return None  # a number without a flow reading becomes a statistic
        r.instrument_hit, r.instrument_how, r.carried_market = instrument.hit, instrument.how, instrument.carried_market
        r.readings["instrument"] = (instrument.how, instrument.hit.text)
        r.market, how = step.read_market(lex, sent, fig, instrument)
        if how is not None:
            r.readings["market"] = how
        r.actor_hit, how = step.read_actor(lex, sent, fig, state)
        if r.actor_hit is not None and r.actor_hit.value != "pronoun":
            state.note_actor(r.actor_hit)
        if how is not None:
            r.readings["actor"] = how
        if amount.currency == "USD" and r.market is None and (r.actor_hit is None or r.actor_hit.value == "pronoun"):
            return None  # a dollar figure with no investor named is not a flow we can place
        if r.market is None:
            r.market, how = step.market_from_actor(lex, fig, state, r.readings)
            if how is not None:
                r.readings["market"] = how
        r.country, r.instrument = step.read_country(lex, sent, fig, instrument.hit, state)
        if r.country is not None and r.market is None:
            r.market = "outward"  # another country's securities held by Japanese investors
        r.investor_type, r.investor_how = step.read_investor(lex, sent, fig, r.market, r.actor_hit, state)
        domestic = step.read_domestic(lex, sent, fig, r)
        if domestic is not None:
            r.market, r.readings["market"] = domestic
        scope, noted = step.read_scope(lex, sent, fig, r, state)
        r.readings.update(scope)
        state.note_scope(noted, r, sent.index)
        period = step.read_period(lex, sent, fig, state, published)
        state.note_period(period)
        sent.has_previous = period.has_previous
        r.period = period.resolved
        if period.reading is not None:
            r.readings["period"] = period.reading
        r.data_source = step.classify_source(lex, sent, r)
        flow = FlowMention(
            start_char=amount.start_char, end_char=amount.end_char, text=amount.text, sent=sent.index,
            amount=amount, actor=state.actor_text, market=r.market, instrument=r.instrument,
            country=r.country, investor_type=r.investor_type,
            direction=r.direction, period=r.period, data_source=r.data_source,
            usd_amount=next((a for a in amounts if a.conversion_of is amount), None),
            converted_from_usd=amount.currency == "USD", readings=r.readings,
        )
        state.note_flow(r, sent.index)
        sent.frame = Frame(r.direction, r.readings["direction"][1], r.instrument_hit)
        return flow

    def _note_sentence_without_flow(self, sent: Sentence, state: ArticleState) -> None:
        lex = self.lex
        named = [(lex.country_table[m.group(0).lower()], m.group(0)) for m in lex.country_re.finditer(sent.words)]
        weeks = [p for p in sent.periods if sets_current(p) and p.granularity == "week"]
        months = [p for p in sent.periods if sets_current(p) and p.granularity == "month"
                  and not lex.reference_month.search(sent.text[sent.start:p.start_char])]
        state.note_sentence_without_flow(sent.index, named, weeks, months)

    @staticmethod
    def _key(flow: FlowMention) -> tuple:
        return (flow.market, flow.instrument, flow.country, flow.direction, round(abs(flow.amount.value)),
                flow.period.end if flow.period else None)

    def _combine(self, flows: list[FlowMention], roles: list[Role]) -> list[FlowMention]:
        """Article-level tidying: a figure repeated later (the lead restated in the body) is one
        claim; a bond figure that equals the sum of its long-term and short-term parts stated
        right after it ("sold 332.6 billion of overseas bonds … 228.8 billion of long-term and
        103.8 billion of short-term") is about debt securities as a whole."""
        seen: set[tuple] = set()
        kept: list[FlowMention] = []
        for flow in flows:
            key = self._key(flow)
            if key in seen:
                roles.append((flow.amount, "repeat"))
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

    def __call__(self, doc: Doc) -> Doc:
        flows, roles = self.find(doc)
        for amount, role in roles:  # in the order decided: a repeated flow's amount ends as "repeat"
            amount.role = role
        doc._.fc_flows = flows
        return doc


@Language.factory(
    "flowcheck_flows",
    default_config={"patterns_dir": "", "patterns_file": "flow_lexicon.json"},
    requires=["doc.sents", "doc.ents", "token.dep", "token.head", "doc._.fc_amounts", "doc._.fc_periods"],
    assigns=["doc._.fc_flows"],
)
def make_flows(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Flows:
    return Flows(patterns_dir, patterns_file)
