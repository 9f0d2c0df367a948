"""Recall 1.00: no dev article or own example is dropped by either stage."""

from __future__ import annotations

import pytest

from extractor.scan.prefilter import Prefilter
from extractor.scrape.inputs import load_article
from tests.conftest import EXAMPLES
from tests.scan.conftest import NOT_FLOW, article_page, dev_paths


@pytest.fixture(scope="module")
def prefilter():
    return Prefilter.load()


def _inputs():
    examples = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".json", ".txt") and ".gold." not in p.name)
    return dev_paths() + examples


def test_every_dev_article_and_example_passes_both_stages(prefilter):
    dropped = []
    for path in _inputs():
        _, body = article_page(path)
        if not (prefilter.raw(body) and prefilter.text(load_article(str(path)).text)):
            dropped.append(path.name)
    assert len(_inputs()) >= 55
    assert dropped == []


def test_a_page_without_yen_or_flows_is_dropped_before_extraction(prefilter):
    assert not prefilter.raw(NOT_FLOW)


@pytest.mark.parametrize("text, kept", [
    ("Japanese investors sold a net 862.6 billion yen of foreign bonds in the week.", True),
    ("Foreigners poured ¥1.2 trillion into Japanese stocks last month.", True),
    ("Japan's exports rose for a third month as demand recovered.", False),  # no flow, no amount
    ("Investors bought shares of the company after its earnings beat.", False),  # no amount
])
def test_second_stage_needs_an_actor_a_flow_and_an_amount(prefilter, text, kept):
    assert prefilter.text(text) is kept
