"""Reads behind the event registry: near-duplicate groups with their first day, in one query."""

from __future__ import annotations

from sqlalchemy import exists, select

from jkannotate.store.store import Store
from jkannotate.store.tables import DocumentRow, LayerRow, SpanRow


def group_dates(store: Store) -> tuple[dict[int, int], dict[int, str]]:
    """Each grouped document's near-duplicate group, and each group's earliest publication
    date (groups whose documents carry no date are left out of the second)."""
    group_of: dict[int, int] = {}
    earliest: dict[int, str] = {}
    with store.read() as session:
        rows = session.execute(
            select(DocumentRow.id, DocumentRow.duplicate_group, DocumentRow.published).where(
                DocumentRow.duplicate_group.is_not(None)
            )
        ).all()
    for doc_id, group, day in rows:
        assert group is not None  # the query asked for grouped documents only
        group_of[int(doc_id)] = int(group)
        if day and (group not in earliest or day < earliest[group]):
            earliest[int(group)] = day
    return group_of, earliest


def layer_headers(store: Store) -> list[tuple[int, str, str, str, bool]]:
    """(document id, kind, owner, status, has spans) of every layer, in layer order: enough
    to choose each document's event layer before reading any contents."""
    has_spans = exists(select(SpanRow.id).where(SpanRow.layer_id == LayerRow.id))
    with store.read() as session:
        rows = session.execute(
            select(LayerRow.document_id, LayerRow.kind, LayerRow.owner, LayerRow.status,
                   has_spans).order_by(LayerRow.id)
        ).all()
    return [(int(d), str(k), str(o), str(s), bool(h)) for d, k, o, s, h in rows]
