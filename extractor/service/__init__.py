"""The HTTP service behind ``flowcheck serve``: the API's routes (``routes_audit.py``,
``routes_store.py``, ``routes_data.py``), what they share (``state.py``), their errors
(``errors.py``), the request guard (``guard.py``) and the audit worker processes with a time
budget (``runner.py``). ``extractor/api.py`` assembles them with the desk (``extractor/web/``)."""
