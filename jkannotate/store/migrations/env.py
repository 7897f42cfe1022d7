"""Alembic environment: runs on the connection handed over by ``store.migrate``."""

from alembic import context

from jkannotate.store.search_index import include_name
from jkannotate.store.tables import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_name=include_name,  # the FTS5 index is SQL of its own, not one of the tables
)
with context.begin_transaction():
    context.run_migrations()
