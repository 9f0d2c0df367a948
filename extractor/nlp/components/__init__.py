"""Registered spaCy factories. Importing this package registers them all."""

from extractor.nlp.components import (  # noqa: F401
    amounts,
    attributions,
    flow_reader,
    forecast_reader,
    market_moves,
    paragraphs,
    periods,
    qualifiers,
    readings,
    statistics,
    tables,
)
