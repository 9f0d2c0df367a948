"""The caveats a report prints beside a verdict name what the sentence really says: a currency
written with a country's letters ("US$2.43 billion") is not that country, while a country's
bonds ("US bonds") still are; a caveat that quotes the story never nests its quotation marks."""

from __future__ import annotations

from datetime import date

from extractor.report.describe import reading_notes

STORY = ("Japanese investors sold a net 332.6 billion yen {extra}worth of overseas bonds in the week ended "
         "Feb. 25, Ministry of Finance data showed.")


def flow(nlp, registry, text: str):
    from extractor.audit import audit
    from extractor.scrape.inputs import Article

    report = audit(Article(text=text, title="Yen flows"), nlp, registry, published=date(2023, 3, 3))
    return next(c for c in report.claims if c.kind == "flow")


def test_a_dollar_amount_written_us_dollar_is_not_the_country(nlp, registry):
    claim = flow(nlp, registry, STORY.format(extra="(US$2.43 billion) "))
    assert "country" not in claim.readings
    assert not [n for n in reading_notes(claim) if "country" in n]


def test_a_country_named_in_the_sentence_still_gets_its_caveat(nlp, registry):
    claim = flow(nlp, registry, STORY.format(extra="as US yields rose, "))
    notes = [n for n in reading_notes(claim) if n.startswith("country")]
    assert notes == ['country defaulted, not stated in the sentence (all countries, though the sentence says "US")']
