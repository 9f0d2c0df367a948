"""Errors on the desk's pages answer as desk pages: a missing page (404), a value the route
cannot take (``/articles/abc``, an invalid filter: 422), a method it does not answer (405) or
a failure of flowcheck's own (500) gets the desk's error page with the navigation bar, never the API's JSON body. Routes of the
API (``/v1``, ``/healthz``, ``/openapi.json``, the docs' files) keep the API's handlers, which
``install`` finds already registered and calls for them."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

API_PREFIXES = ("/v1", "/healthz", "/openapi.json", "/-/docs/")
HEADINGS = {404: "Page not found", 405: "This page cannot be asked for that way", 422: "This request cannot be done"}


def is_desk(request: Request) -> bool:
    """A page of the desk (anything outside the JSON API and its files)."""
    return not request.url.path.startswith(API_PREFIXES)


def _reason(request: Request, exc: RequestValidationError) -> tuple[int, str]:
    """A bad path parameter is a page that does not exist; a bad query value is named."""
    first = exc.errors()[0] if exc.errors() else {}
    where = [str(p) for p in first.get("loc", [])]
    if where and where[0] == "path":
        return 404, f"There is no page at {request.url.path}."
    name = where[-1] if where else "request"
    return 422, f"{name}: {first.get('msg', 'invalid value')}"


def install(app: FastAPI) -> None:
    """Wrap the app's HTTP and validation error handlers (register them first): desk paths get
    ``error_page``, API paths the handler that was there."""
    from extractor.web.pages import error_page

    api_http = app.exception_handlers[StarletteHTTPException]
    api_invalid = app.exception_handlers[RequestValidationError]
    api_unexpected = app.exception_handlers.get(Exception)

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if not is_desk(request):
            return await api_http(request, exc)
        status = exc.status_code
        if status == 404:
            message = f"There is no page at {request.url.path}."
        elif status == 405:
            message = f"{request.url.path} does not answer a {request.method}; start from the links above."
        else:
            message = str(exc.detail)
        response = error_page(status, HEADINGS.get(status, "This request cannot be done"), message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if not is_desk(request):
            return await api_invalid(request, exc)
        status, message = _reason(request, exc)
        return error_page(status, HEADINGS[status], message)

    async def unexpected(request: Request, exc: Exception) -> Response:
        if not is_desk(request) and api_unexpected is not None:
            return await api_unexpected(request, exc)
        return error_page(500, "Something went wrong", f"internal error ({exc.__class__.__name__}); "
                                                       "the request was not completed")

    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(Exception, unexpected)
