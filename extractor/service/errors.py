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
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from extractor.errors import FlowcheckError
from extractor.service.guard import DOC_PATHS


class ErrorBody(BaseModel):
    error: str


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
    """The first problem only, as "field: message" — one line a client can show, in plain words
    (pydantic prefixes a validator's own message with "Value error, ")."""
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", []) if p != "body")
    message = str(first.get("msg", "invalid request")).removeprefix("Value error, ")
    return error(422, f"{where + ': ' if where else ''}{message}")


async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's own errors as JSON, with their headers: a 405 keeps the ``Allow`` header
    that names the methods the route has (RFC 9110)."""
    response = error(exc.status_code, str(exc.detail))
    response.headers.update(exc.headers or {})
    return response


async def flowcheck_error(request: Request, exc: FlowcheckError) -> Response:
    """A user's error is a 400; a store that cannot be read or written is the service's (503),
    and /healthz reports it from then on."""
    from extractor.store.repository import StoreError

    status = 503 if isinstance(exc, StoreError) else 400
    if status == 503:
        request.app.state.service.store_failed(exc.message)
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


async def database_error(request: Request, exc: SQLAlchemyError) -> Response:
    """A store failure met outside the store's own guarded methods (the desk reads some tables
    directly) is the same 503 as any other, not an internal error."""
    from extractor.store.repository import StoreError, describe

    service = request.app.state.service
    where = getattr(service.resources()["store"], "url", None) or service.db or "the store"
    return await flowcheck_error(request, StoreError(describe(exc, where)))


async def unexpected(_: Request, exc: Exception) -> JSONResponse:
    return error(500, f"internal error ({exc.__class__.__name__}); the request was not completed")


def install(app: FastAPI) -> None:
    """Register the handlers above on ``app``."""
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(FlowcheckError, flowcheck_error)
    app.add_exception_handler(SQLAlchemyError, database_error)
    app.add_exception_handler(Exception, unexpected)
