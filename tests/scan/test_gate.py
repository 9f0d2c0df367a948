"""The English model runs only where a claim can be, and the audits do not change."""

from __future__ import annotations

import pytest

from extractor.audit import audit
from extractor.nlp.gate import gate_regex, plan
from extractor.nlp.pipeline import analyse, analyse_full
from extractor.scrape.inputs import load_article
from tests.conftest import EXAMPLES
from tests.scan.conftest import dev_paths


def test_a_paragraph_without_figures_or_flow_words_skips_the_model(nlp):
    from extractor import settings

    text = ("Japanese investors sold a net 862.6 billion yen of foreign bonds last week.\n\n"
            "the weather in the capital was mild and sunny. crowds gathered by the river.\n\n"
            "They bought 331.9 billion yen of Japanese stocks.")
    doc = nlp.get_pipe("fc_paragraphs")(nlp.make_doc(text))
    steps = plan(doc, gate_regex(settings.pipeline_dir() / "patterns"))
    assert [doc[a:b].text.strip()[:7] for a, b in steps.rules] == ["the wea"]
    gated = analyse(nlp, text, None)
    assert [s.text.strip()[:10] for s in gated.sents] == [s.text.strip()[:10] for s in analyse_full(nlp, text, None).sents]


@pytest.mark.slow
def test_audits_are_identical_with_and_without_the_gate(nlp, registry, monkeypatch):
    paths = dev_paths() + sorted(p for p in EXAMPLES.glob("*.json") if ".gold." not in p.name)
    changed = []
    for path in paths:
        article = load_article(str(path))
        gated = audit(article, nlp, registry).model_dump_json()
        monkeypatch.setenv("FLOWCHECK_FULL_MODEL", "1")
        full = audit(article, nlp, registry).model_dump_json()
        monkeypatch.delenv("FLOWCHECK_FULL_MODEL")
        if gated != full:
            changed.append(path.name)
    assert changed == []
