"""The API under hostile input: chunked uploads over the body limit, response headers, URL
audits that must stay polite together, and a damaged store. Network: 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import http.server
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.responses import HTMLResponse
from fastapi.testclient import TestClient

from extractor.api import MAX_BODY_BYTES, create_app
from tests.conftest import SEED_TXT

BODY = SEED_TXT.read_text("utf-8").split("\n", 1)[1].strip("\n")


def test_a_chunked_upload_is_stopped_at_the_limit_not_read_whole(tmp_path):
    app = create_app(str(tmp_path / "s.sqlite"))
    chunk = b"x" * 65536
    pulled = {"chunks": 0}
    sent: list[dict] = []

    async def receive():
        pulled["chunks"] += 1
        if pulled["chunks"] > 5000:  # 320 MB: the body of the probe
            return {"type": "http.request", "body": b"", "more_body": False}
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/v1/audit", "raw_path": b"/v1/audit", "query_string": b"",
             "root_path": "", "headers": [(b"content-type", b"application/json"),
                                          (b"transfer-encoding", b"chunked")],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    assert start["status"] == 413
    assert pulled["chunks"] <= MAX_BODY_BYTES // len(chunk) + 2  # stopped at 2 MiB, not after 320 MB


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(str(tmp_path_factory.mktemp("h") / "s.sqlite"), audit_workers=1, time_budget=60)

    @app.get("/page-for-test", response_class=HTMLResponse)
    async def page():
        return "<html><body>report</body></html>"

    with TestClient(app) as c:
        yield c


def test_headers_nosniff_no_store_and_a_csp_for_html(client):
    audit = client.post("/v1/audit", json={"text": BODY, "published": "2013-04-25"})
    assert audit.status_code == 200
    assert audit.headers["x-content-type-options"] == "nosniff" and audit.headers["cache-control"] == "no-store"
    error = client.post("/v1/audit", json={"text": " "})
    assert error.headers["cache-control"] == "no-store"
    html = client.post("/v1/audit", params={"format": "html"}, json={"text": BODY, "published": "2013-04-25"})
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html") and "<svg" in html.text
    csp = html.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src" not in csp and html.headers["cache-control"] == "no-store"
    assert "content-security-policy" in client.get("/page-for-test").headers  # any HTML page the app serves
    assert "content-security-policy" not in client.get("/healthz").headers
    assert "server" not in client.get("/healthz").headers


def test_a_json_ld_headline_list_is_read_not_a_500(client):
    html = ('<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": '
            '["Japanese investors dump foreign bonds", "second"], "datePublished": "2013-04-25"}</script></head>'
            "<body><article>" + "".join(f"<p>{p}</p>" for p in BODY.split("\n\n")) + "</article></body></html>")
    response = client.post("/v1/audit", json={"html": html})
    assert response.status_code == 200
    assert response.json()["article"]["title"] == "Japanese investors dump foreign bonds"


class TimedServer:
    """127.0.0.1 server that notes when each request arrived; every page is a 404."""

    def __init__(self) -> None:
        arrivals: list[tuple[float, str]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                arrivals.append((time.monotonic(), self.path))
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.arrivals = arrivals
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def test_concurrent_url_audits_keep_the_per_host_interval(tmp_path):
    server = TimedServer()
    client = TestClient(create_app(str(tmp_path / "s.sqlite"), allow_private=True))
    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: client.post("/v1/audit", json={"url": f"{server.base}/story-{n}"}),
                                range(4)))
    server.httpd.shutdown()
    assert all(a.status_code == 400 and "HTTP 404" in a.json()["error"] for a in answers)
    paths = [p for _, p in server.arrivals]
    assert paths.count("/robots.txt") == 1  # the robots.txt cache is shared too
    times = [t for t, _ in server.arrivals]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(times) == 5 and min(gaps) > 0.9  # one request a second to one host, however many clients


def test_a_damaged_store_is_reported_by_healthz_and_as_503(tmp_path):
    from tests.store.damage import damaged_store

    db = damaged_store(tmp_path)
    client = TestClient(create_app(str(db)))
    health = client.get("/healthz")
    assert health.status_code == 503 and "damaged" in health.json()["store"]
    articles = client.get("/v1/articles")
    assert articles.status_code == 503 and "damaged" in articles.json()["error"]


def test_an_audit_over_its_budget_is_stopped_and_its_worker_replaced():
    from extractor.service.runner import AuditRunner, AuditTimeout
    from tests.api.test_server import long_text

    runner = AuditRunner(workers=1)
    try:
        job = {"text": long_text(199_000), "max_text": 200_000}
        assert runner.call({**job, "text": "Japanese investors sold bonds."}, 120)[0] == 200  # loaded and warm
        (first,) = runner.processes()
        with pytest.raises(AuditTimeout):
            runner.call(job, 1.0)
        stopped = time.monotonic() + 10  # the runner reaps it; poll rather than join from a second thread
        while first.is_alive() and time.monotonic() < stopped:
            time.sleep(0.05)
        assert not first.is_alive()  # the long audit stopped costing CPU
        status, report = runner.call({"text": BODY, "published": "2013-04-25", "max_text": 200_000}, 120)
        assert status == 200 and any(c["mention"] == "862.6 billion yen" for c in report["claims"])
    finally:
        runner.close()


def test_workers_that_cannot_start_give_a_clear_503_not_a_hang(monkeypatch):
    from extractor.service.runner import AuditRunner

    monkeypatch.setenv("FLOWCHECK_MODEL", "no_such_model_package")
    runner = AuditRunner(workers=1)
    try:
        started = time.monotonic()
        status, body = runner.call({"text": BODY, "max_text": 200_000}, 120)
        assert status == 503 and "no_such_model_package" in body["error"] and time.monotonic() - started < 60
    finally:
        runner.close()
