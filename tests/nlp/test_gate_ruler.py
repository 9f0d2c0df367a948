"""The English model's attribute ruler keeps only the rules for what the components read."""

from __future__ import annotations

import pytest
import spacy

from extractor import settings
from extractor.nlp.text import fold_width
from extractor.scrape.inputs import load_article
from tests.scan.conftest import dev_paths


@pytest.mark.slow
def test_pruned_attribute_ruler_gives_the_full_rulers_pos_tag_and_dep(nlp):
    """The forecast reader reads POS, TAG and DEP; on every dev article they are what the
    model's full attribute ruler (morphology and lemma rules included) gives."""
    full = spacy.load(settings.model_name(), exclude=["lemmatizer"])
    ours = nlp.get_pipe("attribute_ruler")
    assert len(ours.patterns) < len(full.get_pipe("attribute_ruler").patterns)
    assert all(set(rule["attrs"]) <= {"POS", "TAG", "DEP"} for rule in ours.patterns)
    differ = []
    with full.select_pipes(disable=["attribute_ruler", "ner"]):
        docs = list(full.pipe(fold_width(load_article(str(p)).text) for p in dev_paths()))
    for path, doc in zip(dev_paths(), docs, strict=True):
        reference = full.get_pipe("attribute_ruler")(doc.copy())
        pruned = ours(doc.copy())
        if [(t.pos_, t.tag_, t.dep_) for t in pruned] != [(t.pos_, t.tag_, t.dep_) for t in reference]:
            differ.append(path.name)
    assert differ == []
