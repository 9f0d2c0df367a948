"""Discovery: read RSS/Atom feeds, scrape the new items, keep each once.

Items are deduplicated by canonical URL and by a hash of their text (the same wire story is
often syndicated under several URLs) against what is already saved in the output folder, so
running ``flowcheck collect`` again only adds what is new.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import feedparser

from extractor.errors import FlowcheckError
from extractor.scrape.extract import extract_html
from extractor.scrape.fetch import FEED_TYPES, HTML_TYPES, Fetcher
from extractor.scrape.inputs import text_hash


@dataclass
class CollectResult:
    saved: list[Path] = field(default_factory=list)
    skipped_duplicates: int = 0
    skipped_filtered: int = 0
    failed: list[str] = field(default_factory=list)


def _slug(url: str, title: str | None) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", (title or url).lower()).strip("-")[:60] or "article"
    return f"{base}-{hashlib.sha1(url.encode()).hexdigest()[:8]}"


def _entry_date(entry) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return date(*parsed[:3]) if parsed else None


def feed_items(feed_url: str, fetcher: Fetcher) -> list[dict]:
    page = fetcher.get(feed_url, accept=FEED_TYPES + HTML_TYPES + ("text/plain",), use_cache=False)
    parsed = feedparser.parse(page.text)
    if parsed.bozo and not parsed.entries:
        raise FlowcheckError(f"{feed_url} is not a readable RSS/Atom feed")
    return [{"url": e.get("link"), "title": e.get("title"), "date": _entry_date(e)} for e in parsed.entries
            if e.get("link")]


def collect(feeds: list[str], out_dir: Path, fetcher: Fetcher, *, match: str | None = None,
            since: date | None = None, progress=None) -> CollectResult:
    out_dir.mkdir(parents=True, exist_ok=True)
    known_urls, known_hashes = set(), set()
    for saved in out_dir.glob("*.json"):
        try:
            data = json.loads(saved.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        known_urls.update(u for u in (data.get("url"), data.get("canonical_url")) if u)
        known_hashes.add(data.get("text_hash"))
    pattern = re.compile(match, re.IGNORECASE) if match else None
    result = CollectResult()
    items = []
    for feed in feeds:
        try:
            items += feed_items(feed, fetcher)
        except FlowcheckError as exc:
            result.failed.append(f"{feed}: {exc.message}")
    for item in (progress(items) if progress else items):
        if (since and item["date"] and item["date"] < since) or (
                pattern and not pattern.search(f"{item['title'] or ''} {item['url']}")):
            result.skipped_filtered += 1
            continue
        if item["url"] in known_urls:
            result.skipped_duplicates += 1
            continue
        try:
            page = fetcher.get(item["url"])
        except FlowcheckError as exc:
            result.failed.append(f"{item['url']}: {exc.message}")
            continue
        article = extract_html(page.text, page.url)
        digest = text_hash(article.text)
        if not article.text.strip() or digest in known_hashes or article.canonical_url in known_urls:
            result.skipped_duplicates += 1
            continue
        record = {**article.to_dict(), "url": item["url"], "text_hash": digest,
                  "collected_at": datetime.now().astimezone().isoformat(timespec="seconds")}
        if not record["published"] and item["date"]:
            record["published"] = item["date"].isoformat()
        path = out_dir / f"{_slug(item['url'], article.title)}.json"
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False), "utf-8")
        known_urls.update(u for u in (item["url"], article.canonical_url) if u)
        known_hashes.add(digest)
        result.saved.append(path)
    return result
