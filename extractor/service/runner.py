"""Audits for the API in worker processes that can be abandoned.

Why processes: spaCy cannot be interrupted half-way through a component, and a thread that
runs a 200,000-character audit holds the pipeline (and much of the GIL) long after its request
got its 504. Each worker process loads the pipeline and the official data once, then audits
one article at a time. A request waits for an idle worker and for its answer within the time
budget; when the budget runs out the worker is killed and a fresh one started in the
background, so a timed-out audit stops costing CPU and the next client is served by another
worker. Fetching (URL audits) stays in the API process, where one polite fetcher is shared.

A job is a plain dict (``html`` or ``text``, ``url``, ``final_url``, ``title``, ``published``,
``max_text``, ``format``); the answer is ``(status, body)``: 200 with the report's JSON (or
``{"html": …}`` for ``format: html``, ``{"report": …, "text": …}`` for the desk's ``format: desk``),
or a 4xx/5xx with ``{"error": …}``.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from extractor.errors import FlowcheckError, TooLong

log = logging.getLogger("flowcheck.runner")


_FAILED = object()  # queued instead of a worker when workers cannot start


class AuditTimeout(Exception):
    """No answer within the time budget (the worker, if one was busy with it, was killed)."""


@dataclass(eq=False)  # identity: kept in a set
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    loaded: bool = False  # the pipeline and data are loaded: it can take audits


@dataclass
class AuditRunner:
    """A fixed number of audit worker processes, started on first use."""

    workers: int = 2
    _idle: queue.Queue = field(default_factory=queue.Queue, init=False)
    _all: set = field(default_factory=set, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _started: bool = field(default=False, init=False)
    _ready: threading.Event = field(default_factory=threading.Event, init=False)
    _generation: int = field(default=0, init=False)  # bumped by close(): late starters are discarded
    failure: str | None = field(default=None, init=False)  # why workers cannot start, if they cannot

    def start(self) -> None:
        """Start the workers in the background (idempotent); requests wait for the first ready one."""
        with self._lock:
            if self._started:
                return
            self._started = True
        for _ in range(self.workers):
            self._spawn_in_background()

    def call(self, job: dict, budget: float) -> tuple[int, dict]:
        """Run one audit within ``budget`` seconds (blocking; call it from a thread)."""
        self.start()
        deadline = time.monotonic() + budget
        worker = None
        while worker is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AuditTimeout
            try:  # one wait per request: waiters are served in arrival order
                worker = self._idle.get(timeout=remaining)
            except queue.Empty:
                raise AuditTimeout from None
            if worker is _FAILED:
                self._idle.put(_FAILED)  # for the next waiter
                return 503, {"error": f"the audit service cannot start: {self.failure}"}
            if not worker.process.is_alive():
                self._replace(worker)
                worker = None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(max(0.0, deadline - time.monotonic())):
                self._replace(worker)
                raise AuditTimeout
            status, body = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return 500, {"error": "the audit worker stopped unexpectedly; the request was not completed"}
        with self._lock:
            if worker in self._all:  # not closed meanwhile
                self._idle.put(worker)
        return status, body

    def close(self) -> None:
        """Kill every worker; a later ``start`` (or request) starts fresh ones. Workers are also
        daemonic, so they end with the server process, and exit when their pipe closes."""
        with self._lock:
            self._generation += 1
            self._started = False
            workers = list(self._all)
            self._all.clear()
            self._idle = queue.Queue()
            self._ready.clear()
            self.failure = None  # a restart tries again
        for worker in workers:
            _kill(worker)

    def alive(self) -> int:
        """Workers that have loaded the pipeline and are running (idle or busy)."""
        with self._lock:
            return sum(w.loaded and w.process.is_alive() for w in self._all)

    def processes(self) -> list[multiprocessing.process.BaseProcess]:
        """The worker processes now (loading, idle or busy): whom an operator or a test watches."""
        with self._lock:
            return [w.process for w in self._all]

    # -- workers ------------------------------------------------------------------------
    def _replace(self, worker: _Worker) -> None:
        with self._lock:
            current = worker in self._all
            self._all.discard(worker)
        if worker.process.is_alive():  # SIGKILL now, so the abandoned audit stops costing CPU at once
            worker.process.kill()
        threading.Thread(target=_kill, args=(worker,), daemon=True).start()  # reaped in the background
        if current:
            self._spawn_in_background()

    def _spawn_in_background(self) -> None:
        threading.Thread(target=self._spawn, daemon=True, name="flowcheck-audit-spawn").start()

    def _spawn(self) -> None:
        try:
            self._start_worker()
        except Exception as exc:  # noqa: BLE001 (a thread has no caller: record it, requests answer 503)
            log.exception("cannot start an audit worker")
            self._fail(f"{exc.__class__.__name__}: {exc}")

    def _fail(self, message: str) -> None:
        log.error("audit worker failed to start: %s", message)
        self.failure = message
        self._idle.put(_FAILED)
        self._ready.set()

    def wait_ready(self, timeout: float) -> bool:
        """Block until one worker can take an audit (or starting one failed); server start-up
        waits for this so the first requests are not spent waiting for a pipeline to load."""
        self.start()
        return self._ready.wait(timeout)

    def _start_worker(self) -> None:
        ctx = multiprocessing.get_context("spawn")  # no fork of a threaded server
        generation = self._generation
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_worker_main, args=(child,), daemon=True, name="flowcheck-audit")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        with self._lock:
            if generation != self._generation:
                _kill(worker)
                return
            self._all.add(worker)
        try:
            kind, message = parent.recv()
        except (EOFError, OSError):
            kind, message = "failed", "the worker exited while loading"
        if kind != "ready":
            with self._lock:
                self._all.discard(worker)
                closed = generation != self._generation  # killed by close(): not a start-up failure
            _kill(worker)
            if not closed:
                self._fail(message)
            return
        with self._lock:
            if generation != self._generation:
                self._all.discard(worker)
                _kill(worker)
                return
            worker.loaded = True
            self._idle.put(worker)
            self._ready.set()


def _kill(worker: _Worker) -> None:
    if worker.process.is_alive():
        worker.process.kill()
    worker.process.join(timeout=5)
    worker.conn.close()


def _worker_main(conn: Connection) -> None:  # pragma: no cover (runs in the child process)
    """Load the pipeline and data once, then answer jobs until the pipe closes."""
    try:
        from extractor.nlp.pipeline import get_pipeline
        from extractor.official.sources import Registry

        nlp = get_pipeline()
        registry = Registry().load_all()
    except FlowcheckError as exc:
        conn.send(("failed", exc.message))
        return
    except Exception as exc:  # noqa: BLE001 (reported to the parent, which answers 503)
        conn.send(("failed", f"{exc.__class__.__name__}: {exc}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        with nlp.memory_zone():  # each audit's new words are freed after it: a long-lived worker stays flat
            answer = run_job(job, nlp, registry)
        conn.send(answer)


def run_job(job: dict, nlp, registry) -> tuple[int, dict]:
    """One audit → (status, JSON body); user errors are 4xx, anything else a 500 without a trace."""
    from datetime import date

    from pydantic import ValidationError

    from extractor.audit import audit
    from extractor.scrape.extract import extract_html
    from extractor.scrape.inputs import Article, check_length, from_scraped

    try:
        if job.get("html") is not None:
            scraped = extract_html(job["html"], job.get("final_url") or job.get("url"))
            if job.get("url"):
                scraped.url = job["url"]
            article = from_scraped(scraped, job.get("url") or "html")
        else:
            article = Article(text=job["text"], title=job.get("title"))
        if job.get("title"):
            article.title = job["title"]
        check_length(article.text, job["max_text"], "article text")
        published = date.fromisoformat(job["published"]) if job.get("published") else None
        report = audit(article, nlp, registry, published=published)
        if job.get("format") == "html":  # rendered here: the article text and the data are at hand
            from extractor.report.html import to_html

            return 200, {"html": to_html(report, article.text, registry)}
        if job.get("format") == "desk":  # the desk renders the page itself and may store the audit
            return 200, {"report": report.model_dump(mode="json"), "text": article.text}
        return 200, report.model_dump(mode="json")
    except TooLong as exc:
        return 413, {"error": exc.message}
    except FlowcheckError as exc:
        return 400, {"error": exc.message}
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return 422, {"error": f"the article's metadata is not usable: {where}: {first.get('msg', 'invalid')}"}
    except Exception as exc:  # noqa: BLE001 (one line, never a stack trace to the client)
        log.exception("audit failed")
        return 500, {"error": f"internal error ({exc.__class__.__name__}); the request was not completed"}

