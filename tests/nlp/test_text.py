"""The Doc text the components read: the string the article came as, without spaCy rebuilding it."""

import spacy

from extractor.nlp.text import doc_text, remember_text, source_text


def test_a_remembered_text_is_the_doc_text_and_a_stale_one_is_not_trusted():
    nlp = spacy.blank("en")
    text = "Japanese investors sold a net 862.6 billion yen\nof foreign bonds. "
    doc = remember_text(nlp.make_doc(text), text)
    assert source_text(doc) is text
    assert doc_text(doc) == doc.text == text
    other = nlp.make_doc("A shorter text.")
    other.user_data.update(doc.user_data)  # user_data copied onto a different Doc
    assert source_text(other) == "A shorter text."
