"""Two cheap tests that keep expensive work for pages where a flow claim can be.

Stage 1 (``raw``) reads the archived bytes before main-text extraction (trafilatura costs tens
of milliseconds a page; a regex over the bytes a fraction of one): the page must name the yen
or Japan/MoF *and* use flow or securities vocabulary. Stage 2 (``text``) reads the extracted
main text before the NLP pipeline: an actor or source word, a flow word and a stated amount.
Both are conjunctions of word classes, not of phrases, so a rephrased story still passes; the
words live in ``patterns/prefilter.json``. Recall is measured on every dev article and own
example (tests/scan/test_prefilter.py) and must stay 1.00.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from extractor import settings
from extractor.nlp import patterns


@dataclass
class Prefilter:
    raw_topic: list[re.Pattern[bytes]]  # any of these …
    raw_flow: re.Pattern[bytes]  # … and this
    text_actor: re.Pattern[str]
    text_flow: re.Pattern[str]
    text_amount: re.Pattern[str]

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> Prefilter:
        data = patterns.load(str(patterns_dir or settings.pipeline_dir() / "patterns"), "prefilter.json")
        raw, text = data["record"], data["text"]

        def b(pattern: str) -> re.Pattern[bytes]:
            return re.compile(pattern.encode("utf-8"), re.IGNORECASE)

        return cls(raw_topic=[b(raw["currency"]), b(raw["topic"])], raw_flow=b(raw["flow"]),
                   text_actor=re.compile(text["actor_or_source"], re.IGNORECASE),
                   text_flow=re.compile(text["flow"], re.IGNORECASE),
                   text_amount=re.compile(text["amount"], re.IGNORECASE))

    def raw(self, page: bytes) -> bool:
        """Stage 1, on the archived page as bytes (any ASCII-compatible encoding)."""
        return any(p.search(page) for p in self.raw_topic) and self.raw_flow.search(page) is not None

    def text(self, body: str) -> bool:
        """Stage 2, on the article's main text."""
        return all(p.search(body) for p in (self.text_actor, self.text_flow, self.text_amount))
