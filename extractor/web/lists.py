"""The desk's listings: stored audits (newest first, with verdict counts), claims (filtered by
verdict, kind and period, downloadable as CSV), forecasts by status, and the official series.
Filters are query parameters of plain GET forms, so every view is a link a reporter can share."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from extractor.errors import InputError
from extractor.report.describe import official, stated
from extractor.report.listing import (
    check_choice,
    check_period,
    claim_fields,
    claim_kinds,
    series_rows,
    to_csv,
    verdicts,
)
from extractor.service.state import ServiceDep
from extractor.store.repository import claim_from_json
from extractor.web.pages import error_page, page
from extractor.web.stored import article_rows, verdict_counts

KINDS = claim_kinds()
FORECAST_GROUPS = [("pending", "Pending"), ("came_true", "Came true"), ("did_not_come_true", "Did not come true"),
                   ("unresolvable", "Cannot be resolved")]
ARTICLE_SORTS = {"audited": "newest check first", "published": "newest story first",
                 "problems": "most problems first", "outlet": "outlet A–Z"}


def filtered_claims(store, verdict: str, kind: str, period: str, q: str = "") -> list[dict]:
    """Stored claims by verdict and kind; ``period`` (2013, 2013-04 or 2013-04-20) matches the
    claim's period end, or the article's publication date for claims with no period; ``q`` is
    looked for in the claim's words, its sentence, its explanation and the story's headline."""
    rows = store.claims(verdict=verdict or None, kind=kind or None)
    if period:
        rows = [r for r in rows if str(r.get("period_end") or r.get("published") or "").startswith(period)]
    if q:
        needle = q.casefold()
        rows = [r for r in rows if any(needle in str(r.get(k) or "").casefold()
                                       for k in ("mention", "text", "explanation", "title"))]
    rows = sorted(rows, key=lambda r: r["pk"])  # the story's own order within an article …
    return sorted(rows, key=lambda r: str(r.get("published") or ""), reverse=True)  # … newest story first


def claim_filters(verdict: str, kind: str, period: str, q: str = "") -> dict:
    """The filters, checked: a value that can match nothing is refused naming the ones that can."""
    filters = {"verdict": verdict.strip(), "kind": kind.strip(), "period": period.strip(), "q": q.strip()}
    check_choice("verdict", filters["verdict"], verdicts())
    check_choice("kind", filters["kind"], KINDS)
    check_period(filters["period"])
    return filters


def _with_words(rows: list[dict], registry) -> list[dict]:
    """What each stored claim states and what the data say, in the report's words."""
    for r in rows:
        try:
            claim = claim_from_json(r["claim_json"])
        except (ValueError, KeyError):  # a row saved by an older flowcheck: the columns still show
            r["stated"], r["official"] = r.get("mention") or "", ""
            continue
        r["stated"], r["official"] = stated(claim), official(claim, registry)
    return rows


router = APIRouter(include_in_schema=False)


@router.get("/articles", response_class=HTMLResponse)
async def articles(service: ServiceDep, q: str = Query("", max_length=200),
                   sort: str = Query("audited", max_length=16)) -> HTMLResponse:
    """Stored audits: searched by headline, outlet and text, sorted as the reader asks."""
    q = q.strip()
    if sort not in ARTICLE_SORTS:
        return page("desk/articles.html", 422, articles=[], here="/articles", q=q, sort="audited", sorts=ARTICLE_SORTS,
                    error=f"unknown sort {sort!r}; choose one of {', '.join(ARTICLE_SORTS)}")
    store = service.store()
    counts = verdict_counts(store)
    rows = article_rows(store, q)
    for a in rows:
        a["counts"] = counts.get(a["id"], [])
        a["audited"] = f"{a['audited_at']:%d %b %Y %H:%M}" if a["audited_at"] else ""
        tally = dict(a["counts"])
        a["problems"] = (tally.get("wrong_direction", 0) + tally.get("inaccurate", 0), tally.get("close", 0))
    rows.sort(key=lambda a: (str(a["audited_at"] or ""), a["id"]), reverse=True)
    if sort == "published":
        rows.sort(key=lambda a: str(a["published"] or ""), reverse=True)
    elif sort == "problems":
        rows.sort(key=lambda a: a["problems"], reverse=True)
    elif sort == "outlet":
        rows.sort(key=lambda a: (a["outlet"] is None, (a["outlet"] or "").casefold()))
    return page("desk/articles.html", articles=rows, here="/articles", q=q, sort=sort, sorts=ARTICLE_SORTS)


@router.get("/claims", response_class=HTMLResponse)
async def claims(service: ServiceDep, verdict: str = Query("", max_length=32), kind: str = Query("", max_length=32),
                 period: str = Query("", max_length=10), q: str = Query("", max_length=200)) -> HTMLResponse:
    choices = {"verdict_choices": verdicts(), "kind_choices": KINDS, "here": "/claims"}
    try:
        filters = claim_filters(verdict, kind, period, q)
    except InputError as exc:
        shown = {"verdict": "", "kind": "", "period": "", "q": q}
        return page("desk/claims.html", 422, claims=[], filters=shown, query="", error=exc.message, **choices)
    rows = _with_words(filtered_claims(service.store(), **filters), service.registry())
    return page("desk/claims.html", claims=rows, filters=filters,
                query=urlencode({k: v for k, v in filters.items() if v}), **choices)


@router.get("/claims.csv")
async def claims_csv(service: ServiceDep, verdict: str = Query("", max_length=32), kind: str = Query("", max_length=32),
                     period: str = Query("", max_length=10), q: str = Query("", max_length=200)) -> Response:
    try:
        filters = claim_filters(verdict, kind, period, q)
    except InputError as exc:
        return error_page(422, "This request cannot be done", exc.message)
    rows = filtered_claims(service.store(), **filters)
    return Response(to_csv(rows, claim_fields()), media_type="text/csv; charset=utf-8",
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
