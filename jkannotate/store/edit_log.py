"""The edit log's rows: appended in the edit's own transaction, read back as
:class:`~jkannotate.core.history.LogEntry` for undo, redo and histories."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.history import LogEntry, touched_spans
from jkannotate.core.model import Layer
from jkannotate.store.tables import EditLogRow, LayerRow

_LOG = EditLogRow.__table__
_LAYER = LayerRow.__table__


def append(session: Session, entry: LogEntry) -> None:
    """Append an entry (``layer_id``, ``document_id``, ``version`` and ``at`` set)."""
    append_many(session, [entry])


def append_created(session: Session, layer: Layer, entry: LogEntry | None, stamp: str) -> None:
    """Log the creation of ``layer``, just inserted, as ``entry`` (at the layer's version:
    creating a layer steps nothing)."""
    if entry is not None:
        entry.layer_id, entry.document_id = layer.id, layer.document_id
        entry.version, entry.at = layer.version, stamp
        append(session, entry)


def append_many(session: Session, entries: Sequence[LogEntry]) -> None:
    """Append entries in one statement (each with its layer, document, version and time)."""
    if not entries:
        return
    session.execute(insert(_LOG), [_values(entry) for entry in entries])


def _values(entry: LogEntry) -> dict[str, Any]:
    uids = entry.span_uids or touched_spans([*entry.edits, *entry.inverse])
    return {
        "layer_id": entry.layer_id,
        "document_id": entry.document_id,
        "author": entry.author,
        "at": entry.at,
        "version": entry.version,
        "action": entry.action,
        "reverts": entry.reverts,
        "edits": ed.edits_to_json(entry.edits),
        "inverse": ed.edits_to_json(entry.inverse),
        "span_uids": " ".join(uids),
    }


def _entry(row: Any) -> LogEntry:
    return LogEntry(
        author=row.author,
        edits=ed.edits_from_json(row.edits),
        inverse=ed.edits_from_json(row.inverse),
        action=row.action,
        reverts=row.reverts,
        id=row.id,
        layer_id=row.layer_id,
        document_id=row.document_id,
        at=row.at,
        version=row.version,
        layer_kind=row.kind,
        layer_owner=row.owner,
        span_uids=row.span_uids.split(),
    )


def _query():
    return select(_LOG, _LAYER.c.kind, _LAYER.c.owner).join(_LAYER, _LAYER.c.id == _LOG.c.layer_id)


def layer_entries(session: Session, layer_id: int, author: str | None = None) -> list[LogEntry]:
    """A layer's entries in log order (only ``author``'s when given)."""
    query = _query().where(_LOG.c.layer_id == layer_id)
    if author is not None:
        query = query.where(_LOG.c.author == author)
    return [_entry(row) for row in session.execute(query.order_by(_LOG.c.id))]


def document_entries(
    session: Session, document_id: int, span_uid: str | None = None
) -> list[LogEntry]:
    """A document's entries on all its layers in log order (only those touching
    ``span_uid`` when given)."""
    query = _query().where(_LOG.c.document_id == document_id)
    if span_uid is not None:
        query = query.where(_LOG.c.span_uids.contains(span_uid, autoescape=True))
    entries = [_entry(row) for row in session.execute(query.order_by(_LOG.c.id))]
    if span_uid is not None:
        entries = [e for e in entries if span_uid in e.span_uids]
    return entries
