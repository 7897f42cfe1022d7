"""Names of the environment variables jkannotate reads (one place for every layer)."""

DATABASE_VARIABLE = "JKANNOTATE_DB"
"""The project database (a file or an SQLAlchemy URL) when ``--db`` is not given."""
