"""Copy a whole project to another database (SQLite ↔ PostgreSQL) and prove the copy equal."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jkannotate.project import copy_database

if TYPE_CHECKING:
    from jkannotate.project import TableFingerprint

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


def copy_project(src_db: str, dst_db: str, progress: Progress | None = None) -> CopyReport:
    """Copy every table (ids kept) from ``src_db`` into the empty ``dst_db``.

    The source must hold a project; a non-empty destination is refused. Nothing is left
    behind on failure: a SQLite destination file this call created is removed again.
    """
    copied = copy_database(src_db, dst_db, progress)
    return CopyReport(copied.source, copied.destination, copied.tables, copied.users)
