"""ASGI middleware in front of the API: the body limit, enforced while the body streams in,
and the response headers every answer carries.

Why not check ``Content-Length`` only: a chunked upload declares no length, and the framework
reads the whole body into memory before any route sees it (300 MB in, 1.1 GB peak). Counting
the bytes as they arrive stops such a request at the limit.

Headers: ``X-Content-Type-Options: nosniff`` everywhere; ``Cache-Control: no-store`` on audit
answers (they depend on the data vintage and may carry a user's text); a Content-Security-Policy
on HTML pages that allows nothing external — the HTML report is one self-contained file
(inline CSS and SVG, no script). FastAPI's own ``/docs`` pages load Swagger UI from a CDN and
keep their default behaviour.
"""

from __future__ import annotations

import json

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
              "form-action 'self'; frame-ancestors 'none'")
DOC_PATHS = ("/docs", "/redoc")
NO_STORE_PREFIXES = ("/v1/audit",)


class Guard:
    """Body limit and security headers for every HTTP request."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self.max_body:
            await _too_large(send, self.max_body)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:  # FastAPI passes HTTPException through its body reader
                    raise HTTPException(413, f"request body over {self.max_body:,} bytes")
            return message

        path = scope.get("path", "")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                out = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"server"]
                out.append((b"x-content-type-options", b"nosniff"))
                content_type = next((v for k, v in out if k.lower() == b"content-type"), b"")
                if content_type.startswith(b"text/html") and not path.startswith(DOC_PATHS):
                    out.append((b"content-security-policy", REPORT_CSP.encode()))
                if path.startswith(NO_STORE_PREFIXES):
                    out.append((b"cache-control", b"no-store"))
                message = {**message, "headers": out}
            await send(message)

        await self.app(scope, counted, with_headers)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"error": f"request body over {limit:,} bytes"}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            (b"x-content-type-options", b"nosniff"), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
