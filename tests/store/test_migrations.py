"""Schema versions: fresh databases match the tables, older ones migrate, newer ones are refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from jkannotate.core.errors import SchemaVersionError
from jkannotate.core.model import LayerKind, State
from jkannotate.store import Store
from jkannotate.store.migrate import head_revision
from jkannotate.store.search_index import include_name
from jkannotate.store.tables import Base

DATA = Path(__file__).resolve().parents[1] / "data"


def _differences(store: Store) -> list[object]:
    """The migrated schema against the tables, leaving out the FTS5 index (its virtual
    table, FTS5's shadow tables and the queue), which is SQL of its own."""
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_name": include_name})
        return list(compare_metadata(context, Base.metadata))


def test_fresh_database_schema_equals_the_tables(db_url: str) -> None:
    store = Store(db_url)
    differences = _differences(store)
    with store.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
    store.close()
    assert differences == []
    if db_url.startswith("sqlite"):  # the filter hides exactly the search index, no more
        hidden = {t for t in tables if not include_name(t, "table", {})}
        assert {"document_fts", "document_fts_pending", "document_fts_data"} <= hidden
        assert hidden & {t.name for t in Base.metadata.sorted_tables} == set()
    else:
        assert not any(name.startswith("document_fts") for name in tables)


def test_previous_version_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v1.db", copy)
    store = Store(str(copy))
    assert store.migrated_from == "0001"
    layer = store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert layer is not None and layer.version == 0 and layer.notes == "checked"
    assert [(s.start, s.end, s.label, s.state) for s in layer.spans] == [
        (23, 28, "GPE", State.ACCEPTED),  # migration 0004 put the title in front of the text
        (33, 38, "GPE", State.REJECTED),
    ]
    assert store.documents.get(1).title == "Seoul and Tokyo agree"
    assert store.users.roles() == {}
    store.close()
    store = Store(str(copy))
    assert _differences(store) == []
    store.close()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
        assert connection.execute("SELECT id FROM document_fts_pending").fetchall() == [(1,)]


def test_newer_database_is_refused_and_left_untouched(db_path: Path) -> None:
    Store(str(db_path)).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    before = db_path.read_bytes()
    with pytest.raises(SchemaVersionError, match="newer than this jkannotate"):
        Store(str(db_path))
    assert db_path.read_bytes() == before


def test_sqlite_runs_in_wal_with_foreign_keys_and_busy_timeout(db_path: Path) -> None:
    store = Store(str(db_path))
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    store.close()
