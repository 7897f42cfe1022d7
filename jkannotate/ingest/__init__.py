"""Reading raw articles: encodings, boilerplate removal, metadata, near-duplicates.

``iter_articles``/``read_articles`` turn .txt pages, .html pages, .jsonl files and
directories of them into :class:`jkannotate.core.model.Document` objects; ``duplicates``
gives stable MinHash signatures and ``duplicate_links`` near-duplicate groups.
"""

from jkannotate.ingest.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    signature,
    signatures,
    similarity,
)
from jkannotate.ingest.encoding import MAX_FILE_BYTES, read_text_file
from jkannotate.ingest.jsonl import MAX_LINE_BYTES
from jkannotate.ingest.reader import (
    SUFFIXES,
    IngestResult,
    Skipped,
    iter_articles,
    read_articles,
)

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_LINE_BYTES",
    "NEAR_DUPLICATE_THRESHOLD",
    "SUFFIXES",
    "IngestResult",
    "Skipped",
    "iter_articles",
    "read_articles",
    "read_text_file",
    "signature",
    "signatures",
    "similarity",
]
