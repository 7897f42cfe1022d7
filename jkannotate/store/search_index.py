"""The SQLite full-text index over document titles and texts (FTS5), owned by migration 0003.

``document_fts`` is an external-content FTS5 table over ``document``. Indexing costs
far more than storing (about 1.3 s for 10,000 articles of 3,000 characters, five times
the bare insert), so imports do not pay it: an insert trigger only queues the new id in
``document_fts_pending``, and :func:`catch_up` indexes the queue in one statement
before a search. Delete and update triggers keep the index exact for rows already
indexed (FTS5 external content must be told the old values of an indexed row).

PostgreSQL has none of this; the queue searches there with ``ILIKE``.
Note for later migrations: a batch ALTER of ``document`` on SQLite recreates the table
and drops its triggers; such a migration must run :data:`TRIGGERS` again.
"""

from __future__ import annotations

from sqlalchemy import Connection, text
from sqlalchemy.exc import OperationalError

FTS_TABLE = "document_fts"
PENDING_TABLE = "document_fts_pending"
_PREFIX = FTS_TABLE  # the index, its queue and FTS5's shadow tables (document_fts_data, …)

CREATE_INDEX = (
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5("
    "title, text, content='document', content_rowid='id')"
)
CREATE_QUEUE = f"CREATE TABLE {PENDING_TABLE} (id INTEGER PRIMARY KEY)"
_NOT_QUEUED = f"WHERE NOT EXISTS (SELECT 1 FROM {PENDING_TABLE} WHERE id = old.id)"
TRIGGERS = (
    f"CREATE TRIGGER {FTS_TABLE}_queue AFTER INSERT ON document BEGIN "
    f"INSERT OR IGNORE INTO {PENDING_TABLE}(id) VALUES (new.id); END",
    f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    f"SELECT 'delete', old.id, old.title, old.text {_NOT_QUEUED}; "
    f"DELETE FROM {PENDING_TABLE} WHERE id = old.id; END",
    f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF title, text ON document BEGIN "
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, text) "
    f"SELECT 'delete', old.id, old.title, old.text {_NOT_QUEUED}; "
    f"INSERT OR IGNORE INTO {PENDING_TABLE}(id) VALUES (new.id); END",
)
# what the search of version 0002 created at run time, outside the migrations
LEGACY_TRIGGERS = (f"{FTS_TABLE}_insert", f"{FTS_TABLE}_delete")
DROP_TRIGGERS = (f"{FTS_TABLE}_queue", f"{FTS_TABLE}_delete", f"{FTS_TABLE}_update")


def is_search_object(name: str | None) -> bool:
    """Tables of the search index (kept out of the tables' metadata and its comparison)."""
    return bool(name) and str(name).startswith(_PREFIX)


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    """Alembic ``include_name`` hook: compare everything except the search index tables."""
    return not (type_ == "table" and is_search_object(name))


def fts5_available(connection: Connection) -> bool:
    try:
        connection.exec_driver_sql("CREATE VIRTUAL TABLE temp.jk_fts5_probe USING fts5(x)")
    except OperationalError:
        return False
    connection.exec_driver_sql("DROP TABLE temp.jk_fts5_probe")
    return True


def install(connection: Connection) -> bool:
    """Create the index, its queue and triggers, and queue every stored document
    (replacing an index that version 0002 built at run time). False without FTS5."""
    for trigger in LEGACY_TRIGGERS + DROP_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {PENDING_TABLE}")
    if not fts5_available(connection):
        return False
    connection.exec_driver_sql(CREATE_INDEX)
    connection.exec_driver_sql(CREATE_QUEUE)
    for statement in TRIGGERS:
        connection.exec_driver_sql(statement)
    connection.exec_driver_sql(f"INSERT INTO {PENDING_TABLE}(id) SELECT id FROM document")
    return True


def uninstall(connection: Connection) -> None:
    for trigger in DROP_TRIGGERS:
        connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {trigger}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {FTS_TABLE}")
    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {PENDING_TABLE}")


def present(connection: Connection) -> bool:
    found = connection.execute(
        text("SELECT count(*) FROM sqlite_master WHERE name IN (:index, :queue)"),
        {"index": FTS_TABLE, "queue": PENDING_TABLE},
    ).scalar_one()
    return int(found) == 2


def pending(connection: Connection) -> int:
    return int(connection.exec_driver_sql(f"SELECT count(*) FROM {PENDING_TABLE}").scalar_one())


def catch_up(connection: Connection) -> int:
    """Index the queued documents (inside the caller's write transaction); returns how many."""
    queued = pending(connection)
    if queued:
        connection.exec_driver_sql(
            f"INSERT INTO {FTS_TABLE}(rowid, title, text) SELECT d.id, d.title, d.text "
            f"FROM document AS d JOIN {PENDING_TABLE} AS p ON p.id = d.id ORDER BY d.id"
        )
        connection.exec_driver_sql(f"DELETE FROM {PENDING_TABLE}")
    return queued
