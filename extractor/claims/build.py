"""Turn what the spaCy components found on a Doc into typed claims.

Every claim carries the sentence it stands in (``text``, ``char_start``, ``char_end``) and
its own words (``mention``), plus the sources the sentence is attributed to. Flow claims with
no attribution in their sentence take the article's named data source (a story says
"according to the Ministry of Finance" once).
"""

from __future__ import annotations

from spacy.tokens import Doc

from extractor.claims.model import (
    Candidate,
    ComparisonClaim,
    ConversionClaim,
    FlowClaim,
    ForecastClaim,
    MarketMoveClaim,
    Reading,
    Source,
    StatisticClaim,
    StreakClaim,
)
from extractor.nlp.mentions import AttributionMention, CandidateMention, ForecastMention, Mention
from extractor.nlp.text import doc_text, sentence_bounds

_GRANULARITY = {g: g for g in ("week", "multi_week", "month", "multi_month", "quarter", "half_year", "year",
                                "fiscal_year", "ytd")}


def _source(a: AttributionMention) -> Source:
    return Source(name=a.name, kind=a.kind, role=a.role, affiliation=a.affiliation)  # type: ignore[arg-type]


class _Builder:
    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.bounds = sentence_bounds(doc)
        self.attributions = doc._.fc_attributions or []
        self.by_sentence: dict[int, list[AttributionMention]] = {}  # one pass, not one per claim
        for a in self.attributions:
            self.by_sentence.setdefault(a.sent, []).append(a)
        self.counter = 0
        data = [a for a in self.attributions if a.kind == "data"]
        # flow figures are MoF's unless a sentence says otherwise: prefer the ministry if named
        data.sort(key=lambda a: a.name != "Ministry of Finance")
        self.article_data_source = _source(data[0]) if data else None

    def next_id(self) -> str:
        self.counter += 1
        return f"t{self.counter}"  # provisional; renumbered in reading order at the end

    def base(self, m: Mention, start: int | None = None, end: int | None = None) -> dict:
        s, e = self.bounds[m.sent] if m.sent >= 0 else (m.start_char, m.end_char)
        text = self.text[s:e]
        stripped = text.strip()
        s += len(text) - len(text.lstrip())
        start = m.start_char if start is None else start
        end = m.end_char if end is None else end
        return {
            "id": self.next_id(), "text": stripped, "char_start": s, "char_end": s + len(stripped),
            "mention": self.text[start:end], "mention_start": start, "mention_end": end,
            "sources": self.sources(m.sent),
        }

    def sources(self, sent: int, *, people_only: bool = False) -> list[Source]:
        seen: dict[str, Source] = {}
        for a in self.by_sentence.get(sent, ()):
            if not people_only or a.kind != "data":
                seen.setdefault(a.name, _source(a))
        return list(seen.values())


def build_claims(doc: Doc) -> list:
    """All claims of a Doc, in order of appearance."""
    b = _Builder(doc)
    claims: list = []
    flow_claims: dict[int, FlowClaim] = {}  # id() of each FlowMention → its claim
    for flow in doc._.fc_flows or []:
        amount, usd = flow.amount, flow.usd_amount
        period = flow.period
        fields = b.base(flow)
        if not any(s.kind == "data" for s in fields["sources"]) and b.article_data_source:
            fields["sources"].insert(0, b.article_data_source)
        claim = FlowClaim(
            **fields,
            actor=flow.actor, market=flow.market, instrument=flow.instrument, direction=flow.direction,
            amount_jpy=abs(amount.value) if amount.currency == "JPY" else None,
            amount_text=amount.text,
            amount_precision_jpy=amount.precision if amount.currency == "JPY" else None,
            approximate=amount.approximate,
            currency_inferred=not amount.currency_explicit,
            usd=abs(usd.value) if usd is not None and usd.currency == "USD" else (
                abs(amount.value) if amount.currency == "USD" else None),
            usd_text=usd.text if usd is not None and usd.currency == "USD" else (
                amount.text if amount.currency == "USD" else None),
            converted_from_usd=flow.converted_from_usd,
            period_text=period.text if period and period.text else None,
            period_start=period.start if period else None,
            period_end=period.end if period else None,
            granularity=_GRANULARITY.get(period.granularity or "") if period else None,
            data_source=flow.data_source, country=flow.country, investor_type=flow.investor_type,
            readings={name: Reading(how=how, words=words) for name, (how, words) in flow.readings.items()},
            candidates=[_candidate(c) for c in flow.candidates],
        )
        claims.append(claim)
        flow_claims[id(flow)] = claim
        if usd is not None and usd.currency == "USD" and amount.currency == "JPY":
            claims.append(ConversionClaim(
                **b.base(usd, start=amount.start_char, end=usd.end_char + 1),
                amount_jpy=abs(amount.value), usd=abs(usd.value), usd_text=usd.text,
                implied_rate=round(abs(amount.value) / abs(usd.value), 2), rate_date=doc._.published,
                related=[claim.id],
            ))
    for q in doc._.fc_qualifiers or []:
        if q.flow is None:
            continue
        flow = q.flow
        common = dict(market=flow.market, instrument=flow.instrument, direction=flow.direction,
                      period_end=flow.period.end if flow.period else None)
        qualified = flow_claims[id(flow)]
        related = [qualified.id]
        if q.kind in ("streak", "first_in"):
            form = "straight" if q.kind == "streak" else "first_in"
            claims.append(StreakClaim(**{**b.base(q), "sources": qualified.sources}, form=form,
                                      count=q.count or 0, unit=q.unit, related=related, **common))
        elif q.kind == "ratio":
            other = q.other_flow
            claims.append(ComparisonClaim(
                **{**b.base(q), "sources": qualified.sources}, relation="ratio", operator=q.operator, factor=q.factor,
                other_period_end=other.period.end if other and other.period else None,
                related=related + ([flow_claims[id(other)].id] if other is not None else []), **common))
        elif q.kind == "record":
            claims.append(ComparisonClaim(
                **{**b.base(q), "sources": qualified.sources}, relation="record", superlative=q.superlative, since=q.since,
                window_weeks=q.window_weeks, related=related, **common))
    for m in doc._.fc_market_moves or []:
        claims.append(MarketMoveClaim(
            **b.base(m), series=m.series, subject=m.subject, move=m.move,
            from_value=m.from_value, from_qualifier=m.from_qualifier,
            from_period_start=m.from_period[0] if m.from_period else None,
            from_period_end=m.from_period[1] if m.from_period else None,
            to_value=m.to_value, to_date=doc._.published if m.to_value is not None else None,
            change_pct=m.change_pct, change_qualifier=m.change_qualifier, since=m.since,
        ))
    forecasts = [_forecast_claim(b, f, doc._.published) for f in doc._.fc_forecasts or []]
    for f in forecasts:  # "into foreign bond buying and equities": one forecast per flow, linked
        f.related = [o.id for o in forecasts if o is not f and (o.mention_start, o.mention_end) ==
                     (f.mention_start, f.mention_end) and o.instrument != f.instrument]
    claims = _without_forecast_amounts(claims, forecasts) + forecasts
    for s in doc._.fc_statistics or []:
        claims.append(StatisticClaim(**b.base(s), value_text=s.text, value=s.value, unit=s.unit))
    claims.sort(key=lambda c: (c.char_start, c.mention_start))
    # ids follow reading order; ``related`` links are rewritten to match
    new_ids = {c.id: f"c{i}" for i, c in enumerate(claims, start=1)}
    for claim in claims:
        claim.id = new_ids[claim.id]
        claim.related = [new_ids[r] for r in claim.related]
    return claims


def _without_forecast_amounts(claims: list, forecasts: list[ForecastClaim]) -> list:
    """An amount that is a forecast's size ("Daiwa expects foreigners to buy 8-9 trillion yen
    of Japanese stocks in 2014") is what the forecast predicts, not a flow that happened: the
    flow reader, which runs before the forecast reader, cannot know that, so it is dropped
    here together with the claims that qualify it."""
    sized = [(f.mention_start, f.mention_end) for f in forecasts if f.test == "size"]
    dropped = {c.id for c in claims if isinstance(c, FlowClaim)
               and any(a <= c.mention_start < b for a, b in sized)}
    return [c for c in claims if c.id not in dropped and not dropped.intersection(c.related)]


def _forecast_claim(b: _Builder, f: ForecastMention, published) -> ForecastClaim:
    """A forecast with the test it implies; amounts stated in dollars stay dollars here (the
    resolver converts them at the window's average rate and says so)."""
    usd = f.currency == "USD"
    return ForecastClaim(
        **b.base(f), forecaster=f.forecaster, affiliation=f.affiliation, statement=f.statement,
        market=f.market, instrument=f.instrument, direction=f.direction, rule=f.rule,
        deadline_text=f.deadline.text if f.deadline else None,
        deadline=f.deadline.end if f.deadline else None, made_on=published,
        window_start=f.window.start if f.window else None, more=f.more,
        test=f.test, amount_text=f.amount_text, approximate=f.approximate,
        amount_low_jpy=None if usd else f.amount_low, amount_high_jpy=None if usd else f.amount_high,
        usd_low=f.amount_low if usd else None, usd_high=f.amount_high if usd else None,
        compare_start=f.compare[0] if f.compare else None, compare_end=f.compare[1] if f.compare else None,
        record=f.record, record_since=f.record_since, condition=f.condition, negated=f.negated,
        condition_series=f.condition_test[0] if f.condition_test else None,
        condition_op=f.condition_test[1] if f.condition_test else None,
        condition_level=f.condition_test[2] if f.condition_test else None,
        window_basis="stated" if f.deadline else "default",
        window_text=f.deadline.text if f.deadline else f.vague,
        investor_type=f.investor_type, country=f.country, company=f.single_company,
    )


def _candidate(c: CandidateMention) -> Candidate:
    return Candidate(how=c.how, words=c.words, period_start=c.start, period_end=c.end,  # type: ignore[arg-type]
                     granularity=_GRANULARITY.get(c.granularity or ""), instrument=c.instrument,  # type: ignore[arg-type]
                     direction=c.direction)  # type: ignore[arg-type]


def add_headline_candidates(claims: list, candidates: list[CandidateMention]) -> None:
    """The headline's readings (``Readings.headline_candidates``) join every flow figure's own,
    except the one its period already is."""
    for c in candidates:
        for claim in claims:
            if isinstance(claim, FlowClaim) and (claim.period_start, claim.period_end) != (c.start, c.end):
                claim.candidates.append(_candidate(c))


def sources_of(doc: Doc) -> list[Source]:
    """Every distinct source the article names, in order of first mention."""
    seen: dict[str, Source] = {}
    for a in doc._.fc_attributions or []:
        seen.setdefault(a.name, _source(a))
    return list(seen.values())
