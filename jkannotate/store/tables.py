"""SQLModel tables: the database form of the data model in DESIGN.md.

Keep in step with the numbered migrations in ``store/migrations/versions``;
``tests/store/test_migrations.py`` checks that the migrated schema equals these tables.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, LargeBinary, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class LabelRow(SQLModel, table=True):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("name", "kind", name="uq_label_name_kind"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str
    kind: str
    colour: str = "#BBBBBB"
    key: str = ""
    guideline: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class DocumentRow(SQLModel, table=True):
    __tablename__ = "document"

    id: int | None = Field(default=None, primary_key=True)
    hash: str = Field(unique=True, max_length=64)
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = Field(default=None, index=True)
    byline: str | None = None
    text: str = Field(sa_column=Column(Text, nullable=False))
    meta: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    duplicate_group: int | None = Field(default=None, index=True)
    signature: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    created: str = ""


class LayerRow(SQLModel, table=True):
    __tablename__ = "layer"
    __table_args__ = (
        UniqueConstraint("document_id", "kind", "owner", name="uq_layer_document_kind_owner"),
    )

    id: int | None = Field(default=None, primary_key=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    kind: str
    owner: str = Field(index=True)
    status: str = "todo"
    notes: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))
    version: int = 0
    created: str = ""
    updated: str = ""


class SpanRow(SQLModel, table=True):
    __tablename__ = "span"
    __table_args__ = (UniqueConstraint("layer_id", "uid", name="uq_span_layer_uid"),)

    id: int | None = Field(default=None, primary_key=True)
    layer_id: int = Field(foreign_key="layer.id", ondelete="CASCADE", index=True)
    uid: str = Field(max_length=32)
    start: int
    end: int
    label: str = Field(index=True)
    kind: str = "entity"
    origin: str = "manual"
    state: str = "accepted"
    confidence: float | None = None
    source: str | None = None
    kb_id: str | None = Field(default=None, index=True)
    norm: str | None = None


class EventArgumentRow(SQLModel, table=True):
    __tablename__ = "event_argument"

    id: int | None = Field(default=None, primary_key=True)
    layer_id: int = Field(foreign_key="layer.id", ondelete="CASCADE", index=True)
    uid: str = Field(max_length=32)
    event_uid: str = Field(max_length=32)
    argument_uid: str = Field(max_length=32)
    role: str


class DocTagRow(SQLModel, table=True):
    __tablename__ = "doc_tag"

    id: int | None = Field(default=None, primary_key=True)
    layer_id: int = Field(foreign_key="layer.id", ondelete="CASCADE", index=True)
    uid: str = Field(max_length=32)
    label: str = Field(index=True)
    origin: str = "manual"
    state: str = "accepted"
    confidence: float | None = None
    source: str | None = None
    evidence: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))


class CommentRow(SQLModel, table=True):
    __tablename__ = "comment"

    id: int | None = Field(default=None, primary_key=True)
    layer_id: int = Field(foreign_key="layer.id", ondelete="CASCADE", index=True)
    uid: str = Field(max_length=32)
    span_uid: str | None = None
    parent_uid: str | None = None
    author: str
    text: str = Field(sa_column=Column(Text, nullable=False))
    created: str = ""


class EditLogRow(SQLModel, table=True):
    """One applied batch of edits to a layer: append-only, written in the edit's transaction.

    ``action`` is ``do`` (an edit), ``undo`` or ``redo``; ``reverts`` is the entry an undo
    reverts (or the undo a redo reverts). ``edits`` and ``inverse`` are JSON lists of
    :mod:`jkannotate.core.edits` edits; ``span_uids`` lists the spans they touch
    (space-separated) for span histories.
    """

    __tablename__ = "edit_log"
    __table_args__ = (Index("ix_edit_log_layer_author", "layer_id", "author", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    layer_id: int = Field(foreign_key="layer.id", ondelete="CASCADE", index=True)
    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", index=True)
    author: str
    at: str
    version: int
    action: str = "do"
    reverts: int | None = None
    edits: str = Field(sa_column=Column(Text, nullable=False))
    inverse: str = Field(sa_column=Column(Text, nullable=False))
    span_uids: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


class UserRow(SQLModel, table=True):
    __tablename__ = "user"

    name: str = Field(primary_key=True)
    role: str = "annotator"
    created: str = ""


class AssignmentRow(SQLModel, table=True):
    __tablename__ = "assignment"

    document_id: int = Field(foreign_key="document.id", ondelete="CASCADE", primary_key=True)
    annotator: str = Field(primary_key=True)


class SettingRow(SQLModel, table=True):
    __tablename__ = "setting"

    key: str = Field(primary_key=True)
    value: str = Field(default="", sa_column=Column(Text, nullable=False, server_default=""))


Index("ix_assignment_annotator", AssignmentRow.__table__.c.annotator)  # type: ignore[attr-defined]
