"""A CMS's unset date field (0001-01-01) is no publication date: it used to reach the pipeline
and crash the week arithmetic (found on 2 of the 181 benchmark pages)."""

from __future__ import annotations

import pytest

from extractor.audit import audit
from extractor.scrape.extract import extract_html
from extractor.scrape.inputs import Article

PAGE = ('<html><head><title>Japanese investors buy foreign bonds</title>'
        '<meta property="article:published_time" content="0001-01-01T00:00:00Z"></head><body><article>'
        '<h1>Japanese investors buy foreign bonds</h1><p>Japanese investors bought a net 413 billion yen of foreign '
        'bonds last week, the first quarter of purchases, Ministry of Finance data showed. ' + "More text. " * 30 +
        '</p></article></body></html>')


def test_an_unset_date_field_is_no_publication_date():
    assert extract_html(PAGE).published is None


@pytest.mark.slow
def test_a_page_with_an_unset_date_is_audited(nlp, registry):
    scraped = extract_html(PAGE)
    report = audit(Article(text=scraped.text, title=scraped.title, published=None), nlp, registry)
    assert report.article.published is None or report.article.published.year >= 1900
