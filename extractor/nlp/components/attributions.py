"""Attributions: named data sources ("weekly data from the Ministry of Finance"), people with
their role and employer ("Evan Lucas, market strategist at IG markets"), and organisations
("according to Deutsche Bank").

People come from the English model's PERSON entities; the role and employer are read from
the words right after the name. A later bare surname ("said Parpart") is linked back to the
full name seen earlier.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from extractor.nlp import patterns
from extractor.nlp.mentions import AttributionMention, register_extensions
from extractor.nlp.text import doc_text, sent_index

_GENERIC = {"data", "the data", "reuters", "the ministry", "analysts", "market watchers"}


class Attributions:
    def __init__(self, patterns_dir: str, patterns_file: str) -> None:
        register_extensions()
        data = patterns.load(patterns_dir, patterns_file)
        self.data_sources = [
            (name, patterns.phrase_regex(phrases)) for name, phrases in data["data_sources"].items()
        ]
        self.role_after = re.compile(data["role_after_person"])
        self.according_to = re.compile(data["according_to"])
        self.said_person = re.compile(data["said_person"])

    def find(self, doc: Doc) -> list[AttributionMention]:
        text = doc_text(doc)  # built once per Doc, shared by the components
        found: list[AttributionMention] = []

        def add(start: int, end: int, name: str, kind: str, role: str | None = None,
                affiliation: str | None = None) -> None:
            found.append(AttributionMention(start, end, text[start:end], sent_index(doc, start),
                                            name=name, kind=kind, role=role, affiliation=affiliation))

        for name, regex in self.data_sources:
            for match in regex.finditer(text):
                add(match.start(), match.end(), name, "data")
        persons: dict[str, AttributionMention] = {}
        for ent in doc.ents:
            if ent.label_ != "PERSON" or len(ent.text.split()) < 2:
                continue
            role = affiliation = None
            after = self.role_after.match(text[ent.end_char : ent.end_char + 120])
            if after:
                role, affiliation = after["role"].strip(), _organisation(after)
            add(ent.start_char, ent.end_char, ent.text, "person", role, affiliation)
            persons.setdefault(ent.text.split()[-1], found[-1])
        for match in self.said_person.finditer(text):
            surname = match["who"].split()[-1]
            known = persons.get(surname)
            if known:
                add(match.start("who"), match.end("who"), known.name, "person", known.role, known.affiliation)
        for match in self.according_to.finditer(text):
            who = match["who"].strip().rstrip(".")
            start = match.start("who")
            if who.lower() in _GENERIC or any(a.start_char <= start < a.end_char for a in found):
                continue
            if any(who in a.name or a.name in who for a in found if a.kind == "data"):
                continue
            end = start + len(who)
            after = self.role_after.match(text[end : end + 120])
            labels = {e.label_ for e in doc.ents if e.start_char < end and start < e.end_char}
            if after or "PERSON" in labels:  # "Uwe Parpart, managing director at Reorient …"
                add(start, end, who, "person", after["role"].strip() if after else None,
                    _organisation(after) if after else None)
                persons.setdefault(who.split()[-1], found[-1])
            else:
                add(start, end, who, "organization")
        found.sort(key=lambda a: a.start_char)
        return found

    def __call__(self, doc: Doc) -> Doc:
        doc._.fc_attributions = self.find(doc)
        return doc


def _organisation(after: re.Match[str]) -> str:
    """The employer after a name, without the full stop that ends the text ("… strategist at
    Foo Securities." as an article's last words): inside a text the pattern already stops before it."""
    return after["org"].strip().rstrip(".")


@Language.factory(
    "flowcheck_attributions",
    default_config={"patterns_dir": "", "patterns_file": "attributions.json"},
    requires=["doc.ents"],
    assigns=["doc._.fc_attributions"],
)
def make_attributions(nlp: Language, name: str, patterns_dir: str, patterns_file: str) -> Attributions:
    return Attributions(patterns_dir, patterns_file)
