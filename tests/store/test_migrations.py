"""Schema versions: fresh databases match the tables, older ones migrate, newer ones are refused."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from jkannotate.core.errors import SchemaVersionError
from jkannotate.core.model import LayerKind, State
from jkannotate.store import Store
from jkannotate.store.migrate import head_revision
from jkannotate.store.tables import SQLModel

DATA = Path(__file__).resolve().parents[1] / "data"


def test_fresh_database_schema_equals_the_tables(db_url: str) -> None:
    store = Store(db_url)
    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    store.close()
    assert differences == []


def test_previous_version_database_is_migrated_with_its_data(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v1.db", copy)
    store = Store(str(copy))
    assert store.migrated_from == "0001"
    layer = store.layer(1, LayerKind.ANNOTATOR, "alice")
    assert layer is not None and layer.version == 0 and layer.notes == "checked"
    assert [(s.start, s.end, s.label, s.state) for s in layer.spans] == [
        (0, 5, "GPE", State.ACCEPTED),
        (10, 15, "GPE", State.REJECTED),
    ]
    assert store.document(1).title == "Seoul and Tokyo agree"
    assert store.users() == {}
    store.close()
    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )


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
