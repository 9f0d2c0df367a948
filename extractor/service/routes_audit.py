"""``POST /v1/audit``: the same audit as ``flowcheck audit`` (same code path, same JSON schema).

The audit itself runs in a worker process (``service/runner.py``) within the time budget; a URL
is fetched here first, with the app's shared polite fetcher and the scraper's address rules, so
the per-host interval holds across concurrent requests and the time spent fetching counts
against the budget too."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError
from starlette.concurrency import run_in_threadpool

from extractor.claims.model import AuditReport
from extractor.errors import FetchError, InputError, TooLong
from extractor.service.errors import ErrorBody, error
from extractor.service.params import IsoDate
from extractor.service.runner import AuditTimeout
from extractor.service.state import Service, ServiceDep

router = APIRouter()


SOURCES = ("url", "html", "text")


class AuditRequest(BaseModel):
    """One article: a URL to scrape, an HTML page, or plain text — exactly one of the three."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={
        # what ``one_source`` enforces, said in the schema: exactly one of the three, not empty
        "oneOf": [{"required": [name]} for name in SOURCES]})

    # None only when left out: a source that is given is a non-empty string, never null
    # ({"html": null} would satisfy the schema's oneOf and leave the audit with nothing to read)
    url: str = Field(None, min_length=1, max_length=2048,
                     description="Article URL to scrape (public addresses only).")
    html: str = Field(None, min_length=1, description="The article's HTML page.")
    text: str = Field(None, min_length=1, description="The article's text.")
    published: IsoDate | None = Field(
        None, description="Publication date YYYY-MM-DD, not in the future; overrides the scraped one.")
    title: str | None = Field(None, max_length=1000)

    @model_validator(mode="before")
    @classmethod
    def known_fields(cls, data: Any) -> Any:
        """A misspelt field ("pubished") is refused by name, with the names allowed, instead of
        being dropped silently."""
        if isinstance(data, dict):
            unknown = [str(k) for k in data if k not in cls.model_fields]
            if unknown:
                raise PydanticCustomError(
                    "unknown_field", "unknown field {unknown}; the fields are {allowed}",
                    {"unknown": ", ".join(repr(k) for k in unknown), "allowed": ", ".join(cls.model_fields)})
        return data

    @model_validator(mode="after")
    def one_source(self) -> AuditRequest:
        given = [k for k in SOURCES if k in self.model_fields_set]
        if len(given) != 1:
            raise PydanticCustomError("one_source", "give exactly one of url, html or text" + (
                f", not {' and '.join(given)}" if given else ""))
        return self


def audit_job(body: AuditRequest, service: Service) -> dict:
    """What the worker needs: URLs are fetched here, with the process's shared fetcher."""
    from extractor.scrape.inputs import is_url, not_in_future

    if body.published is not None:
        not_in_future(body.published, what="published date")
    max_text = service.max_text
    job = {"title": body.title, "published": body.published.isoformat() if body.published else None,
           "max_text": max_text, "html": body.html, "text": body.text}
    if body.url:
        if not is_url(body.url):
            raise InputError(f"not an http(s) URL: {body.url[:100]}")
        page = service.fetcher.get(body.url)
        job.update(html=page.text, url=body.url, final_url=page.url)
    elif body.text is not None:
        if not body.text.strip():
            raise InputError("text is empty")
        if len(body.text) > max_text:
            raise TooLong(f"article text is {len(body.text):,} characters, over the {max_text:,}-character limit")
    return job


@router.post("/v1/audit", response_model=AuditReport,
             responses={200: {"content": {"text/html": {"schema": {"type": "string"}}},
                              "description": "The audit report (JSON), or with ?format=html the report page"},
                        400: {"model": ErrorBody}, 413: {"model": ErrorBody}, 422: {"model": ErrorBody},
                        503: {"model": ErrorBody}, 504: {"model": ErrorBody}})
async def audit_article(body: AuditRequest, service: ServiceDep, format: Literal["json", "html"] = Query(  # noqa: A002
        "json", description="json (the audit report) or html (the one-file report page, as `-f html`)")):
    """Extract the article's claims and check each against the official data (as `flowcheck audit`)."""
    max_text, time_budget = service.max_text, service.time_budget
    for value in (body.text, body.html):
        if value and len(value) > max_text * 5:
            return error(413, f"article over {max_text:,} characters")
    started = time.monotonic()
    try:
        job = {**await asyncio.wait_for(run_in_threadpool(audit_job, body, service), timeout=time_budget),
               "format": format}
        remaining = time_budget - (time.monotonic() - started)
        status, payload = await run_in_threadpool(service.runner.call, job, remaining)
    except (TimeoutError, AuditTimeout):
        return error(504, f"the audit took longer than {time_budget:.0f} s and was stopped")
    except TooLong as exc:
        return error(413, exc.message)
    except (InputError, FetchError) as exc:
        return error(400, exc.message)
    if status == 200 and format == "html":
        return HTMLResponse(payload["html"])
    return JSONResponse(payload, status_code=status)
