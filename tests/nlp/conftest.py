"""Components are tested alone on a blank English pipeline (plus a sentencizer), so a
failure points at one component; the full pipeline is tested in test_pipeline.py."""

from __future__ import annotations

from datetime import date

import pytest
import spacy

from extractor import settings
from extractor.nlp import components  # noqa: F401
from extractor.nlp.mentions import register_extensions

PATTERNS = str(settings.pipeline_dir() / "patterns")


def blank(*factories: str):
    register_extensions()
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    for factory in factories:
        nlp.add_pipe(factory, config={"patterns_dir": PATTERNS})
    return nlp


def run(nlp, text: str, published: date | None = date(2013, 4, 25)):
    doc = nlp.make_doc(text)
    doc._.published = published
    return nlp(doc)


@pytest.fixture(scope="module")
def flow_nlp():
    return blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows", "flowcheck_qualifiers")
