"""Where an audit's time goes, per pipe and step, against the bare English model (one process).

    python benchmarks/audit_breakdown.py [--repeat 3]

Audits the 52 dev articles × ``repeat`` as benchmarks/scan_speed.py's single-process audit does
(``analyse_many`` + ``audit``) with a timer around each of the gate's pipes and around claim
building, reconciliation and the JSON, after timing the bare model's ``nlp.pipe`` on the same
texts. The English model's pipes run as nested generators (each pulls from the one before), so
a pipe's own time is its figure minus the previous pipe's: the table says so.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import spacy  # noqa: E402

import extractor.audit as audit_module  # noqa: E402
from extractor import settings  # noqa: E402
from extractor.nlp.pipeline import analyse_many, gated, get_pipeline  # noqa: E402
from extractor.official.sources import Registry  # noqa: E402
from extractor.scrape.inputs import load_article  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
TIMES: dict[str, float] = defaultdict(float)


class Timed:
    """A pipe (``__call__`` and ``pipe``) that adds its time to ``TIMES[name]``."""

    def __init__(self, name: str, proc) -> None:
        self.name, self.proc = name, proc

    def __call__(self, doc):
        start = time.perf_counter()
        doc = self.proc(doc)
        TIMES[self.name] += time.perf_counter() - start
        return doc

    def pipe(self, docs, batch_size: int = 64):
        it = self.proc.pipe(docs, batch_size=batch_size)
        while True:
            start = time.perf_counter()
            try:
                doc = next(it)
            except StopIteration:
                TIMES[self.name] += time.perf_counter() - start
                return
            TIMES[self.name] += time.perf_counter() - start
            yield doc


def timed_function(name: str, fn):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        value = fn(*args, **kwargs)
        TIMES[name] += time.perf_counter() - start
        return value
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    paths = sorted(p for p in DEV.glob("*.json") if not p.name.endswith(".gold.json"))
    articles = [load_article(str(p)) for p in paths] * args.repeat
    nlp, registry = get_pipeline(), Registry()
    gate = gated(nlp)
    names = {id(proc): name for name, proc in nlp.pipeline}
    gate.before = [Timed(names[id(p)], p) for p in gate.before]
    gate.model = [Timed(names.get(id(p), f"{type(p).__name__} (attribute_ruler)"), p) for p in gate.model]
    gate.after = [Timed(names[id(p)], p) for p in gate.after]
    audit_module.build_claims = timed_function("claims", audit_module.build_claims)
    audit_module.reconcile_all = timed_function("reconciliation", audit_module.reconcile_all)

    def run():
        docs = analyse_many(nlp, ((a.text, a.published) for a in articles))
        reports = [audit_module.audit(a, nlp, registry, doc=d) for a, d in zip(articles, docs, strict=True)]
        start = time.perf_counter()
        [r.model_dump_json() for r in reports]
        TIMES["JSON"] += time.perf_counter() - start

    run()  # warm caches
    TIMES.clear()
    bare = spacy.load(settings.model_name())
    texts = [a.text for a in articles]
    list(bare.pipe(texts[:20]))
    start = time.perf_counter()
    list(bare.pipe(texts))
    t_bare = time.perf_counter() - start
    start = time.perf_counter()
    run()
    t_ours = time.perf_counter() - start
    print(f"{len(articles)} articles: bare model {t_bare:.2f} s, audit {t_ours:.2f} s → {t_ours / t_bare:.2f}×")
    model = [p.name for p in gate.model]
    previous = 0.0
    for name in model:  # nested generators: own time = cumulative − the previous pipe's
        own, previous = TIMES[name] - previous, TIMES[name]
        print(f"  {name:34s} {own:6.2f} s  {own / t_bare:6.1%} of the bare model (English model)")
    for name, seconds in sorted(TIMES.items(), key=lambda kv: -kv[1]):
        if name not in model:
            print(f"  {name:34s} {seconds:6.2f} s  {seconds / t_bare:6.1%} of the bare model")


if __name__ == "__main__":
    main()
