"""Polite, bounded HTTP fetching for articles and feeds.

- identifies itself (User-Agent), obeys robots.txt, waits between requests to one host;
- bounded: timeouts, retries with exponential backoff on 429/5xx/network errors only,
  at most 5 redirects, a response size cap, HTML/XML content types only;
- refuses URLs whose host is or resolves to any non-public address (private, loopback,
  link-local, carrier-grade NAT, multicast, reserved, and IPv6 forms wrapping such an IPv4
  address), at every redirect hop, unless explicitly allowed (tests and intranet use);
- is safe to share between threads: the per-host interval and the robots.txt cache hold
  across all requests of a process (the API keeps one fetcher);
- decodes by the declared charset, then the page's own <meta charset>, then detection, so
  Shift_JIS pages and pages that lie about their charset come out right;
- keeps an on-disk cache, so auditing a URL again does not fetch it again.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import re
import socket
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import SplitResult, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx
from charset_normalizer import from_bytes

from extractor import settings
from extractor.errors import FetchError, FlowcheckError, InputError

HTML_TYPES = ("text/html", "application/xhtml+xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml", "application/rdf+xml")
RETRY_STATUS = {429, 500, 502, 503, 504}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)""", re.IGNORECASE)


@dataclass
class Page:
    url: str  # final URL after redirects
    status: int
    content_type: str
    text: str
    encoding: str
    from_cache: bool = False


@dataclass
class FetchPolicy:
    timeout: float = 20.0
    retries: int = 2
    backoff: float = 1.0  # seconds, doubled each retry
    max_redirects: int = 5
    max_bytes: int = 5 * 1024 * 1024
    per_host_interval: float = 1.0  # seconds between two requests to one host
    allow_private: bool = False
    obey_robots: bool = True
    cache_seconds: float = 7 * 24 * 3600


class Fetcher:
    def __init__(self, policy: FetchPolicy | None = None, client: httpx.Client | None = None,
                 cache_dir: Path | None = None) -> None:
        self.policy = policy or FetchPolicy()
        self.client = client or httpx.Client(
            headers={"User-Agent": settings.USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/xml"},
            timeout=self.policy.timeout, follow_redirects=False)
        self.cache_dir = cache_dir or settings.data_dir() / "cache" / "http"
        self._robots: dict[str, RobotFileParser | None] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()  # one fetcher may serve many threads (the API shares one per process)
        self._robots_locks: dict[str, threading.Lock] = {}

    # -- safety -----------------------------------------------------------------------
    def check_target(self, url: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
        """Refuse a URL unless every address its host resolves to is public (see ``public``);
        return the address to connect to (None when private addresses are allowed). IP
        literals and ``localhost`` names are judged without a DNS query."""
        parts = split_url(url, FetchError)
        if self.policy.allow_private:
            return None
        host = parts.hostname.rstrip(".").lower()
        if host == "localhost" or host.endswith(".localhost"):
            raise _refused(url, host, "a loopback name")
        try:
            addresses = [ipaddress.ip_address(host)]
        except ValueError:
            try:
                infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
            except (socket.gaierror, UnicodeError) as exc:
                raise FetchError(f"cannot resolve {parts.hostname}: {getattr(exc, 'strerror', None) or exc}") from exc
            addresses = [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]
        for address in addresses:
            if not public(address):
                inner = [str(a) for a in _wrapped(address) if not public(a)]
                raise _refused(url, host, str(address) + (f", which wraps {inner[0]}" if inner else ""))
        return addresses[0]

    def allowed_by_robots(self, url: str) -> bool:
        if not self.policy.obey_robots:
            return True
        parts = urlsplit(url)
        root = f"{parts.scheme}://{parts.netloc}"
        with self._lock:
            root_lock = self._robots_locks.setdefault(root, threading.Lock())
        with root_lock:  # robots.txt fetched once per host, however many requests arrive together
            return self._robots_allow(root, url)

    def _robots_allow(self, root: str, url: str) -> bool:
        if root not in self._robots:
            parser: RobotFileParser | None = RobotFileParser()
            try:
                response = self._request(root + "/robots.txt")
                if response.status_code >= 400:
                    parser = None  # no robots.txt: everything allowed
                else:
                    parser.parse(response.text.splitlines())
            except FetchError:
                parser = None
            self._robots[root] = parser
        parser = self._robots[root]
        return parser is None or parser.can_fetch(settings.USER_AGENT, url)

    # -- HTTP -------------------------------------------------------------------------
    def _wait_for_host(self, url: str) -> None:
        """Take the next free slot for this host, then sleep until it: threads sharing one
        fetcher (the API's requests) queue behind each other instead of all going at once."""
        host = urlsplit(url).netloc
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._last.get(host, -float("inf")) + self.policy.per_host_interval)
            self._last[host] = slot
        if slot > now:
            time.sleep(slot - now)

    def _request(self, url: str) -> httpx.Response:
        """GET with retries and backoff; the body is read up to the size cap."""
        delay = self.policy.backoff
        for attempt in range(self.policy.retries + 1):
            self._wait_for_host(url)
            try:
                pinned, extra = self._pinned(url)
                with self.client.stream("GET", pinned, **extra) as response:
                    declared = int(response.headers.get("content-length") or 0)
                    if declared > self.policy.max_bytes:
                        raise FetchError(f"{url} is {declared:,} bytes, over the {self.policy.max_bytes:,}-byte cap")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body.extend(chunk)
                        if len(body) > self.policy.max_bytes:
                            raise FetchError(f"{url} is over the {self.policy.max_bytes:,}-byte cap")
                    response._content = bytes(body)
                if response.status_code in RETRY_STATUS and attempt < self.policy.retries:
                    time.sleep(delay)
                    delay *= 2
                    continue
                return response
            except httpx.TimeoutException as exc:
                if attempt >= self.policy.retries:
                    raise FetchError(f"timed out fetching {url} after {attempt + 1} tries") from exc
            except httpx.TransportError as exc:
                if attempt >= self.policy.retries:
                    raise FetchError(f"could not connect to {url}: {exc}") from exc
            time.sleep(delay)
            delay *= 2
        raise FetchError(f"could not fetch {url}")  # pragma: no cover (loop always returns or raises)

    def _pinned(self, url: str) -> tuple[str, dict]:
        """The request for ``url`` sent to the address just checked, not to a second DNS
        answer: a name that resolves to a public address for the check and to a private one
        for the connection (DNS rebinding) cannot get through. The Host header and TLS SNI
        still name the host, so virtual hosts and certificates work as before."""
        address = self.check_target(url)
        if address is None:
            return url, {}
        parts = urlsplit(url)
        literal = f"[{address}]" if address.version == 6 else str(address)
        netloc = literal + (f":{parts.port}" if parts.port else "")
        pinned = parts._replace(netloc=netloc).geturl()
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        return pinned, {"headers": {"Host": host}, "extensions": {"sni_hostname": parts.hostname}}

    def get(self, url: str, *, accept: tuple[str, ...] = HTML_TYPES, use_cache: bool = True) -> Page:
        split_url(url)  # the user's URL: a malformed one is their input error, before anything is fetched
        cached = self._cached(url) if use_cache else None
        if cached is not None:
            return cached
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self.check_target(current)
            if not self.allowed_by_robots(current):
                raise FetchError(f"robots.txt of {urlsplit(current).netloc} disallows fetching {current}")
            response = self._request(current)
            if response.is_redirect:
                location = response.headers.get("location")
                if not location:
                    raise FetchError(f"{current} redirects without a Location header")
                try:
                    current = urljoin(current, location)
                except ValueError as exc:  # urljoin splits both: a malformed Location raises
                    raise FetchError(f"{current} redirects to a malformed URL {location[:200]!r} ({exc})") from exc
                continue
            break
        else:
            raise FetchError(f"too many redirects (over {self.policy.max_redirects}) starting at {url}")
        if response.status_code >= 400:
            raise FetchError(f"{current} answered HTTP {response.status_code}")
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type and content_type not in accept:
            raise FetchError(f"{current} is {content_type}, not an article page")
        text, encoding = decode(response.content, response.headers.get("content-type", ""))
        page = Page(url=current, status=response.status_code, content_type=content_type or "text/html",
                    text=text, encoding=encoding)
        self._store(url, page)
        return page

    # -- cache ------------------------------------------------------------------------
    def _cache_path(self, url: str) -> Path:
        return self.cache_dir / (hashlib.sha256(url.encode()).hexdigest()[:32] + ".json")

    def _cached(self, url: str) -> Page | None:
        path = self._cache_path(url)
        if not path.exists() or time.time() - path.stat().st_mtime > self.policy.cache_seconds:
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            return None
        return Page(**{**data, "from_cache": True})

    def _store(self, url: str, page: Page) -> None:
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            data = {k: v for k, v in page.__dict__.items() if k != "from_cache"}
            self._cache_path(url).write_text(json.dumps(data), "utf-8")
        except OSError:
            pass  # a cache that cannot be written only costs a refetch


def split_url(url: str, error: type[FlowcheckError] = InputError) -> SplitResult:
    """``url``'s parts once it is known to be a well-formed http(s) URL: a malformed one is
    ``error`` (the user's input error, or a FetchError for a server's redirect), another scheme
    a FetchError, each with one line. ``urlsplit`` raises ValueError itself for a broken bracketed host (``http://[/x]/``),
    and ``.port`` raises later, wherever it is first read, for a port out of range
    (``:99999``) or an unbracketed IPv6 host (``http://2002:7f00:1::/``): checking both here,
    where every way in (CLI, API, desk, feeds, redirects) passes, turns them into one error
    instead of a traceback deep inside the fetch."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (read for its check)
    except ValueError as exc:
        raise error(f"not a valid URL: {url[:200]} ({exc})") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not an http(s) URL: {url[:200]}")  # parsed, but nothing this fetcher may fetch
    return parts


_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an address is on the public internet: ``is_global`` and not multicast (which
    Python counts as global), and, for IPv6 that wraps an IPv4 address (IPv4-mapped, 6to4,
    Teredo, NAT64), the wrapped address too — ``[2002:a9fe:a9fe::1]`` is 169.254.169.254."""
    if any(not public(inner) for inner in _wrapped(address)):
        return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_unspecified)


def _wrapped(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address carries (IPv4-mapped, 6to4, Teredo server and client, NAT64)."""
    if not isinstance(address, ipaddress.IPv6Address):
        return []
    wrapped = [address.ipv4_mapped, address.sixtofour, *(address.teredo or ())]
    wrapped += [ipaddress.IPv4Address(int(address) & 0xFFFFFFFF) for net in _NAT64 if address in net]
    return [inner for inner in wrapped if inner is not None]


def _refused(url: str, host: str, what: str) -> FetchError:
    return FetchError(f"refusing to fetch {url}: {host} is a private or local address ({what}), not a public one",
                      hint="pass --allow-private to fetch intranet pages")


def decode(raw: bytes, content_type: str = "") -> tuple[str, str]:
    """Declared charset, then <meta charset>, then detection; the first that decodes cleanly."""
    candidates = []
    declared = re.search(r"charset=([\w-]+)", content_type, re.IGNORECASE)
    if declared:
        candidates.append(declared.group(1))
    meta = _META_CHARSET.search(raw[:4096])
    if meta:
        candidates.append(meta.group(1).decode("ascii", "ignore"))
    candidates.append("utf-8")
    for name in candidates:
        try:
            return raw.decode(_normal(name)), _normal(name)
        except (UnicodeDecodeError, LookupError):
            continue
    damaged = nearly_utf8(raw)
    if damaged is not None:  # a stray byte must not send a UTF-8 page to charset detection
        return damaged[0], "utf-8"
    best = from_bytes(raw).best()
    if best is not None:
        return str(best), best.encoding
    return raw.decode("utf-8", errors="replace"), "utf-8"


def nearly_utf8(raw: bytes) -> tuple[str, int] | None:
    """(text, bytes replaced) when ``raw`` is UTF-8 but for a few bad bytes, else None.
    Valid multi-byte sequences must outnumber the bad bytes two to one: a latin-1 or
    Shift_JIS text has next to no valid UTF-8 sequences, so it is not taken for damaged UTF-8."""
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    bad = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F) - bad
    return (text, bad) if multibyte >= 2 * bad else None


def _normal(name: str) -> str:
    name = name.lower()
    return {"shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932"}.get(name, name)
