"""One scan worker: the records of a partition → articles → audits.

A worker loads the pipeline, the official data and the prefilter once (``Scanner``) and then
runs partition after partition. The articles of a partition that pass the prefilter are
analysed together (``analyse_many`` batches the English model's work, as ``nlp.pipe`` does),
then each is audited exactly as ``flowcheck audit`` would. A partition's result is plain data
(JSON strings and counts) so it crosses process and machine boundaries cheaply.
"""

from __future__ import annotations

import os
import resource
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.tokens import Doc

from extractor.audit import audit
from extractor.errors import FlowcheckError
from extractor.nlp.pipeline import analyse_many, gated, get_pipeline
from extractor.scan.prefilter import Prefilter
from extractor.scan.sources import Part, Record, read
from extractor.scrape.extract import extract_html
from extractor.scrape.fetch import decode
from extractor.scrape.inputs import Article, from_scraped

COUNTS = ("records", "pages", "raw_passed", "extracted", "candidates", "audited", "claims", "failed")
"""What the progress bar and the summary count: records read, HTML pages among them, pages past
stage 1, articles with text, candidates past stage 2, articles audited, claims, failures."""


@dataclass(frozen=True)
class ScanOptions:
    """Everything a worker needs to know, picklable (sent to processes and Dask workers)."""

    model: str | None = None
    mof_file: str | None = None
    reconcile: bool = True
    published: date | None = None
    prefilter: bool = True


@dataclass(frozen=True)
class Failure:
    """A record that could not be read, extracted or audited: where it is and why, in one line.
    ``record`` is the record's ``source`` (``path#index`` or a file name), enough to find it again."""

    record: str
    error: str

    def __str__(self) -> str:
        return f"{self.record}: {self.error}"

    @classmethod
    def of(cls, record: str, exc: BaseException, doing: str) -> Failure:
        """An unexpected exception as one line: what was being done, the exception's type and first line."""
        first = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else "no message"
        return cls(record, f"{doing} failed ({exc.__class__.__name__}: {first})")


@dataclass
class ArticleResult:
    record: str
    crawl_date: str | None
    report_json: str
    text: str


@dataclass
class PartResult:
    key: str
    counts: dict[str, int]
    articles: list[ArticleResult] = field(default_factory=list)
    errors: list[Failure] = field(default_factory=list)
    retried: tuple[str, ...] = ()  # the records a retry was asked for (``Part.retry``); () for a first run
    incomplete: bool = False  # the input could not be read to the partition's end: run it again, whole
    worker: int = 0  # process id of the worker that ran it
    peak_rss_mb: float = 0.0  # that worker's peak resident memory so far


class Scanner:
    """The per-worker state: pipeline, data and prefilter, loaded once — completely, here: with
    ``--jobs`` and ``--cluster local`` it is built before the fork, and whatever is left to load
    lazily would be loaded again by every worker (the balance-of-payments table alone takes
    ~0.25 s)."""

    def __init__(self, options: ScanOptions) -> None:
        from extractor.official.sources import Registry

        self.options = options
        self.nlp = get_pipeline(options.model)
        self.registry = None
        if options.reconcile:
            self.registry = Registry()
            if options.mof_file:
                self.registry.mof.use_file(Path(options.mof_file))
            self.registry.load_all()
        gated(self.nlp)  # the gate's regex and component lists
        self.prefilter = Prefilter.load()

    def article(self, record: Record, counts: Counter) -> Article | None:
        """The record as an article, or None when it is not one (or the prefilter drops it)."""
        if record.article is not None:
            article = record.article
        else:
            if record.html is None:
                return None  # not an HTML response (image, PDF, redirect …)
            counts["pages"] += 1
            if self.options.prefilter and not self.prefilter.raw(record.html):
                return None
            counts["raw_passed"] += 1
            html, _ = decode(record.html, record.content_type)
            scraped = extract_html(html, record.url)
            if not scraped.text.strip():
                return None  # an index page, a gallery: no article text
            article = from_scraped(scraped, record.source)
            article.path = None if record.url else record.source  # an HTML file, as `audit FILE` reports it
        counts["extracted"] += 1
        if self.options.prefilter and not self.prefilter.text(article.text):
            return None
        counts["candidates"] += 1
        return article

    def run(self, part: Part) -> PartResult:
        """Scan the partition (only the records ``part.retry`` names, when it names any: a re-run
        retrying the records that failed before).
        Every record is isolated: whatever one record raises is recorded as its ``Failure`` and the
        others are audited — in a year of a news crawl some page always trips something."""
        counts: Counter = Counter({k: 0 for k in COUNTS})
        result = PartResult(part.key, {}, retried=part.retry)
        pending = self._articles(part, result, counts)
        # spaCy keeps every new word it meets in the shared vocabulary, so a worker scanning a crawl
        # grows without end; a memory zone frees this partition's words when it is done (nothing
        # made from the Docs outlives it: the reports leave as JSON)
        with self.nlp.memory_zone():
            for (record, article), doc in zip(pending, self._docs(pending), strict=True):
                self._audit(record, article, doc, result, counts)
        result.counts = dict(counts)
        result.worker, result.peak_rss_mb = os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result

    def _articles(self, part: Part, result: PartResult, counts: Counter) -> list[tuple[Record, Article]]:
        """The partition's records that are articles to audit; the others counted, failures recorded."""
        pending: list[tuple[Record, Article]] = []
        only = frozenset(part.retry) or None
        index = part.first
        try:
            for record in read(part):
                index += 1
                if only is not None and record.source not in only:
                    continue
                counts["records"] += 1
                if record.error:
                    self._fail(result, counts, Failure(record.source, record.error))
                    continue
                try:
                    article = self.article(record, counts)
                except FlowcheckError as exc:
                    self._fail(result, counts, Failure(record.source, exc.message))
                    continue
                except Exception as exc:  # noqa: BLE001  (one broken page must not end a scan of millions)
                    self._fail(result, counts, Failure.of(record.source, exc, "extracting the page"))
                    continue
                if article is not None:
                    pending.append((record, article))
        except Exception as exc:  # noqa: BLE001  (the file itself failed: the partition is run again, whole)
            self._fail(result, counts, Failure.of(f"{part.path}#{index}", exc, "reading the input"))
            result.incomplete = True
        return pending

    def _docs(self, pending: list[tuple[Record, Article]]) -> list[Doc | None]:
        """The articles analysed together (the model's work batched); when the batch raises, None
        for each, so each article is analysed on its own by ``audit`` and only the bad one fails."""
        given = self.options.published
        try:
            return list(analyse_many(self.nlp, ((a.text, given or a.published) for _, a in pending)))
        except Exception:  # noqa: BLE001  (which article raised is found by analysing them one by one)
            return [None] * len(pending)

    def _audit(self, record: Record, article: Article, doc: Doc | None, result: PartResult, counts: Counter) -> None:
        try:
            report = audit(article, self.nlp, self.registry, published=self.options.published,
                           reconcile=self.options.reconcile, doc=doc)
        except FlowcheckError as exc:
            self._fail(result, counts, Failure(record.source, exc.message))
            return
        except Exception as exc:  # noqa: BLE001  (recorded with its record; the partition goes on)
            self._fail(result, counts, Failure.of(record.source, exc, "the audit"))
            return
        counts["audited"] += 1
        counts["claims"] += len(report.claims)
        result.articles.append(ArticleResult(record.source, record.date, report.model_dump_json(), article.text))

    @staticmethod
    def _fail(result: PartResult, counts: Counter, failure: Failure) -> None:
        counts["failed"] += 1
        result.errors.append(failure)
