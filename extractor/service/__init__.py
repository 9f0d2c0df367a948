"""Running audits for the API: worker processes with a time budget."""
