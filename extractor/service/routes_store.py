"""``/v1/articles``, ``/v1/claims``, ``/v1/forecasts``: what ``--save`` and the desk stored.
The claims' full JSON stays out of the listings (``/articles/{id}`` on the desk shows it); a store
that cannot be opened answers 503 with its error."""

from __future__ import annotations

from fastapi import APIRouter, Query

from extractor.service.params import IsoDate
from extractor.service.rows import plain
from extractor.service.state import ServiceDep

router = APIRouter()


@router.get("/v1/articles")
async def articles(service: ServiceDep):
    """Saved articles."""
    return [plain(r) for r in service.store().articles()]


@router.get("/v1/claims")
async def claims(service: ServiceDep, verdict: str | None = Query(None, max_length=32),
                 kind: str | None = Query(None, max_length=32), since: IsoDate | None = None,
                 limit: int = Query(500, ge=1, le=5000)):
    """Saved claims, filtered by verdict, kind and publication date."""
    rows = service.store().claims(verdict=verdict, kind=kind, since=since, limit=limit)
    return [{k: v for k, v in plain(r).items() if k != "claim_json"} for r in rows]


@router.get("/v1/forecasts")
async def forecasts(service: ServiceDep, status: str | None = Query(None, max_length=32),
                    forecaster: str | None = Query(None, max_length=200)):
    """Saved forecasts and their status."""
    return [{k: v for k, v in plain(r).items() if k != "claim_json"}
            for r in service.store().forecasts(status=status, forecaster=forecaster)]
