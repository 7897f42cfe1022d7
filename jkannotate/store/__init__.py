"""The only layer that speaks SQL: tables, engine, migrations and the :class:`Store`."""

from jkannotate.store.engine import default_db_path, mask_url, resolve_url
from jkannotate.store.statistics import DocumentSummary
from jkannotate.store.store import ImportOutcome, Store

__all__ = [
    "DocumentSummary",
    "ImportOutcome",
    "Store",
    "default_db_path",
    "mask_url",
    "resolve_url",
]
