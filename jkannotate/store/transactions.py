"""What the parts of the :class:`~jkannotate.store.store.Store` share: timestamps and
the read and write transactions every public method runs in."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy.orm import Session


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Transactions:
    """Base of the store's parts (mixins); the Store supplies ``read`` and ``write``."""

    read: Callable[[], AbstractContextManager[Session]]
    write: Callable[[], AbstractContextManager[Session]]
    user: str | None  # who works; None: nothing is checked (copies, maintenance)
