"""Whole-project copies between databases, and per-table fingerprints to prove them equal.

A fingerprint is the row count and an order-independent content hash of a table (the
sum of each row's SHA-256 modulo 2**256), so SQLite and PostgreSQL agree even where
they would sort text keys differently.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select
from sqlalchemy.exc import DBAPIError

from jkannotate.core.errors import InputError, JkError
from jkannotate.store.engine import resolve_url, write_intent
from jkannotate.store.store import Store
from jkannotate.store.tables import Base

Progress = Callable[[int, int | None], None]
BATCH_ROWS = 1000
_MODULUS = 2**256


@dataclass(frozen=True, slots=True)
class TableFingerprint:
    rows: int
    sha256: str


def project_tables() -> list[Table]:
    """Every project table, parents before children (labels, users and settings included)."""
    return list(Base.metadata.sorted_tables)


def _canonical(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"bytes": bytes(value).hex()}
    if isinstance(value, float):
        return {"float": value.hex()}
    return value


def _row_digest(columns: list[str], row: Any) -> int:
    mapping = row._mapping
    text = json.dumps([_canonical(mapping[name]) for name in columns], ensure_ascii=False)
    return int.from_bytes(hashlib.sha256(text.encode()).digest(), "big")


def _stream(connection: Connection, table: Table) -> Iterator[Any]:
    result = connection.execution_options(yield_per=BATCH_ROWS).execute(select(table))
    yield from result


def table_fingerprints(connection: Connection) -> dict[str, TableFingerprint]:
    """Count and content hash of every project table, as this connection sees them."""
    prints: dict[str, TableFingerprint] = {}
    for table in project_tables():
        columns = sorted(c.name for c in table.columns)
        count, total = 0, 0
        for row in _stream(connection, table):
            count += 1
            total = (total + _row_digest(columns, row)) % _MODULUS
        prints[table.name] = TableFingerprint(count, f"{total:064x}")
    return prints


def fingerprints(store: Store) -> dict[str, TableFingerprint]:
    """Fingerprints of a store's tables, read in one snapshot."""
    with store.db.read_engine.connect() as connection, connection.begin():
        return table_fingerprints(connection)


def non_empty_tables(connection: Connection) -> list[str]:
    return [
        table.name
        for table in project_tables()
        if connection.execute(select(func.count()).select_from(table)).scalar_one()
    ]


def holds_default_labels(connection: Connection) -> bool:
    """Whether the label table holds exactly the shipped labels (a schema nobody used)."""
    from jkannotate.core.schema import load_schema

    label = Base.metadata.tables["label"]
    stored = {
        (r.name, r.kind, r.colour, r.key, r.guideline)
        for r in connection.execute(select(label))
    }
    shipped = {
        (lb.name, lb.kind.value, lb.colour, lb.key, lb.guideline) for lb in load_schema().labels
    }
    return stored == shipped


def _reset_sequences(connection: Connection) -> None:
    """After inserting explicit ids, PostgreSQL's serial counters must move past them."""
    quote = connection.dialect.identifier_preparer.quote
    for table in project_tables():
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        name = quote(table.name)
        connection.exec_driver_sql(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT MAX(id) FROM {name}), 1), "
            f"(SELECT MAX(id) FROM {name}) IS NOT NULL)"
        )


def copy_tables(
    source: Store, destination: Store, progress: Progress | None = None
) -> dict[str, TableFingerprint]:
    """Copy every row (ids kept) from ``source`` into the empty ``destination``.

    One snapshot of the source, one transaction on the destination: the copy is
    compared with the source (counts and content hash per table) before it commits,
    so a failed or unequal copy leaves the destination as it was.
    """
    with (
        source.db.read_engine.connect() as reading,
        reading.begin(),
        write_intent(),
        destination.engine.connect() as writing,
        writing.begin(),
    ):
        occupied = non_empty_tables(writing)
        if occupied == ["label"] and holds_default_labels(writing):
            # a fresh schema (created by opening it once): its labels make way for the source's
            writing.execute(delete(Base.metadata.tables["label"]))
            occupied = []
        if occupied:
            raise InputError(
                f"{destination.display_url} is not empty (rows in {', '.join(occupied)}); "
                "copy into a new database, or one that holds only a fresh schema"
            )
        total = sum(
            reading.execute(select(func.count()).select_from(t)).scalar_one()
            for t in project_tables()
        )
        done = 0
        for table in project_tables():
            batch: list[dict[str, Any]] = []
            try:
                for row in _stream(reading, table):
                    batch.append(dict(row._mapping))
                    if len(batch) >= BATCH_ROWS:
                        writing.execute(insert(table), batch)
                        done += len(batch)
                        batch = []
                        if progress:
                            progress(done, total)
                if batch:
                    writing.execute(insert(table), batch)
                    done += len(batch)
            except DBAPIError as error:
                raise JkError(
                    f"copying table {table.name} into {destination.display_url} failed "
                    f"({str(error.orig).strip()}); nothing was written"
                ) from error
            if progress:
                progress(done, total)
        if writing.dialect.name == "postgresql":
            _reset_sequences(writing)
        expected = table_fingerprints(reading)
        copied = table_fingerprints(writing)
        unequal = [name for name in expected if expected[name] != copied.get(name)]
        if unequal:
            raise JkError(
                f"the copy differs from the source in {', '.join(unequal)}; nothing was written"
            )
        return expected


@dataclass(slots=True)
class CopiedDatabase:
    source: str  # masked URLs: safe to print
    destination: str
    tables: dict[str, TableFingerprint]
    users: dict[str, str]  # name -> role, when copied to a server


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) else None


def copy_database(
    src_db: str, dst_db: str, progress: Callable[[int, int | None], None] | None = None
) -> CopiedDatabase:
    """Copy every table (ids kept) from ``src_db`` into the empty ``dst_db``.

    The source must hold a project; a non-empty destination is refused. Nothing is left
    behind on failure: a SQLite destination file this call created is removed again.
    """
    src_url, dst_url = resolve_url(src_db), resolve_url(dst_db)
    if src_url == dst_url:
        raise InputError("source and destination are the same database")
    dst_file = _sqlite_file(dst_url)
    created = dst_file is not None and not dst_file.exists()
    source = Store(src_url, must_exist=True)
    try:
        destination = Store(dst_url)
    except BaseException:
        source.close()
        raise
    try:
        tables = copy_tables(source, destination, progress)
    except BaseException:
        destination.close()
        if created and dst_file is not None:
            for leftover in (dst_file, Path(f"{dst_file}-wal"), Path(f"{dst_file}-shm")):
                leftover.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    users = destination.users.roles() if destination.db.on_server else {}
    destination.close()
    return CopiedDatabase(source.display_url, destination.display_url, tables, users)
