"""Batch writes for long jobs (suggest, adjudicate): many layers in one transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import bindparam, delete, select, update
from sqlalchemy.orm import Session

from jkannotate.core.model import Layer, LayerKind
from jkannotate.store import importing
from jkannotate.store.importing import LayerKey
from jkannotate.store.loading import CHUNK
from jkannotate.store.store import Store
from jkannotate.store.tables import Base, DocTagRow, EventArgumentRow, LayerRow, SpanRow
from jkannotate.store.transactions import now_iso

_LAYER = Base.metadata.tables[LayerRow.__tablename__]


def replace_layers(
    store: Store, layers: Sequence[Layer], checked: Sequence[Layer] = ()
) -> list[Layer]:
    """Replace (or create) each layer's contents, all in one transaction.

    An existing layer's version is bumped, so a window holding it sees a conflict
    instead of overwriting. The ``version`` of ``layers`` is not checked; each of
    ``checked`` (stored layers, as read) is written only if nobody changed it since
    it was read, and those that changed meanwhile are returned, unwritten. Comments
    stay as stored (as an edit of the layer would). A few statements for
    the whole batch: one lookup, one delete per content table, one insert per table.
    """
    stamp = now_iso()
    latest: dict[LayerKey, Layer] = {}
    for layer in layers:  # the same layer twice: the last one wins, as one by one would
        assert layer.document_id is not None
        latest[(layer.document_id, layer.kind.value, layer.owner)] = layer
    with store.write() as session:
        connection = session.connection()
        written, changed = _step_checked(session, checked, stamp)
        existing = _layer_ids(session, list(latest))
        fresh = [key for key in latest if key not in existing]
        inserted = importing.insert_layers(session, [latest[key] for key in fresh], stamp)
        raced = [key for key, done in zip(fresh, inserted, strict=True) if not done]
        if raced:  # created by a concurrent writer meanwhile: replace those too
            existing.update(_layer_ids(session, raced))
        old = [latest[key] for key in latest if key in existing]
        for key in latest:
            if key in existing:
                latest[key].id = existing[key]
        if old:
            connection.execute(
                update(_LAYER)
                .where(_LAYER.c.id == bindparam("layer_id"))
                .values(
                    status=bindparam("new_status"),
                    notes=bindparam("new_notes"),
                    updated=stamp,
                    version=_LAYER.c.version + 1,
                ),
                [
                    {"layer_id": la.id, "new_status": la.status.value, "new_notes": la.notes}
                    for la in old
                ],
            )
        rewritten = [*old, *written]
        ids = [layer.id for layer in rewritten]
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            for table in (SpanRow, EventArgumentRow, DocTagRow):
                connection.execute(delete(table).where(table.layer_id.in_(chunk)))
        if rewritten:
            importing.insert_contents(session, [replace(la, comments=[]) for la in rewritten])
    return changed


def _step_checked(
    session: Session, checked: Sequence[Layer], stamp: str
) -> tuple[list[Layer], list[Layer]]:
    """Step the version of each checked layer still at the version it was read with
    (the row stays locked until commit); (stepped, changed meanwhile)."""
    stepped: list[Layer] = []
    changed: list[Layer] = []
    connection = session.connection()
    for layer in checked:
        assert layer.id is not None, "a checked layer is one read from the store"
        result = connection.execute(
            update(_LAYER)
            .where(_LAYER.c.id == layer.id, _LAYER.c.version == layer.version)
            .values(
                status=layer.status.value,
                notes=layer.notes,
                updated=stamp,
                version=_LAYER.c.version + 1,
            )
        )
        (stepped if result.rowcount == 1 else changed).append(layer)
    return stepped, changed


def _layer_ids(session: Session, keys: list[LayerKey]) -> dict[LayerKey, int]:
    """(document id, kind, owner) → layer id for the keys that are stored."""
    wanted = set(keys)
    doc_ids = sorted({key[0] for key in keys})
    found: dict[LayerKey, int] = {}
    for start in range(0, len(doc_ids), CHUNK):
        rows = session.connection().execute(
            select(_LAYER.c.id, _LAYER.c.document_id, _LAYER.c.kind, _LAYER.c.owner).where(
                _LAYER.c.document_id.in_(doc_ids[start : start + CHUNK])
            )
        )
        for layer_id, doc_id, kind, owner in rows.all():
            if (doc_id, kind, owner) in wanted:
                found[(doc_id, kind, owner)] = layer_id
    return found


def suggestion_models(store: Store) -> dict[int, str]:
    """Document id → the model named by its suggestion layer (kept in the layer's notes)."""
    with store.read() as session:
        return dict(
            session.execute(
                select(LayerRow.document_id, LayerRow.notes).where(
                    LayerRow.kind == LayerKind.SUGGESTION.value
                )
            ).all()
        )


def texts(store: Store, doc_ids: Sequence[int]) -> dict[int, str]:
    """Document texts for a batch, in one query."""
    from jkannotate.store.tables import DocumentRow

    with store.read() as session:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.text).where(DocumentRow.id.in_(list(doc_ids)))
        )
        return dict(rows.all())


def publication_dates(store: Store, doc_ids: Sequence[int]) -> dict[int, str | None]:
    """Documents' publication dates for a batch, in one query."""
    from jkannotate.store.tables import DocumentRow

    with store.read() as session:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.published).where(
                DocumentRow.id.in_(list(doc_ids))
            )
        )
        return dict(rows.all())


def documents_with_layers(store: Store, doc_ids: Sequence[int], kind: LayerKind) -> set[int]:
    """Which of these documents have at least one layer of ``kind``."""
    with store.read() as session:
        rows = session.execute(
            select(LayerRow.document_id)
            .where(LayerRow.document_id.in_(list(doc_ids)), LayerRow.kind == kind.value)
            .distinct()
        )
        return set(rows.scalars())
