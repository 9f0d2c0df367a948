"""Registered spaCy factories. Importing this package registers them all."""

from extractor.nlp.components import (  # noqa: F401
    amounts,
    attributions,
    flows,
    forecasts,
    market_moves,
    paragraphs,
    periods,
    qualifiers,
    statistics,
    tables,
)
