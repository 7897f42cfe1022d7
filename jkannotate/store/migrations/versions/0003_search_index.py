"""Schema 3: the SQLite full-text index over documents is part of the schema.

Version 0002 created ``document_fts`` on the first search, outside the migrations, and
indexed every import through a trigger. Here the index, a queue of documents waiting
to be indexed and the triggers that keep both exact are created (an index built at run
time is replaced); every stored document is queued and indexed on the next search.
See :mod:`jkannotate.store.search_index`. Nothing to do on PostgreSQL.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

from jkannotate.store import search_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        search_index.install(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        search_index.uninstall(connection)
