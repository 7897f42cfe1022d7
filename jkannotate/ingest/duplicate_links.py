"""Near-duplicate links for a whole import batch at once, vectorised with numpy.

The per-document :class:`~jkannotate.ingest.duplicates.NearDuplicateIndex` costs a
Python loop over every signature position; a batch of thousands of articles is
linked faster by sorting all (position, value) keys once: documents that share a
key are candidates, and candidates sharing enough positions are near-duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from jkannotate.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, NUM_HASHES, similarity

_EMPTY = np.full(NUM_HASHES, 0xFFFF, dtype="<u2").tobytes()
MAX_BUCKET = 2000  # keys shared by more documents come from boilerplate every article has


def near_duplicate_pairs(
    new: Sequence[tuple[int, bytes]],
    existing: Iterable[tuple[int, bytes]] = (),
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> list[tuple[int, int]]:
    """Pairs (a, b) of document ids, at least one of them new, whose similarity ≥ threshold."""
    stored = [(i, s) for i, s in existing if s != _EMPTY]
    fresh = [(i, s) for i, s in new if s != _EMPTY]
    if not fresh:
        return []
    everything = stored + fresh
    ids = np.array([i for i, _ in everything], dtype=np.int64)
    is_new = np.zeros(len(everything), dtype=bool)
    is_new[len(stored):] = True
    matrix = np.frombuffer(b"".join(s for _, s in everything), dtype="<u2").reshape(-1, NUM_HASHES)
    keys = (np.arange(NUM_HASHES, dtype=np.int64) << 16) + matrix.astype(np.int64)
    flat_keys = keys.ravel()
    rows = np.repeat(np.arange(len(everything)), NUM_HASHES)
    order = np.argsort(flat_keys, kind="stable")
    sorted_keys, sorted_rows = flat_keys[order], rows[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(sorted_keys)])
    candidates: set[tuple[int, int]] = set()
    for start, size in zip(starts[sizes > 1].tolist(), sizes[sizes > 1].tolist(), strict=True):
        if size > MAX_BUCKET:
            continue
        members = sorted_rows[start : start + size]
        if not is_new[members].any():
            continue
        for position, first in enumerate(members.tolist()):
            for second in members[position + 1 :].tolist():
                if is_new[first] or is_new[second]:
                    candidates.add((first, second) if first < second else (second, first))
    links: list[tuple[int, int]] = []
    signatures = [s for _, s in everything]
    for first, second in sorted(candidates):
        if similarity(signatures[first], signatures[second]) >= threshold:
            links.append((int(ids[first]), int(ids[second])))
    return links
