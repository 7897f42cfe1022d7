"""Near-duplicate links for a whole import batch at once, vectorised with numpy.

The per-document :class:`~jkannotate.ingest.duplicates.NearDuplicateIndex` costs a
Python loop over every signature position; a batch of thousands of articles is
linked faster by sorting all (position, value) keys once: documents that share a
key are candidates, and candidates sharing enough positions are near-duplicates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from jkannotate.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, NUM_HASHES

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
    firsts: list[np.ndarray] = []
    seconds: list[np.ndarray] = []
    for size in np.unique(sizes[(sizes > 1) & (sizes <= MAX_BUCKET)]).tolist():
        run_starts = starts[sizes == size]
        members = sorted_rows[run_starts[:, None] + np.arange(size)]  # one row per shared key
        left, right = np.triu_indices(size, 1)
        firsts.append(members[:, left].ravel())
        seconds.append(members[:, right].ravel())
    if not firsts:
        return []
    first, second = np.concatenate(firsts), np.concatenate(seconds)
    involves_new = is_new[first] | is_new[second]
    low = np.minimum(first, second)[involves_new]
    high = np.maximum(first, second)[involves_new]
    # each shared key is one equal signature position, so the count is the similarity
    codes, shared = np.unique(low * len(everything) + high, return_counts=True)
    linked = codes[shared >= threshold * NUM_HASHES]
    pairs = zip((ids[linked // len(everything)]).tolist(), (ids[linked % len(everything)]).tolist(),
                strict=True)
    return [(int(a), int(b)) for a, b in pairs]
