"""Articles for an import: read, parsed, hashed and signed in batches, on two processes
when it pays, so the importing process mostly inserts rows that are ready.

``ArticleStream(paths, skip_bad=…, encode_meta=…)`` yields :class:`ArticleBatch` es in
input order, one per :class:`~jkannotate.ingest.reader.ReadingUnit` (about
``reader.UNIT_BYTES`` of input): its rows (:data:`Row`: what a document's database row
holds before its signature) and the inputs skipped among them;
``batch.signatures(wanted)`` gives the near-duplicate signatures of the rows asked for (an
import asks only for those it inserts).

From :data:`PROCESS_MIN_BYTES` bytes of input (per start method, when half a core is
idle: :func:`child_process.idle_cores`) a child process goes through the units in order:
it sends each unit as it is (JSONL lines are read by the child only) one unit ahead of
the one it parses, and parses, hashes, encodes and signs each unit it claims, sending its
rows and signatures. Units are claimed in order from one shared counter: the child
claims a unit just before parsing it, and the caller, whenever it would wait for the
child, claims the next unit nobody has started (the child has sent it ahead) and parses
it itself. So the caller inserts while the child parses, and parses too whenever it has
nothing to insert: two cores share the parsing, whatever the input (a folder of HTML
pages, the slowest, most of all). Sending every unit ahead costs the pipe the raw input
once more and spares the caller waiting for the unit it claimed: alternated runs of
``import_bench.py 5000 5``, 1.75-1.81 against 1.89-2.02 times a bare insert.

The results do not depend on who did what: a unit gives the same rows in any process,
and a signature is the same in every process. A bad input (``skip_bad=False``) is raised
in the caller in its place in the stream, after the batches before it, whoever parsed
it. A child that dies or stalls (``STALL_SECONDS``) is given up: the caller reads the
inputs again itself from the first batch it has not given out. The child ignores Ctrl+C
(the caller's ``with`` stops it on any error) and ends by itself once its work is done or
the caller is gone.
"""

from __future__ import annotations

import multiprocessing
import pickle
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any, Final

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest import child_process, duplicates
from jkannotate.ingest.reader import (
    ReadingUnit,
    Skipped,
    expand_paths,
    file_size,
    reading_units,
    unit_articles,
)

Row = tuple[str, str, str | None, str | None, str | None, str | None, str, str]
"""A batch row: a document's hash, title, outlet, url, published, byline, text and meta
(encoded by the stream's ``encode_meta``), what ``store.importing.ROW_COLUMNS`` name."""
MetaEncoder = Callable[[dict[str, object]], str]
_TEXT: Final = 6  # the text's place in a row
PROCESS_MIN_BYTES = {"fork": 5_000_000, "forkserver": 40_000_000, "spawn": 40_000_000}
"""Bytes of input from which a child process shares the parsing, when a core is idle for
it (below, its start costs more than it saves). ``import_bench.py --threshold 5`` (2
cores, imports of 3,000-character articles read here against with a forked child,
compiled signing): 18 against 36 ms at 0.3 million characters, 68 against 89 ms at 2.4
million, even (204 ms) at 4.8 million, 418 against 403 ms at 9.6 million; on a busier
run 796 against 594 ms at 15 million and 1,651 against 1,174 ms at 30 million. A forked
child is up in about 10 ms (but until it ends every page either process writes is
copied); a spawned one starts a new interpreter and loads numpy and the readers, about
0.4 s the importer waits for its first batch (earlier figures: 452 against 26 ms at 0.3
million), which the child saves back only from about 30 million characters by the
figures above; 40 million leaves a margin for slower process starts (Windows)."""
STALL_SECONDS = 15.0
"""A child that sends nothing for this long is given up (a unit of plain articles takes it
milliseconds; one of large HTML pages can take a second): the caller reads on itself."""


def document_row(document: Document, encode_meta: MetaEncoder) -> Row:
    """A document's :data:`Row`."""
    return (document.hash, document.title, document.outlet, document.url, document.published,
            document.byline, document.text, encode_meta(document.meta))


def unit_rows(
    unit: ReadingUnit, skip_bad: bool, encode_meta: MetaEncoder
) -> tuple[list[Row], list[Skipped]]:
    """The rows of a unit's documents and the inputs skipped among them; without
    ``skip_bad`` the first bad input raises its :class:`InputError`."""
    rows: list[Row] = []
    skipped: list[Skipped] = []
    for item in unit_articles(unit):
        if isinstance(item, InputError):
            if not skip_bad:
                raise item
            skipped.append(Skipped.from_error(item, item.path or ""))
        else:
            rows.append(document_row(item, encode_meta))
    return rows, skipped


def input_bytes(paths: Sequence[str | Path], enough: int | None = None) -> int:
    """The size of the article files under ``paths`` (about their characters), summed
    until it reaches ``enough``."""
    total = 0
    for path in expand_paths(paths):
        if isinstance(path, Path):
            total += file_size(path)
            if enough is not None and total >= enough:
                break
    return total


class ArticleBatch:
    """The rows read from one unit of the input, in input order, and the inputs skipped
    among them."""

    __slots__ = ("index", "rows", "skipped", "_block")

    def __init__(self, index: int, rows: list[Row], skipped: list[Skipped],
                 block: bytes | None = None) -> None:
        self.index = index
        self.rows = rows
        self.skipped = skipped
        self._block = block  # the signatures of all rows, when the child signed them

    def signatures(self, wanted: Sequence[int]) -> list[bytes]:
        """The signatures of the texts of rows ``wanted`` (indexes into ``rows``)."""
        if self._block is None:
            return duplicates.signatures([self.rows[k][_TEXT] for k in wanted])
        return duplicates.split_block(self._block, wanted)


Parsed = ArticleBatch | InputError  # a unit's batch, or the error to raise in its place


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
        self._claimed: Any = None  # shared: the units below it are claimed by one side
        self._lock: Any = None
        self._parsed: dict[int, Parsed] = {}  # received or parsed here, not given out yet
        self._units: int | None = None  # how many units there are, once the child has ended
        self._raw: dict[int, ReadingUnit] = {}  # units the child sent ahead, not parsed yet
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
            found = self._parsed.pop(index, None)
            if found is None:
                if self._units is not None and index >= self._units:
                    return
                if not self._parse_ahead():
                    self._receive()
                continue
            if isinstance(found, InputError):
                self.close()
                raise found
            index += 1
            yield found
        # no child (any more): read here, from the first unit not given out yet
        for number, unit in enumerate(reading_units(self._paths)):
            if number >= index:
                found = self._parsed.pop(number, None)
                yield found if isinstance(found, ArticleBatch) else self._batch_here(number, unit)

    def close(self) -> None:
        """Stop the child (if it is still working) and wait until it is gone."""
        child, inbox, self._child, self._inbox = self._child, self._inbox, None, None
        child_process.stop_child(child, inbox)

    def _batch_here(self, index: int, unit: ReadingUnit) -> ArticleBatch:
        rows, skipped = unit_rows(unit, self._skip_bad, self._encode)
        return ArticleBatch(index, rows, skipped)

    def _parse_here(self, index: int, unit: ReadingUnit) -> Parsed:
        """A unit's batch, or its bad input to raise once the batches before it are out."""
        try:
            return self._batch_here(index, unit)
        except InputError as error:
            return error

    def _parse_ahead(self) -> bool:
        """About to wait for the child: claim the next unit nobody has started, if the
        child has sent it ahead, and parse it here; False if there was none."""
        if self._inbox is None or self._inbox.ready():
            return False
        assert self._lock is not None
        if not self._lock.acquire(timeout=STALL_SECONDS):
            self.close()  # the child holds it, stopped or killed: read on here
            return True
        try:
            index = self._claimed.value
            unit = self._raw.pop(index, None)
            if unit is None:
                return False
            self._claimed.value = index + 1
        finally:
            self._lock.release()
        self._parsed[index] = self._parse_here(index, unit)
        return True

    def _receive(self) -> None:
        """Take the child's next message; give the child up if it is gone or stalled."""
        if self._inbox is None:
            return
        data = self._inbox.get(STALL_SECONDS)
        if data is None:
            self.close()  # read and signed here from now on
            return
        message = pickle.loads(data)
        kind = message[0]
        if kind == "rows":
            _, index, rows, skipped, block = message
            self._raw.pop(index, None)
            self._parsed[index] = ArticleBatch(index, rows, skipped, block)
        elif kind == "unit":  # sent ahead: parsed here if claimed here first
            _, index, unit = message
            self._raw[index] = unit
        elif kind == "error":  # a bad input, raised in its place
            _, index, reason, path, line = message
            self._raw.pop(index, None)
            self._parsed[index] = InputError(reason, path, line)
        else:  # "end"
            self._units = message[1]

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


def _read_in_child(
    paths: list[str],
    skip_bad: bool,
    encode_meta: MetaEncoder,
    claimed: Any,
    lock: Any,
    sender: Connection,
    receiver: Connection,
) -> None:
    """The child's work: every unit sent as it is, one ahead of the unit parsed, so the
    caller can claim it whenever it would wait; each unit the caller has not claimed is
    parsed and signed here; a bad input ends the work."""
    child_process.child_setup(receiver)
    outbox = child_process.Outbox(sender)

    def send(*message: object) -> None:
        outbox.put(pickle.dumps(message, pickle.HIGHEST_PROTOCOL))

    def parse(index: int, unit: ReadingUnit) -> bool:
        """Parse and send the unit unless the caller claimed it; False to stop."""
        if not lock.acquire(timeout=STALL_SECONDS):
            return False  # the caller stopped holding it (the caller gives the child up)
        try:
            mine = claimed.value <= index
            if mine:
                claimed.value = index + 1
        finally:
            lock.release()
        if not mine:
            return True
        try:
            rows, skipped = unit_rows(unit, skip_bad, encode_meta)
        except InputError as error:
            send("error", index, error.reason, error.path, error.line)
            return False
        send("rows", index, rows, skipped,
             duplicates.signature_block([row[_TEXT] for row in rows]))
        return True

    count = 0
    ahead: tuple[int, ReadingUnit] | None = None
    try:
        for index, unit in enumerate(reading_units(paths)):
            if outbox.broken:  # the caller is gone
                return
            send("unit", index, unit)
            count = index + 1
            if ahead is not None and not parse(*ahead):
                return
            ahead = (index, unit)
        if ahead is not None and not parse(*ahead):
            return
        send("end", count)
    except Exception:  # noqa: BLE001 - the caller reads again itself and meets it there
        pass
    finally:
        outbox.close()
