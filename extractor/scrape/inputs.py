"""Read an article from a path or standard input.

Accepted: a URL (fetched politely, see fetch.py), ``.txt`` (first line is the headline),
``.html``/``.htm`` (metadata and main text, see extract.py), ``.json`` (an article object with ``text`` and optional ``title``,
``published``, ``url``, ``publisher``), and ``-`` for standard input (format sniffed).
Anything else — empty, binary, undecodable — is refused with a clear message.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dateparser

from extractor.errors import InputError, TooLong
from extractor.scrape.extract import Scraped, extract_html
from extractor.scrape.fetch import Fetcher, FetchPolicy, nearly_utf8

MAX_BYTES = 20 * 1024 * 1024


@dataclass
class Article:
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_basis: str = "unknown"
    publisher: str | None = None
    path: str | None = None
    warnings: list[str] = field(default_factory=list)  # read, but not cleanly (shown, not fatal)


def text_hash(text: str) -> str:
    """An article's identity by its text, spacing folded: the store updates the article it
    already has, and `collect` skips a syndicated copy under another URL."""
    return hashlib.sha256(re.sub(r"\s+", " ", text).strip().encode("utf-8")).hexdigest()


_NUMERIC_DATE = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4}$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
"""The one unambiguous way to write a date: YYYY-MM-DD (the API's schema says ``format: date``)."""


def parse_published(value: str, *, what: str = "--published date") -> date:
    """A publication date the user gives: YYYY-MM-DD (or spelled with a month name), not in
    the future. 03/04/2024 is refused: it is 3 April in London and 4 March in New York, and
    the date decides which week's data a claim is checked against."""
    value = value.strip()
    if _NUMERIC_DATE.match(value) and not ISO_DATE.match(value):
        raise InputError(f"{what} {value!r} is ambiguous; use YYYY-MM-DD (e.g. 2013-04-25)")
    return not_in_future(parse_date(value, what=what), what=what)


def not_in_future(when: date, *, what: str = "--published date") -> date:
    """``when`` unless it is after tomorrow (a day's grace for time zones): an article is not
    published in the future, and a future date would check its claims against no data at all.
    ``parse_published``'s second half, for callers that receive a date already parsed (the API)."""
    tomorrow = (datetime.now(UTC) + timedelta(days=1)).date()
    if when > tomorrow:
        raise InputError(f"{what} {when.isoformat()} is in the future; use the date the article was published "
                         "(YYYY-MM-DD)")
    return when


def check_length(text: str, limit: int, what: str) -> None:
    """Refuse a text over ``limit`` characters before the pipeline sees it (spaCy's own check,
    E088, is a ValueError with a paragraph of advice meant for developers)."""
    if len(text) > limit:
        raise TooLong(f"{what} is {len(text):,} characters, over the {limit:,}-character limit")


def parse_date(value: str, *, what: str = "date") -> date:
    """ISO first (2013-04-25); other spellings through dateparser; refuse anything else."""
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        parsed = dateparser.parse(value, languages=["en"], settings={"STRICT_PARSING": True})
        if parsed is None:
            raise InputError(f"cannot read {what} {value!r}; use YYYY-MM-DD") from None
        return parsed.date()


def _decode(raw: bytes, name: str, warnings: list[str] | None = None) -> str:
    """UTF-8, else nearly-UTF-8 (a few stray bytes replaced, with a warning), else Shift_JIS,
    else latin-1. A file that is UTF-8 but for one bad byte must not be read as latin-1
    throughout: every dash and accent would turn into mojibake ("â\x80\x94") in the claims."""
    if not raw.strip():
        raise InputError(f"{name} is empty")
    if b"\x00" in raw[:8192]:
        raise InputError(f"{name} looks binary, not an article (text, HTML or JSON)")
    text = _nearly_utf8(raw, name, warnings)
    for encoding in ("cp932", "latin-1") if text is None else ():
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    assert text is not None  # latin-1 decodes any bytes
    printable = sum(ch.isprintable() or ch.isspace() for ch in text[:4000])
    if printable < 0.95 * len(text[:4000]):
        raise InputError(f"{name} looks binary, not an article (text, HTML or JSON)")
    return text


def _nearly_utf8(raw: bytes, name: str, warnings: list[str] | None) -> str | None:
    """The UTF-8 reading of ``raw`` if it is UTF-8, or UTF-8 but for a few bad bytes (warned)."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    damaged = nearly_utf8(raw)
    if damaged is None:
        return None
    text, bad = damaged
    if warnings is not None:
        warnings.append(f"{name}: {bad} byte{'s' if bad > 1 else ''} not valid UTF-8 replaced by U+FFFD "
                        "(the rest of the file is UTF-8)")
    return text


# "TOKYO, July 11, 2019 - …", "TOKYO, Aug 1 (Reuters) -" has no year and is not used
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'-]{1,40},\s+)?(?P<date>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
    r"\s+\d{1,2},?\s+(?:19|20)\d{2})\b"
)


def dateline(body: str) -> date | None:
    """A publication date stated in the article's dateline, if any."""
    match = _DATELINE.match(body[:200])
    if not match:
        return None
    parsed = dateparser.parse(match["date"], languages=["en"], settings={"STRICT_PARSING": True})
    return parsed.date() if parsed else None


def from_text(text: str, name: str = "text") -> Article:
    lines = text.replace("\r\n", "\n").split("\n")
    title = lines[0].strip() or None
    body = "\n".join(lines[1:]).strip("\n")
    if not body.strip():
        raise InputError(f"{name} has a headline but no article text after it")
    published = dateline(body)
    return Article(text=body, title=title, published=published, published_basis="text" if published else "unknown")


def from_scraped(scraped: Scraped, name: str) -> Article:
    if not scraped.text.strip():
        raise InputError(f"no article text found in {name}")
    published = date.fromisoformat(scraped.published[:10]) if scraped.published else None
    return Article(text=scraped.text.strip(), title=_one_string(scraped.title),
                   url=_one_string(scraped.canonical_url) or _one_string(scraped.url),
                   published=published, published_basis="metadata" if published else "unknown",
                   publisher=_one_string(scraped.publisher))


def _one_string(value) -> str | None:
    """Page metadata as one string: JSON-LD allows a list where one value is expected
    (``"headline": ["…", "…"]``); the first non-empty string is the one meant."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        return next((v.strip() for v in value if isinstance(v, str) and v.strip()), None)
    return None


def from_html(html: str, name: str = "html", url: str | None = None) -> Article:
    return from_scraped(extract_html(html, url), name)


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def scrape(source: str, fetcher: Fetcher | None = None) -> Scraped:
    """A URL, an HTML file or standard input, as one scraped article."""
    if is_url(source):
        page = (fetcher or Fetcher(FetchPolicy(allow_private=allow_private()))).get(source)
        scraped = extract_html(page.text, page.url)
        scraped.url = source
        return scraped
    raw = sys.stdin.buffer.read(MAX_BYTES + 1) if source == "-" else _read(source)
    return extract_html(_decode(raw, "standard input" if source == "-" else source))


def allow_private() -> bool:
    """FLOWCHECK_ALLOW_PRIVATE=1 lets the scraper fetch private/loopback addresses (tests, intranets)."""
    import os

    return os.environ.get("FLOWCHECK_ALLOW_PRIVATE", "") in ("1", "true", "yes")


def from_json(text: str, name: str = "json") -> Article:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{name} is not valid JSON: {exc.msg} (line {exc.lineno})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("text"), str) or not data["text"].strip():
        raise InputError(f"{name} must be an article object with a non-empty \"text\" field")
    wrong = [k for k in ("title", "url", "published", "publisher") if not isinstance(data.get(k), (str, type(None)))]
    if wrong:
        raise InputError(f"{name}: \"{wrong[0]}\" must be a string (or null), not {type(data[wrong[0]]).__name__}")
    published = parse_date(data["published"], what="published date in " + name) if data.get("published") else None
    return Article(text=data["text"], title=data.get("title"), url=data.get("url"), published=published,
                   published_basis="metadata" if published else "unknown", publisher=data.get("publisher"))


def sniff(text: str, name: str) -> Article:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return from_json(text, name)
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p")):
        return from_html(text, name)
    return from_text(text, name)


def _read(source: str) -> bytes:
    if re.match(r"^[a-z][a-z0-9+.-]*://", source, re.IGNORECASE):
        raise InputError(f"not an http(s) URL or a file: {source[:200]}")
    path = Path(source)
    try:
        if not path.exists():
            raise InputError(f"no such file: {source}")
        if path.is_dir():
            raise InputError(f"{source} is a directory; give an article file")
        if path.stat().st_size > MAX_BYTES:
            raise InputError(f"{source} is larger than {MAX_BYTES // 2**20} MiB; not an article")
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {source[:200]}: {exc.strerror}") from exc


def load_article(source: str, fetcher: Fetcher | None = None) -> Article:
    """Read ``source``: a URL (scraped), a path, or ``-`` for standard input."""
    if is_url(source):
        return from_scraped(scrape(source, fetcher), source)
    if source == "-":
        raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        name = "standard input"
    else:
        raw = _read(source)
        name = source
    if len(raw) > MAX_BYTES:
        raise InputError(f"{name} is larger than {MAX_BYTES // 2**20} MiB; not an article")
    warnings: list[str] = []
    text = _decode(raw, name, warnings)
    suffix = Path(source).suffix.lower() if source != "-" else ""
    if suffix in (".html", ".htm"):
        article = from_html(text, name)
    elif suffix == ".json":
        article = from_json(text, name)
    elif suffix in (".txt", ".text", ".md"):
        article = from_text(text, name)
    else:
        article = sniff(text, name)
    article.warnings = warnings
    article.path = None if source == "-" else source
    return article
