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
    errors: list[str] = field(default_factory=list)
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
        counts: Counter = Counter({k: 0 for k in COUNTS})
        result = PartResult(part.key, {})
        pending: list[tuple[Record, Article]] = []
        for record in read(part):
            counts["records"] += 1
            if record.error:
                counts["failed"] += 1
                result.errors.append(f"{record.source}: {record.error}")
                continue
            try:
                article = self.article(record, counts)
            except FlowcheckError as exc:
                counts["failed"] += 1
                result.errors.append(f"{record.source}: {exc.message}")
                continue
            except Exception as exc:  # noqa: BLE001  (one broken page must not end a scan of millions)
                counts["failed"] += 1
                result.errors.append(f"{record.source}: cannot extract the page ({exc.__class__.__name__}: {exc})")
                continue
            if article is not None:
                pending.append((record, article))
        given = self.options.published
        # spaCy keeps every new word it meets in the shared vocabulary, so a worker scanning a crawl
        # grows without end; a memory zone frees this partition's words when it is done (nothing
        # made from the Docs outlives it: the reports leave as JSON)
        with self.nlp.memory_zone():
            docs = analyse_many(self.nlp, ((a.text, given or a.published) for _, a in pending))
            for (record, article), doc in zip(pending, docs, strict=True):
                try:
                    report = audit(article, self.nlp, self.registry, published=given,
                                   reconcile=self.options.reconcile, doc=doc)
                except FlowcheckError as exc:
                    counts["failed"] += 1
                    result.errors.append(f"{record.source}: {exc.message}")
                    continue
                counts["audited"] += 1
                counts["claims"] += len(report.claims)
                result.articles.append(ArticleResult(record.source, record.date, report.model_dump_json(),
                                                     article.text))
        result.counts = dict(counts)
        result.worker, result.peak_rss_mb = os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return result
