"""Plain-dict form of documents and layers: the shape of project JSONL and of JSON output.

``document_to_dict`` and ``document_from_dict`` are exact inverses, so a project
JSONL round trip is byte-stable when dumped with sorted keys.
"""

from __future__ import annotations

from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
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


def span_to_dict(span: Span) -> dict[str, Any]:
    data = {
        "uid": span.uid,
        "start": span.start,
        "end": span.end,
        "label": span.label,
        "kind": span.kind.value,
        "origin": span.origin.value,
        "state": span.state.value,
        "confidence": span.confidence,
        "source": span.source,
    }
    # written only when set, so files without links keep their exact shape
    if span.kb_id is not None:
        data["kb_id"] = span.kb_id
    if span.norm is not None:
        data["norm"] = span.norm
    return data


def span_from_dict(data: dict[str, Any]) -> Span:
    return Span(
        start=int(data["start"]),
        end=int(data["end"]),
        label=str(data["label"]),
        kind=LabelKind(data.get("kind", "entity")),
        origin=Origin(data.get("origin", "manual")),
        state=State(data.get("state", "accepted")),
        confidence=data.get("confidence"),
        source=data.get("source"),
        **({"uid": str(data["uid"])} if data.get("uid") else {}),
        kb_id=_optional_str(data.get("kb_id")),
        norm=_optional_str(data.get("norm")),
    )


def _optional_str(value: Any) -> str | None:
    return None if value is None else str(value)


def tag_to_dict(tag: DocTag) -> dict[str, Any]:
    return {
        "uid": tag.uid,
        "label": tag.label,
        "origin": tag.origin.value,
        "state": tag.state.value,
        "confidence": tag.confidence,
        "source": tag.source,
        "evidence": [[e.start, e.end] for e in tag.evidence],
    }


def tag_from_dict(data: dict[str, Any]) -> DocTag:
    return DocTag(
        label=str(data["label"]),
        origin=Origin(data.get("origin", "manual")),
        state=State(data.get("state", "accepted")),
        confidence=data.get("confidence"),
        source=data.get("source"),
        evidence=tuple(Evidence(int(s), int(e)) for s, e in data.get("evidence", [])),
        **({"uid": str(data["uid"])} if data.get("uid") else {}),
    )


def argument_to_dict(argument: EventArgument) -> dict[str, Any]:
    return {
        "uid": argument.uid,
        "event": argument.event_uid,
        "argument": argument.argument_uid,
        "role": argument.role,
    }


def argument_from_dict(data: dict[str, Any]) -> EventArgument:
    return EventArgument(
        event_uid=str(data["event"]),
        argument_uid=str(data["argument"]),
        role=str(data["role"]),
        **({"uid": str(data["uid"])} if data.get("uid") else {}),
    )


def comment_to_dict(comment: Comment) -> dict[str, Any]:
    return {
        "uid": comment.uid,
        "author": comment.author,
        "text": comment.text,
        "created": comment.created,
        "span": comment.span_uid,
        "parent": comment.parent_uid,
    }


def comment_from_dict(data: dict[str, Any]) -> Comment:
    return Comment(
        author=str(data["author"]),
        text=str(data["text"]),
        created=str(data["created"]),
        span_uid=data.get("span"),
        parent_uid=data.get("parent"),
        **({"uid": str(data["uid"])} if data.get("uid") else {}),
    )


def layer_to_dict(layer: Layer) -> dict[str, Any]:
    return {
        "kind": layer.kind.value,
        "owner": layer.owner,
        "status": layer.status.value,
        "version": layer.version,
        "notes": layer.notes,
        "model": layer.model,
        "created": layer.created,
        "updated": layer.updated,
        "spans": [span_to_dict(s) for s in layer.spans],
        "arguments": [argument_to_dict(a) for a in layer.arguments],
        "tags": [tag_to_dict(t) for t in layer.tags],
        "comments": [comment_to_dict(c) for c in layer.comments],
    }


def layer_from_dict(data: dict[str, Any], document_id: int | None = None) -> Layer:
    """A layer from its JSON. A suggestion layer written before the model had a key of its
    own named the model in ``notes``: it is read as the model."""
    kind = LayerKind(data.get("kind", "annotator"))
    notes, model = str(data.get("notes", "")), str(data.get("model", ""))
    if "model" not in data and kind is LayerKind.SUGGESTION:
        notes, model = "", notes
    return Layer(
        document_id=document_id,
        kind=kind,
        owner=str(data.get("owner", "")),
        status=LayerStatus(data.get("status", "todo")),
        spans=[span_from_dict(s) for s in data.get("spans", [])],
        arguments=[argument_from_dict(a) for a in data.get("arguments", [])],
        tags=[tag_from_dict(t) for t in data.get("tags", [])],
        comments=[comment_from_dict(c) for c in data.get("comments", [])],
        notes=notes,
        model=model,
        version=int(data.get("version", 0)),
        created=data.get("created"),
        updated=data.get("updated"),
    )


def document_meta_to_dict(document: Document) -> dict[str, Any]:
    return {
        "id": document.id,
        "hash": document.hash,
        "title": document.title,
        "outlet": document.outlet,
        "url": document.url,
        "published": document.published,
        "byline": document.byline,
        "meta": document.meta,
        "duplicate_group": document.duplicate_group,
    }


def document_to_dict(item: AnnotatedDocument) -> dict[str, Any]:
    data = document_meta_to_dict(item.document)
    data["text"] = item.document.text
    data["layers"] = [layer_to_dict(layer) for layer in item.layers]
    return data


def document_from_dict(data: dict[str, Any], origin: str = "input") -> AnnotatedDocument:
    """Build an annotated document; a missing or mistyped field raises :class:`InputError`."""
    try:
        text = data["text"]
        if not isinstance(text, str):
            raise InputError("'text' must be a string", origin)
        document = Document(
            text=text,
            title=str(data.get("title") or ""),
            outlet=data.get("outlet"),
            url=data.get("url"),
            published=data.get("published"),
            byline=data.get("byline"),
            meta=dict(data.get("meta") or {}),
            id=data.get("id"),
            duplicate_group=data.get("duplicate_group"),
        )
        layers = [layer_from_dict(layer, document.id) for layer in data.get("layers", [])]
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"not a jkannotate document: {error!r}", origin) from error
    return AnnotatedDocument(document=document, layers=layers)
