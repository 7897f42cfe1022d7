"""``.spacy`` files in bounded memory: written in shards, read with the inflated size checked.

A DocBin file is one zlib stream of one msgpack map whose token arrays hold every
document. :class:`ShardedDocBinWriter` adds documents to a small DocBin, spools each full
shard's parts to anonymous temporary files and finally streams the map through zlib, so
memory holds one shard and the string table, whatever the number of documents. The file
reads back with ``DocBin.from_bytes`` like one written by ``DocBin.to_bytes``.

:func:`inflate_checked` refuses a file whose inflated size exceeds a limit while counting
it in small chunks, before anything is inflated in memory (a zlib bomb of a few MB would
otherwise inflate to gigabytes).
"""

from __future__ import annotations

import tempfile
import zlib
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO

import srsly

from jkannotate.core.errors import InputError

if TYPE_CHECKING:
    from spacy.tokens import Doc, DocBin

SHARD_DOCS = 256
MAX_FILE_BYTES = 1024 * 1024 * 1024
"""A ``.spacy`` file larger than this is refused before it is read."""
MAX_INFLATION = 64
"""A ``.spacy`` file may inflate to at most this many times its size (DocBins of real text
inflate 5-15x) ..."""
MIN_INFLATED_LIMIT = 256 * 1024 * 1024
"""... or to this many bytes, whichever is more (small files of short documents)."""
_CHUNK = 1024 * 1024
_PARTS = ("tokens", "spaces", "lengths", "cats", "flags", "span_groups", "user_data")
_PACKED = ("cats", "flags", "span_groups", "user_data")  # arrays of msgpack items


def _bin_header(size: int) -> bytes:
    return b"\xc6" + size.to_bytes(4, "big")


def _array_header(count: int) -> bytes:
    return b"\xdd" + count.to_bytes(4, "big")


class ShardedDocBinWriter:
    """Collects Docs shard by shard and writes one ``.spacy`` file (``DocBin`` format)."""

    def __init__(self, shard_docs: int = SHARD_DOCS) -> None:
        self.shard_docs = shard_docs
        self.count = 0
        self.strings: set[str] = set()
        self._spools: dict[str, IO[bytes]] = {part: tempfile.TemporaryFile() for part in _PARTS}
        self._shard = self._new_shard()

    @staticmethod
    def _new_shard() -> DocBin:
        from spacy.tokens import DocBin

        return DocBin(store_user_data=True)

    def add(self, doc: Doc) -> None:
        self._shard.add(doc)
        self.count += 1
        if len(self._shard) >= self.shard_docs:
            self._spill()

    def _spill(self) -> None:
        """Move the shard's parts to the spool files, in the order ``to_bytes`` lays them."""
        import numpy

        shard, spools = self._shard, self._spools
        for tokens, spaces in zip(shard.tokens, shard.spaces, strict=True):
            spools["tokens"].write(tokens.tobytes("C"))
            spools["spaces"].write(spaces.tobytes("C"))
        lengths = [len(tokens) for tokens in shard.tokens]
        spools["lengths"].write(numpy.asarray(lengths, dtype="int32").tobytes("C"))
        for part, items in (("cats", shard.cats), ("flags", shard.flags),
                            ("span_groups", shard.span_groups), ("user_data", shard.user_data)):
            for item in items:
                spools[part].write(srsly.msgpack_dumps(item))
        self.strings.update(shard.strings)
        self._shard = self._new_shard()

    def write_to(self, stream: BinaryIO) -> None:
        """The whole file, streamed through zlib into ``stream``."""
        if len(self._shard):
            self._spill()
        template = self._new_shard()
        compressor = zlib.compressobj()

        def emit(data: bytes) -> None:
            stream.write(compressor.compress(data))

        emit(b"\x8a")  # a map of 10 entries, in the order DocBin.to_bytes writes them
        emit(srsly.msgpack_dumps("version") + srsly.msgpack_dumps(template.version))
        emit(srsly.msgpack_dumps("attrs") + srsly.msgpack_dumps(template.attrs))
        for part in ("tokens", "spaces", "lengths"):
            emit(srsly.msgpack_dumps(part))
            self._copy(part, emit, header=_bin_header)
        emit(srsly.msgpack_dumps("strings") + srsly.msgpack_dumps(sorted(self.strings)))
        for part in _PACKED:
            emit(srsly.msgpack_dumps(part))
            self._copy(part, emit, header=lambda _size: _array_header(self.count))
        stream.write(compressor.flush())

    def _copy(self, part: str, emit: Any, header: Any) -> None:
        spool = self._spools[part]
        size = spool.tell()
        spool.seek(0)
        emit(header(size))
        while chunk := spool.read(_CHUNK):
            emit(chunk)

    def close(self) -> None:
        for spool in self._spools.values():
            spool.close()


def inflated_limit(compressed: int) -> int:
    return max(MIN_INFLATED_LIMIT, MAX_INFLATION * compressed)


def inflate_checked(path: Path) -> bytes:
    """The file's bytes, once its size and inflated size are known to be sane; else an
    :class:`InputError` naming the file (nothing large has been allocated by then)."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"the file is too large ({size / 1048576:.0f} MB; the limit is "
                             f"{MAX_FILE_BYTES // 1048576} MB)", name)
        data = Path(path).read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", name) from error
    limit = inflated_limit(len(data))
    inflater = zlib.decompressobj()
    total = 0
    pending = data
    try:
        while pending:
            total += len(inflater.decompress(pending, _CHUNK))
            if total > limit:
                raise InputError(
                    f"not a DocBin file: it would inflate to more than {limit // 1048576} MB "
                    f"from {max(len(data) // 1048576, 1)} MB (more than {MAX_INFLATION}x; "
                    "a zlib bomb?)", name)
            pending = inflater.unconsumed_tail
    except zlib.error as error:
        raise InputError(f"not a spaCy DocBin file (zlib: {error})", name) from error
    return data

