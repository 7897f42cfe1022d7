"""Near-duplicate articles: MinHash signatures of word 5-shingles and an LSH index.

``signature(text)`` hashes the text's words with a polynomial hash computed entirely in
numpy over the UTF-8 bytes (ASCII letters lower-cased; typographic punctuation such as
’ “ ” — separates words; every CJK/Hangul character is a word of its own, since Japanese
has no spaces), mixes five consecutive word hashes into a shingle hash and builds a
one-permutation MinHash of ``NUM_HASHES`` 16-bit values (256 bytes).  Nothing depends on
Python's salted ``hash()``: a signature is the same in every process and on every run, so
it can be stored.  ``similarity(a, b)`` is the fraction of equal positions, an estimate of
the Jaccard similarity of the two shingle sets (standard error about 0.03 near 0.1).

Why 5-word shingles and ``NEAR_DUPLICATE_THRESHOLD = 0.05`` (figures from
``tests/ingest/test_duplicates.py``, exact Jaccard of the shingle sets):

* an updated, trimmed or copy-edited version of an article: 0.64–0.87;
* two outlets' reports of one event written from the same wire copy (seeds 000, Al
  Jazeera "and news agencies", and 002, Daily Sabah's AP story on the 15 Oct 2021
  Kishida–Moon call, which share whole sentences and quotes): 0.115;
* articles on the same topic but other events (every other seed pair; all about
  Japan–South Korea ties, sharing names, titles and stock phrases): at most 0.005.

Shorter shingles blur that line (with 3-word shingles same-topic pairs reach 0.036 against
0.171 for 000–002); with 5 the gap is more than twentyfold.  0.05 sits well above the
same-topic level (an estimate from 128 hashes of a true 0.005 reaches 0.05 with
probability about 1e-5) and well below same-wire rewrites, so updates and rewrites of one
story group, seeds 000 and 002 included, and merely same-topic articles do not.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

NUM_HASHES = 128
NEAR_DUPLICATE_THRESHOLD = 0.05
SHINGLE_WORDS = 5

_BASE = 0x100000001B3  # FNV-1a 64-bit prime (odd, so invertible mod 2**64)
_BASE_INVERSE = pow(_BASE, -1, 1 << 64)
_SHINGLE_MIX = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0x27D4EB2F165667C5,
     0x85EBCA77C2B2AE63][:SHINGLE_WORDS],
    dtype=np.uint64,
)
_BIN_BITS = NUM_HASHES.bit_length() - 1
_VALUE_BITS = 16
_VALUE_MASK = (1 << _VALUE_BITS) - 1
_ROTATION_STEP = 40503  # odd offset per bin borrowed across, so borrowed bins differ
_EMPTY = np.full(NUM_HASHES, _VALUE_MASK, dtype="<u2")
_EMPTY_BYTES = _EMPTY.tobytes()
_BAND_OFFSETS = np.arange(NUM_HASHES, dtype=np.uint32) << np.uint32(_VALUE_BITS)

_BYTE_VALUE = np.zeros(256, dtype=np.uint64)  # byte + 1 for word bytes (ASCII lower-cased)
for _chars in (b"0123456789", b"abcdefghijklmnopqrstuvwxyz"):
    _BYTE_VALUE[list(_chars)] = np.array(list(_chars), dtype=np.uint64) + np.uint64(1)
_BYTE_VALUE[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = _BYTE_VALUE[list(b"abcdefghijklmnopqrstuvwxyz")]
_BYTE_VALUE[0x80:] = np.arange(0x80, 0x100, dtype=np.uint64) + np.uint64(1)

_powers = np.ones(1, dtype=np.uint64)
_inverse_powers = np.ones(1, dtype=np.uint64)


def _ensure_powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    global _powers, _inverse_powers
    if len(_powers) < size:
        length = max(size, 2 * len(_powers), 8192)
        _powers = np.cumprod(np.full(length, _BASE, dtype=np.uint64)) * np.uint64(_BASE_INVERSE)
        _inverse_powers = np.cumprod(np.full(length, _BASE_INVERSE, dtype=np.uint64)) * np.uint64(
            _BASE)
    return _powers[:size], _inverse_powers[:size]


def _word_hashes(text: str) -> np.ndarray:
    """One 64-bit polynomial hash per word, all in a handful of numpy operations."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    size = len(data)
    if not size:
        return np.zeros(0, dtype=np.uint64)
    values = _BYTE_VALUE[data]  # 0 for separators
    punctuation = np.flatnonzero(data == 0xE2)  # U+2000–U+2FFF: quotes, dashes, ellipsis
    if len(punctuation):
        values[punctuation] = 0
        values[np.minimum(punctuation + 1, size - 1)] = 0
        values[np.minimum(punctuation + 2, size - 1)] = 0
    word = values != 0
    start = word.copy()
    start[1:] &= ~word[:-1] | (data[1:] >= 0xE3)  # each CJK/Hangul character starts a word
    starts = np.flatnonzero(start)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64)
    powers, inverse_powers = _ensure_powers(size)
    # separators weigh 0, so summing from one word start to the next sums just that word
    return np.add.reduceat(values * powers, starts) * inverse_powers[starts]


def _shingle_hashes(words: np.ndarray) -> np.ndarray:
    if len(words) < SHINGLE_WORDS:
        mixed = words * _SHINGLE_MIX[0]
    else:
        span = len(words) - SHINGLE_WORDS + 1
        mixed = words[:span] * _SHINGLE_MIX[0]
        for offset in range(1, SHINGLE_WORDS):
            mixed = (mixed ^ (mixed >> np.uint64(29))) + (
                words[offset: offset + span] * _SHINGLE_MIX[offset])
    # murmur3's finaliser: every output bit depends on every input bit
    mixed = (mixed ^ (mixed >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    mixed = (mixed ^ (mixed >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return mixed ^ (mixed >> np.uint64(33))


def shingle_set(text: str) -> set[int]:
    """The text's distinct shingle hashes (for exact Jaccard figures in tests and reports)."""
    return set(_shingle_hashes(_word_hashes(text)).tolist())


def signature(text: str) -> bytes:
    """A MinHash signature of the text's word 3-shingles: ``NUM_HASHES`` little-endian uint16.

    One-permutation hashing: each shingle hash falls into one of ``NUM_HASHES`` bins by
    its top bits and each bin keeps its smallest low bits; an empty bin borrows from the
    next non-empty bin to its right (rotation densification, Shrivastava & Li 2014), so
    the cost is one pass over the shingles instead of one per hash function.
    """
    hashes = _shingle_hashes(_word_hashes(text))
    if not len(hashes):
        return _EMPTY.tobytes()
    keys = np.sort(hashes >> np.uint64(64 - _BIN_BITS - _VALUE_BITS))
    bins = (keys >> np.uint64(_VALUE_BITS)).astype(np.intp)
    first = np.flatnonzero(np.concatenate(([True], bins[1:] != bins[:-1])))
    filled = bins[first]
    values = (keys[first] & np.uint64(_VALUE_MASK)).astype(np.int64)
    if len(filled) == NUM_HASHES:
        return values.astype("<u2").tobytes()
    following = np.searchsorted(filled, np.arange(NUM_HASHES)) % len(filled)
    distance = (filled[following] - np.arange(NUM_HASHES)) % NUM_HASHES
    borrowed = (values[following] + distance * _ROTATION_STEP) % _VALUE_MASK
    return borrowed.astype("<u2").tobytes()


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    if len(a) != len(b):
        raise ValueError("signatures of different sizes cannot be compared")
    first, second = np.frombuffer(a, dtype="<u2"), np.frombuffer(b, dtype="<u2")
    if not len(first) or a == _EMPTY_BYTES or b == _EMPTY_BYTES:
        return 0.0
    return float(np.count_nonzero(first == second)) / len(first)


class NearDuplicateIndex:
    """Signatures by id with LSH buckets, so that ``similar`` stays fast for 100k documents.

    The first ``LSH_POSITIONS`` signature positions are single-row bands (a low threshold
    needs single-row bands: a pair at s = 0.05 shares one of 64 positions with probability
    0.96, at s = 0.1 with 0.999).  Bucket keys live in a sorted numpy array (8 bytes per
    key, about 50 MB at 100k documents) rebuilt now and then, plus a small dict for the
    documents added since, so memory stays flat and lookups are binary searches.  Buckets
    are read rarest first and at most ``MAX_CANDIDATES`` candidates are scored: big buckets
    come from stock phrases or from a large group of copies of one story, and the rare
    buckets already hold the pairs that matter.  Candidates are scored on the whole
    signature at once.
    """

    LSH_POSITIONS = 64
    MAX_CANDIDATES = 512
    FRESH_LIMIT = 2048

    def __init__(self, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> None:
        self.threshold = threshold
        self._rows: dict[int, int] = {}
        self._ids: list[int] = []
        self._matrix = np.zeros((1024, NUM_HASHES), dtype=np.uint16)
        self._sorted_keys = np.zeros(0, dtype=np.uint32)
        self._sorted_rows = np.zeros(0, dtype=np.int32)
        self._frozen = 0  # rows below this are in the sorted arrays
        self._fresh: dict[int, list[int]] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._rows

    @classmethod
    def _keys(cls, values: np.ndarray) -> np.ndarray:
        return _BAND_OFFSETS[: cls.LSH_POSITIONS] | values[: cls.LSH_POSITIONS].astype(np.uint32)

    @staticmethod
    def _values(sig: bytes) -> np.ndarray:
        values = np.frombuffer(sig, dtype="<u2")
        if len(values) != NUM_HASHES:
            raise ValueError(f"a signature holds {NUM_HASHES} values, not {len(values)}")
        return values

    def _append(self, doc_id: int, sig: bytes) -> int | None:
        """Store the signature in the matrix; the new row, or None if it is not indexed."""
        values = self._values(sig)
        if doc_id in self._rows or sig == _EMPTY_BYTES:
            return None
        row = len(self._ids)
        if row == len(self._matrix):
            self._matrix = np.concatenate((self._matrix, np.zeros_like(self._matrix)))
        self._matrix[row] = values
        self._rows[doc_id] = row
        self._ids.append(doc_id)
        return row

    def add(self, doc_id: int, sig: bytes) -> None:
        """Index a document's signature; an id already indexed is left as it is."""
        row = self._append(doc_id, sig)
        if row is None:
            return
        fresh = self._fresh
        for key in self._keys(self._matrix[row]).tolist():
            bucket = fresh.get(key)
            if bucket is None:
                fresh[key] = [row]
            else:
                bucket.append(row)
        if len(self._ids) - self._frozen >= self.FRESH_LIMIT:
            self._freeze()

    def add_many(self, items: Iterable[tuple[int, bytes]]) -> None:
        """Index many signatures at once (e.g. a project's stored ones) with one rebuild."""
        self._freeze()
        for doc_id, sig in items:
            self._append(doc_id, sig)
        self._freeze()

    def _freeze(self) -> None:
        """Merge the rows added since the last call into the sorted key arrays."""
        first, count = self._frozen, len(self._ids)
        if count == first:
            return
        keys = (_BAND_OFFSETS[None, : self.LSH_POSITIONS]
                | self._matrix[first:count, : self.LSH_POSITIONS].astype(np.uint32)).ravel()
        order = np.argsort(keys, kind="stable")
        new_keys = keys[order]
        new_rows = (order // self.LSH_POSITIONS + first).astype(np.int32)
        where = np.searchsorted(self._sorted_keys, new_keys, side="right")
        self._sorted_keys = np.insert(self._sorted_keys, where, new_keys)
        self._sorted_rows = np.insert(self._sorted_rows, where, new_rows)
        self._frozen = count
        self._fresh = {}

    def _frozen_candidates(self, keys: np.ndarray, cap: int) -> np.ndarray:
        """Rows sharing a bucket with ``keys`` in the sorted arrays, rarest buckets first."""
        starts = np.searchsorted(self._sorted_keys, keys, side="left")
        sizes = np.searchsorted(self._sorted_keys, keys, side="right") - starts
        order = np.argsort(sizes, kind="stable")
        starts, sizes = starts[order], sizes[order]
        ends = np.cumsum(sizes)
        sizes = np.minimum(sizes, np.maximum(cap - (ends - sizes), 0))  # stop at the cap
        total = int(sizes.sum())
        if not total:
            return np.zeros(0, dtype=np.intp)
        offsets = np.cumsum(sizes) - sizes
        positions = np.arange(total) + np.repeat(starts - offsets, sizes)
        return self._sorted_rows[positions].astype(np.intp)

    def similar(self, sig: bytes) -> list[tuple[int, float]]:
        """Indexed ids whose similarity reaches the threshold, best first."""
        values = self._values(sig)
        if sig == _EMPTY_BYTES or not self._ids:
            return []
        keys = self._keys(values)
        cap = self.MAX_CANDIDATES
        chosen = [self._frozen_candidates(keys, cap)]
        if self._fresh:
            found = sorted((bucket for key in keys.tolist()
                            if (bucket := self._fresh.get(key))), key=len)
            fresh: list[int] = []
            for bucket in found:
                fresh.extend(bucket[: cap - len(fresh)])
                if len(fresh) >= cap:
                    break
            chosen.append(np.array(fresh, dtype=np.intp))
        rows = np.unique(np.concatenate(chosen))
        if not len(rows):
            return []
        scores = np.count_nonzero(self._matrix[rows] == values, axis=1) / NUM_HASHES
        keep = scores >= self.threshold
        result = [(self._ids[row], float(score))
                  for row, score in zip(rows[keep].tolist(), scores[keep].tolist(), strict=True)]
        return sorted(result, key=lambda item: (-item[1], item[0]))
