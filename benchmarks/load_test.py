"""Load test of the HTTP API: N concurrent clients post the seed story for T seconds.

    python benchmarks/load_test.py [--clients 50] [--seconds 30]

Starts `flowcheck serve` on a free loopback port (traffic never leaves this machine), waits
until /healthz answers, then reports requests, errors, requests/s and p50/p95/p99 latency.
Every loop is bounded in count and time, and the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "cnbc-2013-04-25-why-are-japanese-still-dumping-foreign-bonds.txt"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def client(url: str, body: dict, until: float, latencies: list[float], errors: list[str],
                 max_requests: int) -> None:
    async with httpx.AsyncClient(timeout=120) as http:
        for _ in range(max_requests):
            if time.monotonic() >= until:
                return
            started = time.perf_counter()
            try:
                response = await http.post(url, json=body)
                if response.status_code != 200:
                    errors.append(f"HTTP {response.status_code}")
            except httpx.HTTPError as exc:
                errors.append(exc.__class__.__name__)
            latencies.append(time.perf_counter() - started)


async def run(base: str, clients: int, seconds: float) -> tuple[list[float], list[str], float]:
    title, body = SEED.read_text("utf-8").split("\n", 1)
    payload = {"text": body.strip(), "title": title, "published": "2013-04-25"}
    latencies: list[float] = []
    errors: list[str] = []
    started = time.monotonic()
    until = started + seconds
    await asyncio.gather(*(client(base + "/v1/audit", payload, until, latencies, errors, 10_000)
                           for _ in range(clients)))
    return latencies, errors, time.monotonic() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2, help="server worker processes (this machine has 2 cores)")
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as tmp:
        server = subprocess.Popen([sys.executable, "-m", "extractor.cli", "serve", "--port", str(port),
                                   "--db", str(Path(tmp) / "load.sqlite"), "--workers", str(args.workers)],
                                  cwd=ROOT)
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.5)
            latencies, errors, elapsed = asyncio.run(run(base, args.clients, args.seconds))
        finally:
            server.terminate()
            server.wait(timeout=30)
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000

    print(f"{args.clients} clients, {args.workers} workers, {args.seconds:.0f} s: {len(latencies)} requests, "
          f"{len(errors)} errors, {len(latencies) / elapsed:.1f} requests/s")
    print(f"latency p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, p99 {pct(0.99):.0f} ms, "
          f"mean {statistics.mean(latencies) * 1000:.0f} ms")
    if errors:
        print("errors:", sorted(set(errors)))


if __name__ == "__main__":
    main()
