"""``/v1/series/{id}``: the official data as flowcheck reads them; ``/healthz``: whether this
process can serve (the store's integrity, the audit workers) and what data it holds."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from extractor.errors import FlowcheckError
from extractor.service.errors import ErrorBody, error
from extractor.service.params import IsoDate
from extractor.service.rows import plain
from extractor.service.state import HEALTH_CHECK_INTERVAL, ServiceDep

router = APIRouter()

SERIES_UNITS = {"mof_weekly": "100 million yen", "mof_monthly": "100 million yen",
                "mof_by_investor": "100 million yen", "bop": "100 million yen", "DEXJPUS": "yen per dollar",
                "DGS10": "percent"}
"""The unit of a series' values as served (MoF publishes in 100 million yen)."""


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    store: str = Field(description="ok, or what is wrong with the store")
    store_checked_seconds_ago: float = Field(description="when the store's integrity was last checked")
    store_check_interval_seconds: float = Field(description="the store is re-checked at most this often; an "
                                                "error a request meets is reported at once")
    audit_workers: int = Field(description="audit worker processes with the pipeline loaded (idle or busy)")
    series: list[dict]


@router.get("/v1/series/{series_id}", responses={404: {"model": ErrorBody}})
async def series(series_id: str, service: ServiceDep, start: IsoDate | None = None, end: IsoDate | None = None,
                 limit: int = Query(2000, ge=1, le=50000)):
    """Official data: MoF weekly rows (100 million yen) or FRED daily observations."""
    try:
        source = service.registry().get(series_id)
    except FlowcheckError as exc:
        return error(404, exc.message)
    frame = source.load().frame
    key = "period_end" if "period_end" in frame.columns else "date"
    if start:
        frame = frame[frame[key] >= start]
    if end:
        frame = frame[frame[key] <= end]
    rows = frame.head(limit).to_dict("records")
    return {"series": series_id, "vintage": source.vintage().to_dict(), "unit": SERIES_UNITS.get(series_id, ""),
            "rows": [plain(r) for r in rows]}


@router.get("/healthz", response_model=Health, responses={503: {"model": Health}})
async def healthz(service: ServiceDep):
    """Liveness: the store's integrity, the audit workers, and the coverage and vintage of every series."""
    out = []
    for source in service.registry().all():
        cov = source.coverage()
        out.append({"series": source.source_id, "start": cov.start.isoformat(), "end": cov.end.isoformat(),
                    "observations": cov.observations, "vintage": source.vintage().label})
    store_state, checked_ago = await run_in_threadpool(service.store_health)
    runner = service.runner
    healthy = store_state == "ok" and not runner.failure
    body = {"status": "ok" if healthy else "degraded", "store": store_state,
            "store_checked_seconds_ago": round(checked_ago, 1), "store_check_interval_seconds": HEALTH_CHECK_INTERVAL,
            "audit_workers": runner.alive(), "series": out}
    return JSONResponse(body, status_code=200 if healthy else 503)
