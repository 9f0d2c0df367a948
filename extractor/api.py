"""HTTP API: the same audit as the CLI (same code path, same JSON schema), plus the store and
the official data. The spaCy pipeline, the data and the store open once per process.

Limits: request body size (413, counted while the body streams in), article text length (413),
a per-request time budget (504). Audits run in worker processes (``service/runner.py``): a
request over its budget gets its 504 and its worker is killed, so it stops costing CPU and the
next client is served. Every error is JSON ``{"error": …}`` with a 4xx/5xx status, never a stack
trace. URL audits go through the scraper's rules (robots.txt, no private addresses) with one
fetcher per process, so the per-host interval holds across concurrent requests.

The text limit is sized to the time budget (``python benchmarks/long_articles.py``): audit cost
is linear in length; on the shared 2-core machine under load it measured 0.12–0.19 s per 1,000
characters (12.9 s for 100,000, 30.6 s for 199,000), so 100,000 characters fit in half the 30 s
budget at the slowest rate measured.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from contextlib import asynccontextmanager
from datetime import date
from typing import Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.claims.model import AuditReport
from extractor.errors import FetchError, FlowcheckError, InputError, TooLong
from extractor.service.guard import Guard
from extractor.service.runner import AuditRunner, AuditTimeout
from extractor.web import desk_router

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000  # what one audit gets through in half the budget (see the module docstring)
TIME_BUDGET_SECONDS = 30.0
AUDIT_WORKERS = 2
WORKER_START_SECONDS = 180.0  # longest start-up wait for the first audit worker (a slow, shared machine)
HEALTH_CHECK_INTERVAL = 60.0  # seconds between two integrity checks of the store by /healthz


class AuditRequest(BaseModel):
    """One article: a URL to scrape, an HTML page, or plain text."""

    url: str | None = Field(None, max_length=2048, description="Article URL to scrape (public addresses only).")
    html: str | None = Field(None, description="The article's HTML page.")
    text: str | None = Field(None, description="The article's text.")
    published: date | None = Field(None, description="Publication date; overrides the scraped one.")
    title: str | None = Field(None, max_length=1000)

    @model_validator(mode="after")
    def one_source(self) -> AuditRequest:
        given = [k for k in ("url", "html", "text") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of url, html or text")
        return self


class ErrorBody(BaseModel):
    error: str


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    store: str = Field(description="ok, or what is wrong with the store")
    audit_workers: int = Field(description="audit worker processes with the pipeline loaded (idle or busy)")
    series: list[dict]


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(db: str | None = None, *, allow_private: bool = False, time_budget: float = TIME_BUDGET_SECONDS,
               max_text: int = MAX_TEXT_CHARS, audit_workers: int = AUDIT_WORKERS) -> FastAPI:
    from extractor.scrape.fetch import Fetcher, FetchPolicy

    state: dict = {}
    ready = threading.Lock()
    runner = AuditRunner(workers=audit_workers)
    fetcher = Fetcher(FetchPolicy(allow_private=allow_private))  # shared: robots cache and per-host interval

    def resources() -> dict:
        """Data and store, loaded once per process on first use (or at startup); the pipeline
        lives in the audit workers. A store that cannot be opened is kept as its error."""
        with ready:
            if not state:
                from extractor.official.sources import Registry

                registry = Registry()
                for source in registry.all():
                    source.load()
                state.update(registry=registry, store=_open_store(db))
        return state

    def store():
        opened = resources()["store"]
        if isinstance(opened, FlowcheckError):
            raise opened
        return opened

    def store_health() -> str:
        """"ok" or the store's error; ``PRAGMA quick_check`` reads every page, so a frequently
        polled /healthz re-checks at most once a minute."""
        checked = state.get("store_checked")
        if checked and time.monotonic() - checked[0] < HEALTH_CHECK_INTERVAL:
            return checked[1]
        try:
            store().check_integrity()
            verdict = "ok"
        except FlowcheckError as exc:
            verdict = exc.message
        state["store_checked"] = (time.monotonic(), verdict)
        return verdict

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        runner.start()  # workers load the pipeline while the data load here
        await run_in_threadpool(resources)
        await run_in_threadpool(runner.wait_ready, WORKER_START_SECONDS)  # serve once audits can run
        yield
        # workers are left running: test clients run the lifespan per request; they are daemonic
        # and end with this process (``app.state.runner.close()`` ends them earlier)

    app = FastAPI(title="flowcheck", version="1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Audit capital-flow news against official statistics (MoF weekly, FRED).")
    app.add_middleware(Guard, max_body=MAX_BODY_BYTES)
    app.state.runner = runner
    app.include_router(desk_router(resources, runner=runner, fetcher=fetcher, max_text=max_text,
                                   time_budget=time_budget))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
        return error(422, f"{where + ': ' if where else ''}{first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(FlowcheckError)
    async def flowcheck_error(_: Request, exc: FlowcheckError):
        from extractor.store.repository import StoreError

        return error(503 if isinstance(exc, StoreError) else 400, exc.message)

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception):
        return error(500, f"internal error ({exc.__class__.__name__}); the request was not completed")

    def _job(body: AuditRequest) -> dict:
        """What the worker needs: URLs are fetched here, with the process's shared fetcher."""
        from extractor.scrape.inputs import is_url

        job = {"title": body.title, "published": body.published.isoformat() if body.published else None,
               "max_text": max_text, "html": body.html, "text": body.text}
        if body.url:
            if not is_url(body.url):
                raise InputError(f"not an http(s) URL: {body.url[:100]}")
            page = fetcher.get(body.url)
            job.update(html=page.text, url=body.url, final_url=page.url)
        elif body.text is not None:
            if not body.text.strip():
                raise InputError("text is empty")
            if len(body.text) > max_text:
                raise TooLong(f"article text is {len(body.text):,} characters, over the {max_text:,}-character limit")
        return job

    @app.post("/v1/audit", response_model=AuditReport,
              responses={400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                         503: {"model": ErrorBody}, 504: {"model": ErrorBody}})
    async def audit_article(body: AuditRequest, format: Literal["json", "html"] = Query(  # noqa: A002
            "json", description="json (the audit report) or html (the one-file report page, as `-f html`)")):
        """Extract the article's claims and check each against the official data (as `flowcheck audit`)."""
        for value in (body.text, body.html):
            if value and len(value) > max_text * 5:
                return error(413, f"article over {max_text:,} characters")
        started = time.monotonic()
        try:
            job = {**await asyncio.wait_for(run_in_threadpool(_job, body), timeout=time_budget), "format": format}
            remaining = time_budget - (time.monotonic() - started)
            status, payload = await run_in_threadpool(runner.call, job, remaining)
        except (TimeoutError, AuditTimeout):
            return error(504, f"the audit took longer than {time_budget:.0f} s and was stopped")
        except TooLong as exc:
            return error(413, exc.message)
        except (InputError, FetchError) as exc:
            return error(400, exc.message)
        if status == 200 and format == "html":
            return HTMLResponse(payload["html"])
        return JSONResponse(payload, status_code=status)

    @app.get("/v1/articles")
    async def articles():
        """Saved articles."""
        return [_plain(r) for r in store().articles()]

    @app.get("/v1/claims")
    async def claims(verdict: str | None = Query(None, max_length=32), kind: str | None = Query(None, max_length=32),
                     since: date | None = None, limit: int = Query(500, ge=1, le=5000)):
        """Saved claims, filtered by verdict, kind and publication date."""
        rows = store().claims(verdict=verdict, kind=kind, since=since, limit=limit)
        return [{k: v for k, v in _plain(r).items() if k != "claim_json"} for r in rows]

    @app.get("/v1/forecasts")
    async def forecasts(status: str | None = Query(None, max_length=32),
                        forecaster: str | None = Query(None, max_length=200)):
        """Saved forecasts and their status."""
        return [{k: v for k, v in _plain(r).items() if k != "claim_json"}
                for r in store().forecasts(status=status, forecaster=forecaster)]

    @app.get("/v1/series/{series_id}", responses={404: {"model": ErrorBody}})
    async def series(series_id: str, start: date | None = None, end: date | None = None,
                     limit: int = Query(2000, ge=1, le=50000)):
        """Official data: MoF weekly rows (100 million yen) or FRED daily observations."""
        registry = resources()["registry"]
        try:
            source = registry.get(series_id)
        except FlowcheckError as exc:
            return error(404, exc.message)
        frame = source.load().frame
        key = "period_end" if "period_end" in frame.columns else "date"
        if start:
            frame = frame[frame[key] >= start]
        if end:
            frame = frame[frame[key] <= end]
        rows = frame.head(limit).to_dict("records")
        return {"series": series_id, "vintage": source.vintage().to_dict(), "unit": _unit(series_id),
                "rows": [_plain(r) for r in rows]}

    @app.get("/healthz", response_model=Health, responses={503: {"model": Health}})
    async def healthz():
        """Liveness: the store's integrity, the audit workers, and the coverage and vintage of every series."""
        out = []
        for source in resources()["registry"].all():
            cov = source.coverage()
            out.append({"series": source.source_id, "start": cov.start.isoformat(), "end": cov.end.isoformat(),
                        "observations": cov.observations, "vintage": source.vintage().label})
        store_state = await run_in_threadpool(store_health)
        healthy = store_state == "ok" and not runner.failure
        body = {"status": "ok" if healthy else "degraded", "store": store_state, "audit_workers": runner.alive(),
                "series": out}
        return JSONResponse(body, status_code=200 if healthy else 503)

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes (``flowcheck serve --workers``).
    FLOWCHECK_API_MAX_TEXT, FLOWCHECK_API_TIME_BUDGET and FLOWCHECK_AUDIT_WORKERS override the limits."""
    env = os.environ.get
    return create_app(env("FLOWCHECK_API_DB") or None,
                      allow_private=env("FLOWCHECK_ALLOW_PRIVATE", "") in ("1", "true", "yes"),
                      max_text=int(env("FLOWCHECK_API_MAX_TEXT") or MAX_TEXT_CHARS),
                      time_budget=float(env("FLOWCHECK_API_TIME_BUDGET") or TIME_BUDGET_SECONDS),
                      audit_workers=int(env("FLOWCHECK_AUDIT_WORKERS") or AUDIT_WORKERS))


def _open_store(db: str | None):
    """The store, or the StoreError that opening it raised (reported by /healthz and as 503s)."""
    from extractor.store.repository import Store

    try:
        return Store.open(db)
    except FlowcheckError as exc:
        return exc


def _unit(series_id: str) -> str:
    return {"mof_weekly": "100 million yen", "mof_monthly": "100 million yen", "mof_by_investor": "100 million yen",
            "bop": "100 million yen", "DEXJPUS": "yen per dollar", "DGS10": "percent"}.get(series_id, "")


def _plain(row: dict) -> dict:
    out = {}
    for key, value in row.items():
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        elif hasattr(value, "item"):
            value = value.item()
        if isinstance(value, float) and value != value:  # NaN: MoF's "-"/"―" (no figure) → JSON null
            value = None
        out[key] = value
    return out
