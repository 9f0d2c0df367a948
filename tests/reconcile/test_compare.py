from __future__ import annotations

from extractor.claims.model import Verdict
from extractor.reconcile.compare import compare_amount, decimals_of, rounds_to


def test_rounding_to_the_stated_precision_is_accurate():
    assert compare_amount(-860.8e9, -860.8e9, 1e8) == Verdict.accurate
    assert compare_amount(1.75e12, 1.7502e12, 1e10) == Verdict.accurate


def test_revision_sized_differences_are_close():
    assert compare_amount(-862.6e9, -860.8e9, 1e8) == Verdict.close  # 1.8 bn off
    assert compare_amount(100e9, 128e9, 1e8) == Verdict.close  # within 30 bn yen
    assert compare_amount(2000e9, 2090e9, 1e9) == Verdict.close  # within 5 %


def test_larger_differences_and_opposite_signs():
    assert compare_amount(-7.4e9, -73.8e9, 1e8) == Verdict.inaccurate
    assert compare_amount(-38.7e9, 38.7e9, 1e8) == Verdict.wrong_direction


def test_rounding_helpers():
    assert rounds_to(1.72, 1.7, 1) and not rounds_to(1.76, 1.7, 1)
    assert decimals_of("$8.7 billion") == 1 and decimals_of("2 percent") == 0
