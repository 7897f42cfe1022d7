"""Queries behind the annotation queue: one annotator's filtered, sorted, paged document list.

The owner ``gold`` lists the gold layer instead (kind gold, owner gold): review mode's queue.

Full-text search uses the SQLite FTS5 index of migration 0003 over titles and texts
(:mod:`jkannotate.store.search_index`; documents imported since the last search are
indexed first); databases without it (PostgreSQL, SQLite without FTS5) use ``ILIKE``.
"""

from __future__ import annotations

import re

from sqlalchemy import (
    and_,
    case,
    exists,
    func,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Select

from jkannotate.core.actors import actor_keys
from jkannotate.core.model import GOLD_OWNER, LayerKind, State
from jkannotate.core.queue import SORT_KEYS, QueueQuery, QueueRow  # noqa: F401  (re-export)
from jkannotate.store import search_index
from jkannotate.store.database import Database
from jkannotate.store.roles import FINISHED_STATUSES, REVIEWING, stored_role
from jkannotate.store.tables import AssignmentRow, DocTagRow, DocumentRow, LayerRow, SpanRow

FINISHED = ("done", "reviewed")


def layer_kind(owner: str) -> LayerKind:
    """The kind of the listed layer: gold for the owner ``gold``, else an annotator's."""
    return LayerKind.GOLD if owner == GOLD_OWNER else LayerKind.ANNOTATOR


def _is_mine(owner: str):
    return and_(LayerRow.kind == layer_kind(owner).value, LayerRow.owner == owner)


def _mine(owner: str):
    return select(LayerRow.id).where(LayerRow.document_id == DocumentRow.id, _is_mine(owner))


def _status_column(owner: str):
    mine = (
        select(LayerRow.status)
        .where(LayerRow.document_id == DocumentRow.id, _is_mine(owner))
        .scalar_subquery()
    )
    return func.coalesce(mine, literal("todo"))


def _working_layer_has(owner: str, condition_table, condition):
    """My layer has the row; before I start, the suggestion layer stands in for it."""
    mine = exists(_mine(owner))
    in_layer = (
        select(LayerRow.id)
        .join(condition_table, condition_table.layer_id == LayerRow.id)
        .where(LayerRow.document_id == DocumentRow.id, condition)
    )
    return or_(
        and_(
            mine,
            exists(in_layer.where(_is_mine(owner))),
        ),
        and_(~mine, exists(in_layer.where(LayerRow.kind == LayerKind.SUGGESTION.value))),
    )


def fts_terms(search: str) -> str | None:
    """User words as an FTS5 query: every word must occur, the last one as a prefix."""
    words = re.findall(r"\w+", search, re.UNICODE)
    if not words:
        return None
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def mentioning(
    keys: tuple[str, ...], suggestions: bool, viewer: str | None
) -> Select[int]:
    """Ids of documents with a span linked to one of ``keys`` in a layer ``viewer`` may read:
    accepted spans of annotator and gold layers, and with ``suggestions`` pending ones of
    any layer. One indexed lookup (``span.kb_id``), no per-document work."""
    states = [State.ACCEPTED.value] + ([State.PENDING.value] if suggestions else [])
    statement = (
        select(LayerRow.document_id)
        .join(SpanRow, SpanRow.layer_id == LayerRow.id)
        .where(SpanRow.kb_id.in_(keys), SpanRow.state.in_(states))
    )
    if not suggestions:
        statement = statement.where(LayerRow.kind != LayerKind.SUGGESTION.value)
    if viewer is not None:
        own = aliased(LayerRow)  # the viewer's own layer, not the one holding the span
        finished = select(own.document_id).where(
            own.kind == LayerKind.ANNOTATOR.value,
            own.owner == viewer,
            own.status.in_(FINISHED_STATUSES),
        )
        statement = statement.where(
            or_(
                LayerRow.kind == LayerKind.SUGGESTION.value,
                and_(LayerRow.kind == LayerKind.ANNOTATOR.value, LayerRow.owner == viewer),
                LayerRow.document_id.in_(finished),
            )
        )
    return statement


class QueueQueries:
    """The annotation queue's SQL (listing, counting, searching) over one database."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._fts: bool | None = None  # unknown until the first search

    # full-text index ---------------------------------------------------------

    def ensure_fts(self) -> bool:
        """Use the FTS5 index of migration 0003, indexing any documents still queued for it;
        False where there is none (PostgreSQL, or SQLite without FTS5)."""
        if self._fts is None:
            self._fts = False
            if self.db.is_sqlite:
                with self.db.read() as session:
                    self._fts = search_index.present(session.connection())
        if not self._fts:
            return False
        with self.db.read() as session:
            queued = search_index.pending(session.connection())
        if queued:  # documents imported since the last search
            try:
                with self.db.write() as session:
                    search_index.catch_up(session.connection())
            except OperationalError:  # a read-only database: search what is indexed
                pass
        return True

    def _search_condition(self, search: str):
        terms = fts_terms(search)
        if terms is None:
            return None
        if self.ensure_fts():
            matching = text("SELECT rowid FROM document_fts WHERE document_fts MATCH :terms")
            return DocumentRow.id.in_(matching.bindparams(terms=terms))
        words = re.findall(r"\w+", search, re.UNICODE)
        return and_(
            *[
                or_(DocumentRow.title.ilike(f"%{w}%"), DocumentRow.text.ilike(f"%{w}%"))
                for w in words
            ]
        )

    # listing -----------------------------------------------------------------

    def _filtered(self, query: QueueQuery, columns: list) -> Select:
        statement = select(*columns).select_from(DocumentRow)
        status = _status_column(query.owner)
        if query.status:
            statement = statement.where(status == query.status)
        if query.duplicate_group is not None:
            statement = statement.where(DocumentRow.duplicate_group == query.duplicate_group)
        if query.assigned_to is not None:
            statement = statement.where(
                exists(
                    select(AssignmentRow.document_id).where(
                        AssignmentRow.document_id == DocumentRow.id,
                        AssignmentRow.annotator == query.assigned_to,
                    )
                )
            )
        if query.label:
            statement = statement.where(
                _working_layer_has(
                    query.owner,
                    SpanRow,
                    and_(SpanRow.label == query.label, SpanRow.state != State.REJECTED.value),
                )
            )
        if query.tag:
            statement = statement.where(
                _working_layer_has(
                    query.owner,
                    DocTagRow,
                    and_(DocTagRow.label == query.tag, DocTagRow.state != State.REJECTED.value),
                )
            )
        if query.actor:
            keys = actor_keys(query.actor)
            statement = statement.where(
                DocumentRow.id.in_(mentioning(keys, query.actor_suggestions, self._viewer()))
            )
        if query.search:
            condition = self._search_condition(query.search)
            if condition is not None:
                statement = statement.where(condition)
        return statement

    def _viewer(self) -> str | None:
        """Whose blind-annotation view applies to the actor filter (None: sees every layer)."""
        user = self.db.user
        if user is None:
            return None
        with self.db.read() as session:
            return None if stored_role(session, user) in REVIEWING else user

    def documents_mentioning(self, actor: str, suggestions: bool = False) -> list[int]:
        """Ids (ascending) of the documents that mention ``actor`` (see :func:`mentioning`)."""
        statement = (
            mentioning(actor_keys(actor), suggestions, self._viewer())
            .distinct()
            .order_by(LayerRow.document_id)
        )
        with self.db.read() as session:
            return [int(i) for i in session.execute(statement).scalars()]

    def count(self, query: QueueQuery) -> int:
        with self.db.read() as session:
            statement = self._filtered(query, [func.count()])
            return int(session.execute(statement).scalar_one())

    def page(self, query: QueueQuery, offset: int, limit: int) -> list[QueueRow]:
        status = _status_column(query.owner).label("status")
        sort_column = {
            "id": DocumentRow.id,
            "date": DocumentRow.published,
            "outlet": DocumentRow.outlet,
            "title": DocumentRow.title,
            "status": status,
        }.get(query.sort, DocumentRow.id)
        order = sort_column.desc() if query.descending else sort_column.asc()
        tie = DocumentRow.id.desc() if query.descending else DocumentRow.id.asc()
        statement = (
            self._filtered(
                query,
                [
                    DocumentRow.id,
                    DocumentRow.title,
                    DocumentRow.outlet,
                    DocumentRow.published,
                    status,
                    DocumentRow.duplicate_group,
                ],
            )
            .order_by(order, tie)
            .offset(offset)
            .limit(limit)
        )
        with self.db.read() as session:
            rows = session.execute(statement).all()
            pending = self._pending(session, query.owner, [r[0] for r in rows])
        return [QueueRow(r[0], r[1], r[2], r[3], r[4], pending.get(r[0], 0), r[5]) for r in rows]

    @staticmethod
    def _pending(session, owner: str, ids: list[int]) -> dict[int, int]:
        """Pending suggestions per document: in my layer once it exists, else the suggester's."""
        if not ids:
            return {}
        counts = session.execute(
            select(
                LayerRow.document_id,
                LayerRow.kind,
                func.sum(case((SpanRow.state == State.PENDING.value, 1), else_=0)),
            )
            .join(SpanRow, SpanRow.layer_id == LayerRow.id, isouter=True)
            .where(
                LayerRow.document_id.in_(ids),
                or_(LayerRow.kind == LayerKind.SUGGESTION.value, _is_mine(owner)),
            )
            .group_by(LayerRow.document_id, LayerRow.kind)
        ).all()
        suggested = {d: int(n or 0) for d, k, n in counts if k == LayerKind.SUGGESTION.value}
        mine = {d: int(n or 0) for d, k, n in counts if k == layer_kind(owner).value}
        result = suggested | mine
        return result

    def progress(self, owner: str) -> tuple[int, int]:
        """(documents whose layer of ``owner`` is done or reviewed, all documents)."""
        with self.db.read() as session:
            total = session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
            done = session.execute(
                select(func.count())
                .select_from(LayerRow)
                .where(_is_mine(owner), LayerRow.status.in_(FINISHED))
            ).scalar_one()
        return int(done), int(total)

    def next_unfinished(self, owner: str, after_id: int) -> int | None:
        """The first document after ``after_id`` (wrapping) that ``owner`` has not finished."""
        finished = exists(_mine(owner).where(LayerRow.status.in_(FINISHED)))
        with self.db.read() as session:
            for condition in (DocumentRow.id > after_id, DocumentRow.id < after_id):
                found = session.execute(
                    select(DocumentRow.id)
                    .where(condition, ~finished)
                    .order_by(DocumentRow.id)
                    .limit(1)
                ).scalar_one_or_none()
                if found is not None:
                    return int(found)
        return None

    def duplicate_groups(self) -> list[int]:
        with self.db.read() as session:
            return [
                int(g)
                for g in session.execute(
                    select(DocumentRow.duplicate_group)
                    .where(DocumentRow.duplicate_group.is_not(None))
                    .distinct()
                    .order_by(DocumentRow.duplicate_group)
                ).scalars()
            ]
