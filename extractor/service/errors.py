"""Every API error is JSON ``{"error": "<one line>"}`` with a 4xx/5xx status, never a stack
trace: this module is the one place that turns validation errors, HTTP errors, flowcheck's own
errors and anything unexpected into that body (Datasette likewise handles errors in one place).
A desk page (HTML, outside ``/v1``) that meets one of flowcheck's own errors gets the desk's
error page with the same status and message instead."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.errors import FlowcheckError
from extractor.service.guard import DOC_PATHS


class ErrorBody(BaseModel):
    error: str


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
    """The first problem only, as "field: message" — one line a client can show."""
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
    return error(422, f"{where + ': ' if where else ''}{first.get('msg', 'invalid request')}")


async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    return error(exc.status_code, str(exc.detail))


async def flowcheck_error(request: Request, exc: FlowcheckError) -> Response:
    """A user's error is a 400; a store that cannot be read or written is the service's (503)."""
    from extractor.store.repository import StoreError

    status = 503 if isinstance(exc, StoreError) else 400
    if _desk_page(request):
        from extractor.web.pages import error_page

        heading = "The store cannot be read" if status == 503 else "This request cannot be done"
        return error_page(status, heading, exc.message)
    return error(status, exc.message)


def _desk_page(request: Request) -> bool:
    """A page of the desk, asked for by a browser: not the JSON API, its docs or the health check."""
    path = request.url.path
    return (not path.startswith(("/v1", "/healthz", "/openapi", *DOC_PATHS))
            and "text/html" in request.headers.get("accept", ""))


async def unexpected(_: Request, exc: Exception) -> JSONResponse:
    return error(500, f"internal error ({exc.__class__.__name__}); the request was not completed")


def install(app: FastAPI) -> None:
    """Register the handlers above on ``app``."""
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(FlowcheckError, flowcheck_error)
    app.add_exception_handler(Exception, unexpected)
