"""One small interface for every official reference series: load, cache, fetch, vintage.

A *vintage* is one downloaded copy of a source file. Fetched vintages are kept side by side
under ``<data dir>/vintages/<source id>/`` (never overwritten), so revisions can be compared
later. When no vintage has been fetched, a snapshot bundled in the package is used: it was
derived from the official file by this project's own parser, so the main job works offline.
"""

from __future__ import annotations

import hashlib
import json
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import httpx
import pandas as pd

from extractor import settings
from extractor.errors import DataError, FetchError
from extractor.official import validate


@dataclass(frozen=True)
class Vintage:
    """Where a loaded table came from, so every verdict can say which data it used."""

    source_id: str
    label: str  # the publisher's own update date when the file states one, else the fetch date
    origin: str  # URL fetched, file path, or "bundled snapshot"
    sha256: str
    fetched_at: str | None = None

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)


@dataclass(frozen=True)
class Coverage:
    """First and last observation, and any missing stretches inside."""

    start: date
    end: date
    observations: int
    gaps: list[tuple[date, date]] = field(default_factory=list)


@dataclass(frozen=True)
class Dataset:
    """A loaded table with its vintage."""

    frame: pd.DataFrame
    vintage: Vintage
    derived: dict = field(default_factory=dict, compare=False, repr=False)
    """Values computed from ``frame`` (coverage, one series' lookups), kept as long as this table
    is the one loaded: a batch of audits asks for the same few series thousands of times, and a
    new vintage or file is a new ``Dataset``, so nothing stale survives a reload."""

    def cached(self, key: tuple, build):
        """``build()`` once per loaded table; the same object afterwards (callers must not change it)."""
        if key not in self.derived:
            self.derived[key] = build()
        return self.derived[key]


def sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


class OfficialSource(ABC):
    """Base for MoF and FRED sources. Subclasses say how to parse bytes and name the table."""

    source_id: str
    title: str
    suffix: str = ".csv"

    def __init__(self) -> None:
        self._loaded: Dataset | None = None
        self._override: Path | None = None
        self._all: list[Dataset] | None = None

    # -- what subclasses provide ---------------------------------------------------------
    @property
    @abstractmethod
    def url(self) -> str:
        """Where ``fetch`` downloads the live file."""

    @abstractmethod
    def parse(self, raw: bytes) -> pd.DataFrame:
        """Parse the official file's bytes into this source's table (raise DataError if not)."""

    @abstractmethod
    def coverage_of(self, frame: pd.DataFrame) -> Coverage:
        """Coverage of a parsed table."""

    def label_of(self, raw: bytes, fetched: datetime) -> str:
        """The vintage label; the fetch date unless the file states its own update date."""
        return fetched.date().isoformat()

    # -- the interface -----------------------------------------------------------------
    def use_file(self, path: Path | None) -> None:
        """Read this source from a given file instead of the cache (``--mof-file`` etc.)."""
        self._override = path
        self._loaded = None
        self._all = None

    def load(self) -> Dataset:
        """The table to reconcile against: a given file, else the newest vintage by the
        publisher's own date (label) among the fetched ones and the bundled snapshot — so
        importing an old file never rolls the data back. Loaded once per process."""
        if self._loaded is None:
            if self._override is not None:
                self._loaded = self._load_path(self._override, origin=str(self._override))
            else:
                self._loaded = self._current()
        return self._loaded

    def _current(self) -> Dataset:
        """The newest of the stored vintages and the bundled snapshot, by the publisher's date."""
        stored = self.vintages()
        newest = max(stored, key=lambda s: (s.vintage.label, s.vintage.fetched_at or ""), default=None)
        if newest is not None and newest.vintage.label >= self._snapshot_label():
            return self._load_path(Path(newest.origin_path), origin=newest.vintage.origin, vintage=newest.vintage)
        return self._load_snapshot()

    def _snapshot_label(self) -> str:
        folder = resources.files("extractor.official") / "snapshots"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return manifest[self.source_id]["vintage"]["label"]

    def coverage(self) -> Coverage:
        dataset = self.load()
        return dataset.cached(("coverage",), lambda: self.coverage_of(dataset.frame))

    def is_overridden(self) -> bool:
        return self._override is not None

    def vintage(self) -> Vintage:
        return self.load().vintage

    def cache_dir(self) -> Path:
        return settings.data_dir() / "vintages" / self.source_id

    def vintages(self) -> list[StoredVintage]:
        """Fetched vintages, oldest first."""
        folder = self.cache_dir()
        if not folder.is_dir():
            return []
        stored = []
        for meta in sorted(folder.glob("*.json")):
            data = json.loads(meta.read_text(encoding="utf-8"))
            stored.append(StoredVintage(Vintage(**data), str(meta.with_suffix(self.suffix))))
        return stored

    def fetch(self, client: httpx.Client | None = None) -> tuple[Vintage, bool]:
        """Download the live file, validate it by parsing, and keep it as a new vintage.

        Returns the vintage and whether it is new (an identical file is not stored twice).
        The previous vintages are kept untouched.
        """
        own = client is None
        client = client or httpx.Client(
            headers={"User-Agent": settings.USER_AGENT}, timeout=60, follow_redirects=True
        )
        try:
            response = client.get(self.url)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            raise FetchError(f"could not fetch {self.source_id} from {self.url}: {exc}") from exc
        finally:
            if own:
                client.close()
        return self.add_vintage(response.content, self.url)

    def import_file(self, path: Path) -> tuple[Vintage, bool]:
        """Keep a local copy of an official file (downloaded by hand, say) as a vintage."""
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read {path}: {exc.strerror}") from exc
        return self.add_vintage(raw, str(path))

    def validate(self, raw: bytes, frame: pd.DataFrame) -> None:  # noqa: B027 (optional hook)
        """Refuse a file that parses but breaks what the publisher guarantees (row identities,
        periods, release date): raise ``DataError``. Sources with such rules override this."""

    def check_against_current(self, frame: pd.DataFrame, label: str) -> None:
        """A file that would become current must not cover less than the current vintage."""
        current = self._current()
        validate.check_not_shrinking(self.coverage_of(frame).end, label, self.coverage_of(current.frame).end,
                                     current.vintage.label, self.title)

    def add_vintage(self, raw: bytes, origin: str) -> tuple[Vintage, bool]:
        """Validate, then store; an identical file is not stored twice. A rejected file leaves
        the stored vintages, and so the data in use, exactly as they were."""
        frame = self.parse(raw)  # refuse to store a file we cannot read
        digest = sha256(raw)
        for stored in self.vintages():
            if stored.vintage.sha256 == digest:
                return stored.vintage, False
        fetched = datetime.now(UTC)
        self.validate(raw, frame)
        self.check_against_current(frame, self.label_of(raw, fetched))
        vintage = Vintage(
            source_id=self.source_id,
            label=self.label_of(raw, fetched),
            origin=origin,
            sha256=digest,
            fetched_at=fetched.isoformat(timespec="microseconds"),
        )
        folder = self.cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        stem = folder / f"{fetched.strftime('%Y%m%dT%H%M%S%f')}-{digest[:12]}"
        stem.with_suffix(self.suffix).write_bytes(raw)
        stem.with_suffix(".json").write_text(json.dumps(vintage.to_dict(), indent=2), "utf-8")
        self._loaded = None
        self._all = None
        return vintage, True

    # -- helpers -----------------------------------------------------------------------
    def _load_path(self, path: Path, *, origin: str, vintage: Vintage | None = None) -> Dataset:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise DataError(f"cannot read {self.title} file {path}: {exc.strerror}") from exc
        frame = self.parse(raw)
        if vintage is None:
            vintage = Vintage(
                source_id=self.source_id,
                label=self.label_of(raw, datetime.fromtimestamp(path.stat().st_mtime, UTC)),
                origin=origin,
                sha256=sha256(raw),
            )
        return Dataset(frame, vintage)

    def all_vintages(self) -> list[Dataset]:
        """The bundled snapshot and every stored vintage, each loaded (for revisions and for
        judging a story against the data as they stood when it was written)."""
        if self._all is None:
            loaded = [self._load_snapshot()]
            for stored in self.vintages():
                loaded.append(self._load_path(Path(stored.origin_path), origin=stored.vintage.origin,
                                              vintage=stored.vintage))
            self._all = sorted(loaded, key=lambda d: (d.vintage.label, d.vintage.fetched_at or ""))
        return self._all

    def _load_snapshot(self) -> Dataset:
        folder = resources.files("extractor.official") / "snapshots"
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        entry = manifest[self.source_id]
        with resources.as_file(folder / entry["file"]) as path:
            frame = self.read_snapshot(path)
        vintage = Vintage(**{**entry["vintage"], "origin": "bundled snapshot of " + entry["vintage"]["origin"]})
        return Dataset(frame, vintage)

    @abstractmethod
    def read_snapshot(self, path: Path) -> pd.DataFrame:
        """Read the bundled derived table."""

    @abstractmethod
    def write_snapshot(self, frame: pd.DataFrame, path: Path) -> None:
        """Write the derived table that ``read_snapshot`` reads back."""


@dataclass(frozen=True)
class StoredVintage:
    vintage: Vintage
    origin_path: str
