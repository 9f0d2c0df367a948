"""The flow reader's steps, one field each, in the order the reader takes them.

Each step reads a figure's clause (:class:`Figure`), its sentence (:class:`Sentence`), what
the earlier steps read (:class:`FigureReading`) and what the article carries
(:class:`ArticleState`), and *returns* its field(s) with how they were read; none of them
changes its arguments. :class:`flow_reader.Flows` applies what they return, so each step can be
tested alone on a short sentence (``tests/nlp/test_flow_steps.py``).

Example — "Japanese investors sold a net 862.6 billion yen of foreign bonds in the week ended
April 20":  ``read_direction`` → net_sale ("sold", stated); ``read_instrument`` → "foreign
bonds" (long_term_debt); ``read_market`` → outward ("foreign"); ``read_actor`` → "Japanese
investors"; ``read_period`` → the week ended April 20; ``classify_source`` → mof_weekly.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from spacy.tokens import Doc

from extractor.nlp.components import flow_periods
from extractor.nlp.components.flow_lexicon import FlowLexicon, Hit
from extractor.nlp.components.flow_state import (
    ArticleState,
    Figure,
    FigureReading,
    PeriodReading,
    Reading,
    Securities,
    Sentence,
)
from extractor.nlp.mentions import AmountMention, PeriodMention
from extractor.nlp.scope import data_source, sets_current

GROSS = ("gross_purchase", "gross_sale")


def sentence(lex: FlowLexicon, doc: Doc, text: str, index: int, start: int, words: str,
             amounts: list[AmountMention], periods: list[PeriodMention]) -> Sentence:
    """One sentence's phrases: its figures, direction, securities and investor words, and the
    periods a flow figure can be about."""
    return Sentence(
        doc=doc, text=text, index=index, start=start, end=start + len(words),
        amounts=[a for a in amounts if a.sent == index],
        directions=lex.directions(words, start), instruments=lex.instruments(words, start),
        actors=lex.actors(words, start),
        periods=[p for p in periods if p.sent == index and p.label in flow_periods.CLAIM_PERIODS],
        exchange=bool(lex.exchange_re.search(words)), names_mof=bool(lex.mof_re.search(words)))


def figures(sent: Sentence, amounts: list[AmountMention]) -> Iterator[Figure]:
    """Each candidate figure with its clause window: from the end of the previous figure (or of
    that figure's conversion, "862.6 billion yen ($8.7 billion)") to the start of the next."""
    candidates = sent.candidates
    for pos, amount in enumerate(candidates):
        lo = candidates[pos - 1].end_char if pos else sent.start
        if pos:
            conv = [a for a in amounts if a.conversion_of is candidates[pos - 1]]
            lo = max(lo, conv[0].end_char + 1) if conv else lo
        hi = candidates[pos + 1].start_char if pos + 1 < len(candidates) else sent.end
        yield Figure(amount, lo, hi, sent.text[lo:hi])


def topic_securities(lex: FlowLexicon, sent: Sentence) -> Securities | None:
    """The sentence's first securities named with a market (by a modifier, else by its first
    named investors): the article's topic when nothing else says which securities."""
    named = sent.named_actors
    for hit in sent.instruments:
        market = lex.market_of_instrument(sent.text, hit) or (named[0].value if named else None)
        if market:
            return Securities(hit, market)
    return None


def sovereign_named(lex: FlowLexicon, sent: Sentence) -> set[str]:
    """"Japanese investors sold French government bonds …": whose government debt a sentence
    about buying or selling names."""
    return lex.sovereign_countries(sent.text, sent.instruments, sent.start) if sent.directions else set()


def screen(lex: FlowLexicon, sent: Sentence, fig: Figure) -> str:
    """Whether the figure can be a flow: "read" it, or not — "statistic" (a number that is
    something else: "$1.4 trillion stimulus program", "the $85 billion the Fed buys", "revised
    from the previously reported 2.5 billion") or "skip" (not a currency flowcheck checks, or
    assets held, or a plan)."""
    text, amount = sent.text, fig.amount
    next_words = " ".join(text[amount.end_char : fig.hi].split()[:3])
    period_next = any(0 <= p.start_char - amount.end_char <= 2 for p in sent.periods)
    if lex.not_a_flow.search(next_words) and not period_next:
        return "statistic"
    if amount.currency not in ("JPY", "USD"):
        return "skip"
    if lex.names_non_investor(fig.window, fig.lo, sent.instruments) and not lex.actor_re.search(fig.window):
        return "statistic"
    held = lex.holdings.search(text[fig.lo : amount.start_char])
    if held and not lex.direction_re.search(held.group(0)):  # "…, which manage pension money, sold"
        return "skip"  # "manage some 110 trillion yen": assets held, not a flow
    if lex.future.search(text[fig.lo : amount.start_char]):
        return "skip"  # "will continue …, at about 9 trillion yen": a forecast, not a stated flow
    if lex.revision_re.search(text[max(fig.lo, amount.start_char - 60) : amount.start_char]):
        return "statistic"
    return "read"


def read_direction(lex: FlowLexicon, sent: Sentence, fig: Figure) -> tuple[str | None, Reading]:
    """net_sale / net_purchase / gross_*: the figure's own clause first ("added 395 billion
    yen, ending a two-week selling spree"), then an explicit sign ("-84.5 billion"), then a
    direction word before it in the sentence or the sentence's last flow's. After a gross
    figure, a figure that does not say "net" is gross too."""
    text, amount = sent.text, fig.amount
    reading: Reading | None = None
    hit = lex.nearest(sent.directions, text, amount.start_char, amount.end_char, fig.lo, fig.hi,
                      same_clause=True, boundary=lex.direction_boundary) or lex.nearest(
        sent.directions, text, amount.start_char, amount.end_char, fig.lo, fig.hi)
    direction = hit.value if hit else None
    if hit:
        reading = ("stated", hit.text)
    if amount.signed and amount.value != 0:
        direction = "net_sale" if amount.value < 0 else "net_purchase"
        reading = ("stated", amount.text)
    if direction is None:
        left = lex.nearest(sent.directions, text, amount.start_char, amount.end_char, sent.start, amount.start_char)
        frame = sent.frame
        direction = left.value if left else (frame.direction if frame else None)
        reading = ("carried", left.text if left else (frame.direction_words if frame else None))
    assert reading is not None
    if direction not in GROSS and sent.gross and direction and "net" not in str(reading[1]).lower():
        direction = "gross_purchase" if direction == "net_purchase" else "gross_sale"
    return direction, reading


@dataclass
class InstrumentRead:
    hit: Hit
    how: str  # stated | carried
    carried_market: str | None  # the market of securities carried from an earlier flow


def read_instrument(lex: FlowLexicon, sent: Sentence, fig: Figure, direction: str | None,
                    state: ArticleState) -> InstrumentRead | None:
    """The securities: the nearest securities words in the figure's clause (a specific kind
    before "total"), else the sentence's last flow's or the nearest in the sentence, else —
    for a sentence with no securities words ("That followed net purchases of 514.5 billion
    yen") — the last flow's or the article's, unless the sentence names investors on the other
    side of the market."""
    text, amount = sent.text, fig.amount
    specific = [h for h in sent.instruments if h.value != "total"]
    hit = lex.nearest(specific, text, amount.start_char, amount.end_char, fig.lo, fig.hi, same_clause=True) or \
        lex.nearest([h for h in sent.instruments if h.value == "total"], text, amount.start_char, amount.end_char,
                    fig.lo, fig.hi, same_clause=True)
    if hit is not None:
        return InstrumentRead(hit, "stated", None)
    hit = (sent.frame.instrument_hit if sent.frame else None) or lex.nearest(
        sent.instruments, text, amount.start_char, amount.end_char, sent.start, sent.end)
    if hit is not None:
        return InstrumentRead(hit, "carried", None)
    fallback = state.carried or state.topic
    named = sent.named_actors
    if (fallback is not None and direction is not None and not sent.instruments
            and (not named or any(a.value == fallback.market for a in named)
                 or (fallback.market == "inward" and lex.domestic_re.search(fig.window)))):
        # ("Domestic investors offloaded a net 8.75 trillion yen" of the Japanese shares in view)
        return InstrumentRead(fallback.hit, "carried", fallback.market)
    return None


def read_market(lex: FlowLexicon, sent: Sentence, fig: Figure,
                instrument: InstrumentRead) -> tuple[str | None, Reading | None]:
    """outward / inward from the securities: carried with them, or their modifier ("foreign
    bonds", "Japanese shares"), or another securities phrase of the clause ("in foreign bond
    markets, they added long-term debt securities")."""
    text, amount, hit = sent.text, fig.amount, instrument.hit
    market = instrument.carried_market or lex.market_of_instrument(text, hit)
    if market is None and not instrument.carried_market:
        market = next((m for h in sent.instruments if fig.lo <= h.start < fig.hi and h is not hit
                       and not lex.boundary.search(text[min(h.end, amount.start_char):max(h.start, amount.end_char)])
                       and (m := lex.market_of_instrument(text, h))), None)
    if market is None and not instrument.carried_market and hit.text.lower() in lex.elliptical:
        # "¥228.8 billion worth of long-term and ¥103.8 billion worth of short-term foreign debt
        # securities": a conjunct with no noun of its own shares the last one's modifier
        shared = next((h for h in sent.instruments if h.start >= hit.end and coordinated(lex, sent, hit, h)), None)
        if shared is not None and (market := lex.market_of_instrument(text, shared)):
            return market, (instrument.how, text[hit.start:shared.end])
    if market is None:
        return None, None
    return market, ("carried" if instrument.carried_market else instrument.how, hit.text)


def coordinated(lex: FlowLexicon, sent: Sentence, first: Hit, other: Hit) -> bool:
    """Only "and <figure> worth of" stands between two securities phrases: the figure (with any
    conversion of it) as the amount reader found it, so figures are not parsed here again."""
    text = sent.text
    figures = [a for a in sent.amounts if first.end <= a.start_char and a.end_char <= other.start]
    if not figures:
        return False
    between = (text[a.end_char:b.start_char] for a, b in pairwise(figures))
    return bool(lex.coordination_before.search(text[first.end:figures[0].start_char])
                and lex.coordination_after.search(text[figures[-1].end_char:other.start])
                and all(not gap.strip(" ()") for gap in between))


def read_actor(lex: FlowLexicon, sent: Sentence, fig: Figure,
               state: ArticleState) -> tuple[Hit | None, Reading | None]:
    """Who traded: the nearest investor words in the sentence ("Japanese investors",
    "foreigners", "they"); a pronoun or no words carry the investors in view."""
    amount = fig.amount
    hit = lex.nearest(sent.actors, sent.text, amount.start_char, amount.end_char, sent.start, sent.end)
    if hit is not None and hit.value != "pronoun":
        return hit, ("stated" if fig.lo <= hit.start < fig.hi else "carried", hit.text)
    if state.actor_text is not None:
        return hit, ("carried", hit.text if hit else state.actor_text)
    return hit, None


def market_from_actor(lex: FlowLexicon, fig: Figure, state: ArticleState,
                      readings: dict[str, Reading]) -> tuple[str | None, Reading | None]:
    """For securities that say no market: money "from overseas" comes in (inward); else the
    market of the investors in view ("Japanese investors" → outward)."""
    from_abroad = lex.from_abroad.search(fig.window.lower())
    if from_abroad:
        return "inward", ("stated", from_abroad.group(0))
    if state.actor_market is not None:
        return state.actor_market, readings.get("actor", ("carried", state.actor_text))
    return None, None


def read_country(lex: FlowLexicon, sent: Sentence, fig: Figure, instrument_hit: Hit,
                 state: ArticleState) -> tuple[str | None, str]:
    """(country, instrument): whose securities ("German bonds" → Germany; "the nation's
    government debt" → the country in view), and whether they are its government debt
    ("German government bonds"; "German bonds" in a story about German sovereign debt).
    "Government bonds" of no named country are JGBs' long-term debt in these stories."""
    text, lo, hit = sent.text, fig.lo, instrument_hit
    instrument = hit.value
    # a carried securities phrase keeps its country ("U.S. Treasury sales moderated to 1.1
    # trillion yen from 3 trillion yen")
    country = lex.country(text, hit, lo if hit.start >= lo else 0)
    if country is None and sent.index - state.recent_country <= 1 and lex.country_ref_re.search(
            text, max(lo, hit.start - 40), hit.start):
        country = state.scope_topic["country"][0]
    if country is not None and instrument == "long_term_debt" and (
            lex.is_sovereign(text, hit, lo) or (
                country in state.sovereign_topic and hit.text.lower() in lex.bare_securities)):
        instrument = "sovereign_debt"
    if instrument == "sovereign_debt" and country is None:
        instrument = "long_term_debt"
    return country, instrument


def words_before(text: str, start: int, end: int) -> str:
    """The words of ``text[start:end]`` for a reading, from the first whole word: a window cut
    at a fixed width should not quote "ht 300 billion yen" of "bought 300 billion yen"."""
    if 0 < start < end and not text[start - 1].isspace() and not text[start].isspace():
        gap = next((i for i in range(start, end) if text[i].isspace()), None)
        start = gap + 1 if gap is not None else start
    return text[start:end].strip()


def read_investor(lex: FlowLexicon, sent: Sentence, fig: Figure, market: str | None, actor_hit: Hit | None,
                  state: ArticleState) -> tuple[str | None, str]:
    """(investor type, how): a kind of investor in the clause ("life insurers"), else — for
    money going out — one named earlier in the sentence ("insurance companies bought 182.8
    billion …, in contrast to 133.4 billion … a month ago") or the one "they" stands for,
    unless another investor is named in between. ``how`` is "stated" or "carried: <words>"."""
    found = lex.investor_type(fig.window)
    if found is not None or market == "inward":
        return found, "stated"
    text, lo = sent.text, fig.lo
    before = list(lex.investor_re.finditer(text[sent.start:lo]))
    if before and not any(a.start >= sent.start + before[-1].end() and a.end <= lo for a in sent.actors):
        words = before[-1].group(0)
        return lex.investor_table[words.lower()], f"carried: {words}"
    if actor_hit is not None and actor_hit.value == "pronoun" and state.actor_text:
        m = lex.investor_re.search(state.actor_text)
        if m:
            return lex.investor_table[m.group(0).lower()], f"carried: {actor_hit.text} = {state.actor_text}"
    return None, "stated"


def read_domestic(lex: FlowLexicon, sent: Sentence, fig: Figure,
                  reading: FigureReading) -> tuple[str, Reading] | None:
    """Japanese investors (or one kind of them) trading Japanese securities are a domestic flow,
    which MoF's cross-border statistics do not measure: "Domestic investors offloaded … of
    Japanese shares"; "Japanese investors snapped up … of the nation's government bonds" with
    no other country in view. None when the market stays as read."""
    text, lo, hi, hit, actor = sent.text, fig.lo, fig.hi, reading.instrument_hit, reading.actor_hit
    assert hit is not None
    own_actor = actor is not None and actor.value == "outward" and lo <= actor.start < hi
    domestic_actor = lex.domestic_actor(text, lo, hi, sent.actors)
    if reading.market == "inward" and (reading.investor_type is not None or domestic_actor or (
            own_actor and reading.readings.get("market", ("", ""))[1] == hit.text)):
        who = domestic_actor.group(0) if domestic_actor else actor.text if own_actor else reading.investor_type  # type: ignore[union-attr]
        return "domestic", ("stated", f"{who} + {hit.text}")
    if reading.market in (None, "outward") and own_actor and reading.country is None and \
            lex.country_ref_re.search(text, max(lo, hit.start - 40), hit.start):
        return "domestic", ("stated", words_before(text, max(lo, hit.start - 40), hit.end))
    return None


def read_scope(lex: FlowLexicon, sent: Sentence, fig: Figure, reading: FigureReading,
               state: ArticleState) -> tuple[dict[str, Reading], tuple[str, str] | None]:
    """How the figure's country, investor type and actor were read, beyond who bought from
    whom, and a country the clause names that the reader did not place (the article is about
    it from now on). A field flowcheck assigned is ``stated``; one it left open although the
    clause names a country ("the nation's bonds", "Italian debt", "China sold"), a kind of
    investor or one firm, or the article is about one ("… Italian debt" earlier; "banks"
    earlier), is ``defaulted`` with those words: the aggregate series may not be the story's,
    so the figure cannot be accused on it (``reconcile.compare``)."""
    text, lo, hi, hit = sent.text, fig.lo, fig.hi, reading.instrument_hit
    assert hit is not None
    topic = state.scope_topic
    out: dict[str, Reading] = {}
    noted: tuple[str, str] | None = None
    if reading.country is not None:
        out["country"] = ("stated", words_before(text, max(lo, hit.start - 35), hit.end))
    else:
        cue = lex.country_cue_re.search(text, lo, hi) or lex.country_cue_re.search(text, sent.start, sent.end)
        if cue:
            out["country"] = ("defaulted", f"all countries, though the sentence says \"{cue.group(0)}\"")
            if cue.group(0).lower() in lex.country_table:  # "French debt" the reader did not place
                noted = (lex.country_table[cue.group(0).lower()], cue.group(0))
        elif "country" in topic:
            out["country"] = ("defaulted", f"all countries, though the article is about {topic['country'][0]} "
                                           f"(\"{topic['country'][1]}\")")
    if reading.investor_type is not None:
        said = m.group(0) if (m := lex.investor_re.search(fig.window)) else reading.investor_how.removeprefix("carried: ")
        out["investor_type"] = ("carried" if reading.investor_how.startswith("carried") else "stated", said)
    else:
        cue = lex.investor_re.search(text, sent.start, sent.end)
        actor = reading.readings.get("actor", (None, None))[1] or ""
        if cue or lex.investor_re.search(actor):
            said = cue.group(0) if cue else actor
            out["investor_type"] = ("defaulted", f"all investors, though the text says \"{said}\"")
        elif "investor_type" in topic:
            out["investor_type"] = ("defaulted", f"all investors, though the article is about "
                                                 f"{topic['investor_type'][1]}")
    firm = lex.firm(sent.doc, text, lo, hi, sent.start, sent.end)
    if firm is not None:
        out["actor"] = ("defaulted", f"all investors, though the sentence names one firm, \"{firm}\"")
    return out, noted


def read_period(lex: FlowLexicon, sent: Sentence, fig: Figure, state: ArticleState,
                published: date | None) -> PeriodReading:
    """The figure's period and how it was read: its own clause's period phrase, else the
    sentence's one closing period, else a span stated in this or the previous sentence, else
    the week in view (carried from the text, or defaulted to the last week published). Relative
    periods are counted from the week in view; a stated week or month becomes the week in view
    (a week the story stated outranks a month it mentions)."""
    text, amount = sent.text, fig.amount
    how: Reading | None = None
    period = flow_periods.nearest_period(lex, sent.periods, text, amount, fig.lo, fig.hi, sent.amounts)
    if period is None:
        # "sold 445.5 billion yen of US bonds and offloaded 185 billion yen of German debt in
        # March": a sentence's one closing period covers its figures
        period = flow_periods.closing_period(lex, sent.periods, text, amount, sent.amounts)
    if period is None and state.last_span is not None and sent.index - state.last_span[1] in (0, 1) \
            and state.current_words is None:
        period = state.last_span[0]  # "In the first eight months …, X. They also cut … to just Y."
        how = ("carried", period.text)
    if period is not None and period.label == "year":
        period = flow_periods.month_of_year(period, sent.periods)
    resolved, current, has_previous = flow_periods.resolve_period(period, state.current, sent.has_previous)
    before, words = state.current, state.current_words
    if current and current.granularity == "month" and words and before and before.granularity == "week":
        current = before  # a week the story stated outranks a month it mentions
    if period is not None and period.label in flow_periods.RELATIVE_WEEKS and not words:
        # "the previous week" said, but the week it counts from is only the default
        how = ("defaulted", f"{period.text} (counted from the week last published)")
    elif period is not None and how is not None and how[0] == "carried":
        pass
    elif period is not None:
        how = ("stated", period.text)
        if sets_current(period) and current and current[:2] == (period.start, period.end):
            words = period.text
    elif resolved is not None:
        how = (("carried", words) if words else
               ("defaulted", f"the week last published before {published.isoformat()}"))
        unread = lex.scope_words.search(fig.window)
        if unread:  # "in the first eight months …": a span flowcheck did not read
            how = ("defaulted", f"{how[1]}; the clause also says \"{unread.group(0)}\", which flowcheck did not read")
    return PeriodReading(period, resolved, how, current, words, has_previous)


def classify_source(lex: FlowLexicon, sent: Sentence, reading: FigureReading) -> str:
    """Which statistics the figure comes from (see :func:`extractor.nlp.scope.data_source`)."""
    resolved = reading.period
    if lex.other_source_re.search(sent.words):
        return "other"  # a statistic flowcheck does not carry (JSDA's bond trading by investor type, fund flows)
    return data_source(sent.exchange, bool(lex.bop_re.search(sent.words)), sent.names_mof, reading.country,
                       reading.investor_type, resolved.granularity if resolved else None)
