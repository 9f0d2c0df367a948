"""Inputs of a scan, split into partitions that workers read on their own.

A partition is a file and a range of its records, found by one cheap pass over the file
(``plan``): for a WARC the byte offset of its first response record (WARC.gz files are a series
of gzip members, one per record, so a worker seeks straight there — the way Common Crawl's
index addresses records), for JSON Lines the byte offset of its first line, for a folder of
article files the index of its first file. Only the plan is held in memory; records stream.

WARC reader: FastWARC (resiliparse) rather than warcio. Both are maintained and read WARC 1.0/1.1,
gzip and plain; warcio is pure Python and the reference of the Webrecorder tools, FastWARC is
Cython, reads and filters record types in C and parses HTTP headers lazily — its authors measure
it several times faster than warcio, and benchmarks/scan_speed.py measures both readers on the
benchmark WARC. In a scan most records are rejected by the prefilter right after reading, so the
reader's cost per record is a large share of the cost of a rejected record; FastWARC also writes
records, so the tests and the benchmark build their archives without a second library.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from fastwarc.warc import ArchiveIterator, WarcRecordType

from extractor.errors import InputError
from extractor.scrape.inputs import Article, from_json, load_article

WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz")
ARTICLE_SUFFIXES = (".txt", ".json", ".html", ".htm")
HTML_TYPES = ("text/html", "application/xhtml+xml")


@dataclass(frozen=True)
class Part:
    """A partition: ``count`` records of ``path`` starting at record ``first`` (byte ``offset``)."""

    path: str
    kind: str  # warc, jsonl, files
    first: int
    count: int
    offset: int = 0
    files: tuple[str, ...] = ()  # kind "files": the article files themselves
    damage: str = ""  # kind "damaged": why ``path`` cannot be read from record ``first`` on
    retry: tuple[str, ...] = ()  # a re-run: only these records (their ``Record.source``), which failed before

    @property
    def key(self) -> str:
        """A stable name for the partition's output file: the same input gives the same key."""
        digest = hashlib.sha1(str(Path(self.path).resolve()).encode()).hexdigest()[:10]
        return f"{Path(self.path).name.split('.')[0]}-{digest}-{self.first:09d}-{self.count}"


@dataclass
class Record:
    """One input record: an archived HTML page (``html``) or an article already in text (``article``)."""

    source: str  # path#index: where to find it again
    url: str | None = None
    date: str | None = None  # the crawl's date (WARC-Date), ISO 8601
    html: bytes | None = None
    content_type: str = ""
    article: Article | None = None
    error: str | None = None  # unreadable record: reported, not fatal


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(ARTICLE_SUFFIXES) and not name.endswith(".gold.json"):
        return "file"
    return None


def expand(sources: list[str]) -> tuple[list[Path], list[Path]]:
    """Archive/JSONL files and loose article files named by the sources (folders searched recursively)."""
    archives: list[Path] = []
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if not path.exists():
            raise InputError(f"no such file or folder: {source}")
        candidates = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        found = False
        for p in candidates:
            kind = _kind(p)
            if kind is None:
                continue
            found = True
            (files if kind == "file" else archives).append(p)
        if not found:
            raise InputError(f"{source}: no WARC, JSON Lines or article files "
                             f"({', '.join(WARC_SUFFIXES + JSONL_SUFFIXES + ARTICLE_SUFFIXES)})")
    return archives, files


def plan(sources: list[str], size: int = 200) -> Iterator[Part]:
    """Partitions of at most ``size`` records over all sources, in input order."""
    archives, files = expand(sources)
    for path in archives:
        yield from (_plan_warc if _kind(path) == "warc" else _plan_jsonl)(path, size)
    for first in range(0, len(files), size):
        chunk = tuple(str(p) for p in files[first : first + size])
        yield Part(str(Path(chunk[0]).parent), "files", first, len(chunk), files=chunk)


def _plan_warc(path: Path, size: int) -> Iterator[Part]:
    """The file's partitions; then, if it is damaged or cut short, a ``damaged`` part saying where:
    the records before the damage are still scanned (a crawl of thousands of files must not be
    lost to one bad download), and the damage is reported instead of passed over in silence.
    A response record that is itself cut short (FastWARC yields what there is of it) is not in any
    partition: its page is partial, and an audit of half a story is wrong, not incomplete. So a
    full partition is handed out only once the next record shows its last one whole."""
    first, offset, count, last = 0, 0, 0, None
    full: Part | None = None  # a partition of ``size`` records, held until its last record is known whole
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=False):
                if full is not None:
                    yield full
                    full = None
                if count == 0:
                    offset = record.stream_pos
                last = record.stream_pos
                count += 1
                if count == size:
                    full = Part(str(path), "warc", first, count, offset)
                    first, count = first + count, 0
        damage, partial = _end_damage(path, last)
    except OSError as exc:
        damage, partial = f"cannot read it{' after record ' + str(first + count) if last is not None else ''}: {exc}", False
    if partial:  # the last record read is the one cut short: leave it out
        if full is not None:
            full, first = (replace(full, count=full.count - 1) if full.count > 1 else None), first - 1
        else:
            count -= 1
    if full is not None:
        yield full
    if count:
        yield Part(str(path), "warc", first, count, offset)
    if damage:
        yield Part(str(path), "damaged", first + count, 0, damage=damage)


def _end_damage(path: Path, last: int | None) -> tuple[str, bool]:
    """('', False) when the file ends with its last readable record, else what is wrong and
    whether the last response record read (at byte ``last``) is itself incomplete. FastWARC stops
    without an error at a record cut short, so the bytes from the last response it read (that
    record, and any request or metadata records after it) are checked here — gzip members must
    each be complete; a plain WARC must end where its last record's Content-Length says."""
    with path.open("rb") as stream, path.open("rb") as raw:
        stream.seek(last or 0)
        if path.name.lower().endswith(".gz"):
            damage, members = _gzip_damage(stream)
            return damage, bool(damage) and last is not None and members == 0
        end, size, records = last or 0, path.stat().st_size, 0
        for record in ArchiveIterator(stream, parse_http=False):
            stream_pos, length = record.stream_pos, record.content_length
            raw.seek(stream_pos)  # the record's header block, to find where its content starts
            header = raw.read(65536).find(b"\r\n\r\n")
            end = stream_pos + header + 4 + length + 4 if header >= 0 else size + 1  # no end to its headers
            records += 1
        raw.seek(end)
        rest = raw.read(1024)
    if end > size:  # the last record is cut short: the response itself when it was the last one read
        return "the last record is cut short", last is not None and records == 1
    return (f"unreadable bytes after the last record (from byte {end:,} of {size:,})" if rest.strip() else ""), False


def _gzip_damage(stream) -> tuple[str, int]:
    """Decompress the rest of a WARC.gz (output discarded, a MiB at a time): ('', n) when every
    gzip member is complete, else why not, with the number of complete members before the damage."""
    member, fed, data, members = zlib.decompressobj(31), False, b"", 0
    while True:
        if not data:
            data = stream.read(1 << 20)
            if not data:
                return ("the file is cut short inside a record (an incomplete gzip member)" if fed else ""), members
        try:
            member.decompress(data, 1 << 22)
        except zlib.error as exc:
            return f"gzip data error after the last readable record ({exc})", members
        fed = True
        if member.eof:
            data, member, fed, members = member.unused_data, zlib.decompressobj(31), False, members + 1
        else:
            data = member.unconsumed_tail


def _open_text(path: Path):
    import gzip

    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else path.open("rb")


def _plan_jsonl(path: Path, size: int) -> Iterator[Part]:
    first, offset, count, position = 0, 0, 0, 0
    with _open_text(path) as stream:
        for line in stream:
            if count == 0:
                offset = position
            position += len(line)
            if not line.strip():
                continue
            count += 1
            if count == size:
                yield Part(str(path), "jsonl", first, count, offset)
                first, count = first + count, 0
    if count:
        yield Part(str(path), "jsonl", first, count, offset)


def read(part: Part) -> Iterator[Record]:
    """The records of one partition, streamed."""
    if part.kind == "warc":
        yield from _read_warc(part)
    elif part.kind == "jsonl":
        yield from _read_jsonl(part)
    else:
        yield from _read_files(part)


def _read_warc(part: Part) -> Iterator[Record]:
    with open(part.path, "rb") as stream:
        stream.seek(part.offset)
        records = ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True)
        for index, record in zip(range(part.first, part.first + part.count), records, strict=False):
            source = f"{part.path}#{index}"
            try:
                content_type = (record.http_content_type or "").lower()
                date = record.record_date.isoformat() if record.record_date else None
                url = record.headers.get("WARC-Target-URI")
                if content_type and not content_type.startswith(HTML_TYPES):
                    yield Record(source, url, date, content_type=content_type)
                    continue
                yield Record(source, url, date, html=record.reader.read(),
                             content_type=record.http_headers.get("Content-Type", "") if record.http_headers else "")
            except Exception as exc:  # noqa: BLE001  (a damaged record is reported, the scan goes on)
                yield Record(source, error=f"unreadable WARC record: {exc}")


def _read_jsonl(part: Part) -> Iterator[Record]:
    with _open_text(Path(part.path)) as stream:
        stream.seek(part.offset)
        index = part.first
        for raw in stream:
            if index >= part.first + part.count:
                break
            if not raw.strip():
                continue
            source = f"{part.path}#{index}"
            index += 1
            try:
                text = raw.decode("utf-8")
                data = json.loads(text)
                if isinstance(data, dict) and isinstance(data.get("html"), str) and not data.get("text"):
                    yield Record(source, data.get("url"), data.get("published"), html=data["html"].encode("utf-8"),
                                 content_type="text/html; charset=utf-8")
                    continue
                article = from_json(text, source)
                yield Record(source, article.url, None, article=article)
            except (InputError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                yield Record(source, error=getattr(exc, "message", str(exc)))


def _read_files(part: Part) -> Iterator[Record]:
    for name in part.files:
        try:
            if name.lower().endswith((".html", ".htm")):  # a page: the prefilter reads it before extraction
                yield Record(name, None, None, html=Path(name).read_bytes(), content_type="text/html")
                continue
            article = load_article(name)  # .txt and .json, read exactly as `flowcheck audit FILE` reads them
            yield Record(name, article.url, None, article=article)
        except InputError as exc:
            yield Record(name, error=exc.message)
        except OSError as exc:
            yield Record(name, error=f"cannot read {name}: {exc.strerror}")
