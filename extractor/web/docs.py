"""``/docs`` without a CDN: FastAPI's own Swagger UI page, pointed at the Swagger UI files that
the ``fastapi-offline`` package installs (Swagger UI 5, which reads OpenAPI 3.1 as FastAPI
writes it), served from this process. The API app is created with ``docs_url=None``."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, HTTPException
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

ASSETS = Path(fastapi_offline.__file__).parent / "static"
SERVED = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "favicon.png": "image/png"}
PREFIX = "/-/docs"


router = APIRouter(include_in_schema=False)


@router.get("/docs", response_class=HTMLResponse)
async def swagger() -> HTMLResponse:
    """Swagger UI with the desk's navigation bar on top, so a reader can get back to the desk."""
    from extractor.report.templating import render, stylesheet

    page = get_swagger_ui_html(openapi_url="/openapi.json", title="flowcheck API",
                               swagger_js_url=f"{PREFIX}/swagger-ui-bundle.js",
                               swagger_css_url=f"{PREFIX}/swagger-ui.css",
                               swagger_favicon_url=f"{PREFIX}/favicon.png",
                               swagger_ui_parameters={"validatorUrl": None})
    bar = f"<style>{stylesheet('nav.css')}</style>{render('desk/_nav.html', here='/docs')}"
    html = bytes(page.body).decode("utf-8").replace("<body>", "<body>" + bar, 1)
    return HTMLResponse(html)


@router.get(PREFIX + "/{name}")
async def asset(name: str) -> FileResponse:
    if name not in SERVED:
        raise HTTPException(404, f"no such file: {name}")
    return FileResponse(ASSETS / name, media_type=SERVED[name], headers={"Cache-Control": "max-age=86400"})
