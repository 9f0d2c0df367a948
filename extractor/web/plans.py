"""``/forecasts/plans``: the life insurers' investment plans for each fiscal half or year,
beside what MoF's life-insurer series showed, each plan linked to its story, with a chart of
the period's monthly net flows (``extractor/store/plans.py`` builds the periods)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from extractor.service.state import ServiceDep
from extractor.store import plans
from extractor.web.pages import page

router = APIRouter()


@router.get("/forecasts/plans", response_class=HTMLResponse)
async def plans_page(service: ServiceDep) -> HTMLResponse:
    periods = plans.build(service.store(), service.registry())
    return page("desk/plans.html", periods=periods, shown=plans.shown, here="/forecasts")
