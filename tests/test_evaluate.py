"""Extraction quality on real and written gold sets, with the thresholds issue 4 sets."""

from __future__ import annotations

from extractor.evaluate import evaluate
from tests.conftest import DEV_DIR, EXAMPLES


def test_dev_set_flow_f1_and_verdict_agreement(nlp, registry):
    totals = evaluate(DEV_DIR, nlp, registry).totals()
    assert totals["articles"] == 12
    assert totals["f1"] >= 0.90
    assert totals["verdict_agreement"] >= 0.95 and totals["verdicts_compared"] >= 35


def test_own_examples_match_their_gold(nlp, registry):
    result = evaluate(EXAMPLES, nlp, registry)
    totals = result.totals()
    assert totals["f1"] == 1.0 and totals["verdict_agreement"] == 1.0
