"""A local HTTP server that serves real pages from the article-extraction benchmark and every
failure the scraper must survive. Tests talk only to 127.0.0.1 (never a live site)."""

from __future__ import annotations

import gzip
import http.server
import threading
import time

import pytest

from extractor.scrape.fetch import Fetcher, FetchPolicy
from tests.conftest import SHARED

BENCH = SHARED / "bench" / "article-extraction" / "html"
CNBC = "374ac9a59a85196cdacc1679fb8993521a7b7d9d6533720f102300be1c7face4"
REUTERS = "57d46c9d751e3fd3ffaf3ede7ac20cebd30eacb5ea78e1a6aa0a72059244e7ca"
RECORD_PORT = 8766


def bench_page(page_id: str) -> bytes:
    return gzip.decompress((BENCH / f"{page_id}.html.gz").read_bytes())


SJIS_PAGE = ("<html><head><meta charset='shift_jis'><title>円相場</title></head><body><article>"
             + "<p>日本の投資家は先週、外国債券を売り越した。財務省のデータによると売越額は8626億円だった。</p>" * 20
             + "</article></body></html>").encode("cp932")


def routes(base: str) -> dict[str, tuple[int, dict[str, str], bytes]]:
    html = {"Content-Type": "text/html; charset=utf-8"}
    day = "Wed, 20 Nov 2019"
    feed = f"""<?xml version="1.0"?><rss version="2.0"><channel><title>Flows</title>
<item><title>Emirates order</title><link>{base}/cnbc.html</link><pubDate>{day} 08:00:00 GMT</pubDate></item>
<item><title>Asian shares</title><link>{base}/reuters.html</link><pubDate>{day} 03:00:00 GMT</pubDate></item>
<item><title>Emirates order (syndicated)</title><link>{base}/cnbc-copy.html</link><pubDate>{day} 09:00:00 GMT</pubDate></item>
<item><title>Old story</title><link>{base}/reuters.html?old</link><pubDate>Mon, 01 Jan 2018 00:00:00 GMT</pubDate></item>
</channel></rss>""".encode()
    return {
        "/robots.txt": (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /private/\n"),
        "/cnbc.html": (200, html, bench_page(CNBC)),
        "/cnbc-copy.html": (200, html, bench_page(CNBC)),
        "/reuters.html": (200, html, bench_page(REUTERS)),
        "/private/page.html": (200, html, bench_page(CNBC)),
        "/missing.html": (404, html, b"<html><body>not found</body></html>"),
        "/error.html": (500, html, b"<html><body>server error</body></html>"),
        "/image.png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\x00" * 100),
        "/big.html": (200, html, b"<html><body>" + b"<p>word </p>" * 50_000 + b"</body></html>"),
        "/broken.html": (200, html, b"<html><body><div><p>" + b"Japanese investors sold bonds. " * 40
                         + b"<p><div><span>unclosed"),
        "/sjis.html": (200, html, SJIS_PAGE),  # declared utf-8, really Shift_JIS
        "/loop": (302, {"Location": "/loop2"}, b""),
        "/loop2": (302, {"Location": "/loop"}, b""),
        "/moved": (301, {"Location": "/cnbc.html"}, b""),
        "/feed.xml": (200, {"Content-Type": "application/rss+xml"}, feed),
    }


class Server:
    def __init__(self, port: int = 0) -> None:
        table: dict = {}
        hits: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                hits.append(self.path)
                if self.path.startswith("/slow"):
                    time.sleep(1.5)
                status, headers, body = table.get(self.path.split("?")[0], (404, {}, b"no route"))
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):  # keep test output quiet
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        table.update(routes(self.base))
        table["/slow"] = (200, {"Content-Type": "text/html"}, b"<html>late</html>")
        self.hits = hits
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()


@pytest.fixture
def server():
    s = Server()
    yield s
    s.close()


@pytest.fixture
def fetcher():
    return Fetcher(FetchPolicy(allow_private=True, per_host_interval=0, retries=1, backoff=0.05, timeout=0.5))
