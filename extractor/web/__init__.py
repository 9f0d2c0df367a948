"""The journalist's desk: server-rendered pages over the same audit, store and data the API
uses — check a story from a form, browse stored audits, claims, forecasts and the official
series — plus API docs that work offline. No JavaScript is needed and nothing is fetched from
a CDN; every page comes from the autoescaped templates in ``extractor/report/templates/``.

``create_app`` mounts it with one line: ``app.include_router(desk_router(resources, …))``.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter

from extractor.web import docs, lists, pages


def desk_router(resources: Callable[[], dict], *, allow_private: bool = False, max_text: int = 200_000,
                time_budget: float = 30.0) -> APIRouter:
    """All desk pages and ``/docs``; ``resources()`` gives the process's pipeline, registry and store."""
    router = APIRouter(include_in_schema=False)
    router.include_router(pages.router(resources, allow_private=allow_private, max_text=max_text,
                                       time_budget=time_budget))
    router.include_router(lists.router(resources))
    router.include_router(docs.router())
    return router
