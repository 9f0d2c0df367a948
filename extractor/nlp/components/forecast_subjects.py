"""Whose forecast and where a sentence really starts: the grammar the forecast reader needs
beyond phrases.

- A plan of one named firm ("Fukoku Mutual Life will continue to invest…", "the GPIF is
  expected to increase its weighting") is no market forecast; "the BOJ will buy JGBs" is no
  flow of investors. ``Subjects`` reads the subject of the forecast's verb from the parse, or a
  firm named just before the verb when the parse found none.
- Hard-wrapped wire copy cuts sentences at line ends; ``started`` and ``continued`` find the
  whole sentence so the subject and the window are not lost.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extractor.nlp.text import doc_text, sentence_bounds


class Subjects:
    def __init__(self, non_investors: re.Pattern[str], single_subjects: set[str], parenthetical: re.Pattern[str],
                 only_auxiliaries: re.Pattern[str], dateline: re.Pattern[str]) -> None:
        self.non_investors = non_investors
        self.single_subjects = single_subjects
        self.parenthetical = parenthetical
        self.only_auxiliaries = only_auxiliaries
        self.dateline = dateline

    def subject(self, doc: Doc, start: int, end: int, cue_at: int | None = None) -> tuple[str | None, bool]:
        """(single company, central bank) from the subject of the forecast's verb: a plan of
        one named firm ("Fukoku Mutual Life will continue to invest…", "the GPIF is expected to
        increase its weighting") is not a market forecast; "the BOJ will buy JGBs" is not a flow
        of investors. The verb is the one the cue belongs to, else the sentence's main verb."""
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None, False
        subjects = [t for t in span if t.dep_ in ("nsubj", "nsubjpass")]
        if cue_at is not None:
            cue_tok = next((t for t in span if t.idx >= cue_at), None)
            if cue_tok is not None:
                verb = cue_tok if cue_tok.pos_ in ("VERB",) and cue_tok.dep_ != "aux" else cue_tok.head
                own = [t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")]
                if own:
                    subjects = own
        subjects = [t for t in subjects if cue_at is not None or t.head.dep_ in ("ROOT", "ccomp", "xcomp", "conj")]
        if not subjects:
            return None, False
        tok = subjects[0]
        words = doc[tok.left_edge.i : tok.right_edge.i + 1]
        if self.non_investors.search(words.text):
            return None, True
        if tok.tag_ in ("NNS", "NNPS") or tok.lower_ in ("insurers", "investors", "companies", "firms"):
            return None, False
        orgs = [e for e in doc.ents if e.label_ == "ORG" and e.start <= tok.i < e.end]
        if orgs:
            return orgs[0].text, False
        if words.text.lower() in self.single_subjects or tok.lower_ in self.single_subjects:
            return words.text, False
        return None, False

    def named_just_before(self, doc: Doc, start: int, cue_at: int) -> str | None:
        """A firm named right before the forecast's verb when the parse found no subject:
        "Fukoku Mutual Life Insurance / will continue to invest", "Japan's Government Pension
        Investment Fund — one of the world's biggest investors — is expected to increase"."""
        orgs = [e for e in doc.ents if e.label_ == "ORG" and start <= e.start_char and e.end_char <= cue_at]
        if not orgs:
            return None
        between = self.parenthetical.sub(" ", doc_text(doc)[orgs[-1].end_char : cue_at])
        name = re.sub(r"^the\s+", "", orgs[-1].text, flags=re.IGNORECASE)
        if not self.only_auxiliaries.match(between) or self.non_investors.fullmatch(name):
            return None  # ("Government Pension Investment Fund" is a fund, "the Bank of Japan" is not)
        return self.dateline.sub("", orgs[-1].text).strip() or None


def continued(doc: Doc, index: int, sentence: str, most: int = 3) -> str:
    """The sentence with the lines that finish it, when a hard line break cut it ("Many
    companies do not plan to boost foreign bond holdings in" / "the second half …")."""
    bounds = sentence_bounds(doc)
    text = sentence
    for nxt in range(index + 1, min(index + 1 + most, len(bounds))):
        if re.search(r"[.!?\"”’)]\s*$", text):
            break
        text += doc_text(doc)[bounds[nxt - 1][1] : bounds[nxt][1]]
    return text


def past_verb_between(doc: Doc, start: int, end: int) -> bool:
    """"… poised for net outflows by the end of September, overseas sell-offs reached a net
    1.75 trillion yen": an amount after a past-tense verb is a report, not the forecast's size."""
    span = doc.char_span(start, end, alignment_mode="contract") if end > start else None
    return span is not None and any(t.tag_ == "VBD" for t in span)


def started(doc: Doc, index: int, offset: int, most: int = 3) -> int:
    """Where the sentence really starts when hard line breaks cut it from its subject
    ("Fukoku Mutual Life Insurance" / "will continue to invest in foreign bonds without")."""
    bounds = sentence_bounds(doc)
    start = offset
    for prev in range(index - 1, max(-1, index - 1 - most), -1):
        if re.search(r"[.!?\"”’)]\s*$", doc_text(doc)[bounds[prev][0] : bounds[prev][1]]):
            break
        start = bounds[prev][0]
    return start


def bounds_of(doc: Doc, index: int) -> tuple[int, int]:
    return sentence_bounds(doc)[index]
