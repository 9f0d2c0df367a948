"""The claims builder reads each flow's figure from the flow itself."""

from __future__ import annotations

from datetime import date

from extractor.claims.build import build_claims
from extractor.claims.model import ConversionClaim, FlowClaim
from tests.nlp.conftest import blank, run

TEXT = ("Japanese investors sold a net 862.6 billion yen ($8.7 billion) of foreign bonds in the week ended "
        "April 20. Foreigners bought 192.2 billion yen of Japanese stocks.")


def _amounts(claims) -> list[tuple]:
    return [(c.amount_jpy, c.usd) if isinstance(c, FlowClaim) else (c.amount_jpy, c.usd, c.implied_rate)
            for c in claims if isinstance(c, FlowClaim | ConversionClaim)]


def test_claims_keep_their_figures_when_the_amount_list_is_reordered():
    nlp = blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows")
    doc = run(nlp, TEXT, date(2013, 4, 25))
    expected = [(862.6e9, 8.7e9), (862.6e9, 8.7e9, round(862.6 / 8.7, 2)), (192.2e9, None)]
    assert _amounts(build_claims(doc)) == expected
    doc._.fc_amounts.reverse()  # a later component re-sorting the list must not re-point a claim
    assert _amounts(build_claims(doc)) == expected


def test_streaks_and_ratios_stay_on_their_flows_when_the_flow_list_is_reordered():
    nlp = blank("flowcheck_amounts", "flowcheck_periods", "flowcheck_flows", "flowcheck_qualifiers")
    doc = run(nlp, "Japanese institutions were net sellers of foreign bonds for a sixth straight week, selling 862.6 "
                   "billion yen in overseas debt for the week ended April 20, more than double the net 331.9 billion "
                   "in the previous week.", date(2013, 4, 25))

    def qualified() -> list[tuple]:
        claims = build_claims(doc)
        amount = {c.id: c.amount_jpy for c in claims if isinstance(c, FlowClaim)}
        return [(c.kind, [amount[r] for r in c.related]) for c in claims if c.kind in ("streak", "comparison")]

    expected = [("streak", [862.6e9]), ("comparison", [862.6e9, 331.9e9])]
    assert qualified() == expected
    doc._.fc_flows.reverse()
    assert qualified() == expected
