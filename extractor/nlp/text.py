"""Sentence and window helpers shared by the components."""

from __future__ import annotations

import bisect
import re

from spacy.tokens import Doc


def sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Character bounds of each sentence (the whole doc if nothing set boundaries)."""
    cached = doc.user_data.get("fc_sent_bounds")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    if doc.has_annotation("SENT_START"):
        bounds = [(s.start_char, s.end_char) for s in doc.sents]
    else:
        bounds = [(0, len(doc.text))]
    doc.user_data["fc_sent_bounds"] = (len(doc), bounds)
    return bounds


def sent_index(doc: Doc, char: int) -> int:
    bounds = sentence_bounds(doc)
    starts = [b[0] for b in bounds]
    return max(0, bisect.bisect_right(starts, char) - 1)


def skipped(doc: Doc, index: int) -> bool:
    """Whether sentence ``index`` lies on a page-furniture line (set by flowcheck_paragraphs)."""
    start = sentence_bounds(doc)[index][0]
    return any(lo <= start < hi for lo, hi in doc.user_data.get("fc_furniture", ()))


def iter_sentences(doc: Doc):
    """(index, start_char, text) of each sentence that is not page furniture."""
    text = doc.text  # spaCy joins every token on each access: read it once, not once per sentence
    for i, (start, end) in enumerate(sentence_bounds(doc)):
        if not skipped(doc, i):
            yield i, start, text[start:end]


_WORD = re.compile(r"\w+")


def market_of_securities(text: str, start: int, phrase: str, foreign: set[str], japanese: set[str]) -> str | None:
    """'foreign bonds' → outward; 'Japanese shares' → inward: the modifier closest to the
    securities word, among the three words before it and the phrase's own leading words."""
    before = re.findall(r"[\w.'-]+", text[max(0, start - 40) : start].lower())[-3:]
    for word in reversed(before + phrase.lower().split()[:-1]):
        word = word.strip(".,")
        if word in japanese:
            return "inward"
        if word in foreign:
            return "outward"
    return None


def word_distance(text: str, a: int, b: int) -> int:
    """Number of words between two character offsets of ``text``."""
    lo, hi = sorted((a, b))
    return len(_WORD.findall(text[lo:hi]))
