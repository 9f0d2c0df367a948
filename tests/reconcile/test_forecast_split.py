"""The dev split: which half a story is in (corpus/dev-split.json), so forecast scores are
printed for the tuning half and the checking half apart."""

from __future__ import annotations

import json

from extractor.evaluate_split import half_of, load_split


def test_listed_stories_keep_their_half_and_new_ones_follow_the_rule(tmp_path):
    split = tmp_path / "split.json"
    split.write_text(json.dumps({"tuning": ["odd-2013-story"], "checking": ["listed-2013-in-checking"]}))
    load_split.cache_clear()
    assert half_of("odd-2013-story", split) == "tuning"
    assert half_of("listed-2013-in-checking", split) == "checking"  # the list wins over the rule
    assert half_of("new-2024-10-30-story", split) == "checking"
    assert half_of("new-2019-04-23-story", split) == "tuning"
    assert half_of("no-year-here", split) is None


def test_the_projects_split_file_names_both_halves():
    halves = set(load_split().values())
    assert halves == {"tuning", "checking"}
    assert half_of("reuters-uk-2011-10-27-japan-insurers-shift-back-to-domestic-bonds") == "tuning"
    assert half_of("reuters-2018-04-27-table-japan-insurers-step-up-foreign-bonds-2018-19") == "checking"
