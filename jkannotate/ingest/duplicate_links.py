"""Near-duplicate groups for a whole import batch, in bounded memory.

A group is a story and its copies: its *representative* is its first document (whose id
is the group id), and a document joins a group only when it is similar to that
representative and to at least half of the group's first members (up to
``MEMBERS_COMPARED`` of this batch). Linking every similar pair instead (a transitive
closure) chains weak links: templated articles that each share a little with the next
all ended in one group, pairs that shared nothing among them. New documents are taken in
id order; each joins the group of its most similar representative that admits it, or
stays alone and may represent a group for later documents.

Candidates come from single-position LSH buckets over all ``NUM_HASHES`` signature
positions (documents sharing a position's value), sorted once with numpy. Thousands of
copies of one wire story fill every bucket with the same documents: within a bucket of
more than ``SMALL_BUCKET`` documents only its first ``FIRST_IN_BUCKET`` are candidates
for the others, so memory grows linearly with the copies, not with their square, and
the first copies are the group's representative. Group members are never candidates
themselves (only representatives and ungrouped documents are read from the database).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from jkannotate.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, NUM_HASHES

_EMPTY = np.full(NUM_HASHES, 0xFFFF, dtype="<u2").tobytes()
SMALL_BUCKET = 16  # buckets up to this size pair all their members
FIRST_IN_BUCKET = 4  # in larger ones, each member meets only the bucket's first ones
ROW_BITS = 40  # a key (position and value: 23 bits) and a row share one int64 when sorting
STORED_CHUNK = 8192  # stored signatures scanned at a time
MIN_SHARED = 2  # pairs sharing one position only are chance (a similar pair shares ~6+)
MEMBERS_COMPARED = 8  # members besides the representative a newcomer is compared with


def _bucket_pairs(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (earlier, later) within a bucket of ``size`` members."""
    if size <= SMALL_BUCKET:
        return np.triu_indices(size, 1)
    head_left, head_right = np.triu_indices(FIRST_IN_BUCKET, 1)
    rest = np.arange(FIRST_IN_BUCKET, size)
    left = np.concatenate((head_left, np.repeat(np.arange(FIRST_IN_BUCKET), len(rest))))
    right = np.concatenate((head_right, np.tile(rest, FIRST_IN_BUCKET)))
    return left, right


def _bucket_entries(matrix: np.ndarray, first_new: int) -> tuple[np.ndarray, np.ndarray]:
    """The (key, row) entries of every new row and those of stored rows whose key a new
    row has, sorted by key, rows ascending within a key. A key is one (position, value)
    of a signature: the position in the high bits, the value in the low 16."""
    positions = np.arange(NUM_HASHES, dtype=np.int64) << 16
    # the new rows: each position's values sorted apart (a stable sort of 16-bit values is
    # a radix sort, linear), which leaves rows ascending within a value
    columns = np.ascontiguousarray(matrix[first_new:].T)
    order = np.argsort(columns, axis=1, kind="stable")
    new_keys = (np.take_along_axis(columns, order, axis=1) + positions[:, None]).ravel()
    new_rows = order.ravel().astype(np.int64) + first_new
    if not first_new:
        return new_keys, new_rows
    # stored (position, value) entries that no new document has do not matter: a table of
    # the new documents' values per position picks the others out without sorting them
    offsets = np.arange(NUM_HASHES, dtype=np.int32) << 16
    table = np.zeros(NUM_HASHES << 16, dtype=bool)
    table[new_keys] = True
    found_rows, found_keys = [], []
    for start in range(0, first_new, STORED_CHUNK):  # in chunks: memory stays small
        chunk = matrix[start : min(start + STORED_CHUNK, first_new)].astype(np.int32) + offsets
        hit_rows, hit_positions = np.nonzero(np.take(table, chunk))
        found_rows.append(hit_rows.astype(np.int64) + start)
        found_keys.append(chunk[hit_rows, hit_positions].astype(np.int64))
    # stored rows sorted by (key, row) packed in one integer, then merged with the new
    # ones: a stable sort of two sorted runs; stored rows come first within a key
    packed = np.sort((np.concatenate(found_keys) << ROW_BITS) | np.concatenate(found_rows))
    keys = np.concatenate((packed >> ROW_BITS, new_keys))
    rows = np.concatenate((packed & ((1 << ROW_BITS) - 1), new_rows))
    merged = np.argsort(keys, kind="stable")
    return keys[merged], rows[merged]


def candidate_pairs(matrix: np.ndarray, first_new: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct (later, earlier) row pairs sharing at least ``MIN_SHARED`` buckets, the
    later row a new one (rows from ``first_new`` on), sorted by later row."""
    count = len(matrix)
    keys, rows = _bucket_entries(matrix, first_new)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, len(keys)])
    codes: list[np.ndarray] = []
    for size in np.unique(sizes[sizes > 1]).tolist():
        members = rows[starts[sizes == size][:, None] + np.arange(size)]
        members = members[members[:, -1] >= first_new]  # buckets holding a new document
        left, right = _bucket_pairs(size)
        earlier, later = members[:, left].ravel(), members[:, right].ravel()
        keep = later >= first_new
        codes.append(later[keep] * count + earlier[keep])
    if not codes:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    codes_sorted = np.sort(np.concatenate(codes))
    firsts = np.flatnonzero(np.r_[True, codes_sorted[1:] != codes_sorted[:-1]])
    shared = np.diff(np.r_[firsts, len(codes_sorted)])  # positions the pair has in common
    unique = codes_sorted[firsts][shared >= MIN_SHARED]
    return unique // count, unique % count


def assign_groups(
    new: Sequence[tuple[int, bytes]],
    heads: Iterable[tuple[int, bytes]] = (),
    threshold: float = NEAR_DUPLICATE_THRESHOLD,
) -> dict[int, int]:
    """Duplicate groups for new documents: document id → group id (its representative's).

    ``new`` are (id, signature) of the new documents in id order; ``heads`` those stored
    documents that may represent a group (group representatives and ungrouped documents).
    A head that a new document joins is mapped to itself (it founds the group).
    """
    stored = [(i, s) for i, s in heads if s != _EMPTY]
    fresh = [(i, s) for i, s in new if s != _EMPTY]
    if not fresh:
        return {}
    everything = stored + fresh
    ids = [i for i, _ in everything]
    matrix = np.frombuffer(b"".join(s for _, s in everything), dtype="<u2").reshape(-1, NUM_HASHES)
    later, earlier = candidate_pairs(matrix, len(stored))
    if not len(later):
        return {}
    needed = math.ceil(threshold * NUM_HASHES - 1e-9)
    representative = np.arange(len(everything))
    members: dict[int, list[int]] = {}  # representative row -> first member rows
    bounds = np.flatnonzero(np.r_[True, later[1:] != later[:-1], True])
    groups: dict[int, int] = {}
    for start, end in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        row = int(later[start])
        reps = np.array(sorted(set(representative[earlier[start:end]].tolist())))
        shared = np.count_nonzero(matrix[reps] == matrix[row], axis=1)
        for best in np.argsort(-shared, kind="stable").tolist():  # ties: the earliest
            if shared[best] < needed:
                break
            rep = int(reps[best])
            if _admits(matrix, members.get(rep, []), row, needed):
                representative[row] = rep
                group = members.setdefault(rep, [])
                if len(group) < MEMBERS_COMPARED:
                    group.append(row)
                groups[ids[row]] = groups[ids[rep]] = ids[rep]
                break
    return groups


def _admits(matrix: np.ndarray, member_rows: list[int], row: int, needed: int) -> bool:
    """Whether ``row`` is similar to at least half of a group's compared members."""
    if not member_rows:
        return True
    similar = np.count_nonzero(matrix[member_rows] == matrix[row], axis=1) >= needed
    return 2 * int(similar.sum()) >= len(member_rows)
