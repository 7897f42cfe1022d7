"""Edits to a stored layer under optimistic locking: each write steps the layer's
version, and a writer holding an older version gets a conflict (a part of the Store)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, NotFound
from jkannotate.core.history import LogEntry
from jkannotate.core.model import LayerKind
from jkannotate.store import convert, edit_log, roles
from jkannotate.store.tables import (
    CommentRow,
    DocTagRow,
    EventArgumentRow,
    LayerRow,
    SpanRow,
    UserRow,
)
from jkannotate.store.transactions import Transactions, now_iso

# called inside the write transaction with the users' roles and the stored layer's
# kind and owner; raising rolls the edit back
Guard = Callable[[Mapping[str, str], LayerKind, str], None]


class LayerEdits(Transactions):
    """Applying edits to one layer; every public method is one transaction."""

    @staticmethod
    def _bump_version(session: Session, layer_id: int, expected: int | None) -> Any:
        """Step the layer's version (taking its row lock until commit); returns the row's
        new ``version`` with its ``document_id``, ``kind`` and ``owner``.

        With ``expected`` the step happens only if nobody stepped it since the caller
        loaded the layer. On PostgreSQL a concurrent writer's UPDATE waits for this
        one's commit, then sees the new version and gets the conflict.
        """
        condition = LayerRow.id == layer_id
        if expected is not None:
            condition = condition & (LayerRow.version == expected)
        stepped = session.execute(
            update(LayerRow)
            .where(condition)
            .values(version=LayerRow.version + 1, updated=now_iso())
            .returning(LayerRow.version, LayerRow.document_id, LayerRow.kind, LayerRow.owner)
        ).one_or_none()
        if stepped is not None:
            return stepped
        now = session.execute(
            select(LayerRow.version).where(LayerRow.id == layer_id)
        ).scalar_one_or_none()
        if now is None:
            raise NotFound(f"no layer {layer_id}")
        raise ConflictError(
            f"this layer was changed elsewhere since you loaded it (now version {now}, "
            f"yours {expected}); reload the document to see the other changes, then redo yours"
        )

    def apply_edits(
        self,
        layer_id: int,
        edits: Sequence[ed.Edit],
        expected_version: int | None = None,
        *,
        log: LogEntry | None = None,
        guard: Guard | None = None,
    ) -> int:
        """Apply edits to one layer in one transaction; returns the layer's new version.

        Raises :class:`ConflictError` (nothing written) when ``expected_version`` is
        given and another writer changed the layer since. ``guard`` checks permission
        against the roles and the layer as stored, inside the transaction; ``log`` is
        appended to the edit log in the same transaction (its layer, document, version
        and time filled in here).
        """
        with self.write() as session:
            if self.user is not None:  # the stored row decides, not the caller's copy of it
                roles.check_stored_layer_write(session, self.user, layer_id, edits)
            row = self._bump_version(session, layer_id, expected_version)
            if guard is not None:
                users = session.execute(select(UserRow.name, UserRow.role))
                guard({name: role for name, role in users}, LayerKind(row.kind), row.owner)
            self._apply_all(session, layer_id, edits, self.user)
            if log is not None:
                log.layer_id, log.document_id = layer_id, row.document_id
                log.version, log.at = row.version, now_iso()
                edit_log.append(session, log)
            return int(row.version)

    def layer_log(self, layer_id: int, author: str | None = None) -> list[LogEntry]:
        """A layer's edit log in order (only ``author``'s entries when given)."""
        with self.read() as session:
            return edit_log.layer_entries(session, layer_id, author)

    def document_log(self, document_id: int, span_uid: str | None = None) -> list[LogEntry]:
        """The edit log of all of a document's layers (only entries touching a span)."""
        with self.read() as session:
            return edit_log.document_entries(session, document_id, span_uid)

    @classmethod
    def _apply_all(
        cls, session: Session, layer_id: int, edits: Sequence[ed.Edit], author: str | None
    ) -> None:
        """Apply edits in order; a run of span updates making the same change (accept all,
        reject all and their undo) is one UPDATE per 500 spans instead of one per span."""
        at = 0
        while at < len(edits):
            edit = edits[at]
            run = at + 1
            if isinstance(edit, ed.UpdateSpan):
                while (
                    run < len(edits)
                    and isinstance(edits[run], ed.UpdateSpan)
                    and edits[run].changes == edit.changes  # type: ignore[union-attr]
                ):
                    run += 1
            if run - at == 1:
                cls._apply_one(session, layer_id, edit, author)
            else:
                uids = [e.uid for e in edits[at:run]]  # type: ignore[union-attr]
                cls._update_spans(session, layer_id, uids, edit.changes)  # type: ignore[union-attr]
            at = run

    @staticmethod
    def _update_spans(
        session: Session, layer_id: int, uids: list[str], changes: tuple[tuple[str, Any], ...]
    ) -> None:
        values = {k: (v.value if hasattr(v, "value") else v) for k, v in changes}
        for first in range(0, len(uids), 500):
            chunk = uids[first : first + 500]
            result = session.execute(
                update(SpanRow)
                .where(SpanRow.layer_id == layer_id, SpanRow.uid.in_(chunk))
                .values(**values)
            )
            if result.rowcount != len(set(chunk)):  # type: ignore[attr-defined]
                raise NotFound("some of the spans to update are not in this layer")

    @staticmethod
    def _apply_one(
        session: Session, layer_id: int, edit: ed.Edit, author: str | None = None
    ) -> None:
        """One edit; a comment's author is the working user whatever the edit says."""
        match edit:
            case ed.AddSpan(span):
                session.execute(insert(SpanRow), [convert.span_values(layer_id, span)])
            case ed.UpdateSpan(uid, changes):
                values: dict[str, Any] = {
                    k: (v.value if hasattr(v, "value") else v) for k, v in changes
                }
                result = session.execute(
                    update(SpanRow)
                    .where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                    .values(**values)
                )
                if result.rowcount != 1:  # type: ignore[attr-defined]
                    raise NotFound(f"no span {uid} in this layer")
            case ed.RemoveSpan(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id,
                        (EventArgumentRow.event_uid == uid)
                        | (EventArgumentRow.argument_uid == uid),
                    )
                )
                session.execute(
                    delete(SpanRow).where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                )
            case ed.AddArgument(argument):
                session.execute(
                    insert(EventArgumentRow), [convert.argument_values(layer_id, argument)]
                )
            case ed.RemoveArgument(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id, EventArgumentRow.uid == uid
                    )
                )
            case ed.SetTag(tag):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == tag.label
                    )
                )
                session.execute(insert(DocTagRow), [convert.tag_values(layer_id, tag)])
            case ed.RemoveTag(label):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == label
                    )
                )
            case ed.SetStatus(status):
                session.execute(
                    update(LayerRow).where(LayerRow.id == layer_id).values(status=status.value)
                )
            case ed.SetNotes(notes):
                session.execute(update(LayerRow).where(LayerRow.id == layer_id).values(notes=notes))
            case ed.AddComment(comment):
                if author is not None:
                    comment = replace(comment, author=author)
                session.execute(insert(CommentRow), [convert.comment_values(layer_id, comment)])
