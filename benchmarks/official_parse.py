"""Time the official-data parsers on the real files, and loading the bundled snapshots.

    python benchmarks/official_parse.py [--repeat 5] [--pdfs 5]

Medians of ``repeat`` runs; ratios are against parsing the weekly file in the same run. The
PDF figure is per release (``pdfs`` of them, parsed with the content cache bypassed); the
bundled snapshots are what an audit loads, so PDF speed matters only for imports.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data" / "mof"
sys.path.insert(0, str(ROOT))

from extractor.official import bop, mof, mof_monthly  # noqa: E402
from extractor.official.sources import Registry  # noqa: E402


def median_seconds(fn, repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pdfs", type=int, default=5)
    args = parser.parse_args()
    week = (SHARED / "week.cp932.csv").read_bytes()
    montha1 = (SHARED / "monthly" / "montha1.2026-09-08.cp932.csv").read_bytes()
    monthb = [(SHARED / "monthly" / f"monthb{n}.2026-08-10.cp932.csv").read_bytes() for n in (2, 3, 4)]
    pdfs = [p.read_bytes() for p in sorted((SHARED / "bop" / "pdf").glob("*.pdf"))[: args.pdfs]]

    def load_snapshots() -> None:
        registry = Registry()
        for source in (registry.mof_monthly, registry.mof_by_investor, registry.bop):
            source.load()

    rows = [
        ("weekly week.csv", median_seconds(lambda: mof.parse(week), args.repeat)),
        ("montha1", median_seconds(lambda: mof_monthly.parse_montha1(montha1), args.repeat)),
        ("monthb2+3+4", median_seconds(lambda: [mof_monthly.parse_monthb(b) for b in monthb], args.repeat)),
        ("BoP PDF (per release)",
         median_seconds(lambda: [bop._parse_cached.__wrapped__(p) for p in pdfs], 1) / len(pdfs)),
        ("monthly snapshots (load all 3)", median_seconds(load_snapshots, args.repeat)),
    ]
    base = rows[0][1]
    for name, seconds in rows:
        print(f"{name:32s} {seconds * 1000:9.1f} ms  {seconds / base:7.2f}× weekly")


if __name__ == "__main__":
    main()
