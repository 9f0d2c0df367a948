"""Run the English model only on the paragraphs where a claim can be.

The English model (tok2vec → parser → ner) costs more than all of flowcheck's components
together, yet a news page is mostly text no component can use: "Shares of Toyota rose after
the earnings call" has no figure, no flow word, no source. What the components read from the
model is narrow — sentence boundaries (parser) and entities (ner: PERSON for sources, numeric
labels for statistics); nothing reads tags, lemmas or the dependency tree — so:

* the tagger and attribute ruler are skipped (their output is read by nothing);
* a paragraph (the text between line breaks, which ``flowcheck_paragraphs`` already makes
  hard sentence starts) goes through the model when it holds a digit or any word of the
  components' own lexicons (flow directions, securities, actors, forecast cues, data sources,
  attribution verbs) or of ``patterns/prefilter.json``'s ``model_gate`` list (number words,
  period and record words). The vocabulary is read from the same files the components match
  with, so a phrase a component can find always reaches the model;
* consecutive candidate paragraphs are parsed together as one Doc, with ``CONTEXT`` tokens of
  the text around them that are analysed and then dropped, so the model sees the same
  neighbouring words it saw before (its convolutions look 4 tokens each way, the entity
  recogniser's state a few tokens back); the Docs of a batch of articles go through ``pipe``
  together, like ``nlp.pipe`` does;
* the remaining paragraphs are split into sentences by spaCy's rule-based ``Sentencizer`` and
  carry no entities — no component finds anything there.

Checked by tests/nlp/test_gate.py and benchmarks/scan_speed.py: the audit JSON of every dev
article and own example is identical with and without the gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from extractor.nlp import patterns

MODEL_PIPES = ("tok2vec", "parser", "ner")
"""The base-model components whose output flowcheck reads (boundaries, entities)."""
CONTEXT = 12
"""Tokens of surrounding text analysed with a run of candidate paragraphs, then dropped."""
BEFORE_MODEL = "fc_paragraphs"
"""The flowcheck component that runs before the model (hard sentence starts at line breaks)."""


def _words(value) -> Iterator[str]:
    """Every phrase in a (nested) lexicon entry."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _words(item)
    elif isinstance(value, list):
        for item in value:
            yield from _words(item)


def vocabulary(patterns_dir: str | Path) -> list[str]:
    """The phrases that make a paragraph worth the model: the components' lexicons plus the gate list."""
    d = str(patterns_dir)
    lexicon = patterns.load(d, "flow_lexicon.json")
    forecasts = patterns.load(d, "forecasts.json")
    attributions = patterns.load(d, "attributions.json")
    qualifiers = patterns.load(d, "qualifiers.json")
    gate = patterns.load(d, "prefilter.json")["model_gate"]
    words: set[str] = set()
    for key in ("direction", "instrument", "inward_actors", "outward_actors", "pronoun_actors", "mof_sources",
                "exchange_sources", "foreign_modifiers", "japanese_modifiers"):
        words.update(_words(lexicon[key]))
    words.update(_words(forecasts["cues"]))
    words.update(_words(forecasts["turn_phrases"]))
    words.update(_words(attributions["data_sources"]))
    for key in ("ordinal_words", "cardinal_words", "factor_words", "largest_words", "smallest_words"):
        words.update(_words(qualifiers.get(key, [])))
    words.update(gate["words"])
    return sorted(w.lower() for w in words if isinstance(w, str) and w.strip())


def gate_regex(patterns_dir: str | Path) -> re.Pattern[str]:
    """Digits, or any vocabulary phrase at a word start (stems such as "invest" match "investors")."""
    gate = patterns.load(str(patterns_dir), "prefilter.json")["model_gate"]
    body = "|".join(re.escape(w) for w in sorted(vocabulary(patterns_dir), key=len, reverse=True))
    return re.compile(rf"{gate['always']}|(?<![\w-])(?:{body})", re.IGNORECASE)


@dataclass
class Plan:
    """Token ranges of one Doc: runs of candidate paragraphs for the model, the rest for the sentencizer."""

    model: list[tuple[int, int]]
    rules: list[tuple[int, int]]


def paragraphs(doc: Doc, sent_starts: np.ndarray | None = None) -> list[tuple[int, int]]:
    """Token ranges between the hard sentence starts ``flowcheck_paragraphs`` set."""
    values = doc.to_array(SENT_START).astype(np.int64) if sent_starts is None else sent_starts
    starts = [0] + [int(i) for i in np.flatnonzero(values == 1) if i > 0]
    return [(a, b) for a, b in zip(starts, starts[1:] + [len(doc)], strict=True) if b > a]


def plan(doc: Doc, regex: re.Pattern[str], sent_starts: np.ndarray | None = None) -> Plan:
    model: list[tuple[int, int]] = []
    rules: list[tuple[int, int]] = []
    for start, end in paragraphs(doc, sent_starts):
        wanted = regex.search(doc[start:end].text) is not None
        target = model if wanted else rules
        if target and target[-1][1] == start:
            target[-1] = (target[-1][0], end)  # extend the run: the model keeps its context
        else:
            target.append((start, end))
    return Plan(model, rules)


class GatedAnalyser:
    """``analyse`` for many texts: the model on candidate paragraphs only, batched across articles."""

    def __init__(self, nlp: Language, patterns_dir: str | Path, batch_size: int = 64) -> None:
        self.nlp = nlp
        self.regex = gate_regex(patterns_dir)
        self.batch_size = batch_size
        names = nlp.pipe_names
        self.before = [nlp.get_pipe(BEFORE_MODEL)] if BEFORE_MODEL in names else []
        self.model = [nlp.get_pipe(n) for n in MODEL_PIPES if n in names]
        last_model = max((names.index(n) for n in MODEL_PIPES + ("tagger", "attribute_ruler") if n in names), default=-1)
        self.after = [proc for name, proc in nlp.pipeline[last_model + 1 :] if name != BEFORE_MODEL]
        self.sentencizer = Sentencizer()

    def __call__(self, items: Iterable[tuple[str, object]]) -> Iterator[Doc]:
        """(text, published) pairs → analysed Docs, in order; ``items`` is consumed in batches."""
        batch: list[tuple[str, object]] = []
        for item in items:
            batch.append(item)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, items: list[tuple[str, object]]) -> list[Doc]:
        docs: list[Doc] = []
        starts: list[np.ndarray] = []  # per Doc: sentence starts (1 start, -1 not, 0 unset)
        jobs: list[tuple[int, int, int, int, Doc]] = []  # (doc number, offset, first, last, Doc for the model)
        for number, (text, published) in enumerate(items):
            doc = self.nlp.make_doc(text)
            doc._.published = published
            for proc in self.before:
                doc = proc(doc)
            docs.append(doc)
            values = doc.to_array(SENT_START).astype(np.int64)
            starts.append(values)
            p = plan(doc, self.regex, values)
            if p.model == [(0, len(doc))]:
                jobs.append((number, 0, 0, len(doc), doc))  # all of it: the model annotates the Doc itself
                continue
            for start, end in p.model:
                lo, hi = max(0, start - CONTEXT), min(len(doc), end + CONTEXT)
                jobs.append((number, lo, start - lo, end - lo, doc[lo:hi].as_doc()))
            for start, end in p.rules:
                _merge(values, start, self._sentences(doc[start:end].as_doc()), 0, end - start)
        subs: Iterable[Doc] = [job[-1] for job in jobs]
        for proc in self.model:
            subs = proc.pipe(subs, batch_size=self.batch_size)
        ents: dict[int, list[Span]] = {}
        whole: set[int] = set()
        for (number, offset, first, last, _), sub in zip(jobs, subs, strict=True):
            if sub is docs[number]:
                whole.add(number)
                continue
            _merge(starts[number], offset, sub, first, last)
            ents.setdefault(number, []).extend(
                Span(docs[number], offset + e.start, offset + e.end, label=e.label_) for e in sub.ents
                if first <= e.start and e.end <= last)
        out = []
        for number, doc in enumerate(docs):
            if number not in whole:
                values = starts[number]
                values[values == 0] = -1
                values[0] = 1
                doc.from_array([SENT_START], values.astype(np.uint64).reshape(-1, 1))
                doc.ents = ents.get(number, [])
            for proc in self.after:
                doc = proc(doc)
            out.append(doc)
        return out


    def _sentences(self, paragraph: Doc) -> Doc:
        """Rule-based sentence starts, never on the line break the parser would attach to the sentence before."""
        paragraph = self.sentencizer(paragraph)
        for token in paragraph:
            if token.i > 0 and token.is_space:
                token.is_sent_start = False
        return paragraph


def _merge(values: np.ndarray, offset: int, sub: Doc, first: int, last: int) -> None:
    """Sentence starts of a run analysed on its own (tokens ``first:last`` of ``sub``) written into
    the article's; a paragraph's first token keeps the hard start ``flowcheck_paragraphs`` gave it."""
    found = sub.to_array(SENT_START).astype(np.int64)[first:last]
    target = values[offset + first : offset + last]
    target[:] = np.where(target == 1, 1, np.where(found == 1, 1, -1))
