"""Other numbers kept as claims — and the ones that are not claims."""

from __future__ import annotations

from datetime import date

import pytest

from extractor.nlp.pipeline import analyse

pytestmark = pytest.mark.slow


def test_the_day_of_a_dateline_is_not_a_statistic(nlp):
    doc = analyse(nlp, "TOKYO, Aug 10 - Japanese investors bought a net 84.4 billion yen of Belgian bonds in June, "
                       "and 12 of 15 analysts expect more.", date(2026, 8, 10))
    assert "10" not in [s.text for s in doc._.fc_statistics]
