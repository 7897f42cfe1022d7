"""Writes tests/data/schema_v1.db: a project database as schema version 0001 left it.

Kept so the migration test opens a real file of the previous version. Re-run only
if that file is lost: ``python tests/data/make_schema_v1_db.py``.
"""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from jkannotate.store.migrate import MIGRATIONS

TARGET = Path(__file__).with_name("schema_v1.db")


def main() -> None:
    TARGET.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{TARGET}")
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
        connection.execute(text(
            "INSERT INTO document (id, hash, title, outlet, published, text, meta, created) VALUES "
            "(1, 'h1', 'Seoul and Tokyo agree', 'Yonhap', '2019-08-02', "
            "'Seoul and Tokyo agreed on Friday.', '{}', '2020-01-01T00:00:00+00:00')"
        ))
        connection.execute(text(
            "INSERT INTO layer (id, document_id, kind, owner, status, notes, created, updated) "
            "VALUES (1, 1, 'annotator', 'alice', 'done', 'checked', '2020-01-01', '2020-01-02')"
        ))
        connection.execute(text(
            "INSERT INTO span (layer_id, uid, start, \"end\", label, kind, origin, state) VALUES "
            "(1, 'aaaa', 0, 5, 'GPE', 'entity', 'manual', 'accepted'),"
            "(1, 'bbbb', 10, 15, 'GPE', 'entity', 'suggested', 'rejected')"
        ))
    engine.dispose()


if __name__ == "__main__":
    main()
