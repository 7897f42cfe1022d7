"""Schema 7: roles enforced by PostgreSQL — group roles, grants, row-level security.

Creates the group roles ``jk_annotator``, ``jk_reviewer`` and ``jk_admin`` where the
server has none yet (idempotent), grants them the project's tables, and installs the
policies and the functions they use; see :mod:`jkannotate.store.server_roles`. Nothing
to do on SQLite, a single-user file.

Revision ID: 0007
Revises: 0003
"""

from alembic import op

from jkannotate.store import server_roles

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        server_roles.install(connection)


def downgrade() -> None:
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        server_roles.uninstall(connection)
