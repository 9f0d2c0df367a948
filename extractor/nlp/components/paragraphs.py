"""Sentence starts from layout: a blank line or a line break starts a new sentence, and page
furniture (links to other stories, photo credits) is marked to be skipped.

A single line break inside a sentence — wire copy hard-wrapped at 70 columns, "sold a net
3.93 trillion yen\n($24.42 billion) worth of foreign bonds last month" — is a soft wrap, not
a boundary: the line before it does not end a sentence and the next one goes on in lower case,
a digit or a bracket. Splitting there would cut a figure from its securities and its period.

Runs before the parser, which keeps boundaries already set: a headline or a table line is
then never glued to the paragraph after it.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IDX, IS_SPACE, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import register_extensions
from extractor.nlp.text import source_text


class Paragraphs:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.furniture = [re.compile(p) for p in data["line_patterns"]]

    def __call__(self, doc: Doc) -> Doc:
        text = source_text(doc)
        for i in line_starts(doc, text):
            doc[i].is_sent_start = True
        doc.user_data["fc_furniture"] = self.furniture_lines(text)
        return doc

    def furniture_lines(self, text: str) -> list[tuple[int, int]]:
        """Character ranges of lines that are page furniture."""
        ranges = []
        offset = 0
        for line in text.splitlines(keepends=True):
            stripped = line.strip()
            if stripped and any(p.search(stripped) for p in self.furniture):
                ranges.append((offset, offset + len(line)))
            offset += len(line)
        return ranges


def line_starts(doc: Doc, text: str) -> list[int]:
    """Tokens that start a sentence because a line break (not a soft wrap) comes before them.

    Only tokens at a line break can: a whitespace token holding one, the token after a run of
    them, a token whose gap before it holds one. They are found from the text's line breaks,
    so the Python loop visits those few tokens instead of every token of the article."""
    idx = doc.to_array(IDX).astype(np.int64)
    ends = idx + doc.to_array(LENGTH).astype(np.int64)
    spaces = doc.to_array(IS_SPACE)
    breaks: set[int] = set()  # whitespace tokens holding a line break
    gaps: set[int] = set()  # tokens whose preceding gap (the token before's trailing space) holds one
    positions = np.array([m.start() for m in _NEWLINE.finditer(text)], dtype=np.int64)
    for k, p in zip(np.searchsorted(idx, positions, side="right") - 1, positions, strict=True):
        if k >= 0 and p < ends[k]:
            if spaces[k]:
                breaks.add(int(k))
        elif k + 1 < len(doc):
            gaps.add(int(k) + 1)
    out: list[int] = []
    after_break = False
    for i in sorted(breaks | {k + 1 for k in breaks if k + 1 < len(doc)} | gaps):
        if i in breaks:
            after_break = after_break or not _soft_wrap(text, int(idx[i]), int(ends[i]))
            continue
        if after_break:
            out.append(i)
            after_break = False
        elif i > 0 and i in gaps and not _soft_wrap(text, int(ends[i - 1]), int(idx[i])):
            out.append(i)
    return out


_NEWLINE = re.compile("\n")


def _soft_wrap(text: str, start: int, end: int) -> bool:
    """Whether the whitespace text[start:end] is one hard-wrap line break inside a sentence."""
    if text.count("\n", start, end) != 1:
        return False
    line = text[text.rfind("\n", 0, start) + 1 : start].rstrip()
    before, after = line[-1:], text[end : end + 1]
    if not before or before in ".!?:;":
        return False
    if after.islower() or after.isdigit() or after in "($¥":
        return True
    # "sold British and\nEuropean bonds": a long wrapped line that stops mid-phrase
    return after.isupper() and len(line) >= _WRAP_WIDTH and (before.islower() or before == ",")


_WRAP_WIDTH = 45  # wire copy wraps at 60-70 columns; headlines and table headers are shorter or punctuated


@Language.factory(
    "flowcheck_paragraphs",
    default_config={"patterns_dir": "", "patterns_file": "boilerplate.json"},
    requires=[],
    assigns=["token.is_sent_start", "doc.user_data"],
)
def make_paragraphs(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Paragraphs:
    return Paragraphs(patterns_dir, patterns_file)
