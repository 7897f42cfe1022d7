"""Schema 2: users and roles, assignments, threaded comments, layer versions, signatures.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("layer") as batch:
        batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("document") as batch:
        batch.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))
    op.create_table(
        "user",
        sa.Column("name", sa.String(), primary_key=True),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("created", sa.String(), nullable=False),
    )
    op.create_table(
        "assignment",
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("document.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("annotator", sa.String(), primary_key=True),
    )
    op.create_index("ix_assignment_annotator", "assignment", ["annotator"])
    op.create_table(
        "comment",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "layer_id", sa.Integer(), sa.ForeignKey("layer.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("uid", sa.String(length=32), nullable=False),
        sa.Column("span_uid", sa.String(), nullable=True),
        sa.Column("parent_uid", sa.String(), nullable=True),
        sa.Column("author", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created", sa.String(), nullable=False),
    )
    op.create_index("ix_comment_layer_id", "comment", ["layer_id"])


def downgrade() -> None:
    op.drop_table("comment")
    op.drop_table("assignment")
    op.drop_table("user")
    with op.batch_alter_table("document") as batch:
        batch.drop_column("signature")
    with op.batch_alter_table("layer") as batch:
        batch.drop_column("version")
