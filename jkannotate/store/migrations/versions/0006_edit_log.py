"""Schema 6: the edit log, an append-only history of every edit to a layer.

Each row is one batch of edits applied by ``Project.apply`` (who, when, the edits and
their inverse as JSON), written in the same transaction as the edits; undo and redo
read it, so they work after a restart and from the command line.

Revision ID: 0006
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "layer_id", sa.Integer(), sa.ForeignKey("layer.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("at", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("reverts", sa.Integer(), nullable=True),
        sa.Column("edits", sa.Text(), nullable=False),
        sa.Column("inverse", sa.Text(), nullable=False),
        sa.Column("span_uids", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_edit_log_layer_id", "edit_log", ["layer_id"])
    op.create_index("ix_edit_log_document_id", "edit_log", ["document_id"])
    op.create_index("ix_edit_log_layer_author", "edit_log", ["layer_id", "author", "id"])


def downgrade() -> None:
    op.drop_table("edit_log")
