"""The journalist's desk: server-rendered pages over the same audit, store and data the API
uses — check a story from a form, browse stored audits, claims, forecasts and the official
series — plus API docs that work offline. No JavaScript is needed and nothing is fetched from
a CDN; every page comes from the autoescaped templates in ``extractor/report/templates/``.

Like the API's routes (``extractor/service/routes_*.py``), the pages reach the app's audit
workers, fetcher, data and store through the ``Service`` dependency (``service/state.py``), so a
story checked from the form is bounded exactly like one sent to the API. ``create_app`` mounts
them with one line: ``app.include_router(desk_router)``.
"""

from __future__ import annotations

from fastapi import APIRouter

from extractor.web import docs, lists, pages, plans

desk_router = APIRouter(include_in_schema=False)
"""All desk pages and ``/docs``."""
desk_router.include_router(pages.router)
desk_router.include_router(plans.router)  # issue 22: /forecasts/plans, before /forecasts/{…}
desk_router.include_router(lists.router)
desk_router.include_router(docs.router)
