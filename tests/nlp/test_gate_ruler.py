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


@pytest.mark.slow
def test_cue_ruler_gives_the_rulers_tags_and_labels_everywhere_and_pos_where_a_cue_starts(nlp):
    """The gate runs the ruler's part-of-speech rules only around forecast cues: every token's
    tag and label, and the part of speech of each word a cue (as the forecast reader finds it, in
    the whole text or in one sentence) starts at and of the word after, are the full ruler's."""
    from extractor.nlp import patterns
    from extractor.nlp.gate import CueRuler

    full = spacy.load(settings.model_name(), exclude=["lemmatizer"])
    cue_ruler = CueRuler(nlp.get_pipe("attribute_ruler"), settings.pipeline_dir() / "patterns")
    cues = patterns.phrase_regex(patterns.load(str(settings.pipeline_dir() / "patterns"), "forecasts.json")["cues"])
    with full.select_pipes(disable=["attribute_ruler", "ner"]):
        docs = list(full.pipe(fold_width(load_article(str(p)).text) for p in dev_paths()))
    differ, read = [], 0
    for path, doc in zip(dev_paths(), docs, strict=True):
        reference = full.get_pipe("attribute_ruler")(doc.copy())
        ours = cue_ruler(doc.copy())
        if [(t.tag_, t.dep_) for t in ours] != [(t.tag_, t.dep_) for t in reference]:
            differ.append(path.name)
        starts = {m.start() for m in cues.finditer(doc.text)}
        starts |= {s.start_char + m.start() for s in doc.sents for m in cues.finditer(s.text)}
        for start in starts:
            cue = next(t for t in doc if t.idx + len(t) > start)
            for token in (cue, cue.nbor()) if cue.i + 1 < len(doc) else (cue,):
                read += 1
                if ours[token.i].pos_ != reference[token.i].pos_:
                    differ.append(f"{path.name}: {token.text!r}")
    assert read > 100 and differ == []
