"""Articles for an import: read, parsed, hashed and signed in batches, on a child process
when it pays, so the importing process only inserts rows that are ready.

``ArticleStream(paths, skip_bad=…, encode_meta=…)`` yields :class:`ArticleBatch` es in
input order. A batch holds the rows of about ``duplicates.BATCH_BYTES`` characters of
articles (:data:`Row`: what a document's database row holds before its signature)
and the inputs skipped among them; ``batch.signatures(wanted)`` gives the near-duplicate
signatures of the rows asked for (an import asks only for those it inserts: a text stored
before is not signed).

From :data:`PROCESS_MIN_BYTES` bytes of input (per start method, when half a core is
idle: :func:`child_process.idle_cores`) a child process does the reading, parsing, hashing
and meta encoding, and sends each batch's rows as it is read. Signing, the one step
either side can do, is shared: the batches are claimed in order from one shared counter,
the child claiming a batch once it has read ``CHILD_LAG`` more (the caller has fallen
behind) and the caller claiming the batch it is about to insert unless the child already
has it; while the child signs that one, the caller signs the next batch received instead
of waiting. So the caller inserts while the child reads, and both sign as they have time
(5,000 articles: 59 batches, each side signing about half of them).

The results do not depend on who did what: the same reader makes the same batches here
and in the child, and a signature is the same in every process. A child that dies or
stalls (``STALL_SECONDS``) is given up: the caller reads the inputs again itself, from
the first batch it has not given out, and signs whatever the child has not sent. The
child ignores Ctrl+C (the caller's ``with`` stops it on any error) and ends by itself
once its work is done or the caller is gone. A bad input (``skip_bad=False``) is raised
in the caller in its place in the stream, after the batches before it.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Final

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import child_process, duplicates
from jkannotate.ingest.reader import Skipped, expand_paths, iter_articles

Row = tuple[str, str, str | None, str | None, str | None, str | None, str, str]
"""A batch row: a document's hash, title, outlet, url, published, byline, text and meta
(encoded by the stream's ``encode_meta``), what ``store.importing.ROW_COLUMNS`` name."""
MetaEncoder = Callable[[dict[str, object]], str]
_TEXT: Final = 6  # the text's place in a row
PROCESS_MIN_BYTES = {"fork": 3_000_000, "forkserver": 30_000_000, "spawn": 30_000_000}
"""Bytes of input from which a child process reads and signs, when a core is idle for it
(below, its start costs more than it saves). ``import_bench.py --threshold --spawn 5``
(2 cores, load about 1, imports of 3,000-character articles read here, by a forked and
by a spawned child): 26, 50 and 452 ms at 0.3 million characters, 144, 129 and 537 ms at
2.4 million, 353, 296 and 704 ms at 4.8 million, 710, 572 and 945 ms at 9.6 million. A
forked child is up in about 10 ms (but until it ends every page either process writes is
copied); a spawned one starts a new interpreter and loads numpy and the readers, about
0.4 s the importer waits for its first batch, so it pays from about 20 million by the
figures above; 30 million leaves a margin for slower process starts (Windows)."""
CHILD_LAG = 2
"""The child signs a batch the caller has not claimed once it has read this many batches
after it (the caller has fallen behind): with 1 it won the race for nearly every batch
the caller was about to claim (38 of 59 for 5,000 articles) and the caller waited."""
STALL_SECONDS = 15.0
"""A child that sends nothing for this long is given up (a batch of plain articles takes it
milliseconds; one of large HTML pages can take a second): the caller reads on itself."""


def document_row(document: Document, encode_meta: MetaEncoder) -> Row:
    """A document's :data:`Row`."""
    return (document.hash, document.title, document.outlet, document.url, document.published,
            document.byline, document.text, encode_meta(document.meta))


def read_batches(
    paths: Sequence[str | Path], skip_bad: bool, encode_meta: MetaEncoder
) -> Iterator[tuple[list[Row], list[Skipped]]]:
    """(rows, skipped) of consecutive batches of about ``duplicates.BATCH_BYTES``
    characters of text, cut as ``duplicates.signatures`` cuts its batches."""
    rows: list[Row] = []
    skipped: list[Skipped] = []
    size = 0
    limit = duplicates.BATCH_BYTES
    for found in iter_articles(paths, skip_bad=skip_bad):
        if isinstance(found, Skipped):
            skipped.append(found)
            continue
        length = len(found.text)
        if rows and size + length > limit:
            yield rows, skipped
            rows, skipped, size = [], [], 0
        rows.append(document_row(found, encode_meta))
        size += length
    if rows or skipped:
        yield rows, skipped


def input_bytes(paths: Sequence[str | Path], enough: int | None = None) -> int:
    """The size of the article files under ``paths`` (about their characters), summed
    until it reaches ``enough``."""
    total = 0
    for path in expand_paths(paths):
        if isinstance(path, Path):
            try:
                total += path.stat().st_size
            except OSError:
                pass
            if enough is not None and total >= enough:
                break
    return total


class ArticleBatch:
    """One batch of rows read, in input order, and the inputs skipped among them."""

    __slots__ = ("index", "rows", "skipped", "_stream")

    def __init__(self, stream: ArticleStream, index: int, rows: list[Row],
                 skipped: list[Skipped]) -> None:
        self._stream = stream
        self.index = index
        self.rows = rows
        self.skipped = skipped

    def signatures(self, wanted: Sequence[int]) -> list[bytes]:
        """The signatures of the texts of rows ``wanted`` (indexes into ``rows``); asked
        for every batch in turn, even for none, so the child signs no batch passed."""
        return self._stream._signatures(self, wanted)


class ArticleStream:
    """The batches of an import's articles (see the module); use it as a context manager
    and iterate it once."""

    def __init__(
        self,
        paths: Sequence[str | Path],
        *,
        skip_bad: bool = False,
        encode_meta: MetaEncoder,
        method: str | None = None,
        min_bytes: int | None = None,
    ) -> None:
        self._paths = [str(p) for p in paths]
        self._skip_bad = skip_bad
        self._encode = encode_meta
        self._child: BaseProcess | None = None
        self._inbox: child_process.Inbox | None = None
        self._claimed: Any = None  # shared: batches below it are claimed by one side
        self._lock: Any = None
        self._ended = False  # the child has read everything
        self._ready: deque[ArticleBatch] = deque()  # received, not yet given out
        self._signed: dict[int, bytes] = {}  # batch -> its signatures from the child
        method = method or child_process.start_method()
        if min_bytes is None:  # a child pays when a core is (half) free for it, only then
            min_bytes = PROCESS_MIN_BYTES.get(method, PROCESS_MIN_BYTES["spawn"])
            if child_process.idle_cores() < child_process.MIN_IDLE_CORES:
                min_bytes = -1
        if child_process.usable_cores() > 1 and 0 <= min_bytes <= input_bytes(self._paths,
                                                                             min_bytes):
            self._start_child(method)

    def __enter__(self) -> ArticleStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[ArticleBatch]:
        index = 0
        while self._child is not None:
            if not self._ready and not self._ended:
                self._receive()
                continue
            if not self._ready:
                return
            batch = self._ready.popleft()
            index = batch.index + 1
            yield batch
        # no child (any more): read here, from the first batch not given out yet
        for number, (rows, skipped) in enumerate(
            read_batches(self._paths, self._skip_bad, self._encode)
        ):
            if number >= index:
                yield ArticleBatch(self, number, rows, skipped)

    def close(self) -> None:
        """Stop the child (if it is still working) and wait until it is gone."""
        child, inbox, self._child, self._inbox = self._child, self._inbox, None, None
        child_process.stop_child(child, inbox)

    def _signatures(self, batch: ArticleBatch, wanted: Sequence[int]) -> list[bytes]:
        size = 2 * duplicates.NUM_HASHES
        while self._child is not None and batch.index not in self._signed:
            # claimed here, the child does not sign it (nor a batch before it)
            if self._claim(batch.index) or not wanted:
                break
            if not self._sign_ahead() and batch.index not in self._signed:
                self._receive()  # the child is signing it
        block = self._signed.pop(batch.index, None)
        if not wanted:
            return []
        if block is None:
            return duplicates.signatures([batch.rows[k][_TEXT] for k in wanted])
        return [block[k * size: (k + 1) * size] for k in wanted]

    def _sign_ahead(self) -> bool:
        """While the child signs the batch the caller needs, sign the next batch received
        that nobody has claimed (all its rows), if the child has sent nothing meanwhile."""
        if self._inbox is None or not self._ready or self._inbox.ready():
            return False
        batch = self._ready[0]
        if not self._claim(batch.index, next_only=True):
            return False
        texts = [row[_TEXT] for row in batch.rows]
        self._signed[batch.index] = duplicates.signature_block(texts)
        return True

    def _receive(self) -> None:
        """Take the child's next message; give the child up if it is gone or stalled."""
        assert self._inbox is not None
        data = self._inbox.get(STALL_SECONDS)
        if data is None:
            self.close()  # read and signed here from now on
            return
        message = pickle.loads(data)
        kind = message[0]
        if kind == "rows":
            _, index, rows, skipped = message
            self._ready.append(ArticleBatch(self, index, rows, skipped))
        elif kind == "signatures":
            self._signed[message[1]] = message[2]
        elif kind == "end":
            self._ended = True
        else:  # "error": a bad input, raised where it was read
            _, reason, path, line = message
            self.close()
            raise InputError(reason, path, line)

    def _start_child(self, method: str) -> None:
        context = multiprocessing.get_context(method)
        receiver, sender = context.Pipe(duplex=False)
        self._claimed = context.RawValue("q", 0)
        self._lock = context.Lock()
        child = context.Process(  # type: ignore[attr-defined]
            target=_read_in_child,
            args=(self._paths, self._skip_bad, self._encode, self._claimed, self._lock,
                  sender, receiver),
            name="articles",
            daemon=True,
        )
        self._inbox = child_process.start_child(child, sender, receiver)
        if self._inbox is not None:
            self._child = child

    def _claim(self, index: int, *, next_only: bool = False) -> bool:
        """Claim batch ``index`` (and any unclaimed batch before it) for signing here;
        False if the child has claimed it (or, ``next_only``, if another batch is next).
        A child that holds the shared lock for ``STALL_SECONDS`` (stopped, or killed while
        it held it) is given up: every batch is the caller's then."""
        assert self._lock is not None
        if not self._lock.acquire(timeout=STALL_SECONDS):
            self.close()
            return True
        try:
            free = self._claimed.value
            if free > index or (next_only and free != index):
                return False
            self._claimed.value = index + 1
            return True
        finally:
            self._lock.release()


def _read_in_child(
    paths: list[str],
    skip_bad: bool,
    encode_meta: MetaEncoder,
    claimed: Any,
    lock: Any,
    sender: Connection,
    receiver: Connection,
) -> None:
    """The child's work: every batch's rows sent as it is read, and the signatures of the
    batches it claims (those the caller has not claimed once a later batch is read)."""
    child_process.child_setup(receiver)
    outbox = child_process.Outbox(sender)
    texts: dict[int, list[str]] = {}  # batches read whose signing nobody has claimed yet

    def sign_claimable(below: int) -> None:
        for done in [k for k in texts if k < claimed.value]:  # the caller has them
            del texts[done]
        while not outbox.broken:
            if not lock.acquire(timeout=STALL_SECONDS):
                return  # the caller stopped holding it (the caller gives the child up)
            try:
                batch = claimed.value
                if batch >= below:
                    return
                claimed.value = batch + 1
            finally:
                lock.release()
            for done in [k for k in texts if k < batch]:  # the caller claimed them
                del texts[done]
            block = duplicates.signature_block(texts.pop(batch))
            outbox.put(pickle.dumps(("signatures", batch, block), pickle.HIGHEST_PROTOCOL))

    count = 0
    try:
        for rows, skipped in read_batches(paths, skip_bad, encode_meta):
            if outbox.broken:  # the caller is gone
                break
            texts[count] = [row[_TEXT] for row in rows]
            outbox.put(pickle.dumps(("rows", count, rows, skipped), pickle.HIGHEST_PROTOCOL))
            sign_claimable(count + 1 - CHILD_LAG)
            count += 1
        else:
            outbox.put(pickle.dumps(("end", count)))
            sign_claimable(count)
    except InputError as error:
        outbox.put(pickle.dumps(("error", error.reason, error.path, error.line)))
    except Exception:  # noqa: BLE001 - the caller reads again itself and meets it there
        pass
    outbox.close()

