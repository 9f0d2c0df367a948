"""Fetching behaviour against a local server: each failure is a clear FetchError."""

from __future__ import annotations

import pytest

from extractor.errors import FetchError
from extractor.scrape.fetch import Fetcher, FetchPolicy, decode


def test_a_page_is_fetched_once_then_served_from_the_cache(server, fetcher):
    page = fetcher.get(server.base + "/cnbc.html")
    assert page.status == 200 and "Emirates" in page.text
    again = fetcher.get(server.base + "/cnbc.html")
    assert again.from_cache and server.hits.count("/cnbc.html") == 1


def test_redirects_are_followed_and_loops_refused(server, fetcher):
    assert fetcher.get(server.base + "/moved").url == server.base + "/cnbc.html"
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.get(server.base + "/loop")


@pytest.mark.parametrize("path, message", [
    ("/missing.html", "HTTP 404"),
    ("/error.html", "HTTP 500"),
    ("/image.png", "image/png, not an article page"),
    ("/private/page.html", "robots.txt"),
    ("/slow", "timed out"),
])
def test_failures_are_clear_errors(server, fetcher, path, message):
    with pytest.raises(FetchError, match=message):
        fetcher.get(server.base + path)


def test_server_errors_are_retried_with_backoff(server, fetcher):
    with pytest.raises(FetchError):
        fetcher.get(server.base + "/error.html")
    assert server.hits.count("/error.html") == 2  # one try and one retry (retries=1)


def test_oversize_bodies_are_cut_off(server):
    small = Fetcher(FetchPolicy(allow_private=True, per_host_interval=0, max_bytes=100_000))
    with pytest.raises(FetchError, match="cap"):
        small.get(server.base + "/big.html")


def test_private_and_loopback_targets_are_refused_by_default(server):
    strict = Fetcher(FetchPolicy(per_host_interval=0))
    with pytest.raises(FetchError, match="private or local"):
        strict.get(server.base + "/cnbc.html")
    assert server.hits == []  # refused before any request
    with pytest.raises(FetchError, match="not an http"):
        strict.get("file:///etc/passwd")


def test_wrong_declared_charset_falls_back_to_the_page_meta(server, fetcher):
    page = fetcher.get(server.base + "/sjis.html")
    assert "外国債券" in page.text and page.encoding == "cp932"


def test_decode_detects_shift_jis_without_any_declaration():
    raw = "日本の投資家は外国債券を売り越した。".encode("cp932") * 10
    text, _ = decode(raw, "text/html")
    assert "外国債券" in text


def test_a_utf8_page_with_one_stray_byte_is_not_sent_to_charset_detection():
    raw = ("<html><body><p>Japanese investors \u2014 the ministry said \u2014 sold 862.6 billion yen "
           "of foreign bonds \u2014 a sixth week.</p></body></html>").encode("utf-8") * 5
    raw = raw.replace(b"862.6", b"\xff862.6", 1)
    text, encoding = decode(raw, "text/html; charset=utf-8")
    assert encoding == "utf-8" and text.count("\u2014") == 15 and text.count("\ufffd") == 1
