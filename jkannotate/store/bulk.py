"""Batch reads for long jobs (suggest): texts, dates and suggestion models of many
documents in one query each. Their writes go through ``Project.rewrite_layers``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from jkannotate.core.model import LayerKind
from jkannotate.store.store import Store
from jkannotate.store.tables import LayerRow


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
