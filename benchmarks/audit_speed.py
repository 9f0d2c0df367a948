"""Time `flowcheck audit` on the seed story, cold and warm, and the cost of flowcheck's
components relative to the bare English model on the same text.

    python benchmarks/audit_speed.py [--repeat 20]

Reports ratios measured in this one run (machines differ; ratios travel better than seconds).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "corpus" / "seed" / "cnbc-2013-04-25-why-are-japanese-still-dumping-foreign-bonds.txt"
sys.path.insert(0, str(ROOT))

from extractor import settings  # noqa: E402
from extractor.audit import audit  # noqa: E402
from extractor.nlp.pipeline import analyse, build_pipeline  # noqa: E402
from extractor.official.sources import Registry  # noqa: E402
from extractor.scrape.inputs import load_article, parse_date  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--article", type=Path, default=SEED)
    args = parser.parse_args()
    published = parse_date("2013-04-25")

    cold = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "extractor.cli", "audit", str(args.article), "-p", "2013-04-25",
                        "-f", "json"], check=True, capture_output=True, cwd=ROOT)
        cold.append(time.perf_counter() - start)

    article = load_article(str(args.article))
    bare = spacy.load(settings.model_name())
    nlp = build_pipeline()
    registry = Registry()
    audit(article, nlp, registry, published=published)  # load data and warm caches
    bare_times = timed(lambda: bare(article.text), args.repeat)
    extract_times = timed(lambda: analyse(nlp, article.text, published), args.repeat)
    warm = timed(lambda: audit(article, nlp, registry, published=published), args.repeat)

    med = statistics.median
    print(f"article: {args.article.name} ({len(article.text):,} characters)")
    print(f"cold audit (new process, CLI, 3 runs): median {med(cold):.2f} s")
    print(f"warm audit (in process, {args.repeat} runs): median {med(warm) * 1000:.1f} ms")
    print(f"bare {settings.model_name()} on the text: median {med(bare_times) * 1000:.1f} ms")
    print(f"flowcheck extraction (model + components): median {med(extract_times) * 1000:.1f} ms")
    print(f"ratio extraction / bare model: {med(extract_times) / med(bare_times):.2f}")
    print(f"ratio warm audit / bare model: {med(warm) / med(bare_times):.2f}")
    print(f"ratio cold / warm audit: {med(cold) / med(warm):.1f}")


if __name__ == "__main__":
    main()
