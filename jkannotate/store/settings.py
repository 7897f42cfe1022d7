"""How a project is set up, as stored: its labels and its key/value settings."""

from __future__ import annotations

from sqlalchemy import select

from jkannotate.core.errors import PermissionDenied
from jkannotate.core.schema import Label, LabelSchema
from jkannotate.store.database import Database
from jkannotate.store.tables import LabelRow, SettingRow
from jkannotate.store.upsert import insert_ignoring, upsert


class Settings:
    """Labels and settings; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def ensure_labels(self, schema: LabelSchema) -> None:
        """Copy labels the project does not have yet; keep the project's own edits."""
        with self.db.read() as session:
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
                with self.db.write() as session:
                    session.execute(insert_ignoring(session, LabelRow, ["name", "kind"]), rows)
            except PermissionDenied:
                pass  # on a server only admins add labels: the next admin to open adds them

    def labels(self) -> list[Label]:
        from jkannotate.core.model import LabelKind

        with self.db.read() as session:
            rows = session.execute(select(LabelRow).order_by(LabelRow.id)).scalars().all()
            return [Label(r.name, LabelKind(r.kind), r.colour, r.key, r.guideline) for r in rows]

    def get(self, key: str) -> str | None:
        with self.db.read() as session:
            row = session.get(SettingRow, key)
            return row.value if row else None

    def set(self, key: str, value: str) -> None:
        with self.db.write() as session:
            upsert(session, SettingRow, ["key"], {"key": key, "value": value})
