"""Schema 1: documents, labels, layers, spans, event arguments, document tags, settings.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "label",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("colour", sa.String(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("guideline", sa.Text(), nullable=False, server_default=""),
        sa.UniqueConstraint("name", "kind", name="uq_label_name_kind"),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("outlet", sa.String(), nullable=True),
        sa.Column("url", sa.String(), nullable=True),
        sa.Column("published", sa.String(), nullable=True),
        sa.Column("byline", sa.String(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("meta", sa.Text(), nullable=False, server_default="{}"),
        sa.Column("duplicate_group", sa.Integer(), nullable=True),
        sa.Column("created", sa.String(), nullable=False),
    )
    op.create_index("ix_document_published", "document", ["published"])
    op.create_index("ix_document_duplicate_group", "document", ["duplicate_group"])
    op.create_table(
        "layer",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("owner", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("created", sa.String(), nullable=False),
        sa.Column("updated", sa.String(), nullable=False),
        sa.UniqueConstraint("document_id", "kind", "owner", name="uq_layer_document_kind_owner"),
    )
    op.create_index("ix_layer_document_id", "layer", ["document_id"])
    op.create_index("ix_layer_owner", "layer", ["owner"])
    op.create_table(
        "span",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "layer_id", sa.Integer(), sa.ForeignKey("layer.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.UniqueConstraint("layer_id", "uid", name="uq_span_layer_uid"),
    )
    op.create_index("ix_span_layer_id", "span", ["layer_id"])
    op.create_index("ix_span_label", "span", ["label"])
    op.create_table(
        "event_argument",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "layer_id", sa.Integer(), sa.ForeignKey("layer.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("event_uid", sa.String(length=32), nullable=False),
        sa.Column("argument_uid", sa.String(length=32), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
    )
    op.create_index("ix_event_argument_layer_id", "event_argument", ["layer_id"])
    op.create_table(
        "doc_tag",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "layer_id", sa.Integer(), sa.ForeignKey("layer.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(), nullable=False),
        sa.Column("origin", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("source", sa.String(), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=False, server_default="[]"),
    )
    op.create_index("ix_doc_tag_layer_id", "doc_tag", ["layer_id"])
    op.create_index("ix_doc_tag_label", "doc_tag", ["label"])
    op.create_table(
        "setting",
        sa.Column("key", sa.String(), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    for table in ("setting", "doc_tag", "event_argument", "span", "layer", "document", "label"):
        op.drop_table(table)
