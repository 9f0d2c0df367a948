"""A real server (``flowcheck serve`` on a free 127.0.0.1 port): one very long article must not
take the service down. It admits 199,000 characters here (the default limit is lower) with a
short budget, so the long audit is stopped by its budget while other clients are served."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.conftest import DEV_DIR, SEED_TXT

SEED = {"text": SEED_TXT.read_text("utf-8").split("\n", 1)[1], "published": "2013-04-25"}


def long_text(chars: int) -> str:
    texts = [json.loads(p.read_text("utf-8"))["text"] for p in sorted(DEV_DIR.glob("*.json"))
             if not p.name.endswith(".gold.json")]
    blob = "\n\n".join(texts) + "\n\n"
    return (blob * (chars // len(blob) + 1))[:chars]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    port = free_port()
    env = {**os.environ, "FLOWCHECK_API_MAX_TEXT": "200000", "FLOWCHECK_API_TIME_BUDGET": "10",
           "FLOWCHECK_AUDIT_WORKERS": "2"}
    process = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port),
                                "--db", str(tmp_path / "store.sqlite")], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:  # wait until both audit workers have loaded the pipeline
            assert process.poll() is None, process.stderr.read().decode()[-2000:]
            assert time.monotonic() < deadline, "server did not start"
            try:
                if httpx.get(base + "/healthz", timeout=5).json().get("audit_workers") == 2:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_long_article_does_not_block_other_clients(server):
    warm = httpx.post(server + "/v1/audit", json=SEED, timeout=60)
    assert warm.status_code == 200 and "server" not in warm.headers
    long_answer: dict = {}

    def send_long():
        response = httpx.post(server + "/v1/audit", json={"text": long_text(199_000)}, timeout=120)
        long_answer.update(status=response.status_code, body=response.json())

    sender = threading.Thread(target=send_long)
    sender.start()
    time.sleep(2)
    start = time.monotonic()
    seed = httpx.post(server + "/v1/audit", json=SEED, timeout=60)
    elapsed = time.monotonic() - start
    assert seed.status_code == 200 and elapsed < 3, (seed.status_code, elapsed)
    assert any(c["mention"] == "862.6 billion yen" for c in seed.json()["claims"])
    sender.join(timeout=120)
    assert long_answer["status"] in (200, 504)  # finished within 10 s, or stopped by the budget
    if long_answer["status"] == 504:
        assert "stopped" in long_answer["body"]["error"]
    after = httpx.post(server + "/v1/audit", json=SEED, timeout=60)  # the killed worker was replaced
    assert after.status_code == 200
