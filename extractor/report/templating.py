"""One Jinja2 environment for every page flowcheck renders (the audit report, its charts and the
web desk), loaded from ``extractor/report/templates/`` with autoescaping on, as Datasette does:
text from an article can never become markup, and no page builds HTML from f-strings.

CSS lives beside the templates as plain ``.css`` files and is inlined by ``{{ stylesheet(…) }}``
so that a saved report stays one self-contained file that requests nothing.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from extractor.units import day, week, yen

VERDICT_NOTES: dict[str, str] = {
    "accurate": "the official figure rounds to the one the story states.",
    "close": "within 5 % or 30 billion yen of the official figure — the size of routine revisions.",
    "inaccurate": "the official figure is clearly different from the one stated.",
    "wrong_direction": "the story says buying where the data show selling, or the reverse.",
    "unverifiable": "no official series, period or number to check it against; the reason is given.",
    "pending": "a forecast whose deadline has not yet been reached in the data.",
    "came_true": "a forecast the official data later bore out.",
    "did_not_come_true": "a forecast the official data later contradicted.",
    "unresolvable": "a forecast with no checkable target or deadline.",
}
"""One line per verdict for every legend; a new verdict without a line here fails a test."""


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("extractor.report", "templates"),
                      autoescape=select_autoescape(["html", "svg", "xml"]), trim_blocks=True, lstrip_blocks=True)
    from extractor.report.describe import kind_words, verdict_words

    env.filters.update(day=day, yen=yen, week=week, nl2br=nl2br, words=verdict_words, kind_words=kind_words)
    env.globals.update(stylesheet=stylesheet, verdict_notes=VERDICT_NOTES)
    return env


def nl2br(text: str) -> Markup:
    """Line breaks inside a paragraph kept as <br>, the text itself escaped."""
    return Markup("<br>").join(escape(line) for line in text.split("\n"))


@lru_cache(maxsize=8)
def stylesheet(name: str) -> Markup:
    """The text of ``templates/<name>``, marked safe for a ``<style>`` element (our own file)."""
    return Markup(resources.files("extractor.report").joinpath("templates", name).read_text("utf-8"))


def render(template: str, **context) -> str:
    return environment().get_template(template).render(**context)
