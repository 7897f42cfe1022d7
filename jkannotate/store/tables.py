"""The database tables (SQLAlchemy declarative): the stored form of the data model.

Keep in step with the numbered migrations in ``store/migrations/versions``;
``tests/store/test_migrations.py`` checks that the migrated schema equals these tables.
Plain SQLAlchemy (no SQLModel/pydantic layer): the store reads and writes with Core
statements, and building these classes is part of every start-up.
"""

from __future__ import annotations

from sqlalchemy import (
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


def _document_fk() -> ForeignKey:
    return ForeignKey("document.id", ondelete="CASCADE")


def _layer_fk() -> ForeignKey:
    return ForeignKey("layer.id", ondelete="CASCADE")


class LabelRow(Base):
    __tablename__ = "label"
    __table_args__ = (UniqueConstraint("name", "kind", name="uq_label_name_kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String)
    kind: Mapped[str] = mapped_column(String)
    colour: Mapped[str] = mapped_column(String, default="#BBBBBB")
    key: Mapped[str] = mapped_column(String, default="")
    guideline: Mapped[str] = mapped_column(Text, default="", server_default="")


class DocumentRow(Base):
    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    title: Mapped[str] = mapped_column(String, default="")
    outlet: Mapped[str | None] = mapped_column(String, nullable=True)
    url: Mapped[str | None] = mapped_column(String, nullable=True)
    published: Mapped[str | None] = mapped_column(String, nullable=True, index=True)
    byline: Mapped[str | None] = mapped_column(String, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    meta: Mapped[str] = mapped_column(Text, default="{}", server_default="{}")
    duplicate_group: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    created: Mapped[str] = mapped_column(String, default="")


class LayerRow(Base):
    __tablename__ = "layer"
    __table_args__ = (
        UniqueConstraint("document_id", "kind", "owner", name="uq_layer_document_kind_owner"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(Integer, _document_fk(), index=True)
    kind: Mapped[str] = mapped_column(String)
    owner: Mapped[str] = mapped_column(String, index=True)
    status: Mapped[str] = mapped_column(String, default="todo")
    notes: Mapped[str] = mapped_column(Text, default="", server_default="")
    model: Mapped[str] = mapped_column(String, default="", server_default="")
    version: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[str] = mapped_column(String, default="")
    updated: Mapped[str] = mapped_column(String, default="")


class SpanRow(Base):
    __tablename__ = "span"
    __table_args__ = (UniqueConstraint("layer_id", "uid", name="uq_span_layer_uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, _layer_fk(), index=True)
    uid: Mapped[str] = mapped_column(String(32))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String, index=True)
    kind: Mapped[str] = mapped_column(String, default="entity")
    origin: Mapped[str] = mapped_column(String, default="manual")
    state: Mapped[str] = mapped_column(String, default="accepted")
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str | None] = mapped_column(String, nullable=True)
    kb_id: Mapped[str | None] = mapped_column(String, nullable=True, index=True)
    norm: Mapped[str | None] = mapped_column(String, nullable=True)


class EventArgumentRow(Base):
    __tablename__ = "event_argument"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, _layer_fk(), index=True)
    uid: Mapped[str] = mapped_column(String(32))
    event_uid: Mapped[str] = mapped_column(String(32))
    argument_uid: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String)


class DocTagRow(Base):
    __tablename__ = "doc_tag"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, _layer_fk(), index=True)
    uid: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String, index=True)
    origin: Mapped[str] = mapped_column(String, default="manual")
    state: Mapped[str] = mapped_column(String, default="accepted")
    confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    source: Mapped[str | None] = mapped_column(String, nullable=True)
    evidence: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")


class CommentRow(Base):
    __tablename__ = "comment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, _layer_fk(), index=True)
    uid: Mapped[str] = mapped_column(String(32))
    span_uid: Mapped[str | None] = mapped_column(String, nullable=True)
    parent_uid: Mapped[str | None] = mapped_column(String, nullable=True)
    author: Mapped[str] = mapped_column(String)
    text: Mapped[str] = mapped_column(Text)
    created: Mapped[str] = mapped_column(String, default="")


class EditLogRow(Base):
    """One applied batch of edits to a layer: append-only, written in the edit's transaction.

    ``action`` is ``do`` (an edit), ``undo`` or ``redo``; ``reverts`` is the entry an undo
    reverts (or the undo a redo reverts). ``edits`` and ``inverse`` are JSON lists of
    :mod:`jkannotate.core.edits` edits; ``span_uids`` lists the spans they touch
    (space-separated) for span histories.
    """

    __tablename__ = "edit_log"
    __table_args__ = (Index("ix_edit_log_layer_author", "layer_id", "author", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    layer_id: Mapped[int] = mapped_column(Integer, _layer_fk(), index=True)
    document_id: Mapped[int] = mapped_column(Integer, _document_fk(), index=True)
    author: Mapped[str] = mapped_column(String)
    at: Mapped[str] = mapped_column(String)
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String, default="do")
    reverts: Mapped[int | None] = mapped_column(Integer, nullable=True)
    edits: Mapped[str] = mapped_column(Text)
    inverse: Mapped[str] = mapped_column(Text)
    span_uids: Mapped[str] = mapped_column(Text, default="", server_default="")


class UserRow(Base):
    __tablename__ = "user"

    name: Mapped[str] = mapped_column(String, primary_key=True)
    role: Mapped[str] = mapped_column(String, default="annotator")
    created: Mapped[str] = mapped_column(String, default="")


class AssignmentRow(Base):
    __tablename__ = "assignment"

    document_id: Mapped[int] = mapped_column(Integer, _document_fk(), primary_key=True)
    annotator: Mapped[str] = mapped_column(String, primary_key=True)


class SettingRow(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String, primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="", server_default="")


Index("ix_assignment_annotator", AssignmentRow.__table__.c.annotator)
