"""The only layer that speaks SQL: tables, engine, migrations and the :class:`Store`.

The names below are loaded on first use (PEP 562), so importing one submodule (or this
package for a type) does not build every table and engine module at once.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jkannotate.store.documents import ImportOutcome
    from jkannotate.store.engine import default_db_path, mask_url, resolve_url
    from jkannotate.store.statistics import DocumentSummary
    from jkannotate.store.store import Store

_WHERE = {
    "DocumentSummary": "jkannotate.store.statistics",
    "ImportOutcome": "jkannotate.store.documents",
    "Store": "jkannotate.store.store",
    "default_db_path": "jkannotate.store.engine",
    "mask_url": "jkannotate.store.engine",
    "resolve_url": "jkannotate.store.engine",
}

__all__ = [
    "DocumentSummary",
    "ImportOutcome",
    "Store",
    "default_db_path",
    "mask_url",
    "resolve_url",
]


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'jkannotate.store' has no attribute {name!r}")
    value = getattr(import_module(_WHERE[name]), name)
    globals()[name] = value
    return value
