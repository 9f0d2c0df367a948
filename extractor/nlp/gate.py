"""Run the English model only on the paragraphs where a claim can be.

The English model costs more than all of flowcheck's components together, yet a news page is
mostly text no component can use: "Shares of Toyota rose after the earnings call" has no figure,
no flow word, no source. The components read sentence boundaries, entities, and — for the
subject of a forecast's verb or a firm that trades — the dependency tree and tags, all within
sentences that hold their own vocabulary; nothing reads lemmas. So:

* the lemmatizer is not run (``models/flowcheck/config.cfg`` excludes it), the attribute ruler
  keeps only its part-of-speech, tag and label rules (``pipeline.prune_attribute_ruler``), and
  its part-of-speech rules run only around forecast cues, the one place a part of speech is read
  (``CueRuler``);
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
  carry no entities, tags or parse (each sentence a flat tree) — no component finds anything there;
* the article's Doc is then assembled from its analysed pieces with ``Doc.from_docs``, so every
  token keeps the annotation the model gave it (the text is the same, character for character).

Checked by tests/nlp/test_gate.py and benchmarks/scan_speed.py: the audit JSON of every dev
article and own example is identical with and without the gate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Sentencizer
from spacy.tokens import Doc, Span

from extractor.nlp import patterns
from extractor.nlp.text import remember_text, source_text

MODEL_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "ner")
"""The base-model components whose output flowcheck reads (boundaries, entities, tags, the parse)."""
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
        self.model = [CueRuler(nlp.get_pipe(n), patterns_dir) if n == "attribute_ruler" else nlp.get_pipe(n)
                      for n in MODEL_PIPES if n in names]
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
        pieces: list[list[Doc | int]] = []  # per Doc: its pieces in order (an int is a model job's number)
        jobs: list[tuple[int, int, Doc]] = []  # (first, last, Doc for the model): tokens first:last are the run's
        for text, published in items:
            doc = remember_text(self.nlp.make_doc(text), text)
            doc._.published = published
            for proc in self.before:
                doc = proc(doc)
            docs.append(doc)
            p = plan(doc, self.regex, doc.to_array(SENT_START).astype(np.int64))
            if p.model == [(0, len(doc))]:
                jobs.append((0, len(doc), doc))  # all of it: the model annotates the Doc itself
                pieces.append([len(jobs) - 1])
                continue
            order: list[tuple[int, Doc | int]] = []
            for start, end in p.model:
                lo, hi = max(0, start - CONTEXT), min(len(doc), end + CONTEXT)
                sub = remember_text(doc[lo:hi].as_doc(),
                                    text[doc[lo].idx : doc[hi - 1].idx + len(doc[hi - 1].text_with_ws)])
                jobs.append((start - lo, end - lo, sub))
                order.append((start, len(jobs) - 1))
            for start, end in p.rules:
                order.append((start, _flat(self._sentences(doc[start:end].as_doc()))))
            pieces.append([piece for _, piece in sorted(order, key=lambda pair: pair[0])])
        subs: Iterable[Doc] = [job[-1] for job in jobs]
        for proc in self.model:
            subs = proc.pipe(subs, batch_size=self.batch_size)
        analysed = [_trim(sub, first, last) for (first, last, _), sub in zip(jobs, subs, strict=True)]
        out = []
        for doc, parts in zip(docs, pieces, strict=True):
            if len(parts) == 1 and isinstance(parts[0], int) and analysed[parts[0]] is doc:  # analysed in place
                whole = analysed[parts[0]]
            else:
                whole = Doc.from_docs([analysed[x] if isinstance(x, int) else x for x in parts],
                                      ensure_whitespace=False, exclude=["tensor", "user_data"])
            whole.user_data.update(doc.user_data)  # the publication date, the furniture lines, the text: same offsets
            for proc in self.after:
                whole = proc(whole)
            out.append(whole)
        return out

    def _sentences(self, paragraph: Doc) -> Doc:
        """Rule-based sentence starts, never on the line break the parser would attach to the sentence before."""
        paragraph = self.sentencizer(paragraph)
        for token in paragraph:
            if token.i > 0 and token.is_space:
                token.is_sent_start = False
        return paragraph


class CueRuler:
    """The English model's attribute ruler, run in full only where its part of speech is read.

    Of the ruler's outputs flowcheck reads dependency labels and tags anywhere, but a part of
    speech only on the word a forecast cue starts at ("will", "expected to" …: the forecast
    reader asks whether it is a verb). So the rules that set a tag or a label (whitespace tokens:
    ``_SP``, ``dep``) run on every token, and the whole rule set only on the tokens around each
    place a cue phrase occurs — as a substring, so every position the forecast reader can take
    for a cue is covered, whatever piece of the text it searched. The tokens there come out as
    the ruler alone would make them: its rules look at one token, or (``there is``) at the one
    before it, so a window of one token each side gives each rule what it sees in the whole Doc.
    Checked by tests/nlp/test_gate_ruler.py and the gate's byte-identical audits."""

    READ_ANYWHERE = ("TAG", "DEP")

    def __init__(self, ruler: AttributeRuler, patterns_dir: str | Path) -> None:
        self.ruler = ruler
        self.anywhere = AttributeRuler(ruler.vocab)
        self.anywhere.add_patterns([r for r in ruler.patterns if set(r["attrs"]) & set(self.READ_ANYWHERE)])
        cues = sorted(set(patterns.load(str(patterns_dir), "forecasts.json")["cues"]), key=len, reverse=True)
        self.cue_starts = re.compile("(?=" + "|".join(re.escape(c) for c in cues) + ")", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        doc = self.anywhere(doc)
        windows = self.windows(doc)
        if windows:
            matches = []
            for a, b in windows:
                matches += [(int(self.ruler.vocab.strings[m]), m, a + s, a + e)
                            for m, s, e in self.ruler.matcher(doc[a:b], allow_missing=True, as_spans=False)]
            self.ruler.set_annotations(doc, sorted(matches))  # the ruler's own order: by rule
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        for doc in docs:
            yield self(doc)

    def windows(self, doc: Doc) -> list[tuple[int, int]]:
        """Token ranges [a, b): the token each cue starts in, one before, one after; merged."""
        text = source_text(doc)  # the gate remembered each model job's text
        starts = doc.to_array(IDX).astype(np.int64)
        out: list[tuple[int, int]] = []
        for m in self.cue_starts.finditer(text):
            k = int(np.searchsorted(starts, m.start(), side="right")) - 1
            a, b = max(0, k - 1), min(len(doc), k + 2)
            if out and a <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], b))
            else:
                out.append((a, b))
        return out


def _trim(sub: Doc, first: int, last: int) -> Doc:
    """The run's own tokens of a Doc analysed with context around it, with the entities that lie
    wholly inside them (an entity cut by the edge belongs to the context)."""
    if first == 0 and last == len(sub):
        return sub
    run = sub[first:last].as_doc()
    run.ents = [Span(run, e.start - first, e.end - first, label=e.label_) for e in sub.ents
                if first <= e.start and e.end <= last]
    return run


def _flat(paragraph: Doc) -> Doc:
    """A paragraph the model skipped, as one flat tree per sentence (every token attached to the
    sentence's first), so it joins analysed pieces in one Doc with its sentence starts intact."""
    heads, deps = [], []
    for sentence in paragraph.sents:
        for token in sentence:
            heads.append(sentence.start)
            deps.append("ROOT" if token.i == sentence.start else "dep")
    return Doc(paragraph.vocab, words=[t.text for t in paragraph], spaces=[bool(t.whitespace_) for t in paragraph],
               heads=heads, deps=deps)
