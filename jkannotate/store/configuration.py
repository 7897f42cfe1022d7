"""How a project is set up, as stored: its labels, settings, users and their roles,
and which documents are assigned to whom (a part of the Store)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, insert, select

from jkannotate.core.errors import PermissionDenied
from jkannotate.core.schema import Label, LabelSchema
from jkannotate.store import roles
from jkannotate.store.tables import AssignmentRow, LabelRow, SettingRow, UserRow
from jkannotate.store.transactions import Transactions, now_iso
from jkannotate.store.upsert import insert_ignoring, upsert


class Configuration(Transactions):
    """Labels, settings, users and assignments; every public method is one transaction."""

    # labels and settings -------------------------------------------------

    def ensure_labels(self, schema: LabelSchema) -> None:
        """Copy labels the project does not have yet; keep the project's own edits."""
        with self.read() as session:
            have = {(r.name, r.kind) for r in session.execute(select(LabelRow)).scalars()}
        rows = [
            {
                "name": lb.name,
                "kind": lb.kind.value,
                "colour": lb.colour,
                "key": lb.key,
                "guideline": lb.guideline,
            }
            for lb in schema.labels
            if (lb.name, lb.kind.value) not in have
        ]
        if rows:  # several annotators may open a fresh project at once: skip what they added
            try:
                with self.write() as session:
                    session.execute(insert_ignoring(session, LabelRow, ["name", "kind"]), rows)
            except PermissionDenied:
                pass  # on a server only admins add labels: the next admin to open adds them

    def labels(self) -> list[Label]:
        from jkannotate.core.model import LabelKind

        with self.read() as session:
            rows = session.execute(select(LabelRow).order_by(LabelRow.id)).scalars().all()
            return [Label(r.name, LabelKind(r.kind), r.colour, r.key, r.guideline) for r in rows]

    def get_setting(self, key: str) -> str | None:
        with self.read() as session:
            row = session.get(SettingRow, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as session:
            upsert(session, SettingRow, ["key"], {"key": key, "value": value})

    # users and assignments -------------------------------------------------

    def set_user(self, name: str, role: str) -> None:
        """Store a user's role (only the table: see ``register_user`` for server logins);
        once the project has an admin, only an admin may."""
        with self.write() as session:
            if self.user is not None and roles.admins(session):
                roles.require(session, self.user, {roles.ADMIN}, "manage users")
            roles.upsert_user(session, name, role, now_iso())

    def users(self) -> dict[str, str]:
        with self.read() as session:
            return {
                r.name: r.role
                for r in session.execute(select(UserRow).order_by(UserRow.name)).scalars()
            }

    def set_assignments(self, pairs: Sequence[tuple[int, str]]) -> None:
        with self.write() as session:
            if self.user is not None:
                roles.require(session, self.user, roles.REVIEWING, "assign documents")
            session.execute(delete(AssignmentRow))
            if pairs:
                session.execute(
                    insert(AssignmentRow), [{"document_id": d, "annotator": a} for d, a in pairs]
                )

    def assignments(self) -> dict[str, set[int]]:
        with self.read() as session:
            result: dict[str, set[int]] = {}
            for doc_id, annotator in session.execute(
                select(AssignmentRow.document_id, AssignmentRow.annotator)
            ):
                result.setdefault(annotator, set()).add(doc_id)
            return result
