"""HTTP API: the same audit as the CLI (same code path, same JSON schema), plus the store and
the official data. The spaCy pipeline, the data and the store open once per process.

Limits: request body size (413), article text length (413), a per-request time budget (504);
every error is JSON ``{"error": …}`` with a 4xx/5xx status, never a stack trace. URL audits go
through the scraper's rules (robots.txt, no private addresses).
"""

from __future__ import annotations

import asyncio
import threading
from contextlib import asynccontextmanager
from datetime import date
from typing import Literal

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.claims.model import AuditReport
from extractor.errors import FetchError, FlowcheckError, InputError
from extractor.web import desk_router

MAX_BODY_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
TIME_BUDGET_SECONDS = 30.0


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
    status: Literal["ok"]
    series: list[dict]


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(db: str | None = None, *, allow_private: bool = False, time_budget: float = TIME_BUDGET_SECONDS,
               max_text: int = MAX_TEXT_CHARS) -> FastAPI:
    state: dict = {}
    ready = threading.Lock()

    def resources() -> dict:
        """Pipeline, data and store, loaded once per process on first use (or at startup)."""
        with ready:
            if not state:
                from extractor.nlp.pipeline import get_pipeline
                from extractor.official.sources import Registry
                from extractor.store.repository import Store

                registry = Registry()
                for source in registry.all():
                    source.load()
                state.update(nlp=get_pipeline(), registry=registry, store=Store.open(db),
                             lock=threading.Lock())  # one spaCy pipeline shared by the worker threads
        return state

    @asynccontextmanager
    async def lifespan(_: FastAPI):
        await run_in_threadpool(resources)
        yield

    app = FastAPI(title="flowcheck", version="1.0", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Audit capital-flow news against official statistics (MoF weekly, FRED).")
    app.include_router(desk_router(resources, allow_private=allow_private, max_text=max_text, time_budget=time_budget))

    @app.middleware("http")
    async def limit_body(request: Request, call_next):
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return error(413, f"request body over {MAX_BODY_BYTES:,} bytes")
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
        return error(422, f"{where + ': ' if where else ''}{first.get('msg', 'invalid request')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return error(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception):
        return error(500, f"internal error ({exc.__class__.__name__}); the request was not completed")

    def _audit(body: AuditRequest) -> AuditReport:
        from extractor.audit import audit
        from extractor.scrape.fetch import Fetcher, FetchPolicy
        from extractor.scrape.inputs import Article, from_html, is_url, load_article

        res = resources()
        if body.url:
            if not is_url(body.url):
                raise InputError(f"not an http(s) URL: {body.url[:100]}")
            article = load_article(body.url, Fetcher(FetchPolicy(allow_private=allow_private)))
        elif body.html:
            article = from_html(body.html, "html")
        else:
            if not (body.text or "").strip():
                raise InputError("text is empty")
            article = Article(text=body.text or "", title=body.title)
        if body.title:
            article.title = body.title
        if len(article.text) > max_text:
            raise TooLong(f"article text over {max_text:,} characters")
        with res["lock"]:
            return audit(article, res["nlp"], res["registry"], published=body.published)

    @app.post("/v1/audit", response_model=AuditReport,
              responses={400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                         504: {"model": ErrorBody}})
    async def audit_article(body: AuditRequest):
        """Extract the article's claims and check each against the official data (as `flowcheck audit`)."""
        for value in (body.text, body.html):
            if value and len(value) > max_text * 5:
                return error(413, f"article over {max_text:,} characters")
        try:
            report = await asyncio.wait_for(run_in_threadpool(_audit, body), timeout=time_budget)
        except TimeoutError:
            return error(504, f"the audit took longer than {time_budget:.0f} s")
        except TooLong as exc:
            return error(413, exc.message)
        except (InputError, FetchError) as exc:
            return error(400, exc.message)
        except FlowcheckError as exc:
            return error(400, exc.message)
        return JSONResponse(report.model_dump(mode="json"))

    @app.get("/v1/articles")
    async def articles():
        """Saved articles."""
        return [_plain(r) for r in resources()["store"].articles()]

    @app.get("/v1/claims")
    async def claims(verdict: str | None = Query(None, max_length=32), kind: str | None = Query(None, max_length=32),
                     since: date | None = None, limit: int = Query(500, ge=1, le=5000)):
        """Saved claims, filtered by verdict, kind and publication date."""
        rows = resources()["store"].claims(verdict=verdict, kind=kind, since=since, limit=limit)
        return [{k: v for k, v in _plain(r).items() if k != "claim_json"} for r in rows]

    @app.get("/v1/forecasts")
    async def forecasts(status: str | None = Query(None, max_length=32),
                        forecaster: str | None = Query(None, max_length=200)):
        """Saved forecasts and their status."""
        return [{k: v for k, v in _plain(r).items() if k != "claim_json"}
                for r in resources()["store"].forecasts(status=status, forecaster=forecaster)]

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

    @app.get("/healthz", response_model=Health)
    async def healthz():
        """Liveness, with the coverage and vintage of every series."""
        out = []
        for source in resources()["registry"].all():
            cov = source.coverage()
            out.append({"series": source.source_id, "start": cov.start.isoformat(), "end": cov.end.isoformat(),
                        "observations": cov.observations, "vintage": source.vintage().label})
        return {"status": "ok", "series": out}

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` with several worker processes (``flowcheck serve --workers``)."""
    import os

    return create_app(os.environ.get("FLOWCHECK_API_DB") or None,
                      allow_private=os.environ.get("FLOWCHECK_ALLOW_PRIVATE", "") in ("1", "true", "yes"))


class TooLong(FlowcheckError):
    """The article is over the API's length limit."""


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
