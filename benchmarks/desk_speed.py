"""What the desk's report page costs on top of the audit: the seed story posted to the desk's
form (``POST /audit``, the full HTML report with its charts) against the same story posted to the
JSON API (``POST /v1/audit``), warm, in one process through FastAPI's test client.

    python benchmarks/desk_speed.py [--repeat 15]

Reports medians and their ratio measured in this one run (ratios travel better than seconds).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "cnbc-2013-04-25-why-are-japanese-still-dumping-foreign-bonds.txt"
sys.path.insert(0, str(ROOT))

from fastapi.testclient import TestClient  # noqa: E402

from extractor.api import create_app  # noqa: E402


def timed(send) -> float:
    start = time.perf_counter()
    response = send()
    elapsed = time.perf_counter() - start
    assert response.status_code == 200, response.text[:200]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    title, body = SEED.read_text("utf-8").split("\n", 1)
    with tempfile.TemporaryDirectory() as tmp, TestClient(create_app(str(Path(tmp) / "s.sqlite"))) as client:
        form = {"text": body, "title": title, "published": "2013-04-25"}
        client.post("/audit", data=form)  # warm both paths once
        client.post("/v1/audit", json=form)
        pages, apis = [], []
        for _ in range(args.repeat):  # interleaved, so a busy moment on the machine hits both alike
            pages.append(timed(lambda: client.post("/audit", data=form)))
            apis.append(timed(lambda: client.post("/v1/audit", json=form)))
        page, api = statistics.median(pages), statistics.median(apis)
        size = len(client.post("/audit", data=form).content)
    print(f"desk report page: median {page * 1000:.0f} ms ({size / 1024:.0f} KiB, self-contained)")
    print(f"JSON API:         median {api * 1000:.0f} ms")
    print(f"report page / JSON API: {page / api:.2f}")


if __name__ == "__main__":
    main()
