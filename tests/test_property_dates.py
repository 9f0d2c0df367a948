"""Property: an audit never raises, whatever date a story is given.

A crawl gives stories wrong dates (issue 20: every undated story of a 189-story run got 25 April
2013, and five of them raised IndexError). Every dev article and every own example is audited
under publication dates drawn from 2005–2026 with a fixed seed, and under its own date one year
earlier and one year later; each audit must finish with a verdict and an explanation for every
claim.

The date is read by the NLP pipeline itself (relative periods — "last week", "in March" — are
resolved against it), so each date costs a full analysis; nothing is reused across dates. CI
audits each article under 2 of the 30 dates (rotating, so every date is used on about six
articles) plus the two shifted ones: about 370 audits. ``FLOWCHECK_PROPERTY_DATES=all`` runs
every article under all 30 (about 3,200 audits).
"""

from __future__ import annotations

import os
import random
from datetime import date, timedelta

import pytest

from tests.conftest import DEV_DIR, EXAMPLES

_rng = random.Random(20)
RANDOM_DATES = [date(2005, 1, 1) + timedelta(days=_rng.randrange((date(2026, 12, 31) - date(2005, 1, 1)).days + 1))
                for _ in range(30)]
PER_ARTICLE = len(RANDOM_DATES) if os.environ.get("FLOWCHECK_PROPERTY_DATES") == "all" else 2

ARTICLES = sorted(p for folder in (DEV_DIR, EXAMPLES) for p in folder.glob("*.json")
                  if not p.name.endswith(".gold.json"))


def _shifted(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def dates_for(index: int, own: date | None) -> list[date]:
    """The article's share of the random dates (``PER_ARTICLE`` of them, rotating through all 30),
    and its own date a year before and after."""
    step = len(RANDOM_DATES) // PER_ARTICLE
    chosen = [RANDOM_DATES[(index + k * step) % len(RANDOM_DATES)] for k in range(PER_ARTICLE)]
    return chosen + ([_shifted(own, -1), _shifted(own, 1)] if own else [])


@pytest.fixture(scope="module")
def loaded():
    from extractor.nlp.pipeline import get_pipeline
    from extractor.official.sources import Registry

    return get_pipeline(), Registry().load_all()


def test_the_dates_are_thirty_days_of_2005_to_2026_and_every_one_is_used():
    assert len(set(RANDOM_DATES)) == 30
    assert all(date(2005, 1, 1) <= d <= date(2026, 12, 31) for d in RANDOM_DATES)
    used = {d for k in range(len(ARTICLES)) for d in dates_for(k, None)}
    assert used == set(RANDOM_DATES)
    assert len(ARTICLES) > 90


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(ARTICLES)), ids=lambda k: ARTICLES[k].stem)
def test_an_article_audited_under_any_date_gets_a_verdict_for_every_claim(index, loaded):
    from extractor.audit import audit
    from extractor.nlp.pipeline import analyse_many
    from extractor.scrape.inputs import load_article

    nlp, registry = loaded
    article = load_article(str(ARTICLES[index]))
    days = dates_for(index, article.published)
    with nlp.memory_zone():
        docs = analyse_many(nlp, ((article.text, day) for day in days))
        for day, doc in zip(days, docs, strict=True):
            report = audit(article, nlp, registry, published=day, doc=doc)
            unsettled = [c.id for c in report.claims if c.verdict is None or not c.explanation]
            assert unsettled == [], f"published {day}: claims without a verdict and explanation"
