"""The import write path: documents, their layers and duplicate groups in a few statements.

Everything runs on the caller's write transaction with Core statements (no ORM unit of
work): one multi-row ``INSERT … ON CONFLICT DO NOTHING`` for the documents, one id
lookup per batch of hashes, one insert for all new layers and one per content table
for all of their spans, arguments, tags and comments.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from jkannotate.core.model import Document, Layer
from jkannotate.store import convert
from jkannotate.store.loading import CHUNK
from jkannotate.store.tables import (
    Base,
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
)
from jkannotate.store.upsert import insert_ignoring

Signer = Callable[[Document], bytes | None]
LayerKey = tuple[int, str, str]  # (document id, kind, owner)

_TABLES = Base.metadata.tables
_DOCUMENT = _TABLES[DocumentRow.__tablename__]
_LAYER = _TABLES[LayerRow.__tablename__]
_CONTENTS: tuple[tuple[Table, str, Callable[[int, Any], dict[str, Any]]], ...] = (
    (_TABLES[SpanRow.__tablename__], "spans", convert.span_values),
    (_TABLES[EventArgumentRow.__tablename__], "arguments", convert.argument_values),
    (_TABLES[DocTagRow.__tablename__], "tags", convert.tag_values),
    (_TABLES[CommentRow.__tablename__], "comments", convert.comment_values),
)


DOCUMENT_COLUMNS = ("hash", "title", "outlet", "url", "published", "byline", "text", "meta",
                    "duplicate_group", "signature", "created")
"""The columns of an imported document's row, in the order the SQLite insert gives them
(``convert.document_values``'s; a test holds the two together)."""
_INSERT_DOCUMENT = (
    f"INSERT INTO document ({', '.join(DOCUMENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' * len(DOCUMENT_COLUMNS))}) ON CONFLICT (hash) DO NOTHING"
)


def _sqlite_cursor(session: Session) -> sqlite3.Cursor | None:
    """A cursor of the session's own SQLite connection (same transaction), else None.

    Bulk statements go through it directly on SQLite: SQLAlchemy's per-row parameter
    processing costs more there than the insert itself.
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return None
    driver = connection.connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    return driver.cursor()


def ids_by_hash(session: Session, hashes: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    cursor = _sqlite_cursor(session)
    for start in range(0, len(hashes), CHUNK):
        chunk = list(hashes[start : start + CHUNK])
        if cursor is not None:
            marks = ", ".join("?" * len(chunk))
            cursor.execute(f"SELECT hash, id FROM document WHERE hash IN ({marks})", chunk)
            found.update(cursor.fetchall())
            continue
        query = select(_DOCUMENT.c.hash, _DOCUMENT.c.id).where(_DOCUMENT.c.hash.in_(chunk))
        found.update(dict(session.connection().execute(query).all()))
    return found


def insert_documents(
    session: Session, documents: Sequence[Document], sign: Signer | None, stamp: str
) -> dict[str, int]:
    """Insert the documents, skipping any whose hash a concurrent writer stored first;
    returns hash → id of the rows this call inserted."""
    if not documents:
        return {}
    cursor = _sqlite_cursor(session)
    if cursor is None:
        return _insert_returning(session, [
            convert.document_values(d, sign(d) if sign else None, stamp) for d in documents])
    # the rows are made as the insert takes them (a signature still being computed is
    # waited for by its row only): no list of them
    meta = convert.meta_json
    rows = (
        (d.hash, d.title, d.outlet, d.url, d.published, d.byline, d.text, meta(d.meta),
         d.duplicate_group, sign(d) if sign else None, stamp)
        for d in documents
    )
    return _insert_sqlite(cursor, _INSERT_DOCUMENT, rows, [d.hash for d in documents])


def _insert_returning(session: Session, values: list[dict[str, Any]]) -> dict[str, int]:
    """Document rows in one multi-row ``INSERT … ON CONFLICT DO NOTHING RETURNING``:
    hash → id of those inserted."""
    statement = insert_ignoring(session, _DOCUMENT, ["hash"]).returning(
        _DOCUMENT.c.hash, _DOCUMENT.c.id
    )
    return dict(session.connection().execute(statement, values).all())


def _insert_sqlite(
    cursor: sqlite3.Cursor, statement: str, rows: Iterable[Sequence[Any]], hashes: list[str]
) -> dict[str, int]:
    """One executemany of document rows (``hashes`` theirs, in order): hash → id of those
    inserted. The write transaction (``BEGIN IMMEDIATE``) keeps every other writer out,
    and a new row's id exceeds every stored one, so the rows above the largest id before
    are exactly the ones inserted; when all of them went in, those ids run from the
    largest before on in the order given (a rowid table's next id is the largest + 1),
    and need not be read back."""
    (before,) = cursor.execute(_LAST_ID).fetchone()
    cursor.executemany(statement, rows)
    if cursor.rowcount == len(hashes):  # every row went in, each as the largest id + 1
        (after,) = cursor.execute(_LAST_ID).fetchone()
        if after == before + len(hashes):  # so the ids are before + 1, before + 2, …
            return {text_hash: before + k for k, text_hash in enumerate(hashes, 1)}
    cursor.execute("SELECT hash, id FROM document WHERE id > ?", (before,))
    return dict(cursor.fetchall())


_LAST_ID = "SELECT coalesce(max(id), 0) FROM document"

ROW_COLUMNS = ("hash", "title", "outlet", "url", "published", "byline", "text", "meta")
"""The values of a document row as an import reads them, before its signature and stamp
(``jkannotate.ingest.intake.Row``; a test holds the two together)."""
_INSERT_ROW = (
    f"INSERT INTO document ({', '.join(ROW_COLUMNS)}, signature, created) "
    f"VALUES ({', '.join('?' * (len(ROW_COLUMNS) + 2))}) ON CONFLICT (hash) DO NOTHING"
)


def insert_rows(
    session: Session, rows: Sequence[Sequence[Any]], signatures: Sequence[bytes], stamp: str
) -> dict[str, int]:
    """Insert documents given as :data:`ROW_COLUMNS` values with their signatures (the
    row of a document :func:`insert_documents` would store), skipping any whose hash a
    concurrent writer stored first; returns hash → id of the rows inserted."""
    if not rows:
        return {}
    cursor = _sqlite_cursor(session)
    if cursor is None:
        return _insert_returning(session, [
            {**dict(zip(ROW_COLUMNS, row, strict=True)), "duplicate_group": None,
             "signature": signature, "created": stamp}
            for row, signature in zip(rows, signatures, strict=True)
        ])
    values = [(*row, signature, stamp) for row, signature in zip(rows, signatures, strict=True)]
    return _insert_sqlite(cursor, _INSERT_ROW, values, [row[0] for row in rows])


def existing_layers(session: Session, doc_ids: Sequence[int]) -> set[LayerKey]:
    found: set[LayerKey] = set()
    connection = session.connection()
    unique = sorted(set(doc_ids))
    for start in range(0, len(unique), CHUNK):
        chunk = unique[start : start + CHUNK]
        query = select(_LAYER.c.document_id, _LAYER.c.kind, _LAYER.c.owner).where(
            _LAYER.c.document_id.in_(chunk)
        )
        found.update((d, k, o) for d, k, o in connection.execute(query).all())
    return found


def insert_layers(session: Session, layers: Sequence[Layer], stamp: str) -> list[bool]:
    """Insert the layers (``document_id`` set) that their document does not have yet, with
    all their contents; per layer, whether it was inserted (``layer.id`` is then set).

    A layer of the same (document, kind, owner) earlier in ``layers``, stored before or
    being inserted by a concurrent transaction, makes it "kept" instead.
    """
    have = existing_layers(session, [layer.document_id for layer in layers])  # type: ignore[misc]
    chosen: dict[LayerKey, Layer] = {}
    for layer in layers:
        assert layer.document_id is not None
        key = (layer.document_id, layer.kind.value, layer.owner)
        if key not in have and key not in chosen:
            chosen[key] = layer
    if chosen:
        statement = insert_ignoring(session, _LAYER, ["document_id", "kind", "owner"]).returning(
            _LAYER.c.id, _LAYER.c.document_id, _LAYER.c.kind, _LAYER.c.owner
        )
        rows = [convert.layer_values(layer, stamp) for layer in chosen.values()]
        inserted = {
            (d, k, o): i for i, d, k, o in session.connection().execute(statement, rows).all()
        }
        for key, layer in list(chosen.items()):
            if key in inserted:
                layer.id = inserted[key]
            else:  # a concurrent transaction inserted it first
                del chosen[key]
        insert_contents(session, list(chosen.values()))
    kept = {id(layer) for layer in chosen.values()}
    return [id(layer) in kept for layer in layers]


def insert_contents(session: Session, layers: Sequence[Layer]) -> None:
    """Spans, arguments, tags and comments of stored layers (``layer.id`` set): one
    executemany per table for all of them."""
    cursor = _sqlite_cursor(session)
    for table, attribute, values in _CONTENTS:
        rows = [
            values(layer.id, item)  # type: ignore[arg-type]
            for layer in layers
            for item in getattr(layer, attribute)
        ]
        if not rows:
            continue
        if cursor is None:
            _copy_rows(session, table, rows)
        else:  # sqlite3's own executemany is as fast as it gets there
            columns = list(rows[0])
            names = ", ".join(f'"{name}"' for name in columns)
            cursor.executemany(
                f'INSERT INTO "{table.name}" ({names}) VALUES ({", ".join("?" * len(columns))})',
                [tuple(row[name] for name in columns) for row in rows],
            )


def _copy_rows(session: Session, table: Any, rows: list[dict[str, Any]]) -> None:
    """``COPY … FROM STDIN`` on the session's own connection (same transaction): psycopg's
    executemany sends one statement per row, five times slower for 100,000 spans."""
    columns = list(rows[0])
    quoted = ", ".join(f'"{name}"' for name in columns)
    raw = session.connection().connection.driver_connection
    with raw.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f'COPY "{table.name}" ({quoted}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[name] for name in columns])


_HEADS = (
    "SELECT id, signature FROM document WHERE signature IS NOT NULL"
    " AND (duplicate_group IS NULL OR duplicate_group = id) ORDER BY id"
)
_HEADS_BELOW = _HEADS.replace(" ORDER BY", " AND id < ? ORDER BY")


def head_signatures(session: Session, exclude: Collection[int]) -> Iterator[tuple[int, bytes]]:
    """Signatures of the stored documents that can represent a duplicate group (group
    representatives and ungrouped documents; members never are), except ``exclude``: the
    documents this transaction inserted."""
    cursor = _sqlite_cursor(session)
    if cursor is not None:  # every import reads them all: no per-row SQLAlchemy processing
        # this transaction's new ids exceed every stored one (``insert_documents``): the
        # scan stops below them instead of reading their signatures past their texts
        below = min(exclude, default=None)
        cursor.execute(_HEADS if below is None else _HEADS_BELOW, () if below is None else (below,))
        while rows := cursor.fetchmany(4096):
            yield from (row for row in rows if row[0] not in exclude)
        return
    query = select(_DOCUMENT.c.id, _DOCUMENT.c.signature).where(
        _DOCUMENT.c.signature.is_not(None),
        _DOCUMENT.c.duplicate_group.is_(None) | (_DOCUMENT.c.duplicate_group == _DOCUMENT.c.id),
    )
    query = query.order_by(_DOCUMENT.c.id).execution_options(yield_per=2000)
    result = session.connection().execute(query)
    for doc_id, signature in result:
        if doc_id not in exclude:
            yield doc_id, signature


def set_groups(session: Session, groups: dict[int, int]) -> None:
    """Store document id → duplicate group id."""
    if not groups:
        return
    cursor = _sqlite_cursor(session)
    if cursor is not None:
        cursor.executemany(
            "UPDATE document SET duplicate_group = ? WHERE id = ?",
            [(group, doc_id) for doc_id, group in sorted(groups.items())],
        )
        return
    session.connection().execute(
        update(_DOCUMENT)
        .where(_DOCUMENT.c.id == bindparam("doc_id"))
        .values(duplicate_group=bindparam("group")),
        [{"doc_id": doc_id, "group": group} for doc_id, group in sorted(groups.items())],
    )
