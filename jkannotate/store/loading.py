"""Bulk reading: many documents with their layers in one query per table per batch of ids.

Loading document by document costs several queries per layer; reviewers and exporters
read thousands of documents at once. Here each batch of ``CHUNK`` ids costs one query
for the documents, one for their layers and one each for spans, event arguments, tags
and comments (joined to the layer, so no second id list), all in one read transaction.
The window opens one layer at a time (:func:`load_layer`): the same queries without the
document's, whose text it already holds.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from jkannotate.core.errors import NotFound
from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind
from jkannotate.store import convert
from jkannotate.store.tables import (
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
)

CHUNK = 500  # ids per IN list: far below SQLite's variable limit, short plans on PostgreSQL

LayerKey = tuple[LayerKind, str]  # (kind, owner)

_DOCUMENT = DocumentRow.__table__
_LAYER = LayerRow.__table__
_SPAN = SpanRow.__table__
_ARGUMENT = EventArgumentRow.__table__
_TAG = DocTagRow.__table__
_COMMENT = CommentRow.__table__


def _layer_condition(layers: Collection[LayerKey] | None, ids: Sequence[int]) -> Any:
    condition = _LAYER.c.document_id.in_(ids)
    if layers is None:
        return condition
    wanted = [and_(_LAYER.c.kind == kind.value, _LAYER.c.owner == owner) for kind, owner in layers]
    return and_(condition, or_(*wanted)) if wanted else and_(condition, False)


def _contents_query(table: Any, columns: Sequence[Any], condition: Any, *order: Any) -> Any:
    """(layer id, *columns) of the rows of ``table`` in the layers ``condition`` chooses."""
    return (
        select(table.c.layer_id, *columns)
        .join(_LAYER, _LAYER.c.id == table.c.layer_id)
        .where(condition)
        .order_by(table.c.layer_id, *order, table.c.id)
    )


def driver_rows(connection: Connection, query: Any) -> list[Any]:
    """All rows of ``query`` as the driver returns them (tuples): these columns (integers,
    strings, floats) need no result processing from SQLAlchemy on SQLite or PostgreSQL, and
    a Row object per span costs as much as the span's fetch."""
    result = connection.execute(query)
    try:
        return list(result.cursor.fetchall())
    finally:
        result.close()


def _fill(connection: Connection, by_id: dict[int, Layer], condition: Any) -> None:
    """The contents of the layers ``by_id`` (those ``condition`` chooses): one query each for
    spans, arguments, tags and comments, each row made an object by :mod:`.convert`."""
    span_from_row = convert.span_from_row
    spans = driver_rows(connection, _contents_query(_SPAN, convert.SPAN_COLUMNS, condition,
                                                    _SPAN.c.start, _SPAN.c.end))
    current, target = None, by_id[next(iter(by_id))].spans
    for row in spans:
        if row[0] != current:
            current, target = row[0], by_id[row[0]].spans
        target.append(span_from_row(row))
    for row in driver_rows(
        connection, _contents_query(_ARGUMENT, convert.ARGUMENT_COLUMNS, condition)
    ):
        by_id[row[0]].arguments.append(convert.argument_from_row(row))
    for row in driver_rows(
        connection, _contents_query(_TAG, convert.TAG_COLUMNS, condition, _TAG.c.label)
    ):
        by_id[row[0]].tags.append(convert.tag_from_row(row))
    for row in driver_rows(
        connection, _contents_query(_COMMENT, convert.COMMENT_COLUMNS, condition)
    ):
        by_id[row[0]].comments.append(convert.comment_from_row(row))


def load_chunk(
    session: Session, ids: Sequence[int], layers: Collection[LayerKey] | None
) -> dict[int, AnnotatedDocument]:
    """Documents ``ids`` (at most :data:`CHUNK`) with the chosen layers, by document id."""
    connection = session.connection()
    documents = connection.execute(
        select(*convert.DOCUMENT_COLUMNS).where(_DOCUMENT.c.id.in_(ids))
    )
    found: dict[int, AnnotatedDocument] = {}
    for document_row in documents:
        document = convert.document_from_row(document_row)
        assert document.id is not None
        found[document.id] = AnnotatedDocument(document)
    condition = _layer_condition(layers, ids)
    by_id: dict[int, Layer] = {}
    query = select(*convert.LAYER_COLUMNS).where(condition).order_by(_LAYER.c.id)
    for row in connection.execute(query).all():
        layer = convert.layer_from_row(row)
        assert layer.id is not None and layer.document_id is not None
        by_id[layer.id] = layer
        found[layer.document_id].layers.append(layer)
    if by_id:
        _fill(connection, by_id, condition)
    return found


def load_layer(session: Session, doc_id: int, key: LayerKey) -> Layer | None:
    """One document's (kind, owner) layer with its contents (None when it has none): the
    layer row and a query per contents table, the document itself not read."""
    kind, owner = key
    condition = and_(_LAYER.c.document_id == doc_id, _LAYER.c.kind == kind.value,
                     _LAYER.c.owner == owner)
    connection = session.connection()
    row = connection.execute(select(*convert.LAYER_COLUMNS).where(condition)).one_or_none()
    if row is None:
        return None
    layer = convert.layer_from_row(row)
    assert layer.id is not None
    _fill(connection, {layer.id: layer}, condition)
    return layer


def annotated_documents(
    session: Session,
    doc_ids: Sequence[int],
    layers: Collection[LayerKey] | None = None,
    *,
    missing_ok: bool = False,
) -> list[AnnotatedDocument]:
    """The documents in the order of ``doc_ids``, each with its layers (all, or those whose
    (kind, owner) is in ``layers``) ordered as :meth:`Layers.of_document` orders them.

    An id that is not stored raises :class:`NotFound` unless ``missing_ok``, which leaves it out.
    """
    result: list[AnnotatedDocument] = []
    for start in range(0, len(doc_ids), CHUNK):
        chunk = list(dict.fromkeys(doc_ids[start : start + CHUNK]))
        found = load_chunk(session, chunk, layers)
        missing = [i for i in chunk if i not in found]
        if missing and not missing_ok:
            shown = ", ".join(str(i) for i in missing[:5])
            raise NotFound(f"no document {shown}" + (" …" if len(missing) > 5 else ""))
        result.extend(found[i] for i in doc_ids[start : start + CHUNK] if i in found)
    return result


def layer_versions(session: Session, doc_ids: Sequence[int], key: LayerKey) -> dict[int, int]:
    """Document id → version of its layer ``key`` (documents without one are left out)."""
    kind, owner = key
    versions: dict[int, int] = {}
    for start in range(0, len(doc_ids), CHUNK):
        chunk = list(doc_ids[start : start + CHUNK])
        versions.update(
            session.connection().execute(
                select(_LAYER.c.document_id, _LAYER.c.version).where(
                    _LAYER.c.document_id.in_(chunk),
                    _LAYER.c.kind == kind.value,
                    _LAYER.c.owner == owner,
                )
            ).all()
        )
    return versions
