"""Errors that carry a one-line, human-readable reason for the user."""

from __future__ import annotations


class JkError(Exception):
    """Base class: ``str(error)`` is the line shown to the user."""


class InputError(JkError):
    """A file or value given by the user cannot be used (names the file and line)."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)
        self.path = path
        self.line = line
        self.reason = message


class OffsetError(JkError):
    """A span's offsets do not fit the document text."""


class SchemaVersionError(JkError):
    """The database was written by a newer jkannotate."""


class StorageError(JkError):
    """The database cannot be used: damaged, read-only, full, or another application's."""


class PermissionDenied(JkError):
    """The acting user's role does not allow the operation."""


class ConflictError(JkError):
    """Someone else changed the same layer since it was loaded; reload and retry."""


class NotFound(JkError):
    """A document, layer or span asked for does not exist."""


class ServerUnavailable(StorageError):
    """The database server cannot be reached (stopped, restarting, network down); the
    transaction that met it was rolled back by the server, so nothing is half-written."""
