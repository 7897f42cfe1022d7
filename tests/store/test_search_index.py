"""The FTS5 search index of migration 0003: owned by the schema, exact after every change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from jkannotate.core.model import AnnotatedDocument, Document
from jkannotate.store import Store
from jkannotate.store.migrate import MIGRATIONS, head_revision
from jkannotate.store.queue import QueueQuery

# what version 0002's queue created at run time on the first search
LEGACY_INDEX = (
    "CREATE VIRTUAL TABLE document_fts USING fts5(title, text, content='document', "
    "content_rowid='id')",
    "CREATE TRIGGER document_fts_insert AFTER INSERT ON document BEGIN INSERT INTO "
    "document_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER document_fts_delete AFTER DELETE ON document BEGIN INSERT INTO "
    "document_fts(document_fts, rowid, title, text) VALUES ('delete', old.id, old.title, "
    "old.text); END",
    "INSERT INTO document_fts(document_fts) VALUES ('rebuild')",
)
TEXTS = {
    "Export curbs on chip materials": "Tokyo tightened export controls on fluorinated polyimide.",
    "Court orders asset sale": "The Daegu court ordered the sale of Mitsubishi's seized assets.",
    "GSOMIA stays": "Seoul decided to keep the intelligence-sharing pact with Tokyo.",
}


def make_v2_database(path: Path, legacy_index: bool) -> None:
    """A project file as schema 0002 left it, with three documents."""
    engine = create_engine(f"sqlite:///{path}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
        for number, (title, body) in enumerate(TEXTS.items(), 1):
            connection.execute(
                text(
                    "INSERT INTO document (hash, title, text, meta, created) "
                    "VALUES (:hash, :title, :text, '{}', '2023-01-01')"
                ),
                {"hash": f"h{number}", "title": title, "text": body},
            )
        if legacy_index:
            for statement in LEGACY_INDEX:
                connection.exec_driver_sql(statement)
    engine.dispose()


def found(store: Store, words: str) -> list[int]:
    rows = store.queue.page(QueueQuery("mina", search=words), 0, 100)
    return [row.id for row in rows]


def index_state(path: Path) -> tuple[int, int]:
    """(documents waiting to be indexed, indexed rows); FTS5's integrity check must pass."""
    with sqlite3.connect(path) as connection:
        connection.execute("INSERT INTO document_fts(document_fts) VALUES ('integrity-check')")
        waiting = connection.execute("SELECT count(*) FROM document_fts_pending").fetchone()[0]
        indexed = connection.execute("SELECT count(*) FROM document_fts_docsize").fetchone()[0]
    return waiting, indexed


@pytest.mark.parametrize("legacy_index", [False, True], ids=["plain", "runtime-index"])
def test_version_2_database_gets_the_index_and_search_works(
    tmp_path: Path, legacy_index: bool
) -> None:
    path = tmp_path / "v2.db"
    make_v2_database(path, legacy_index)
    store = Store(str(path))
    assert store.migrated_from == "0002"
    assert index_state(path) == (3, 0)  # queued by the migration, indexed on first search
    assert found(store, "mitsubishi seiz") == [2]
    assert found(store, "tokyo") == [1, 3]
    assert index_state(path) == (0, 3)
    store.documents.add([AnnotatedDocument(Document("Tokyo and Seoul resume shuttle talks."))])
    assert found(store, "shuttle") == [4]
    assert found(store, "tokyo") == [1, 3, 4]
    store.close()
    with sqlite3.connect(path) as connection:
        triggers = {
            name for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }  # fmt: skip
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == (
            head_revision(),
        )
    assert triggers == {"document_fts_queue", "document_fts_delete", "document_fts_update"}


def test_import_only_queues_and_the_index_stays_exact(db_path: Path) -> None:
    store = Store(str(db_path))
    docs = [AnnotatedDocument(Document(body, title=title)) for title, body in TEXTS.items()]
    store.documents.add(docs)
    assert index_state(db_path) == (3, 0)  # the import did not pay for indexing
    assert found(store, "polyimide") == [1]
    assert index_state(db_path) == (0, 3)
    with sqlite3.connect(db_path) as connection:  # changes no command makes, but triggers cover
        connection.execute("UPDATE document SET title = 'Chip curbs lifted' WHERE id = 1")
        connection.execute("DELETE FROM document WHERE id = 2")
        connection.execute("UPDATE document SET duplicate_group = 1 WHERE id = 3")
    assert index_state(db_path) == (1, 1)  # the retitled document waits to be indexed again
    assert found(store, "lifted") == [1]
    assert found(store, "materials") == []  # the old title is gone from the index
    assert found(store, "mitsubishi") == []
    assert found(store, "pact") == [3]
    assert index_state(db_path) == (0, 2)
    store.close()


def test_search_on_both_engines(db_url: str) -> None:
    store = Store(db_url)
    store.documents.add(
        [AnnotatedDocument(Document(body, title=title)) for title, body in TEXTS.items()]
    )
    assert found(store, "Tokyo") == [1, 3]
    assert found(store, "daegu court") == [2]
    assert found(store, "nothing like this") == []
    assert store.queue.ensure_fts() is db_url.startswith("sqlite")
    store.close()
