"""Near-duplicate articles: MinHash signatures of word 5-shingles, one text or a batch.

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

``signatures(texts)`` gives the same signatures for a whole batch: compiled
(``_minhash.c``, one pass over each text's bytes, built at install where a C compiler is
there: :data:`COMPILED`) or, without it, with passes of numpy over all texts at once
(:func:`numpy_signature_block`, the reference the compiled one is tested against, byte for
byte). 5,000 articles of 3,000 characters: 47 ms compiled, 175 ms with numpy (one core).
``SignatureStream`` computes them on a child process while a caller inserts its rows
(:mod:`jkannotate.ingest.intake` reads and signs the articles of an import);
``duplicate_links`` groups them.
"""

from __future__ import annotations

import multiprocessing
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import numpy as np

from jkannotate.ingest import child_process


def _compiled_signer() -> Callable[[Sequence[str]], bytes] | None:
    """The compiled :func:`signature_block`, or None where it was not built (installed
    without a C compiler: numpy signs then, to the same bytes)."""
    try:
        from jkannotate.ingest._minhash import signature_block
    except ImportError:
        return None
    return signature_block


_compiled_block = _compiled_signer()
COMPILED = _compiled_block is not None
"""Whether signatures are computed by the compiled extension (else by numpy)."""

NUM_HASHES = 128
SIGNATURE_BYTES = 2 * NUM_HASHES  # one signature: NUM_HASHES little-endian uint16
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

# byte + 1 for word bytes (ASCII lower-cased), 0 for the others; 8 bits, so the lookup of
# every byte writes an eighth of what 64 bits would (the product with the powers is 64-bit).
# 0xFF, whose value 0x100 does not fit, never occurs in UTF-8.
_BYTE_VALUE = np.zeros(256, dtype=np.uint8)
for _chars in (b"0123456789", b"abcdefghijklmnopqrstuvwxyz"):
    _BYTE_VALUE[list(_chars)] = np.array(list(_chars), dtype=np.uint8) + 1
_BYTE_VALUE[list(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ")] = _BYTE_VALUE[list(b"abcdefghijklmnopqrstuvwxyz")]
_BYTE_VALUE[0x80:0xFF] = np.arange(0x80, 0xFF, dtype=np.uint8) + 1

_powers: np.ndarray = np.ones(1, dtype=np.uint64)
_inverse_powers: np.ndarray = np.ones(1, dtype=np.uint64)


def _ensure_powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    global _powers, _inverse_powers
    if len(_powers) < size:
        length = max(size, 2 * len(_powers), 8192)
        _powers = np.cumprod(np.full(length, _BASE, dtype=np.uint64)) * np.uint64(_BASE_INVERSE)
        _inverse_powers = np.cumprod(np.full(length, _BASE_INVERSE, dtype=np.uint64)) * np.uint64(
            _BASE)
    return _powers[:size], _inverse_powers[:size]


def _word_hashes(text: str) -> np.ndarray:
    """One 64-bit polynomial hash per word (see :func:`_batch_word_hashes`)."""
    return _batch_word_hashes([text.encode("utf-8")])[0]


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
    """A MinHash signature of the text's word 5-shingles: ``NUM_HASHES`` little-endian uint16.

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


def _batch_word_hashes(encoded: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes of all (UTF-8) texts at once, and the index of the text of each word.

    The texts are joined with two separator bytes between them, so no word (nor the
    three bytes of typographic punctuation) crosses from one text to the next; the
    hashes are position-independent, so each equals :func:`_word_hashes`'s.
    """
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    return _joined_word_hashes(b"\n\n".join(encoded) + b"\n\n", lengths)


def _joined_word_hashes(joined: bytes, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`_batch_word_hashes` of texts given joined (each followed by ``\\n\\n``) with
    their UTF-8 lengths."""
    data = np.frombuffer(joined, dtype=np.uint8)
    size = len(data)
    lengths = lengths + 2
    text_starts = np.cumsum(lengths) - lengths
    values = _BYTE_VALUE.take(data)
    punctuation = np.flatnonzero(data == 0xE2)
    if len(punctuation):
        values[punctuation] = 0
        values[np.minimum(punctuation + 1, size - 1)] = 0
        values[np.minimum(punctuation + 2, size - 1)] = 0
    word = values != 0
    start = word.copy()
    start[1:] &= ~word[:-1] | (data[1:] >= 0xE3)
    starts = np.flatnonzero(start)
    if not len(starts):
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    powers, inverse_powers = _ensure_powers(size)
    # a word's sum runs from its start to the next start (the bytes after its end are 0):
    # differences of one running sum (wrapping mod 2**64 as the sums do) are reduceat's sums
    running = np.cumsum(powers * values)
    before = np.empty(len(starts), dtype=np.uint64)
    before[0] = 0
    before[1:] = running[starts[1:] - 1]
    ends = np.empty(len(starts), dtype=np.intp)
    ends[:-1] = starts[1:] - 1
    ends[-1] = size - 1
    hashes = (running[ends] - before) * inverse_powers[starts]
    per_text = np.diff(np.searchsorted(starts, np.append(text_starts, size)))
    return hashes, np.repeat(np.arange(len(lengths)), per_text)


def _batch_shingle_hashes(words: np.ndarray, owner: np.ndarray, count: int) -> tuple[
    np.ndarray, np.ndarray
]:
    """Shingle hashes of every text (as :func:`_shingle_hashes` gives them) and the
    index of the text of each."""
    per_text = np.bincount(owner, minlength=count)
    mixed_parts, owner_parts = [], []
    short = per_text[owner] < SHINGLE_WORDS  # texts of fewer words: each word a shingle
    if short.any():
        mixed_parts.append(words[short] * _SHINGLE_MIX[0])
        owner_parts.append(owner[short])
    span = len(words) - SHINGLE_WORDS + 1
    if span > 0:
        mixed = words[:span] * _SHINGLE_MIX[0]
        for offset in range(1, SHINGLE_WORDS):
            mixed = (mixed ^ (mixed >> np.uint64(29))) + (
                words[offset: offset + span] * _SHINGLE_MIX[offset])
        whole = owner[:span] == owner[SHINGLE_WORDS - 1:]  # all five words in one text
        mixed_parts.append(mixed[whole])
        owner_parts.append(owner[:span][whole])
    if not mixed_parts:
        return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64)
    mixed = np.concatenate(mixed_parts)
    mixed = (mixed ^ (mixed >> np.uint64(33))) * np.uint64(0xFF51AFD7ED558CCD)
    mixed = (mixed ^ (mixed >> np.uint64(33))) * np.uint64(0xC4CEB9FE1A85EC53)
    return mixed ^ (mixed >> np.uint64(33)), np.concatenate(owner_parts)


BATCH_BYTES = 1 << 18  # texts signed together
HASHED_BYTES = 1 << 16
"""Text bytes one pass of numpy hashes together: big enough for numpy's per-call costs,
small enough that its temporaries (8 bytes per text byte) are reused by the allocator
instead of being mapped afresh, page by page, for every pass (glibc). Signing 5,000
articles of 3,000 characters, each size in a fresh process (5 runs, Linux, 2 cores):
16 KiB 0.34 s, 32 KiB 0.35 s (28,000 page faults a run), 64 KiB 0.19 s (none after the
first run), 128 KiB 0.44 s (54,000), 256 KiB 0.36-0.39 s (56,000)."""


def _batches(texts: Sequence[str] | Sequence[bytes], limit: int | None = None) -> Iterator[
    tuple[int, int]
]:
    """(start, end) of consecutive batches of about ``limit`` (``BATCH_BYTES``) characters
    (or bytes)."""
    limit = BATCH_BYTES if limit is None else limit
    start = 0
    while start < len(texts):
        end, size = start, 0
        while end < len(texts) and (end == start or size + len(texts[end]) <= limit):
            size += len(texts[end])
            end += 1
        yield start, end
        start = end


def signatures(texts: Sequence[str]) -> list[bytes]:
    """:func:`signature` of every text, computed a batch of texts at a time."""
    result: list[bytes] = []
    for start, end in _batches(texts):
        result.extend(_batch_signatures(texts[start:end]))
    return result


class SignatureStream:
    """:func:`signatures` of the texts, got one at a time (``get(k)``) while the caller does
    something else: an import inserts its rows meanwhile. Use it as a context manager.

    From ``min_chars`` characters (``PROCESS_MIN_CHARS`` of the start method: below it a
    child costs more to start than it saves) a child process signs the texts batch by
    batch on another core and sends each batch back as it is done, so nothing contends
    with the caller for the interpreter lock (a thread did: numpy's short steps, the
    reader and sqlite3's binding all hold it). With
    ``fork`` the child shares the texts instead of receiving a copy. A caller that would
    wait for a batch signs the last batch nobody has started instead, so both cores work
    to the end. The child ignores Ctrl+C (the caller's ``with`` stops it on any error,
    interruption included) and ends by itself once its work is done or the caller is gone.
    Smaller inputs, or what a child that died left, are signed here, a batch at a time as
    they are asked for. The child sends its signatures from a thread of its own, so it
    signs on while the caller reads nothing back (a pipe holds a few batches).
    """

    def __init__(
        self,
        texts: Sequence[str],
        *,
        method: str | None = None,
        min_chars: int | None = None,
    ) -> None:
        self._texts: Sequence[str] = texts
        bounds = list(_batches(texts))
        self._starts = [start for start, _ in bounds]
        self._bounds = bounds
        self._done: list[list[bytes] | None] = [None] * len(bounds)
        self._received = 0  # batches the child has sent so far (it sends them in order)
        self._last: tuple[int, list[bytes]] = (0, [])  # the batch got last: its start, result
        self._child: BaseProcess | None = None
        self._inbox: child_process.Inbox | None = None
        self._limit: Any = None  # shared: the child signs the batches below it
        method = method or child_process.start_method()
        if min_chars is None:  # the child pays when a core is (half) free for it, only then
            min_chars = PROCESS_MIN_CHARS.get(method, PROCESS_MIN_CHARS["spawn"])
            if child_process.idle_cores() < child_process.MIN_IDLE_CORES:
                min_chars = -1
        wanted = 0 <= min_chars <= sum(map(len, texts))
        if wanted and child_process.usable_cores() > 1 and len(bounds) > 1:
            self._start_child(method)

    def get(self, index: int) -> bytes:
        start, found = self._last
        if start <= index < start + len(found):  # texts are mostly got in order
            return found[index - start]
        batch = bisect_right(self._starts, index) - 1
        result = self._done[batch]
        if result is None:
            result = self._wait_for(batch)
        self._last = start, found = self._starts[batch], result
        return found[index - start]

    def __enter__(self) -> SignatureStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child (if it is still working) and wait until it is gone."""
        child, inbox, self._child, self._inbox = self._child, self._inbox, None, None
        child_process.stop_child(child, inbox)

    def _start_child(self, method: str) -> None:
        context = multiprocessing.get_context(method)
        receiver, sender = context.Pipe(duplex=False)
        self._limit = context.RawValue("q", len(self._bounds))
        child = context.Process(  # type: ignore[attr-defined]
            target=_sign_in_child,  # forked, it shares the texts; spawned, it is sent them
            args=(self._texts, self._bounds, self._limit, sender, receiver),
            name="signatures",
            daemon=True,
        )
        self._inbox = child_process.start_child(child, sender, receiver)
        if self._inbox is not None:
            self._child = child

    def _wait_for(self, batch: int) -> list[bytes]:
        while self._done[batch] is None and self._inbox is not None:
            inbox, limit = self._inbox, self._limit
            if batch >= limit.value:
                break  # signed here (the child stops before it)
            if not inbox.ready():
                last = limit.value - 1  # the child is signing batch self._received now
                if last > max(batch, self._received):
                    limit.value = last  # claimed before the child could start it
                    self._sign_here(last)
                    continue
            if not self._receive(inbox.get(STALL_SECONDS)):
                break  # the child is gone, or stuck, without its work done
        result = self._done[batch]
        return self._sign_here(batch) if result is None else result

    def _receive(self, data: bytes | None) -> bool:
        """Keep the child's next batch, or (None) give the child up: False."""
        if data is None:
            self.close()
            return False
        self._done[self._received] = split_block(data)
        self._received += 1
        return True

    def _sign_here(self, batch: int) -> list[bytes]:
        start, end = self._bounds[batch]
        result = self._done[batch] = _batch_signatures(self._texts[start:end])
        return result


STALL_SECONDS = 5.0
"""A child that sends nothing for this long (a batch takes milliseconds) is given up: what
it has not sent is signed here."""

PROCESS_MIN_CHARS = (
    {"fork": 6_000_000, "forkserver": 300_000_000, "spawn": 300_000_000} if COMPILED
    else {"fork": 3_000_000, "forkserver": 100_000_000, "spawn": 100_000_000}
)
"""Characters from which a child process signs, when a core is idle for it (below, its
start costs more than it saves). Times with a forked child against without one (2
cores, 3,000-character texts): compiled signing, got in order by a caller that spends
1.5 ms per 85 texts, 38 against 34 ms at 3 million characters, 81 against 103 ms at 9
million, 231 against 338 ms at 30 million; numpy (``import_bench.py --threshold`` on 2
idle cores), 47 against 29 ms at 0.3 million, even at 1.2–2.4 million, 324 against 397
ms at 4.8 million. A forked child is up in about 10 ms, but until it ends every page
either process writes is copied. ``spawn`` blocks the caller 0.6–0.7 s while the child
starts a new interpreter and loads numpy (886 against 376 ms at 4.8 million, numpy), so
from about 100 million with numpy and three times that compiled (which signs about 3.7
times faster). An import reads and signs on a child from ``intake.PROCESS_MIN_BYTES``."""


def _sign_in_child(
    texts: Sequence[str],
    bounds: list[tuple[int, int]],
    limit: Any,
    sender: Connection,
    receiver: Connection,
) -> None:
    """The child's work: each batch's signatures sent as one block of bytes, in order."""
    child_process.child_setup(receiver)
    outbox = child_process.Outbox(sender)
    for batch, (start, end) in enumerate(bounds):
        if batch >= limit.value or outbox.broken:  # the parent signs the rest
            break
        outbox.put(signature_block(texts[start:end]))
    outbox.close()


def _batch_signatures(texts: Sequence[str]) -> list[bytes]:
    return split_block(signature_block(texts))


def split_block(block: bytes, wanted: Sequence[int] | None = None) -> list[bytes]:
    """The signatures in a :func:`signature_block` (those at ``wanted`` positions only)."""
    size = SIGNATURE_BYTES
    if wanted is None:
        wanted = range(len(block) // size)
    return [block[k * size : (k + 1) * size] for k in wanted]


def signature_block(texts: Sequence[str]) -> bytes:
    """The signatures of the texts one after the other (``SIGNATURE_BYTES`` each): how
    a batch's signatures cross between processes. Compiled where it was built."""
    if _compiled_block is not None:
        return _compiled_block(texts)
    return numpy_signature_block(texts)


def numpy_signature_block(texts: Sequence[str]) -> bytes:
    """:func:`signature_block` computed with numpy: what signs without the compiled
    extension, and the reference it is tested against."""
    return _signature_matrix(texts).tobytes()


def _signature_matrix(texts: Sequence[str]) -> np.ndarray:
    """The signatures of the texts as rows of a (texts, ``NUM_HASHES``) ``<u2`` matrix,
    hashed ``HASHED_BYTES`` at a time."""
    encoded = [text.encode("utf-8") for text in texts]
    parts = [_encoded_signature_matrix(encoded[start:end])
             for start, end in _batches(encoded, HASHED_BYTES)]
    if len(parts) == 1:
        return parts[0]
    return np.concatenate(parts) if parts else np.zeros((0, NUM_HASHES), dtype="<u2")


def _encoded_signature_matrix(encoded: Sequence[bytes]) -> np.ndarray:
    """:func:`_signature_matrix` of the texts' UTF-8 bytes."""
    lengths = np.array([len(e) for e in encoded], dtype=np.int64)
    return _joined_signature_matrix(b"\n\n".join(encoded) + b"\n\n", lengths)


def _joined_signature_matrix(joined: bytes, lengths: np.ndarray) -> np.ndarray:
    """:func:`_signature_matrix` of texts given joined (:func:`_joined_word_hashes`)."""
    count = len(lengths)
    if not count:
        return np.zeros((0, NUM_HASHES), dtype="<u2")
    words, word_owner = _joined_word_hashes(joined, lengths)
    hashes, owner = _batch_shingle_hashes(words, word_owner, count)
    if not len(hashes):
        return np.tile(_EMPTY, (count, 1))
    # each (text, bin) cell keeps the smallest value of its shingles: one unbuffered
    # minimum over all of them (no sort); a cell no shingle fell in stays empty
    keys = hashes >> np.uint64(64 - _BIN_BITS - _VALUE_BITS)
    cells = owner * NUM_HASHES + (keys >> np.uint64(_VALUE_BITS)).astype(np.intp)
    smallest = np.full(count * NUM_HASHES, _VALUE_MASK, dtype=np.uint16)
    np.minimum.at(smallest, cells, (keys & np.uint64(_VALUE_MASK)).astype(np.uint16))
    filled = np.zeros((count, NUM_HASHES), dtype=bool)
    filled.reshape(-1)[cells] = True
    matrix = smallest.reshape(count, NUM_HASHES)
    partial = np.flatnonzero(filled.any(axis=1) & ~filled.all(axis=1))
    if len(partial):  # rotation densification, as signature() does it
        doubled = np.concatenate((filled[partial], filled[partial]), axis=1)
        index = np.where(doubled, np.arange(2 * NUM_HASHES), 2 * NUM_HASHES)
        following = np.minimum.accumulate(index[:, ::-1], axis=1)[:, ::-1][:, :NUM_HASHES]
        distance = following - np.arange(NUM_HASHES)
        source = np.take_along_axis(matrix[partial], following % NUM_HASHES, axis=1)
        matrix[partial] = (source.astype(np.int64) + distance * _ROTATION_STEP) % _VALUE_MASK
    return matrix.astype("<u2", copy=False)
