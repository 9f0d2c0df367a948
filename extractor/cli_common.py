"""What every ``flowcheck`` command module shares: the consoles, the error decorator, the
common options and the registry loader.

``cli.py`` and the sub-command modules (``cli_store.py``, ``cli_scan.py``) import from here and
never from each other's private names, so ``python -m extractor.cli`` loads each module once:
the command group imports its sub-commands at the top, nothing imports the command group back.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from extractor.errors import FlowcheckError

# markup off: stderr lines echo file names, folders, URLs and messages that may hold brackets
# ("[/x].txt" raised MarkupError; "[red]" vanished); colour goes through ``say`` as styled Text
err = Console(stderr=True, soft_wrap=True, markup=False)
# piped output (CI logs, files) gets a readable width instead of rich's 80-column default, unless COLUMNS says
out = Console() if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit() else Console(width=150)

def _flags_show_no_type() -> None:
    """``--save`` is a switch: typer 0.29's help prints ``<bool>`` beside it, which reads as if it
    took a value (``--save true`` fails). A switch's help shows no type."""
    from typer.core import TyperOption

    shown = TyperOption.display_type_rich
    if getattr(shown, "flowcheck_flags", False):
        return

    def display_type_rich(self, ctx):
        return None if self.is_flag else shown(self, ctx)

    display_type_rich.flowcheck_flags = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]


_flags_show_no_type()

DB = typer.Option(None, "--db", help="Store: a SQLite file path or an SQLAlchemy URL (default: user data dir).")
MOF_FILE = typer.Option(None, "--mof-file", help="Use this MoF weekly CSV instead of the stored data.")
MODEL = typer.Option(None, "--model", help="spaCy English model package (default: FLOWCHECK_MODEL or the config's).")

P = ParamSpec("P")
R = TypeVar("R")


def say(label: str, message: str, style: str = "bold red") -> None:
    """One line on stderr: a coloured label ("error:", "warning:", "skipped:"), then ``message``
    exactly as given — never read as Rich markup, whatever brackets a user's names hold."""
    err.print(Text.assemble((label, style), " ", message), highlight=False)


def fail(exc: FlowcheckError) -> None:
    """A user error as one line (and its hint), then the error's exit code — never a traceback."""
    say("error:", exc.message)
    if exc.hint:
        err.print(f"hint: {exc.hint}", highlight=False)
    raise typer.Exit(exc.exit_code)


def reports_errors(command: Callable[P, R]) -> Callable[P, R | None]:
    """Wrap a command so any FlowcheckError it raises becomes ``fail``'s one line and exit code.
    ``functools.wraps`` keeps the signature, which is what Typer reads the options from."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return command(*args, **kwargs)
        except FlowcheckError as exc:
            fail(exc)
            return None

    return wrapper


def load_registry(mof_file: Path | None):
    """The official data sources, with ``--mof-file`` in place of the stored MoF data if given;
    the MoF data is read now so an unreadable file fails early and clearly."""
    from extractor.official.sources import Registry

    sources = Registry()
    if mof_file is not None:
        sources.mof.use_file(mof_file)
    sources.mof.load()
    return sources
