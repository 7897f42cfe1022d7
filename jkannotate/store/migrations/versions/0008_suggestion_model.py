"""Schema 8: a layer names the model that made it (``model``), no longer in its notes.

Suggestion layers kept the suggester's model name in ``notes``; the upgrade moves it to
the new column and empties their notes (people's notes live on annotator and gold
layers). The downgrade moves it back.

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("layer", sa.Column("model", sa.String(), nullable=False, server_default=""))
    op.execute("UPDATE layer SET model = notes, notes = '' WHERE kind = 'suggestion'")


def downgrade() -> None:
    op.execute("UPDATE layer SET notes = model WHERE kind = 'suggestion' AND model <> ''")
    op.drop_column("layer", "model")  # SQLite 3.35 and later drop a column in place
