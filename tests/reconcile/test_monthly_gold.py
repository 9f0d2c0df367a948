"""The monthly reconciler on the dev set's gold claims (their fields as annotated, no reader):
every scored monthly claim gets the gold verdict."""

from __future__ import annotations

import json
from datetime import date

from extractor.claims.model import FlowClaim
from extractor.official.sources import Registry
from extractor.reconcile.compare import stated_precision
from extractor.reconcile.context import Context
from extractor.reconcile.monthly import reconcile_monthly
from tests.conftest import DEV_DIR

FIELDS = ("market", "instrument", "direction", "amount_jpy", "granularity", "data_source", "country", "investor_type",
          "usd", "usd_text")


def gold_claims():
    for path in sorted(DEV_DIR.glob("*.gold.json")):
        article = json.loads(path.with_name(path.name.replace(".gold", "")).read_text("utf-8"))
        published = date.fromisoformat(article["published"][:10]) if article.get("published") else None
        for n, gold in enumerate(json.loads(path.read_text("utf-8"))["claims"]):
            if gold.get("market") not in (None, "outward", "inward"):
                continue
            fields = {k: gold[k] for k in FIELDS if gold.get(k) is not None}
            fields.update({k: date.fromisoformat(gold[k]) for k in ("period_start", "period_end") if gold.get(k)})
            amount = gold.get("amount_text") or ""
            claim = FlowClaim(id=f"{path.stem}#{n}", text=gold["quote"], char_start=0, char_end=1, mention=amount,
                              mention_start=0, mention_end=1, amount_text=amount,
                              amount_precision_jpy=stated_precision(amount) if amount else None, **fields)
            yield claim, gold.get("expected_verdict"), published


def test_gold_monthly_verdicts():
    registry = Registry()
    scored = agreed = handled = 0
    for claim, expected, published in gold_claims():
        if not reconcile_monthly(claim, Context(registry, published)):
            continue
        handled += 1
        if expected is not None:
            scored += 1
            agreed += claim.verdict.value == expected
    assert handled >= 50 and scored >= 8
    assert agreed / scored >= 0.95, f"{agreed} of {scored}"
