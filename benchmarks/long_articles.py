"""How an audit's cost grows with the article's length, and what the API can admit.

    python benchmarks/long_articles.py [--sizes 12500,25000,50000,100000,199000] [--budget 30]

Builds long texts by repeating the real dev articles (../shared/corpus/dev), audits each once
in this process (pipeline and data warm), and prints seconds, milliseconds per 1,000
characters, and the growth against the smallest size: a linear pipeline keeps ms/1k chars
flat. The last line sizes the API's text limit: the characters one audit gets through in
half the time budget at the slowest rate measured (half, because the machine is shared and
a second audit may be queued behind the first).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT.parent / "shared" / "corpus" / "dev"
sys.path.insert(0, str(ROOT))

from extractor.audit import audit  # noqa: E402
from extractor.nlp.pipeline import get_pipeline  # noqa: E402
from extractor.official.sources import Registry  # noqa: E402
from extractor.scrape.inputs import Article  # noqa: E402


def long_text(chars: int) -> str:
    """The dev articles one after another, repeated and cut to ``chars`` characters."""
    texts = [json.loads(p.read_text("utf-8"))["text"] for p in sorted(DEV.glob("*.json"))
             if not p.name.endswith(".gold.json")]
    blob = "\n\n".join(texts) + "\n\n"
    return (blob * (chars // len(blob) + 1))[:chars]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="12500,25000,50000,100000,199000")
    parser.add_argument("--budget", type=float, default=30.0, help="the API's time budget in seconds")
    args = parser.parse_args()
    nlp, registry = get_pipeline(), Registry()
    for source in registry.all():
        source.load()
    audit(Article(text=long_text(3000)), nlp, registry, published=date(2024, 1, 1))  # warm-up
    rates = []
    print(f"{'chars':>9} {'seconds':>8} {'ms/1k chars':>12} {'vs smallest':>12} {'claims':>7}")
    for size in [int(s) for s in args.sizes.split(",")]:
        text = long_text(size)
        start = time.perf_counter()
        report = audit(Article(text=text), nlp, registry, published=date(2024, 1, 1))
        seconds = time.perf_counter() - start
        rate = seconds / size * 1000
        rates.append(rate)
        print(f"{size:>9,} {seconds:>8.2f} {rate * 1000:>12.1f} {rate / rates[0]:>12.2f} {len(report.claims):>7}",
              flush=True)
    admit = int(args.budget / 2 / max(rates) * 1000)
    print(f"characters one audit gets through in half of a {args.budget:.0f} s budget at the slowest rate: {admit:,}")


if __name__ == "__main__":
    main()
