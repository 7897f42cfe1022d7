"""Reads behind the event registry: near-duplicate groups with their first day, layer
headers, and the few columns event frames need, a query per table per batch of documents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import exists, select

from jkannotate.core.model import LabelKind, LayerKind, State
from jkannotate.store.database import Database
from jkannotate.store.loading import driver_rows
from jkannotate.store.tables import DocTagRow, DocumentRow, EventArgumentRow, LayerRow, SpanRow

# What an event frame needs of a document and its layer, as plain tuples (see EventReads.contents)
FrameDocument = tuple[str, str, str | None, str | None, str | None]  # text, title, outlet,
# published, url
FrameSpan = tuple[str, int, int, str, str, str | None, str | None]  # uid, start, end, label,
# kind, kb_id, norm
FrameArgument = tuple[str, str, str]  # event uid, argument uid, role


@dataclass(slots=True)
class EventContents:
    """One layer's event contents for a batch of documents, by document id: the documents'
    text and citation, the layer's unrejected triggers and argument spans in text order, its
    arguments in stored order and its unrejected tag labels. ``hidden`` are the documents
    whose layer blind annotation hides from the user (their frames must come from another)."""

    documents: dict[int, FrameDocument] = field(default_factory=dict)
    spans: dict[int, list[FrameSpan]] = field(default_factory=dict)
    arguments: dict[int, list[FrameArgument]] = field(default_factory=dict)
    tags: dict[int, list[str]] = field(default_factory=dict)
    hidden: list[int] = field(default_factory=list)


_DOCUMENT = DocumentRow.__table__
_LAYER = LayerRow.__table__
_SPAN = SpanRow.__table__
_ARGUMENT = EventArgumentRow.__table__
_TAG = DocTagRow.__table__
_REJECTED = State.REJECTED.value
_EVENT = LabelKind.EVENT.value


class EventReads:
    """The event registry's reads; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def group_dates(self) -> tuple[dict[int, int], dict[int, str]]:
        """Each grouped document's near-duplicate group, and each group's earliest publication
        date (groups whose documents carry no date are left out of the second)."""
        group_of: dict[int, int] = {}
        earliest: dict[int, str] = {}
        with self.db.read() as session:
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


    def layer_headers(self) -> list[tuple[int, str, str, str, bool]]:
        """(document id, kind, owner, status, has spans) of every layer, in layer order: enough
        to choose each document's event layer before reading any contents."""
        has_spans = exists(select(SpanRow.id).where(SpanRow.layer_id == LayerRow.id))
        with self.db.read() as session:
            rows = session.execute(
                select(LayerRow.document_id, LayerRow.kind, LayerRow.owner, LayerRow.status,
                       has_spans).order_by(LayerRow.id)
            ).all()
        return [(int(d), str(k), str(o), str(s), bool(h)) for d, k, o, s, h in rows]

    def contents(self, kind: LayerKind, owner: str, doc_ids: Sequence[int]) -> EventContents:
        """The (kind, owner) layer's event contents of ``doc_ids`` (at most ``loading.CHUNK``):
        one query per table, rows kept as tuples, spans that are neither a trigger nor an
        argument left in the database."""
        found = EventContents()
        with self.db.read() as session:
            visible = self.db.visibility(session)
            connection = session.connection()
            layer_ids: dict[int, int] = {}
            for layer_id, doc_id in connection.execute(
                select(_LAYER.c.id, _LAYER.c.document_id).where(
                    _LAYER.c.document_id.in_(doc_ids), _LAYER.c.kind == kind.value,
                    _LAYER.c.owner == owner)
            ).all():
                if visible is not None and not visible(doc_id, kind, owner):
                    found.hidden.append(doc_id)
                else:
                    layer_ids[layer_id] = doc_id
            if not layer_ids:
                return found
            ids = list(layer_ids)
            found.documents = {
                doc_id: (text, title, outlet, published, url)
                for doc_id, text, title, outlet, published, url in driver_rows(connection,
                    select(_DOCUMENT.c.id, _DOCUMENT.c.text, _DOCUMENT.c.title, _DOCUMENT.c.outlet,
                           _DOCUMENT.c.published, _DOCUMENT.c.url).where(
                        _DOCUMENT.c.id.in_(list(layer_ids.values()))))
            }
            for doc_id in layer_ids.values():
                found.spans[doc_id], found.arguments[doc_id], found.tags[doc_id] = [], [], []
            arguments = driver_rows(connection,
                select(_ARGUMENT.c.layer_id, _ARGUMENT.c.event_uid, _ARGUMENT.c.argument_uid,
                       _ARGUMENT.c.role).where(_ARGUMENT.c.layer_id.in_(ids))
                .order_by(_ARGUMENT.c.layer_id, _ARGUMENT.c.id))
            used: dict[int, set[str]] = {layer_id: set() for layer_id in ids}
            for layer_id, event_uid, argument_uid, role in arguments:
                found.arguments[layer_ids[layer_id]].append((event_uid, argument_uid, role))
                used[layer_id].add(argument_uid)
            spans = driver_rows(connection,
                select(_SPAN.c.layer_id, _SPAN.c.uid, _SPAN.c.start, _SPAN.c.end, _SPAN.c.label,
                       _SPAN.c.kind, _SPAN.c.kb_id, _SPAN.c.norm)
                .where(_SPAN.c.layer_id.in_(ids), _SPAN.c.state != _REJECTED)
                .order_by(_SPAN.c.layer_id, _SPAN.c.start, _SPAN.c.end, _SPAN.c.id))
            current, target, wanted = None, found.spans[layer_ids[ids[0]]], used[ids[0]]
            for layer_id, uid, start, end, label, span_kind, kb_id, norm in spans:
                if layer_id != current:
                    current = layer_id
                    target, wanted = found.spans[layer_ids[layer_id]], used[layer_id]
                if span_kind == _EVENT or uid in wanted:
                    target.append((uid, start, end, label, span_kind, kb_id, norm))
            for layer_id, label in driver_rows(connection,
                select(_TAG.c.layer_id, _TAG.c.label)
                .where(_TAG.c.layer_id.in_(ids), _TAG.c.state != _REJECTED)):
                found.tags[layer_ids[layer_id]].append(label)
        return found
