"""The spaCy side of flowcheck: registered components and the pipeline built from
``models/flowcheck/config.cfg``."""
