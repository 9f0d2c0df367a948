"""The desk's listings: stored audits (newest first, with verdict counts), claims (filtered by
verdict, kind and period, downloadable as CSV), forecasts by status, and the official series.
Filters are query parameters of plain GET forms, so every view is a link a reporter can share."""

from __future__ import annotations

from typing import get_args
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from extractor.claims.model import Claim, Verdict
from extractor.report.listing import series_rows, to_csv
from extractor.service.state import ServiceDep
from extractor.web.pages import page
from extractor.web.stored import verdict_counts

KINDS = [t.model_fields["kind"].default for t in get_args(get_args(Claim)[0])]
FORECAST_GROUPS = [("pending", "Pending"), ("came_true", "Came true"), ("did_not_come_true", "Did not come true"),
                   ("unresolvable", "Cannot be resolved")]


def filtered_claims(store, verdict: str, kind: str, period: str) -> list[dict]:
    """Stored claims by verdict and kind; ``period`` (2013, 2013-04 or 2013-04-20) matches the
    claim's period end, or the article's publication date for claims with no period."""
    rows = store.claims(verdict=verdict or None, kind=kind or None)
    if period:
        rows = [r for r in rows if str(r.get("period_end") or r.get("published") or "").startswith(period)]
    rows = sorted(rows, key=lambda r: r["pk"])  # the story's own order within an article …
    return sorted(rows, key=lambda r: str(r.get("published") or ""), reverse=True)  # … newest story first


def claim_filters(verdict: str, kind: str, period: str) -> dict:
    return {"verdict": verdict, "kind": kind, "period": period.strip()}


router = APIRouter(include_in_schema=False)


@router.get("/articles", response_class=HTMLResponse)
async def articles(service: ServiceDep) -> HTMLResponse:
    store = service.store()
    counts = verdict_counts(store)
    rows = sorted(store.articles(), key=lambda a: (str(a["audited_at"] or ""), a["id"]), reverse=True)
    for a in rows:
        a["counts"] = counts.get(a["id"], [])
        a["audited"] = f"{a['audited_at']:%d %b %Y %H:%M}" if a["audited_at"] else ""
    return page("desk/articles.html", articles=rows, here="/articles")


@router.get("/claims", response_class=HTMLResponse)
async def claims(service: ServiceDep, verdict: str = Query("", max_length=32), kind: str = Query("", max_length=32),
                 period: str = Query("", max_length=10)) -> HTMLResponse:
    filters = claim_filters(verdict, kind, period)
    rows = filtered_claims(service.store(), **filters)
    return page("desk/claims.html", claims=rows, filters=filters, here="/claims",
                query=urlencode({k: v for k, v in filters.items() if v}),
                verdict_choices=[v.value for v in Verdict], kind_choices=KINDS)


@router.get("/claims.csv")
async def claims_csv(service: ServiceDep, verdict: str = Query("", max_length=32), kind: str = Query("", max_length=32),
                     period: str = Query("", max_length=10)) -> Response:
    rows = filtered_claims(service.store(), **claim_filters(verdict, kind, period))
    return Response(to_csv(rows), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="claims.csv"'})


@router.get("/forecasts", response_class=HTMLResponse)
async def forecasts(service: ServiceDep) -> HTMLResponse:
    store = service.store()
    titles = {a["id"]: a["title"] or a["url"] for a in store.articles()}
    rows = store.forecasts()
    for f in rows:
        f["title"] = titles.get(f["article_id"])
    groups = [(s, words, [f for f in rows if f["status"] == s]) for s, words in FORECAST_GROUPS]
    return page("desk/forecasts.html", groups=groups, here="/forecasts")


@router.get("/forecasts/scorecard", response_class=HTMLResponse)
async def scorecard(service: ServiceDep) -> HTMLResponse:  # issue 12: per forecaster and affiliation, each entry linked
    from extractor.store.scorecard import build

    return page("desk/scorecard.html", card=build(service.store()), here="/forecasts")


@router.get("/data", response_class=HTMLResponse)
async def data(service: ServiceDep) -> HTMLResponse:
    return page("desk/data.html", series=series_rows(service.registry()), here="/data")
