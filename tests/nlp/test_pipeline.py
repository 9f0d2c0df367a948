"""The whole pipeline built from models/flowcheck/config.cfg on the English model."""

from __future__ import annotations

from extractor.nlp.pipeline import analyse
from tests.conftest import SEED_PUBLISHED, SEED_TXT


def test_pipeline_is_built_from_the_config(nlp):
    assert nlp.pipe_names[-10:] == ["fc_amounts", "fc_periods", "fc_attributions", "fc_market_moves", "fc_flows",
                                    "fc_tables", "fc_qualifiers", "fc_readings", "fc_forecasts", "fc_statistics"]
    assert "fc_paragraphs" in nlp.pipe_names and nlp.pipe_names.index("fc_paragraphs") < nlp.pipe_names.index("parser")
    assert "lemmatizer" not in nlp.pipe_names  # excluded in the config


def test_attributions_people_roles_and_organisations(nlp):
    body = SEED_TXT.read_text("utf-8").split("\n", 1)[1]
    doc = analyse(nlp, body, SEED_PUBLISHED)
    found = {(a.name, a.kind, a.role, a.affiliation) for a in doc._.fc_attributions}
    assert ("Ministry of Finance", "data", None, None) in found
    assert ("Evan Lucas", "person", "market strategist", "IG markets") in found
    assert ("Uwe Parpart", "person", "managing director", "Reorient Financial Markets") in found
    assert ("Deutsche Bank", "organization", None, None) in found


def test_an_employer_ends_at_its_sentence_not_in_the_next_paragraph(nlp):
    text = ("Japanese investors sold 10 billion yen of foreign bonds, said Naka Matsuzawa, strategist at Nomura "
            "in Tokyo.\n\nJapanese investors were heavy sellers of foreign bonds last year, said Yuji Yamazaki, "
            "rates strategist at SMBC Nikko Securities.")
    doc = analyse(nlp, text, SEED_PUBLISHED)
    found = {a.name: a.affiliation for a in doc._.fc_attributions if a.kind == "person"}
    assert found == {"Naka Matsuzawa": "Nomura in Tokyo", "Yuji Yamazaki": "SMBC Nikko Securities"}


def test_page_furniture_is_not_read_for_claims(nlp):
    text = ("Japanese investors sold 10 billion yen of foreign bonds last week.\n\n"
            "(Read More: Why Dollar-Yen at 100 Is Overdone)\n")
    doc = analyse(nlp, text, SEED_PUBLISHED)
    assert [s.text for s in doc._.fc_statistics] == []


def test_model_name_is_configurable(monkeypatch):
    import pytest

    from extractor.errors import FlowcheckError
    from extractor.nlp.pipeline import build_pipeline

    with pytest.raises(FlowcheckError, match="not installed"):
        build_pipeline("no_such_model_package")


def test_every_requirement_is_assigned_by_an_earlier_component(nlp):
    """The declared contracts hold: a component reordered before what it reads shows up here."""
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert {name: missing for name, missing in problems.items() if missing} == {}


def test_moving_a_reader_before_its_input_is_reported():
    """The check above can fail: flows read amounts, so flows first is a problem."""
    import spacy

    from extractor.nlp import components  # noqa: F401  (registers the factories)
    from extractor.settings import pipeline_dir

    patterns_dir = str(pipeline_dir() / "patterns")
    nlp = spacy.blank("en")
    nlp.add_pipe("flowcheck_flows", name="fc_flows", config={"patterns_dir": patterns_dir})
    nlp.add_pipe("flowcheck_amounts", name="fc_amounts", config={"patterns_dir": patterns_dir})
    assert "doc._.fc_amounts" in nlp.analyze_pipes(pretty=False)["problems"]["fc_flows"]


def test_factory_pipe_and_extension_share_one_name(nlp):
    """``flowcheck_X`` is added as ``fc_X``, and the extension it starts (rather than amends, as
    ``fc_tables`` amends amounts and flows) is ``doc._.fc_X``."""
    started = {}
    for name in nlp.pipe_names:
        if not name.startswith("fc_"):
            continue
        meta = nlp.get_pipe_meta(name)
        assert meta.factory == "flowcheck_" + name.removeprefix("fc_")
        started[name] = [a for a in meta.assigns if a.startswith("doc._.") and a not in meta.requires]
    assert started["fc_amounts"] == ["doc._.fc_amounts"] and started["fc_tables"] == []
    for name, extensions in started.items():
        assert extensions in ([], [f"doc._.{name}"]), (name, extensions)


def test_config_order_the_model_cannot_follow_is_one_clear_error(tmp_path):
    """The config's one ``pipeline`` list is the run order; a list the model contradicts is refused."""
    import pytest

    from extractor.errors import FlowcheckError
    from extractor.nlp.pipeline import build_pipeline
    from extractor.settings import pipeline_dir

    source = pipeline_dir()
    text = (source / "config.cfg").read_text("utf-8")
    assert '"tok2vec", "tagger", "fc_paragraphs", "parser"' in text
    (tmp_path / "config.cfg").write_text(text.replace('"tok2vec", "tagger", "fc_paragraphs", "parser"',
                                                      '"tok2vec", "fc_paragraphs", "parser", "tagger"'), "utf-8")
    (tmp_path / "patterns").symlink_to(source / "patterns")
    with pytest.raises(FlowcheckError, match="not the one"):
        build_pipeline(pipeline_dir=tmp_path)
