"""Two cheap tests that keep expensive work for pages where a flow claim can be.

Stage 1 (``raw``) reads the archived bytes before main-text extraction (trafilatura costs tens
of milliseconds a page; a regex over the bytes a fraction of one): the page must name the yen
or Japan/MoF *and* use flow or securities vocabulary; then the stage-2 test runs on all of the
page's text (tags, scripts and styles stripped by a regex: a millisecond, no parser) — the main
text is part of it, so a page whose main text would pass cannot fail here. Stage 2 (``text``)
reads the extracted main text before the NLP pipeline: an actor or source word, a flow word and
a stated amount or a stated plan (a forecast-only story, "insurers plan to increase investment
in foreign bonds", states no amount).
Both are conjunctions of word classes, not of phrases, so a rephrased story still passes; the
words live in ``patterns/prefilter.json``. Recall is measured on every dev article and own
example (tests/scan/test_prefilter.py) and must stay 1.00.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from extractor import settings
from extractor.nlp import patterns

_HIDDEN = re.compile(rb"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(rb"<[^>]*>")


def page_text(page: bytes) -> str:
    """All the text of an HTML page, roughly: hidden blocks and tags replaced by spaces, entities decoded."""
    stripped = _TAG.sub(b" ", _HIDDEN.sub(b" ", page))
    return html.unescape(stripped.decode("utf-8", errors="replace"))


@dataclass
class Prefilter:
    raw_topic: list[bytes]  # one of these substrings of the lowercased page …
    raw_flow: list[bytes]  # … and one of these
    text_actor: re.Pattern[str]
    text_flow: re.Pattern[str]
    text_amount: re.Pattern[str]
    text_plan: re.Pattern[str]

    @classmethod
    def load(cls, patterns_dir: Path | None = None) -> Prefilter:
        data = patterns.load(str(patterns_dir or settings.pipeline_dir() / "patterns"), "prefilter.json")
        raw, text = data["record"], data["text"]
        return cls(raw_topic=[w.lower().encode("utf-8") for w in raw["topic"]],
                   raw_flow=[w.lower().encode("utf-8") for w in raw["flow"]],
                   text_actor=re.compile(text["actor_or_source"], re.IGNORECASE),
                   text_flow=re.compile(text["flow"], re.IGNORECASE),
                   text_amount=re.compile(text["amount"], re.IGNORECASE),
                   text_plan=re.compile(text["plan"], re.IGNORECASE))

    def raw(self, page: bytes) -> bool:
        """Stage 1, on the archived page as bytes (UTF-8 or any ASCII-compatible encoding)."""
        low = page.lower()
        if not (any(w in low for w in self.raw_topic) and any(w in low for w in self.raw_flow)):
            return False
        return self.text(page_text(page))

    def text(self, body: str) -> bool:
        """Stage 2, on the article's main text."""
        return (all(p.search(body) for p in (self.text_actor, self.text_flow))
                and (self.text_amount.search(body) is not None or self.text_plan.search(body) is not None))
