"""Rows ↔ core objects: the one mapping of the model to the tables, both ways.

Writing: ``*_values`` give a row's values by column name. Reading: each table's
``*_COLUMNS`` declare the columns a query selects, in the order its ``*_from_row``
reads them, positionally (named access on a result row costs about a microsecond, and a
thousand documents hold over a hundred thousand spans). The contents of a layer (spans,
arguments, tags, comments) are read with their layer's id in front, for the loader to
sort them into layers: their ``*_from_row`` skip it.
"""

from __future__ import annotations

import json
from typing import Any

from jkannotate.core.model import (
    Comment,
    DocTag,
    Document,
    EventArgument,
    Evidence,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.store.tables import (
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
)

# enum lookups by value: a dict is several times cheaper than calling the enum class
_LABEL_KIND = {k.value: k for k in LabelKind}
_ORIGIN = {o.value: o for o in Origin}
_STATE = {s.value: s for s in State}
_LAYER_KIND = {k.value: k for k in LayerKind}
_LAYER_STATUS = {s.value: s for s in LayerStatus}

_DOCUMENT = DocumentRow.__table__.c
_LAYER = LayerRow.__table__.c
_SPAN = SpanRow.__table__.c
_ARGUMENT = EventArgumentRow.__table__.c
_TAG = DocTagRow.__table__.c
_COMMENT = CommentRow.__table__.c

# documents ---------------------------------------------------------------------------

DOCUMENT_COLUMNS = (_DOCUMENT.id, _DOCUMENT.hash, _DOCUMENT.title, _DOCUMENT.outlet,
                    _DOCUMENT.url, _DOCUMENT.published, _DOCUMENT.byline, _DOCUMENT.text,
                    _DOCUMENT.meta, _DOCUMENT.duplicate_group)


def document_from_row(row: Any) -> Document:
    doc_id, hash_, title, outlet, url, published, byline, text, meta, group = row
    return Document(text, title, outlet, url, published, byline, json.loads(meta or "{}"),
                    doc_id, group, hash_)


meta_json = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
"""A document's ``meta`` as stored (one encoder made once, not one per row)."""


def document_values(document: Document, signature: bytes | None, now: str) -> dict[str, Any]:
    return {
        "hash": document.hash,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
        "byline": document.byline,
        "text": document.text,
        "meta": meta_json(document.meta),
        "duplicate_group": document.duplicate_group,
        "signature": signature,
        "created": now,
    }


# layers ------------------------------------------------------------------------------

LAYER_COLUMNS = (_LAYER.id, _LAYER.document_id, _LAYER.kind, _LAYER.owner, _LAYER.status,
                 _LAYER.notes, _LAYER.model, _LAYER.version, _LAYER.created, _LAYER.updated)


def layer_from_row(row: Any) -> Layer:
    """A layer without its contents."""
    layer_id, doc_id, kind, owner, status, notes, model, version, created, updated = row
    return Layer(doc_id, _LAYER_KIND[kind], owner, _LAYER_STATUS[status], notes=notes,
                 model=model, version=version, created=created, updated=updated, id=layer_id)


def layer_values(layer: Layer, stamp: str) -> dict[str, Any]:
    """A layer row's values; timestamps the layer lacks become ``stamp``."""
    return {
        "document_id": layer.document_id,
        "kind": layer.kind.value,
        "owner": layer.owner,
        "status": layer.status.value,
        "notes": layer.notes,
        "model": layer.model,
        "version": layer.version,
        "created": layer.created or stamp,
        "updated": layer.updated or stamp,
    }


# a layer's contents (read as (layer id, *COLUMNS)) -------------------------------------

SPAN_COLUMNS = (_SPAN.start, _SPAN.end, _SPAN.label, _SPAN.kind, _SPAN.origin, _SPAN.state,
                _SPAN.confidence, _SPAN.source, _SPAN.uid, _SPAN.kb_id, _SPAN.norm)


def span_from_row(row: Any) -> Span:
    _, start, end, label, kind, origin, state, confidence, source, uid, kb_id, norm = row
    return Span(start, end, label, _LABEL_KIND[kind], _ORIGIN[origin], _STATE[state],
                confidence, source, uid, kb_id, norm)


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


ARGUMENT_COLUMNS = (_ARGUMENT.event_uid, _ARGUMENT.argument_uid, _ARGUMENT.role, _ARGUMENT.uid)


def argument_from_row(row: Any) -> EventArgument:
    _, event_uid, argument_uid, role, uid = row
    return EventArgument(event_uid, argument_uid, role, uid)


def argument_values(layer_id: int, argument: EventArgument) -> dict[str, Any]:
    return {
        "layer_id": layer_id,
        "uid": argument.uid,
        "event_uid": argument.event_uid,
        "argument_uid": argument.argument_uid,
        "role": argument.role,
    }


TAG_COLUMNS = (_TAG.label, _TAG.origin, _TAG.state, _TAG.confidence, _TAG.source,
               _TAG.evidence, _TAG.uid)


def tag_from_row(row: Any) -> DocTag:
    _, label, origin, state, confidence, source, evidence, uid = row
    ranges = json.loads(evidence) if evidence and evidence != "[]" else ()
    return DocTag(label, _ORIGIN[origin], _STATE[state], confidence, source,
                  tuple(Evidence(s, e) for s, e in ranges), uid)


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


COMMENT_COLUMNS = (_COMMENT.author, _COMMENT.text, _COMMENT.created, _COMMENT.span_uid,
                   _COMMENT.parent_uid, _COMMENT.uid)


def comment_from_row(row: Any) -> Comment:
    _, author, text, created, span_uid, parent_uid, uid = row
    return Comment(author, text, created, span_uid, parent_uid, uid)


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
