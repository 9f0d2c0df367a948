"""A long article costs about its length in sentences: helpers that run once per sentence or
per mention must not rebuild the whole text (spaCy joins every token on each ``doc.text``)."""

from __future__ import annotations

from extractor.claims.build import build_claims
from extractor.nlp.pipeline import analyse
from extractor.nlp.text import iter_sentences, sent_index, skipped


class CountingDoc:
    """A Doc that counts how often its full text is rebuilt."""

    def __init__(self, doc) -> None:
        self._doc = doc
        self.text_reads = 0

    @property
    def text(self) -> str:
        self.text_reads += 1
        return self._doc.text

    def __getattr__(self, name):
        return getattr(self._doc, name)

    def __len__(self) -> int:
        return len(self._doc)


def test_sentence_helpers_read_the_text_once_however_long_the_article(nlp):
    sentences = [f"Japanese investors sold {n}.{n % 10} billion yen of foreign bonds." for n in range(1, 201)]
    doc = CountingDoc(analyse(nlp, "\n\n".join(sentences), None))
    seen = [text for _, _, text in iter_sentences(doc)]
    for start in range(0, 10_000, 50):
        skipped(doc, sent_index(doc, start))
    assert len(seen) == 200 and seen[-1] == sentences[-1]
    assert doc.text_reads <= 1


def test_building_claims_reads_the_text_once(nlp):
    text = "\n\n".join(f"Japanese investors bought a net {n} billion yen of foreign stocks last week, "
                       "the Ministry of Finance said." for n in range(100, 160))
    doc = analyse(nlp, text, None)
    doc.user_data.pop("fc_text", None)
    counting = CountingDoc(doc)
    claims = build_claims(counting)
    assert len(claims) >= 60 and counting.text_reads <= 1
