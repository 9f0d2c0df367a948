"""Sentence and window helpers shared by the components."""

from __future__ import annotations

import bisect
import re
import unicodedata
from functools import lru_cache

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
    starts = _cached(doc, "fc_sent_starts", lambda: [b[0] for b in sentence_bounds(doc)])
    return max(0, bisect.bisect_right(starts, char) - 1)


def skipped(doc: Doc, index: int) -> bool:
    """Whether sentence ``index`` lies on a page-furniture line (set by flowcheck_paragraphs)."""
    return _cached(doc, "fc_skipped", lambda: _furniture_sentences(doc))[index]


def iter_sentences(doc: Doc):
    """(index, start_char, text) of each sentence that is not page furniture."""
    text = doc_text(doc)
    for i, (start, end) in enumerate(sentence_bounds(doc)):
        if not skipped(doc, i):
            yield i, start, text[start:end]


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once: spaCy joins every token on each access, so reading it per
    sentence or per mention makes a long article cost the square of its length."""
    return _cached(doc, "fc_text", lambda: source_text(doc))


SOURCE_KEY = "fc_source_text"
"""``user_data`` key of the string a Doc was tokenised from (see ``remember_text``)."""


def remember_text(doc: Doc, text: str) -> Doc:
    """Keep the string ``doc`` was made from, so ``source_text`` need not rebuild it: spaCy's
    ``Doc.text`` creates a Python object per token to join their texts, ~5 % of an audit."""
    doc.user_data[SOURCE_KEY] = (len(doc), text)
    return doc


def source_text(doc: Doc) -> str:
    """The Doc's text: the remembered string when it was remembered for a Doc of this many
    tokens (the tokenizer keeps every character, so a Doc made from a string has that string as
    its text; keyed like the sentence bounds), else ``doc.text``."""
    known = doc.user_data.get(SOURCE_KEY)
    if isinstance(known, tuple) and len(known) == 2 and known[0] == len(doc) and isinstance(known[1], str):
        return known[1]
    return doc.text


def _cached(doc: Doc, key: str, compute):
    """A per-Doc value, recomputed if the Doc's sentence bounds were (keyed like them)."""
    bounds = sentence_bounds(doc)
    cached = doc.user_data.get(key)
    if cached is not None and cached[0] is bounds:
        return cached[1]
    value = compute()
    doc.user_data[key] = (bounds, value)
    return value


def _furniture_sentences(doc: Doc) -> list[bool]:
    """For each sentence, whether it starts on a furniture line: one merge pass over both
    sorted lists (a plain list, so ``user_data`` stays serialisable)."""
    lines = sorted(doc.user_data.get("fc_furniture", ()))
    out, k = [], 0
    for start, _ in sentence_bounds(doc):
        while k < len(lines) and lines[k][1] <= start:
            k += 1
        out.append(k < len(lines) and lines[k][0] <= start < lines[k][1])
    return out


_WORD = re.compile(r"\w+")


def market_of_securities(text: str, start: int, phrase: str, foreign: set[str], japanese: set[str],
                         stops: frozenset[str] | set[str] = frozenset()) -> str | None:
    """'foreign bonds' → outward; 'Japanese shares' → inward: the modifier closest to the
    securities word, among the three words before it and the phrase's own leading words. A
    word in ``stops`` ends the search: in "Foreign investors sold derivative contracts" the
    "Foreign" belongs to the investors, not to the derivatives."""
    before = re.findall(r"[\w.'’-]+", text[max(0, start - 40) : start].lower())[-3:]
    for word in reversed(before + phrase.lower().split()[:-1]):
        word = word.strip(".,").replace("’", "'")
        if word in stops:
            return None
        if word in japanese:
            return "inward"
        if word in foreign:
            return "outward"
    return None


def word_distance(text: str, a: int, b: int) -> int:
    """Number of words between two character offsets of ``text``."""
    lo, hi = sorted((a, b))
    return len(_WORD.findall(text[lo:hi]))


@lru_cache(maxsize=4096)
def _fold(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char)
    return folded if len(folded) == 1 else char


def fold_width(text: str) -> str:
    """NFKC, one character at a time: full-width digits and signs ("８６２．６ billion yen")
    become ASCII ("862.6") so the amount patterns read them, while every character keeps its
    place — offsets into the folded text are offsets into the original. Characters whose NFKC
    form is longer (ligatures, "㍻") stay as they are for the same reason."""
    if text.isascii():
        return text
    return "".join(_fold(c) if ord(c) > 127 else c for c in text)
