"""Copy a whole project to another database (SQLite ↔ PostgreSQL) and prove the copy equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.store import Store, resolve_url
from jkannotate.store.transfer import TableFingerprint, copy_tables

Progress = Callable[[int, int | None], None]


@dataclass(slots=True)
class CopyReport:
    source: str  # masked URLs: safe to print
    destination: str
    tables: dict[str, TableFingerprint]
    users: dict[str, str] = field(default_factory=dict)  # name -> role, when copied to a server

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables.values())

    def lines(self) -> list[str]:
        lines = [
            f"{name}: {t.rows} rows, sha256 {t.sha256[:16]}" for name, t in self.tables.items()
        ]
        lines.append(
            f"copied {self.rows} rows from {self.source} to {self.destination}; "
            "counts and content hashes equal in every table"
        )
        if self.users:
            names = ", ".join(f"{name} ({role})" for name, role in self.users.items())
            lines.append(
                f"users copied: {names}; their server logins get access from "
                "`jkannotate init --admin NAME` (the owner, for an admin) and "
                "`jkannotate users add NAME --role ROLE` (an admin)"
            )
        return lines


def _sqlite_file(url: str) -> Path | None:
    prefix = "sqlite:///"
    return Path(url[len(prefix) :]) if url.startswith(prefix) else None


def copy_project(src_db: str, dst_db: str, progress: Progress | None = None) -> CopyReport:
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
    users = destination.users() if destination.on_server else {}
    destination.close()
    return CopyReport(source.display_url, destination.display_url, tables, users)
