"""Schema 5: a span may carry a linked actor (``kb_id``) and a normalised value (``norm``).

``kb_id`` is an id of ``resources/actors.yml`` (or any knowledge base the project uses),
``norm`` a DATE's TIMEX3-style value resolved against the publication date. Both are
nullable: existing spans keep no link and no value.

Revision ID: 0005
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("span") as batch:
        batch.add_column(sa.Column("kb_id", sa.String(), nullable=True))
        batch.add_column(sa.Column("norm", sa.String(), nullable=True))
    op.create_index("ix_span_kb_id", "span", ["kb_id"])


def downgrade() -> None:
    op.drop_index("ix_span_kb_id", table_name="span")
    with op.batch_alter_table("span") as batch:
        batch.drop_column("norm")
        batch.drop_column("kb_id")
