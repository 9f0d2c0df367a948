"""Score extraction and reconciliation against gold annotations.

Gold format (as in ``../shared/corpus/dev/`` and ``corpus/examples/``): ``<slug>.json`` is the
article (``url``, ``title``, ``published``, ``text``) and ``<slug>.gold.json`` its claims. A
flow claim counts as found when market, instrument, direction, amount (±0.5 %) and period end
all match a gold claim; each gold claim is matched at most once.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from spacy.language import Language

from extractor.audit import audit
from extractor.claims.model import FlowClaim, ForecastClaim
from extractor.errors import InputError
from extractor.evaluate_forecasts import ForecastScore, score_forecasts
from extractor.official.sources import Registry
from extractor.scrape.inputs import load_article

FIELDS = ("market", "instrument", "direction", "amount_jpy", "period_end")


def amount_matches(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 0.005 * max(abs(b), 1.0)


def _key_matches(claim: FlowClaim, gold: dict, name: str) -> bool:
    if name == "amount_jpy":
        return amount_matches(claim.amount_jpy, gold.get("amount_jpy"))
    if name == "period_end":
        mine = claim.period_end.isoformat() if claim.period_end else None
        return mine == gold.get("period_end")
    return getattr(claim, name) == gold.get(name)


@dataclass
class ArticleScore:
    slug: str
    true_positives: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    field_errors: Counter = field(default_factory=Counter)
    verdicts_compared: int = 0
    verdicts_agreeing: int = 0
    verdict_disagreements: list[str] = field(default_factory=list)


@dataclass
class EvalResult:
    articles: list[ArticleScore]
    seconds: float
    forecasts: list[ForecastScore] = field(default_factory=list)  # issue 12: extractor/evaluate_forecasts.py

    def totals(self) -> dict[str, float]:
        tp = sum(a.true_positives for a in self.articles)
        fp = sum(len(a.false_positives) for a in self.articles)
        fn = sum(len(a.misses) for a in self.articles)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        compared = sum(a.verdicts_compared for a in self.articles)
        agree = sum(a.verdicts_agreeing for a in self.articles)
        return {"articles": len(self.articles), "tp": tp, "fp": fp, "fn": fn, "precision": p, "recall": r,
                "f1": f1, "verdicts_compared": compared,
                "verdict_agreement": agree / compared if compared else 0.0,
                "articles_per_second": len(self.articles) / self.seconds if self.seconds else 0.0}

    def field_errors(self) -> Counter:
        total: Counter = Counter()
        for a in self.articles:
            total.update(a.field_errors)
        return total


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    if not folder.is_dir():
        raise InputError(f"{folder} is not a directory of gold files")
    pairs = []
    for gold in sorted(folder.glob("*.gold.json")):
        article = gold.with_name(gold.name.replace(".gold.json", ".json"))
        if article.exists():
            pairs.append((article, gold))
    if not pairs:
        raise InputError(f"no <slug>.json + <slug>.gold.json pairs in {folder}")
    return pairs


def score_article(slug: str, flows: list[FlowClaim], gold_claims: list[dict]) -> ArticleScore:
    score = ArticleScore(slug)
    unmatched = list(range(len(gold_claims)))
    for claim in flows:
        hit = next((g for g in unmatched if all(_key_matches(claim, gold_claims[g], f) for f in FIELDS)), None)
        if hit is None:
            # the closest gold claim by amount explains which field went wrong
            near = next((g for g in unmatched if _key_matches(claim, gold_claims[g], "amount_jpy")), None)
            if near is not None:
                for f in FIELDS:
                    if not _key_matches(claim, gold_claims[near], f):
                        score.field_errors[f] += 1
            score.false_positives.append(f"{claim.amount_text} {claim.market} {claim.instrument} "
                                         f"{claim.direction} {claim.period_end} | {claim.text[:140]}")
            continue
        unmatched.remove(hit)
        score.true_positives += 1
        expected = gold_claims[hit].get("expected_verdict")
        if expected is not None:
            score.verdicts_compared += 1
            mine = claim.verdict.value if claim.verdict else None
            if mine == expected:
                score.verdicts_agreeing += 1
            else:
                score.verdict_disagreements.append(f"{claim.amount_text}: {mine} (gold {expected})")
    for g in unmatched:
        gc = gold_claims[g]
        score.misses.append(f"{gc.get('amount_text')} {gc.get('market')} {gc.get('instrument')} "
                            f"{gc.get('direction')} {gc.get('period_end')} | {gc.get('quote', '')[:140]}")
    return score


def evaluate(folder: Path, nlp: Language, registry: Registry) -> EvalResult:
    started = time.perf_counter()
    scores = []
    forecast_scores: list[ForecastScore] = []
    for article_path, gold_path in gold_pairs(folder):
        gold = json.loads(gold_path.read_text("utf-8"))
        article = load_article(str(article_path))
        published = date.fromisoformat(gold["published"]) if gold.get("published") and not article.published else None
        report = audit(article, nlp, registry, published=published)
        flows = [c for c in report.claims if isinstance(c, FlowClaim)]
        scores.append(score_article(gold_path.name.replace(".gold.json", ""), flows, gold.get("claims", [])))
        forecast_scores.append(score_forecasts(scores[-1].slug, article.text,
                                               [c for c in report.claims if isinstance(c, ForecastClaim)],
                                               gold.get("forecasts", [])))
    return EvalResult(scores, time.perf_counter() - started, forecast_scores)
