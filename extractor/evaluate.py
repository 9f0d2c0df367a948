"""Score extraction and reconciliation against gold annotations.

Gold format (as in ``../shared/corpus/dev/`` and ``corpus/examples/``): ``<slug>.json`` is the
article (``url``, ``title``, ``published``, ``text``) and ``<slug>.gold.json`` its claims. A
flow claim counts as found when market, instrument, direction, amount (±0.5 %) and period end
all match a gold claim; each gold claim is matched at most once.

Besides P/R/F1 and verdict agreement, the harness measures what a reader of the verdicts
feels most: **accusation precision** — of every ``inaccurate``/``wrong_direction`` verdict
flowcheck gives a flow claim, the share whose matched gold claim has an ``expected_verdict``
that is itself an accusation. The denominator is strict: an accusation on a claim that matches
no gold claim, or a gold claim with no expected verdict, counts against it (nobody confirmed
the error). **Real errors caught**: gold claims whose expected verdict is an accusation that
flowcheck matched and accused. Every measure is also given per granularity — the gold's
granularity for recall, flowcheck's for precision — so the weekly genre can be judged apart
from months and years whose data come from another issue.
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
from extractor.evaluate_split import HALVES, load_split
from extractor.official.sources import Registry
from extractor.scrape.inputs import load_article

FIELDS = ("market", "instrument", "direction", "amount_jpy", "period_end")
MONTHLY_SOURCES = ("mof_monthly", "bop", "mof_by_investor")
MONTHLY_GRANULARITIES = ("month", "multi_month", "quarter", "half_year", "year", "fiscal_year", "ytd")


def monthly_genre(data_source: str | None, granularity: str | None) -> bool:
    """Monthly, by-country and by-investor figures: from a monthly statistic, or about a month or
    longer (whatever statistic the story used)."""
    return data_source in MONTHLY_SOURCES or granularity in MONTHLY_GRANULARITIES
ACCUSATIONS = ("inaccurate", "wrong_direction")


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
    # per-granularity bookkeeping: one entry per flowcheck claim / gold claim
    claim_rows: list[dict] = field(default_factory=list)  # granularity, matched, accused, confirmed
    gold_rows: list[dict] = field(default_factory=list)  # granularity, found, compared, agreed, error, caught
    chosen: int = 0  # claims whose reading the data chose (``FlowClaim.reading_chosen``)
    accusation_lines: list[str] = field(default_factory=list)  # each accusation with the evidence it rests on


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _accusations(rows: list[dict], golds: list[dict]) -> dict[str, float]:
    accused = [r for r in rows if r["accused"]]
    confirmed = sum(r["confirmed"] for r in accused)
    errors = [g for g in golds if g["error"]]
    return {"accusations": len(accused), "confirmed": confirmed,
            "accusation_precision": _ratio(confirmed, len(accused)) if accused else 1.0,
            "real_errors": len(errors), "caught": sum(g["caught"] for g in errors)}


def _prf(tp_claims: int, claims: int, found: int, gold: int) -> dict[str, float]:
    p, r = _ratio(tp_claims, claims), _ratio(found, gold)
    return {"precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r)}


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

    def accusations(self) -> dict[str, float]:
        """Accusation precision and real errors caught (see the module docstring)."""
        return _accusations([r for a in self.articles for r in a.claim_rows],
                            [g for a in self.articles for g in a.gold_rows])

    def by_granularity(self) -> dict[str, dict[str, float]]:
        """P/R/F1, verdict agreement and accusations per granularity (gold's for recall,
        flowcheck's for precision)."""
        return self._grouped("granularity")

    def _grouped(self, key: str) -> dict[str, dict[str, float]]:
        rows = [r for a in self.articles for r in a.claim_rows]
        golds = [g for a in self.articles for g in a.gold_rows]
        out: dict[str, dict[str, float]] = {}
        for group in sorted({str(r[key]) for r in rows} | {str(g[key]) for g in golds}):
            mine = [r for r in rows if str(r[key]) == group]
            theirs = [g for g in golds if str(g[key]) == group]
            compared = sum(g["compared"] for g in theirs)
            out[group] = {"claims": len(mine), "gold": len(theirs),
                          **_prf(sum(r["matched"] for r in mine), len(mine), sum(g["found"] for g in theirs),
                                 len(theirs)),
                          "verdicts_compared": compared,
                          "verdict_agreement": _ratio(sum(g["agreed"] for g in theirs), compared),
                          **_accusations(mine, theirs)}
        return out

    def by_data_source(self) -> dict[str, dict[str, float]]:
        """The same measures per statistic (the gold's data source for recall; for precision the
        matched gold claim's, else flowcheck's own)."""
        return self._grouped("data_source")

    def by_genre(self) -> dict[str, dict[str, float]]:
        """``monthly`` (monthly, by-country, by-investor: ``monthly_genre``) against ``weekly``
        (everything else), so the monthly work is judged apart."""
        return self._grouped("genre")

    @staticmethod
    def _table(title: str, groups: dict[str, dict[str, float]]) -> list[str]:
        lines = [f"{title:<15} claims gold  P     R     F1    agree (n)    accusations  caught"]
        for name, m in groups.items():
            lines.append(f"{name:<15} {m['claims']:>6} {m['gold']:>4}  {m['precision']:.3f} {m['recall']:.3f} "
                         f"{m['f1']:.3f} {m['verdict_agreement']:.3f} ({m['verdicts_compared']:>3})  "
                         f"{m['confirmed']}/{m['accusations']:<11} {m['caught']}/{m['real_errors']}")
        return lines

    def halves(self, split: dict[str, str]) -> dict[str, dict[str, float]]:
        """F1, accusation precision and real errors caught on each half of the dev split."""
        out: dict[str, dict[str, float]] = {}
        for half in HALVES:
            part = [a for a in self.articles if split.get(a.slug) == half]
            if not part:
                continue
            sub = EvalResult(part, self.seconds)
            out[half] = {"articles": len(part), **sub.totals(), **sub.accusations(),
                         "chosen": sum(a.chosen for a in part)}
        return out

    def half_lines(self, split: dict[str, str]) -> list[str]:
        lines = []
        for half, m in self.halves(split).items():
            lines.append(f"{half:<9} articles {m['articles']:>3}  F1 {m['f1']:.3f} (P {m['precision']:.3f} R "
                         f"{m['recall']:.3f})  verdict agreement {m['verdict_agreement']:.3f}  accusations "
                         f"{m['confirmed']}/{m['accusations']} confirmed  real errors caught {m['caught']}/"
                         f"{m['real_errors']}  readings chosen by the data {m['chosen']}")
        return lines

    def summary_lines(self) -> list[str]:
        """The lines ``flowcheck eval`` prints after the totals."""
        acc = self.accusations()
        lines = [f"accusations {acc['accusations']}: precision {acc['accusation_precision']:.3f} "
                 f"({acc['confirmed']} confirmed by the gold); real errors caught {acc['caught']} of "
                 f"{acc['real_errors']}",
                 "granularity   claims gold  P     R     F1    agree (n)    accusations  caught"]
        for gran, m in self.by_granularity().items():
            lines.append(f"{gran:<13} {m['claims']:>6} {m['gold']:>4}  {m['precision']:.3f} {m['recall']:.3f} "
                         f"{m['f1']:.3f} {m['verdict_agreement']:.3f} ({m['verdicts_compared']:>3})  "
                         f"{m['confirmed']}/{m['accusations']:<11} {m['caught']}/{m['real_errors']}")
        lines += self._table("data source", self.by_data_source()) + self._table("genre", self.by_genre())
        lines.append(f"readings chosen by the data: {sum(a.chosen for a in self.articles)} claims")
        lines += self.half_lines(load_split())
        lines.append("every accusation, with the evidence it rests on:")
        lines += [line for a in self.articles for line in a.accusation_lines] or ["  (none)"]
        return lines

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
    gold_rows = [{"granularity": g.get("granularity"), "data_source": g.get("data_source"),
                  "genre": "monthly" if monthly_genre(g.get("data_source"), g.get("granularity")) else "weekly",
                  "found": False, "compared": False, "agreed": False,
                  "error": g.get("expected_verdict") in ACCUSATIONS, "caught": False} for g in gold_claims]
    score.gold_rows = gold_rows
    for claim in flows:
        hit = next((g for g in unmatched if all(_key_matches(claim, gold_claims[g], f) for f in FIELDS)), None)
        mine = claim.verdict.value if claim.verdict else None
        accused = mine in ACCUSATIONS
        score.chosen += claim.reading_chosen is not None
        if accused:
            score.accusation_lines.append(accusation_line(slug, claim, gold_claims[hit] if hit is not None else None))
        source = gold_claims[hit].get("data_source") if hit is not None else claim.data_source
        genre = (gold_rows[hit]["genre"] if hit is not None else
                 "monthly" if monthly_genre(claim.data_source, claim.granularity) or claim.country
                 or claim.investor_type else "weekly")
        score.claim_rows.append({
            "granularity": claim.granularity, "data_source": source, "genre": genre, "matched": hit is not None,
            "accused": accused,
            "confirmed": accused and hit is not None and gold_claims[hit].get("expected_verdict") in ACCUSATIONS})
        if hit is not None:
            gold_rows[hit].update(found=True, caught=accused and gold_rows[hit]["error"])
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
            gold_rows[hit]["compared"] = True
            if mine == expected:
                score.verdicts_agreeing += 1
                gold_rows[hit]["agreed"] = True
            else:
                score.verdict_disagreements.append(f"{claim.amount_text}: {mine} (gold {expected})")
    for g in unmatched:
        gc = gold_claims[g]
        score.misses.append(f"{gc.get('amount_text')} {gc.get('market')} {gc.get('instrument')} "
                            f"{gc.get('direction')} {gc.get('period_end')} | {gc.get('quote', '')[:140]}")
    return score


def accusation_line(slug: str, claim: FlowClaim, gold: dict | None) -> str:
    """One accusation: the figure, the verdict, how each pinned field was read, the other
    readings checked and rejected, and what the gold says."""
    read = "; ".join(f"{name} {r.how} ({r.words})" for name, r in claim.readings.items()
                     if name in ("period", "direction", "market", "instrument") and r.words)
    rejected = "; ".join(claim.readings_rejected) or "none named by the text matched or could be checked"
    expected = gold.get("expected_verdict") if gold else "no matching gold claim"
    return (f"  {slug} {claim.id} {claim.amount_text} {claim.verdict.value if claim.verdict else ''} "
            f"[gold: {expected}]\n    read: {read}\n    other readings rejected: {rejected}")


def evaluate(folder: Path, nlp: Language, registry: Registry, *, part: tuple[int, int] | None = None) -> EvalResult:
    """Score every article of ``folder``; ``part=(k, n)`` keeps only the articles whose index in
    sorted order is k modulo n (e.g. ``(2, 3)``: every third article, held out while writing rules)."""
    started = time.perf_counter()
    scores = []
    forecast_scores: list[ForecastScore] = []
    pairs = gold_pairs(folder)
    if part is not None:
        pairs = [p for i, p in enumerate(pairs) if i % part[1] == part[0]]
    for article_path, gold_path in pairs:
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
