"""Rows ↔ core objects."""

from __future__ import annotations

import json
from typing import Any

from jkannotate.core.model import (
    Comment,
    DocTag,
    Document,
    EventArgument,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.store.tables import (
    DocumentRow,
    LayerRow,
)


def document_values(document: Document, signature: bytes | None, now: str) -> dict[str, Any]:
    return {
        "hash": document.hash,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
        "byline": document.byline,
        "text": document.text,
        "meta": json.dumps(document.meta, ensure_ascii=False, sort_keys=True),
        "duplicate_group": document.duplicate_group,
        "signature": signature,
        "created": now,
    }


def document_from_row(row: DocumentRow | Any) -> Document:
    """From an ORM row or a Core result row of the document table."""
    return Document(
        text=row.text,
        title=row.title,
        outlet=row.outlet,
        url=row.url,
        published=row.published,
        byline=row.byline,
        meta=json.loads(row.meta or "{}"),
        id=row.id,
        duplicate_group=row.duplicate_group,
        hash=row.hash,
    )


def span_values(layer_id: int, span: Span) -> dict[str, Any]:
    return {
        "layer_id": layer_id,
        "uid": span.uid,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "kind": span.kind.value,
        "origin": span.origin.value,
        "state": span.state.value,
        "confidence": span.confidence,
        "source": span.source,
        "kb_id": span.kb_id,
        "norm": span.norm,
    }


def tag_values(layer_id: int, tag: DocTag) -> dict[str, Any]:
    return {
        "layer_id": layer_id,
        "uid": tag.uid,
        "label": tag.label,
        "origin": tag.origin.value,
        "state": tag.state.value,
        "confidence": tag.confidence,
        "source": tag.source,
        "evidence": json.dumps([[e.start, e.end] for e in tag.evidence]),
    }


def argument_values(layer_id: int, argument: EventArgument) -> dict[str, Any]:
    return {
        "layer_id": layer_id,
        "uid": argument.uid,
        "event_uid": argument.event_uid,
        "argument_uid": argument.argument_uid,
        "role": argument.role,
    }


def comment_values(layer_id: int, comment: Comment) -> dict[str, Any]:
    return {
        "layer_id": layer_id,
        "uid": comment.uid,
        "span_uid": comment.span_uid,
        "parent_uid": comment.parent_uid,
        "author": comment.author,
        "text": comment.text,
        "created": comment.created,
    }


def layer_header(row: LayerRow | Any) -> Layer:
    """A layer without contents, from an ORM row or a Core result row."""
    return Layer(
        document_id=row.document_id,
        kind=LayerKind(row.kind),
        owner=row.owner,
        status=LayerStatus(row.status),
        notes=row.notes,
        version=row.version,
        created=row.created,
        updated=row.updated,
        id=row.id,
    )


def layer_values(layer: Layer, stamp: str) -> dict[str, Any]:
    """A layer row's values; timestamps the layer lacks become ``stamp``."""
    return {
        "document_id": layer.document_id,
        "kind": layer.kind.value,
        "owner": layer.owner,
        "status": layer.status.value,
        "notes": layer.notes,
        "version": layer.version,
        "created": layer.created or stamp,
        "updated": layer.updated or stamp,
    }
