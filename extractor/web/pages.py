"""The desk's story check: ``/`` shows the form (a URL or the text, an optional headline and
publication date, "save to the store", on unless unticked), ``POST /audit`` runs the same audit
as ``flowcheck audit``, saves it, and redirects to the check's own address ``/check/<key>``
(``web/checks.py``), which shows the same report page as ``-f html`` plus the desk's navigation,
what saving did (a new article, or which article it updated and what changed) or a "Save to the
store" button. Reloading or sharing that address shows the report again; ``/articles/{id}``
shows a stored audit. Plain HTML forms: it all works with JavaScript off. Bad input gets the form
back with one clear line, status 400."""

from __future__ import annotations

import asyncio
import time
from dataclasses import asdict, dataclass

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from extractor.claims.model import AuditReport
from extractor.errors import FetchError, FlowcheckError, InputError
from extractor.report.html import context
from extractor.report.templating import render
from extractor.scrape.fetch import Fetcher
from extractor.service.runner import AuditTimeout
from extractor.service.state import ServiceDep
from extractor.web import checks
from extractor.web.stored import article_by_key, before_saving, stored_report, what_changed


@dataclass
class StoryForm:
    url: str = ""
    text: str = ""
    title: str = ""
    published: str = ""
    save: bool = True  # on by default; a reader unticks it to check without keeping the story


def page(template: str, status: int = 200, **values) -> HTMLResponse:
    return HTMLResponse(render(template, **values), status_code=status)


def error_page(status: int, heading: str, message: str) -> HTMLResponse:
    return page("desk/error.html", status, heading=heading, error=message, here="")


def story_job(form: StoryForm, *, fetcher: Fetcher, max_text: int) -> dict:
    """The audit job behind the form, as the API builds it: a URL is fetched here with the shared
    polite fetcher (its own address rules apply), the audit itself runs in a worker."""
    from extractor.scrape.inputs import is_url, parse_published

    url, text = form.url.strip(), form.text.strip()
    if url and text:
        raise InputError("give the story's address or its text, not both")
    if not url and not text:
        raise InputError("paste the story's address or its text")
    published = parse_published(form.published, what="publication date") if form.published.strip() else None
    job = {"title": form.title.strip() or None, "published": published.isoformat() if published else None,
           "max_text": max_text, "format": "desk"}
    if url:
        if not is_url(url):
            raise InputError(f"not an http(s) address: {url[:100]}")
        fetched = fetcher.get(url)
        job.update(html=fetched.text, url=url, final_url=fetched.url)
    else:
        if len(text) > max_text:
            raise InputError(f"the story is over {max_text:,} characters")
        job["text"] = form.text.replace("\r\n", "\n")
    return job


router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def index() -> HTMLResponse:
    return page("desk/index.html", form=StoryForm(), here="/")


@router.get("/audit")
async def audit_form() -> RedirectResponse:
    """A GET of the form's target (a bookmark, a reload after an old POST): the form."""
    return RedirectResponse("/", status_code=303)


def _message(exc: FlowcheckError) -> str:
    """A one-line error for the web: a fetch that failed says to paste the text, never names the
    CLI's switches (``--allow-private``) a reader of the desk cannot pass."""
    if isinstance(exc, FetchError):
        return f"{exc.message}. Paste the story's text instead."
    return exc.message + (f" ({exc.hint})" if exc.hint else "")


@router.post("/audit", response_class=HTMLResponse)
async def check(service: ServiceDep, url: str = Form(""), text: str = Form(""), title: str = Form(""),
                published: str = Form(""), save: str = Form("")) -> Response:
    form = StoryForm(url=url, text=text, title=title, published=published, save=bool(save))
    time_budget = service.time_budget
    started = time.monotonic()
    try:
        job = await asyncio.wait_for(run_in_threadpool(story_job, form, fetcher=service.fetcher,
                                                       max_text=service.max_text), timeout=time_budget)
        status, payload = await run_in_threadpool(service.runner.call, job, time_budget - (time.monotonic() - started))
    except (TimeoutError, AuditTimeout):
        return page("desk/index.html", 504, form=form, here="/",
                    error=f"The check took longer than {time_budget:.0f} s and was stopped; try the text alone.")
    except FlowcheckError as exc:
        return page("desk/index.html", 400, form=form, here="/", error=_message(exc))
    if status != 200:
        return page("desk/index.html", status, form=form, here="/", error=payload.get("error", "the check failed"))
    report, body = AuditReport.model_validate(payload["report"]), payload["text"]
    kept = checks.Check(report=report, text=body, form=asdict(form))
    if form.save:
        store = service.store()
        before = await run_in_threadpool(before_saving, store, report.article.url, body)
        kept.saved_id, kept.saved_new = await run_in_threadpool(store.save_report, report, body)
        kept.changes = what_changed(before, report) if before else []
    key = await run_in_threadpool(checks.keep, kept)
    return RedirectResponse(f"/check/{key}", status_code=303)


@router.get("/check/{key}", response_class=HTMLResponse)
async def checked(key: str, service: ServiceDep) -> Response:
    """A check's own address: the kept check, else the stored article of that text, else a page
    saying the check is no longer kept."""
    found = await run_in_threadpool(checks.find, key)
    if found is None:
        article_id = await run_in_threadpool(article_by_key, service.store(), key) if checks.KEY.match(key) else None
        if article_id is not None:
            return RedirectResponse(f"/articles/{article_id}", status_code=307)
        return error_page(404, "This check is no longer kept",
                          f"Checks that were not saved are kept for {checks.KEEP_DAYS} days; "
                          "paste the story again to check it.")
    return page("desk/report.html", **context(found.report, found.text, service.registry()), here="/",
                form=found.form, saved_id=found.saved_id, saved_new=found.saved_new, changes=found.changes,
                address=f"/check/{key}", keep_days=checks.KEEP_DAYS)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def stored(article_id: int, service: ServiceDep) -> HTMLResponse:
    found = stored_report(service.store(), article_id)
    if found is None:
        return error_page(404, "No such article", f"There is no stored article {article_id}.")
    report, body, audited_at = found
    return page("desk/report.html", **context(report, body, service.registry()), here="/articles",
                stored_at=f"{audited_at:%d %b %Y %H:%M} UTC" if audited_at else "an unknown date")
