from __future__ import annotations

import pytest

from tests.nlp.conftest import blank, run


@pytest.fixture(scope="module")
def nlp():
    return blank("flowcheck_amounts")


@pytest.mark.parametrize("text, value, currency", [
    ("selling 862.6 billion yen of bonds", 862.6e9, "JPY"),
    ("a net ¥332.6 billion of bonds", 332.6e9, "JPY"),
    ("¥1.14 trillion in stocks", 1.14e12, "JPY"),
    ("Bonds of 2066.5bn yen", 2066.5e9, "JPY"),
    ("declined by ¥-84.5 billion", -84.5e9, "JPY"),
    ("previous week was +330.5bn yen", 330.5e9, "JPY"),
    ("about $8.7 billion", 8.7e9, "USD"),
    ("US$2.43 billion", 2.43e9, "USD"),
    ("1,234.5 billion yen", 1234.5e9, "JPY"),
])
def test_amounts_and_currencies(nlp, text, value, currency):
    amount = run(nlp, text)._.fc_amounts[0]
    assert amount.value == pytest.approx(value)
    assert amount.currency == currency


def test_bare_figure_takes_the_currency_of_its_context(nlp):
    doc = run(nlp, "They sold 862.6 billion yen, more than double the net 331.9 billion a week earlier.")
    bare = doc._.fc_amounts[1]
    assert bare.currency == "JPY" and not bare.currency_explicit


def test_dollar_conversion_in_parentheses_is_linked(nlp):
    doc = run(nlp, "selling 862.6 billion yen ($8.7 billion) in overseas debt")
    yen, usd = doc._.fc_amounts
    assert usd.conversion_of is yen and yen.conversion_of is None
    assert usd.currency == "USD"


def test_precision_and_approximation(nlp):
    doc = run(nlp, "about 608.5 billion yen and 1.75 trillion yen")
    first, second = doc._.fc_amounts
    assert first.approximate and first.precision == pytest.approx(1e8)
    assert not second.approximate and second.precision == pytest.approx(1e10)
