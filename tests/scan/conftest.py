"""Small archives built in the test from the dev articles (never copied into the project)."""

from __future__ import annotations

import gzip
import html
import io
import json
from pathlib import Path

import pytest

from tests.conftest import DEV_DIR


def dev_paths() -> list[Path]:
    return sorted(p for p in DEV_DIR.glob("*.json") if not p.name.endswith(".gold.json"))


def page(title: str, paragraphs: list[str], published: str | None = None, publisher: str | None = None) -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    site = f'<meta property="og:site_name" content="{html.escape(publisher)}">' if publisher else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return (f"<html><head><title>{html.escape(title)}</title>{meta}{site}</head><body><article><h1>"
            f"{html.escape(title)}</h1>{body}</article></body></html>").encode()


def article_page(path: Path) -> tuple[str, bytes]:
    from extractor.scrape.inputs import load_article

    a = load_article(str(path))
    return a.url, page(a.title or "", [p for p in a.text.split("\n") if p.strip()],
                       a.published.isoformat() if a.published else None, a.publisher)


NOT_FLOW = page("Council approves new park", ["The city council approved plans for a riverside park on Tuesday.",
                                               "Construction starts in spring, the mayor said."], "2024-05-02")


def write_warc(path: Path, items: list[tuple[str, bytes, str]]) -> Path:
    """(url, body, content type) → a WARC.gz of HTTP response records, one gzip member each."""
    from fastwarc.warc import WarcRecord, WarcRecordType

    with path.open("wb") as fh:
        for url, body, kind in items:
            record = WarcRecord()
            record.init_headers(record_type=WarcRecordType.response)
            record.headers["WARC-Target-URI"] = url
            record.headers["WARC-Date"] = "2026-01-01T00:00:00Z"
            record.headers["Content-Type"] = "application/http; msgtype=response"
            record.set_bytes_content(f"HTTP/1.1 200 OK\r\nContent-Type: {kind}\r\n\r\n".encode() + body)
            buf = io.BytesIO()
            record.write(buf)
            fh.write(gzip.compress(buf.getvalue()))
    return path


@pytest.fixture
def small_warc(tmp_path) -> Path:
    """Three dev articles, a page about a park, and an image."""
    items = [(url, body, "text/html; charset=utf-8") for url, body in map(article_page, dev_paths()[:3])]
    items.insert(1, ("https://example.org/park", NOT_FLOW, "text/html"))
    items.append(("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), "image/png"))
    return write_warc(tmp_path / "crawl.warc.gz", items)


def read_jsonl_dir(folder: Path) -> list[dict]:
    """The audits of a scan's JSON Lines part files (not its ``_errors.jsonl``)."""
    return [json.loads(line) for part in sorted(folder.glob("[!_]*.jsonl")) for line in part.read_text().splitlines()]
