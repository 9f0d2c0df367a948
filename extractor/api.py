"""HTTP API: the same audit as the CLI (same code path, same JSON schema), plus the store and
the official data. The spaCy pipeline, the data and the store open once per process.

Limits: request body size (413, counted while the body streams in), article text length (413),
a per-request time budget (504). Audits run in worker processes (``service/runner.py``): a
request over its budget gets its 504 and its worker is killed, so it stops costing CPU and the
next client is served. Every error is JSON ``{"error": …}`` with a 4xx/5xx status, never a stack
trace. URL audits go through the scraper's rules (robots.txt, no private addresses) with one
fetcher per process, so the per-host interval holds across concurrent requests.

The app is assembled here; the routes live beside the audit workers in ``extractor/service/``
(``routes_audit.py``, ``routes_store.py``, ``routes_data.py``, errors in ``errors.py``) and the
desk's pages in ``extractor/web/``. Routes reach the shared workers, fetcher, data and store
through one ``Service`` on ``app.state`` (``service/state.py``).

The text limit is sized to the time budget (``python benchmarks/long_articles.py``): audit cost
is linear in length; on the shared 2-core machine under load it measured 0.12–0.19 s per 1,000
characters (12.9 s for 100,000, 30.6 s for 199,000), so 100,000 characters fit in half the 30 s
budget at the slowest rate measured.
"""

from __future__ import annotations

import os
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from extractor.scrape.fetch import Fetcher, FetchPolicy
from extractor.service import errors, routes_audit, routes_data, routes_store
from extractor.service.guard import Guard
from extractor.service.runner import AuditRunner
from extractor.service.state import Service
from extractor.web import desk_router
from extractor.web import errors as desk_errors

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000  # what one audit gets through in half the budget (see the module docstring)
TIME_BUDGET_SECONDS = 30.0
AUDIT_WORKERS = 2
WORKER_START_SECONDS = 180.0  # longest start-up wait for the first audit worker (a slow, shared machine)


@asynccontextmanager
async def lifespan(app: FastAPI):
    """Serve once audits can run: the workers load the pipeline while the data load here."""
    service: Service = app.state.service
    service.runner.start()
    await run_in_threadpool(service.resources)
    await run_in_threadpool(service.runner.wait_ready, WORKER_START_SECONDS)
    yield
    # workers are left running: test clients run the lifespan per request; they are daemonic
    # and end with this process (``app.state.runner.close()`` ends them earlier)


def create_app(db: str | None = None, *, allow_private: bool = False, time_budget: float = TIME_BUDGET_SECONDS,
               max_text: int = MAX_TEXT_CHARS, audit_workers: int = AUDIT_WORKERS) -> FastAPI:
    """The desk and the API over one store (``db``; default: the user data dir), with these limits."""
    service = Service(db=db, runner=AuditRunner(workers=audit_workers),
                      fetcher=Fetcher(FetchPolicy(allow_private=allow_private)), max_text=max_text,
                      time_budget=time_budget)
    app = FastAPI(title="flowcheck", version="1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Audit capital-flow news against official statistics (MoF weekly, FRED).")
    app.add_middleware(Guard, max_body=MAX_BODY_BYTES)
    app.state.service = service
    app.state.runner = service.runner
    for router in (desk_router, routes_audit.router, routes_store.router, routes_data.router):
        app.include_router(router)
    errors.install(app)
    desk_errors.install(app)  # desk pages answer errors with the desk's HTML page, the API keeps its JSON
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
