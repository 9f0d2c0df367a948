"""Metadata and main text of real pages from the public benchmark."""

from __future__ import annotations

from extractor.scrape.extract import extract_html
from tests.scrape.conftest import CNBC, REUTERS, bench_page


def test_cnbc_page_has_title_date_and_body():
    article = extract_html(bench_page(CNBC).decode("utf-8"), "https://www.cnbc.com/2019/11/20/x.html")
    assert article.title and "Emirates" in article.title
    assert article.published and article.published.startswith("2019-11-")
    assert "+" in article.published or article.published.endswith("00:00")  # time zone kept
    assert "787" in article.text and len(article.text) > 1000
    assert article.publisher and article.canonical_url.startswith("https://www.cnbc.com/")


def test_reuters_page_has_title_date_and_body():
    article = extract_html(bench_page(REUTERS).decode("utf-8"))
    # the page served under the "asian-shares" URL carries a later version of the markets story
    assert article.title == "Oversupply angst drags oil lower, stocks drift near highs"
    assert article.published == "2019-11-19T21:57:01+00:00"
    assert article.text.startswith("NEW YORK (Reuters) - Oil prices fell sharply") and len(article.text) > 1000


def test_broken_html_still_yields_text():
    html = "<html><body><div><p>" + "Japanese investors sold bonds. " * 40 + "<p><div><span>unclosed"
    assert "Japanese investors sold bonds." in extract_html(html).text


def test_every_benchmark_page_scrapes_without_crashing():
    import gzip

    from tests.scrape.conftest import BENCH

    for path in sorted(BENCH.glob("*.html.gz")):
        article = extract_html(gzip.decompress(path.read_bytes()).decode("utf-8"))
        assert article.title, path.name


def test_the_page_language_is_read_from_lang_or_xhtml_xml_lang():
    body = "<body><article><p>" + "Japanese investors sold foreign bonds last week. " * 20 + "</p></article></body>"
    assert extract_html(f"<html lang='ja-JP'><head><title>T</title></head>{body}</html>").language == "ja-JP"
    xhtml = f'<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" dir="ltr"><head><title>T</title></head>{body}</html>'
    assert extract_html(xhtml).language == "en"
    assert extract_html(f'<html data-lang="fr"><head><title>T</title></head>{body}</html>').language is None
