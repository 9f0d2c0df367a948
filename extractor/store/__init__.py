"""The claims store: articles, claims, verdicts, forecasts, data vintages and revisions."""
