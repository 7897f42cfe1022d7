"""Inserts that tolerate a concurrent writer: ``INSERT … ON CONFLICT`` for SQLite and PostgreSQL.

Two annotators opening a fresh project, importing the same article or creating the
same layer at the same moment race on a unique key; the loser's row becomes "already
there" instead of an IntegrityError.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Insert, insert
from sqlalchemy.orm import Session

PG_IMPORT_LOCK = 0x6A6B_0002  # advisory lock key: imports into one database run one at a time


def _dialect_insert(session: Session, table: Any) -> Any:
    name = session.get_bind().dialect.name
    if name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    elif name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        return None
    return dialect_insert(table)


def insert_ignoring(session: Session, table: Any, keys: Sequence[str]) -> Insert:
    """``INSERT`` that skips rows whose ``keys`` already exist (committed or not yet)."""
    statement = _dialect_insert(session, table)
    if statement is None:  # pragma: no cover
        return insert(table)
    return statement.on_conflict_do_nothing(index_elements=list(keys))


def upsert(session: Session, table: Any, keys: Sequence[str], values: dict[str, Any]) -> None:
    """Insert ``values`` or, when the key exists, update the other columns."""
    statement = _dialect_insert(session, table).values(**values)
    changes = {k: v for k, v in values.items() if k not in keys}
    session.execute(statement.on_conflict_do_update(index_elements=list(keys), set_=changes))


def lock_imports(session: Session) -> None:
    """Serialise imports on PostgreSQL (SQLite's ``BEGIN IMMEDIATE`` already does)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection().exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_IMPORT_LOCK})")
