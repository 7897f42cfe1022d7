"""Batch writes for long jobs (suggest, adjudicate): many layers in one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select, update

from jkannotate.core.model import Layer, LayerKind
from jkannotate.store.store import Store, now_iso
from jkannotate.store.tables import DocTagRow, EventArgumentRow, LayerRow, SpanRow


def replace_layers(store: Store, layers: Sequence[Layer]) -> None:
    """Replace (or create) each layer's contents, all in one transaction.

    An existing layer's version is bumped, so a window holding it sees a conflict
    instead of overwriting; the ``version`` of the given layer is not checked.
    """
    stamp = now_iso()
    with store.write() as session:
        for layer in layers:
            assert layer.document_id is not None
            row = store._find_layer(session, layer.document_id, layer.kind, layer.owner)
            if row is None:
                store._insert_layer(session, layer, stamp)
                continue
            for table in (SpanRow, EventArgumentRow, DocTagRow):
                session.execute(delete(table).where(table.layer_id == row.id))  # type: ignore[attr-defined]
            session.execute(
                update(LayerRow)
                .where(LayerRow.id == row.id)
                .values(
                    status=layer.status.value,
                    notes=layer.notes,
                    updated=stamp,
                    version=LayerRow.version + 1,
                )
            )
            assert row.id is not None
            layer.id = row.id
            store._insert_contents(session, row.id, layer)


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


def documents_with_layers(store: Store, doc_ids: Sequence[int], kind: LayerKind) -> set[int]:
    """Which of these documents have at least one layer of ``kind``."""
    with store.read() as session:
        rows = session.execute(
            select(LayerRow.document_id)
            .where(LayerRow.document_id.in_(list(doc_ids)), LayerRow.kind == kind.value)
            .distinct()
        )
        return set(rows.scalars())
