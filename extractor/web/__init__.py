"""The journalist's desk: server-rendered pages over the same audit, store and data the API
uses — check a story from a form, browse stored audits, claims, forecasts and the official
series — plus API docs that work offline. No JavaScript is needed and nothing is fetched from
a CDN; every page comes from the autoescaped templates in ``extractor/report/templates/``.

``create_app`` mounts it with one line: ``app.include_router(desk_router(resources, …))``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from extractor.scrape.fetch import Fetcher
from extractor.service.runner import AuditRunner
from extractor.web import docs, lists, pages


def desk_router(resources: Callable[[], dict], *, runner: AuditRunner, fetcher: Fetcher, max_text: int,
                time_budget: float) -> APIRouter:
    """All desk pages and ``/docs``. ``resources()`` gives the process's registry and store; audits
    run in the API's worker processes (``runner``) and URLs are fetched with its shared, polite
    ``fetcher``, so a story checked from the form is bounded exactly like one sent to the API."""
    router = APIRouter(include_in_schema=False)
    router.include_router(pages.router(resources, runner=runner, fetcher=fetcher, max_text=max_text,
                                       time_budget=time_budget))
    router.include_router(lists.router(resources))
    router.include_router(docs.router())
    return router
