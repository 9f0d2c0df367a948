"""Dates as the API's schema declares them (``format: date``, written YYYY-MM-DD), refused
otherwise with the words the CLI uses.

pydantic's lax ``date`` also takes a number as a Unix timestamp (``?since=0`` was 1 January
1970, answered 200) and a datetime string; the schema promises neither, so a schemathesis run
found the server accepting requests its own schema rejects. ``IsoDate`` holds both to the
schema; ``publication_date`` adds ``--published``'s messages (ambiguous 03/04/2024, unreadable).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError

from extractor.errors import InputError
from extractor.scrape.inputs import ISO_DATE, parse_published


def iso_date(value: Any) -> Any:
    """``value`` if it is a date or a string shaped YYYY-MM-DD (pydantic then checks the day
    exists); anything else is refused in plain words, with ``--published``'s message when that
    function has a more precise one ("03/04/2024 is ambiguous")."""
    if value is None or isinstance(value, date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    if isinstance(value, str):
        try:
            parse_published(value, what="date")
        except InputError as exc:
            raise PydanticCustomError("date_format", exc.message) from None
    raise PydanticCustomError("date_format", "{value} is not a date written YYYY-MM-DD (e.g. 2013-04-25)",
                              {"value": repr(value)[:40]})


IsoDate = Annotated[date, BeforeValidator(iso_date)]
"""A date parameter or field that is what the schema says: YYYY-MM-DD."""
