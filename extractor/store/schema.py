"""Tables of the store, written with SQLAlchemy Core so they read well in Datasette or a
spreadsheet: one row per article, claim, verdict, forecast, vintage and revised cell.

The ``claims`` columns are derived from the claim models in :mod:`extractor.claims.model`:
every scalar field of every claim kind becomes a column (nested ``official`` fields are
flattened to ``official_*``, lists are stored as JSON text), and the full claim is kept as JSON
so it can be rebuilt exactly. Adding a field to a claim kind adds the column.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from enum import Enum

from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from extractor.claims.model import Claim, Official

metadata = MetaData()

articles = Table(
    "articles", metadata,
    Column("id", Integer, primary_key=True),
    Column("url", Text, index=True),
    Column("canonical_url", Text, index=True),
    Column("title", Text),
    Column("published", Date),
    Column("published_basis", String(16)),
    Column("publisher", Text),
    Column("text_hash", String(64), unique=True, nullable=False),
    Column("path", Text),
    Column("text", Text),
    Column("audited_at", DateTime(timezone=True)),
)

vintages = Table(
    "vintages", metadata,
    Column("id", Integer, primary_key=True),
    Column("series", String(32), nullable=False),
    Column("label", String(64)),
    Column("fetched_at", String(40)),
    Column("source_url", Text),
    Column("checksum", String(64), nullable=False),
    UniqueConstraint("series", "checksum"),
)

revisions = Table(
    "revisions", metadata,
    Column("id", Integer, primary_key=True),
    Column("series", String(32), nullable=False),
    Column("period_start", Date),
    Column("period_end", Date, nullable=False),
    Column("cell", String(64), nullable=False),
    Column("old_value", Float),
    Column("new_value", Float),
    Column("old_vintage", String(64)),
    Column("vintage", String(64), nullable=False),
    UniqueConstraint("series", "period_end", "cell", "vintage"),
)


def _column_type(annotation) -> type | None:
    """SQL type for a model field's annotation; None for nested models (flattened separately)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _column_type(args[0]) if len(args) == 1 else String
    if origin is typing.Literal:
        return String
    if origin in (list, dict):
        return JSON
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return None
        if issubclass(annotation, Enum):
            return String
        return {bool: Boolean, int: Integer, float: Float, str: Text, dt.date: Date}.get(annotation, Text)
    return Text


def claim_columns() -> dict[str, type]:
    """Every field of every claim kind, in first-seen order, plus flattened ``official_*``."""
    columns: dict[str, type] = {}
    for model in typing.get_args(typing.get_args(Claim)[0]):
        for name, field in model.model_fields.items():
            kind = _column_type(field.annotation)
            if kind is None:
                for sub, subfield in Official.model_fields.items():
                    columns.setdefault(f"{name}_{sub}", _column_type(subfield.annotation) or JSON)
            else:
                columns.setdefault(name, kind)
    return columns


CLAIM_COLUMNS = claim_columns()

claims = Table(
    "claims", metadata,
    Column("pk", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    *[Column("claim_id" if name == "id" else name, kind) for name, kind in CLAIM_COLUMNS.items()],
    Column("claim_json", Text, nullable=False),
    UniqueConstraint("article_id", "claim_id"),
)

verdicts = Table(
    "verdicts", metadata,
    Column("id", Integer, primary_key=True),
    Column("claim_pk", Integer, ForeignKey("claims.pk", ondelete="CASCADE"), nullable=False, index=True),
    Column("verdict", String(24)),
    Column("official_value", Float),
    Column("series", String(64)),
    Column("vintage", String(64)),
    Column("checked_at", DateTime(timezone=True)),
)

forecasts = Table(
    "forecasts", metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("claim_id", String(16), nullable=False),
    Column("forecaster", Text),
    Column("affiliation", Text),
    Column("statement", Text),
    Column("target_series", String(64)),
    Column("direction", String(16)),
    Column("rule", String(16)),
    Column("made_on", Date),
    Column("deadline", Date),
    Column("status", String(24)),
    Column("evidence_period_start", Date),
    Column("evidence_period_end", Date),
    Column("explanation", Text),
    Column("resolved_at", DateTime(timezone=True)),
    Column("claim_json", Text, nullable=False),
    Column("test", String(16)),  # issue 12: sign, size, change, record
    Column("data_source", String(24)),
    Column("status_reason", String(24)),
    UniqueConstraint("article_id", "claim_id"),
)
