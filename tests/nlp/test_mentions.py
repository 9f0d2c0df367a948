"""Mentions hold each other: a flow's figure and its dollar conversion stay its own when the
amount list grows or is re-sorted after the flows are read (``fc_tables`` appends its cells)."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from tests.nlp.conftest import blank, run

PROSE = ("Japanese investors sold a net 862.6 billion yen ($8.7 billion) of foreign bonds in the week ended "
         "Nov. 30, and foreigners bought 297.3 billion yen of Japanese bonds.\n\n")
TABLE = ("Details of net investments were as follows (in billion yen).\n\n"
         "JAPANESE INVESTMENT ABROAD: (a minus sign indicates net selling)\n\nstocks bonds bills\n"
         "Nov 24-Nov 30 -76.6 -862.6 +6.0\nNov 17-Nov 23 -190.4 -1,636.6r +21.7\n")


@pytest.fixture(scope="module")
def nlp():
    return blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows", "flowcheck_tables")


def _figures(doc) -> list[tuple[str, str, str | None]]:
    """Each flow's words in the text, the figure it holds and that figure's conversion."""
    return [(doc.text[f.start_char:f.end_char], f.amount.text, f.usd_amount.text if f.usd_amount else None)
            for f in doc._.fc_flows]


def test_table_cells_appended_after_the_prose_keep_every_flow_on_its_own_figure(nlp):
    doc = run(nlp, PROSE + TABLE, date(2013, 12, 5))
    figures = _figures(doc)
    # the prose figures, then the table cells the prose did not already state (-862.6 is the lead's)
    assert figures[:2] == [("862.6 billion yen", "862.6 billion yen", "$8.7 billion"),
                           ("297.3 billion yen", "297.3 billion yen", None)]
    assert [f[1] for f in figures[2:]] == ["-76.6", "+6.0", "-190.4", "-1,636.6r", "+21.7"]
    assert all(text == amount for text, amount, _ in figures)


def test_reordering_the_amounts_after_reading_changes_no_flow(nlp):
    doc = run(nlp, PROSE + TABLE, date(2013, 12, 5))
    before = _figures(doc)
    doc._.fc_amounts.reverse()
    doc._.fc_amounts.insert(0, doc._.fc_amounts.pop())
    assert _figures(doc) == before


def test_a_conversion_holds_the_amount_it_converts(nlp):
    doc = run(nlp, PROSE, date(2013, 12, 5))
    yen, usd = doc._.fc_amounts[:2]
    assert usd.conversion_of is yen and usd.role == "conversion"
    assert doc._.fc_flows[0].usd_amount is usd


def test_pickled_doc_keeps_the_links(nlp):
    """A Doc pickles its ``doc._`` values together, so the objects still hold each other after."""
    doc = pickle.loads(pickle.dumps(run(nlp, PROSE, date(2013, 12, 5))))
    flow, amounts = doc._.fc_flows[0], doc._.fc_amounts
    assert flow.amount is amounts[0] and flow.usd_amount is amounts[1] and amounts[1].conversion_of is amounts[0]
