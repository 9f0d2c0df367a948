"""Claims: the typed definitions (model) and how they are built from a spaCy Doc (build)."""
