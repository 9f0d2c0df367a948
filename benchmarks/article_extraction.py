"""Main-text extraction on the public article-extraction benchmark (181 real pages).

    python benchmarks/article_extraction.py

Scores flowcheck's scraper and trafilatura alone side by side, as the benchmark defines it:
4-token shingles of \\w+ tokens, each page's TP/FP/FN normalised, precision and recall averaged
over pages, F1 from the averages. Also pages per second, and checks that every page yields a
title and (where the page states one) a publication date.
"""

from __future__ import annotations

import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench" / "article-extraction"
sys.path.insert(0, str(ROOT))

from extractor.scrape.extract import extract_html  # noqa: E402

TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter:
    tokens = TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def page_score(true: str, pred: str) -> tuple[float, float, float]:
    t, p = shingles(true), shingles(pred)
    tp = sum(min(t[k], p[k]) for k in t.keys() | p.keys())
    fp = sum(max(0, p[k] - t[k]) for k in t.keys() | p.keys())
    fn = sum(max(0, t[k] - p[k]) for k in t.keys() | p.keys())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def summarise(scores: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    def precision(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fp == 0 else tp / (tp + fp))

    def recall(tp, fp, fn):
        return 1.0 if fp == fn == 0 else (0.0 if tp == fn == 0 else tp / (tp + fn))

    p = statistics.mean(precision(*s) for s in scores if s[0] + s[1] > 0)
    r = statistics.mean(recall(*s) for s in scores if s[0] + s[2] > 0)
    return p, r, 2 * p * r / (p + r)


def main() -> None:
    truth = json.loads((BENCH / "ground-truth.json").read_text("utf-8"))
    pages = {path.name.split(".")[0]: gzip.decompress(path.read_bytes()).decode("utf-8")
             for path in sorted((BENCH / "html").glob("*.html.gz"))}
    results = {}
    for name, run in (("flowcheck", lambda html, url: extract_html(html, url).text),
                      ("trafilatura alone", lambda html, url: trafilatura.extract(html, include_comments=False))):
        started = time.perf_counter()
        scores = [page_score(truth[key]["articleBody"], run(html, truth[key].get("url")) or "")
                  for key, html in pages.items()]
        results[name] = (*summarise(scores), len(pages) / (time.perf_counter() - started))
    titles = dates = 0
    for key, html in pages.items():
        article = extract_html(html, truth[key].get("url"))
        titles += bool(article.title)
        dates += bool(article.published)
    for name, (p, r, f1, speed) in results.items():
        print(f"{name:<18} precision {p:.3f}  recall {r:.3f}  F1 {f1:.3f}  {speed:.1f} pages/s")
    print(f"pages {len(pages)}: with title {titles}, with publication date {dates}")


if __name__ == "__main__":
    main()
