"""``/v1/articles``, ``/v1/claims``, ``/v1/forecasts``: what ``--save`` and the desk stored.
The claims' full JSON stays out of the listings (``/articles/{id}`` on the desk shows it); a store
that cannot be opened answers 503 with its error."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query

from extractor.errors import InputError
from extractor.report.listing import FORECAST_STATUSES, check_choice, claim_kinds, verdicts
from extractor.service.params import IsoDate
from extractor.service.rows import plain
from extractor.service.state import ServiceDep

router = APIRouter()


def _refuse_unknown(*filters: tuple[str, str | None, list[str] | tuple[str, ...]]) -> None:
    """A filter value that can match nothing is a 422 naming the values that can (not 200 with []);
    the OpenAPI schema lists the same values as an enum, so the contract says what is enforced."""
    for name, value, allowed in filters:
        try:
            check_choice(name, value, allowed)
        except InputError as exc:
            raise HTTPException(422, exc.message) from exc


@router.get("/v1/articles")
async def articles(service: ServiceDep):
    """Saved articles."""
    return [plain(r) for r in service.store().articles()]


@router.get("/v1/claims")
async def claims(service: ServiceDep,
                 verdict: str | None = Query(None, max_length=32, json_schema_extra={"enum": verdicts()}),
                 kind: str | None = Query(None, max_length=32, json_schema_extra={"enum": claim_kinds()}),
                 since: IsoDate | None = None,
                 limit: int = Query(500, ge=1, le=5000)):
    """Saved claims, filtered by verdict, kind and publication date."""
    _refuse_unknown(("verdict", verdict, verdicts()), ("kind", kind, claim_kinds()))
    rows = service.store().claims(verdict=verdict, kind=kind, since=since, limit=limit)
    return [{k: v for k, v in plain(r).items() if k != "claim_json"} for r in rows]


@router.get("/v1/forecasts")
async def forecasts(service: ServiceDep,
                    status: str | None = Query(None, max_length=32, json_schema_extra={"enum": list(FORECAST_STATUSES)}),
                    forecaster: str | None = Query(None, max_length=200)):
    """Saved forecasts and their status."""
    _refuse_unknown(("status", status, FORECAST_STATUSES))
    return [{k: v for k, v in plain(r).items() if k != "claim_json"}
            for r in service.store().forecasts(status=status, forecaster=forecaster)]
