"""User-facing errors.

Everything a user can cause (bad file, unknown date, unreadable data) is raised as a
:class:`FlowcheckError`; the CLI turns it into one clear line and a non-zero exit instead of
a traceback. Programming errors stay ordinary exceptions so they are not hidden.
"""

from __future__ import annotations


class FlowcheckError(Exception):
    """An error the user can act on; ``exit_code`` is what the CLI exits with."""

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class InputError(FlowcheckError):
    """The article given to flowcheck cannot be read (empty, binary, unknown format)."""


class TooLong(InputError):
    """The article is longer than what can be audited (the API's limit, or spaCy's ``max_length``)."""


class DataError(FlowcheckError):
    """An official data file is missing, unreadable or not in the expected format."""

    exit_code = 3


class FetchError(FlowcheckError):
    """Fetching something over the network failed."""

    exit_code = 4
