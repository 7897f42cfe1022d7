"""Fixtures for the ingest tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import SEEDS

from jkannotate.core.model import Document
from jkannotate.ingest import read_articles


@pytest.fixture(scope="session")
def seed_docs() -> dict[str, Document]:
    """The five seeds read once, keyed by their three-digit prefix."""
    result = read_articles([SEEDS])
    assert not result.skipped
    return {Path(str(d.meta["source_path"])).name[:3]: d for d in result.documents}
