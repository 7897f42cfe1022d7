"""Reading articles from paths: files by extension, directories recursively.

Without ``skip_bad`` the first bad input raises :class:`InputError` (naming the file and,
for JSONL, the line), so a caller can keep an import all-or-nothing; with ``skip_bad``
each bad input becomes a :class:`Skipped` item and reading goes on.

Input is read in :class:`ReadingUnit` s (``reading_units``: some lines of a JSONL file,
some article files), each parsed alone (``unit_articles``): the same units and the same
documents in any process, so an import can share the parsing between two
(:mod:`jkannotate.ingest.intake`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.json_lines import raw_lines
from jkannotate.core.model import Document
from jkannotate.ingest.encoding import read_text_file
from jkannotate.ingest.htmlpage import parse_html_page
from jkannotate.ingest.jsonl import EMPTY_JSONL, jsonl_documents
from jkannotate.ingest.textpage import parse_text_page
from jkannotate.ingest.titles import put_title_in_text

TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES


@dataclass(slots=True)
class Skipped:
    """An input that could not be read, and why."""

    path: str
    line: int | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.reason}"

    @classmethod
    def from_error(cls, error: InputError, path: str) -> Skipped:
        return cls(path=error.path or path, line=error.line, reason=error.reason)


@dataclass(slots=True)
class IngestResult:
    """Everything read from some paths: the documents and the inputs skipped."""

    documents: list[Document] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _files_in(directory: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(Path(root) / name for name in files
                     if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES)
    return sorted(found)


def expand_paths(paths: Sequence[str | Path]) -> Iterator[Path | InputError]:
    """Article files in input order; a missing path or an empty directory is an error."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = _files_in(path)
            if not files:
                kinds = ", ".join(sorted(SUFFIXES))
                yield InputError(f"no articles ({kinds}) in this directory", str(path))
            yield from files
        elif not path.exists():
            yield InputError("no such file or directory", str(path))
        elif path.suffix.lower() not in SUFFIXES:
            kinds = ", ".join(sorted(SUFFIXES))
            yield InputError(f"unsupported file type '{path.suffix}' (expected {kinds})",
                             str(path))
        else:
            yield path


def read_page(path: Path) -> Document:
    """The document of one .txt or .html article file, its text opening with its headline."""
    html = path.suffix.lower() in HTML_SUFFIXES
    text = read_text_file(path, html=html)
    if html:
        document = parse_html_page(text, str(path))
    else:
        document = parse_text_page(text, str(path))
    document.meta["source_path"] = str(path)
    return put_title_in_text(document)


UNIT_BYTES = 1 << 18
"""About how many bytes of input a :class:`ReadingUnit` holds (JSONL lines, or article
files by their size): what an import reads, signs and inserts as one batch."""
UNIT_FILES = 8
"""At most this many article files make a unit: a page takes milliseconds to parse (an
HTML page the most), and small units let the two processes of an import share them
evenly to the last (600 HTML pages of 6 KB on 2 cores, alternated runs: 3.1-4.1 s when
the child parsed every page, 1.9-2.9 s sharing units of 8)."""


@dataclass(slots=True)
class ReadingUnit:
    """A piece of the input that is parsed as one, by any process: some consecutive lines
    of a JSONL file (``path``, ``lines`` unparsed), some article files (``files``), or an
    input that cannot be read at all (``error``)."""

    path: str = ""
    lines: list[tuple[int, bytes | InputError]] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    error: InputError | None = None


def reading_units(paths: Sequence[str | Path], size: int | None = None) -> Iterator[ReadingUnit]:
    """The input of ``paths`` cut into :class:`ReadingUnit` s of about ``size`` bytes
    (:data:`UNIT_BYTES`), in input order. Only JSONL files are read here (their lines,
    unparsed), to be cut."""
    size = UNIT_BYTES if size is None else size
    files: list[Path] = []
    pending = 0
    for item in expand_paths(paths):
        if isinstance(item, Path) and item.suffix.lower() not in JSONL_SUFFIXES:
            files.append(item)
            pending += file_size(item)
            if pending >= size or len(files) >= UNIT_FILES:
                yield ReadingUnit(files=files)
                files, pending = [], 0
            continue
        if files:
            yield ReadingUnit(files=files)
            files, pending = [], 0
        if isinstance(item, InputError):
            yield ReadingUnit(error=item)
        else:
            yield from _jsonl_units(item, size)
    if files:
        yield ReadingUnit(files=files)


def file_size(path: Path) -> int:
    """A file's size in bytes; 0 if it cannot be read (reading it then says why)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _jsonl_units(path: Path, size: int) -> Iterator[ReadingUnit]:
    name = str(path)
    lines: list[tuple[int, bytes | InputError]] = []
    pending = 0
    found_any = False
    try:
        for number, raw in raw_lines(path):
            found_any = True
            lines.append((number, raw))
            pending += len(raw) if isinstance(raw, bytes) else 1
            if pending >= size:
                yield ReadingUnit(path=name, lines=lines)
                lines, pending = [], 0
    except InputError as error:  # the file cannot be opened, or is UTF-16
        yield ReadingUnit(error=error)
        return
    if lines:
        yield ReadingUnit(path=name, lines=lines)
    elif not found_any:
        yield ReadingUnit(error=InputError(EMPTY_JSONL, name))


def unit_articles(unit: ReadingUnit) -> Iterator[Document | InputError]:
    """The documents of a unit in order, each bad input as its :class:`InputError` (which
    names the file)."""
    if unit.error is not None:
        yield unit.error
        return
    if unit.lines:
        for item in jsonl_documents(unit.lines, unit.path):  # headlines in the texts already
            if isinstance(item, Document):
                item.meta["source_path"] = unit.path
            yield item
        return
    for path in unit.files:
        try:
            yield read_page(path)
        except InputError as error:
            yield error if error.path else InputError(error.reason, str(path), error.line)


def iter_articles(
    paths: Sequence[str | Path], *, skip_bad: bool = False
) -> Iterator[Document | Skipped]:
    """Documents from ``paths`` in input order (directories recursively, sorted)."""
    for unit in reading_units(paths):
        for item in unit_articles(unit):
            if isinstance(item, InputError):
                if not skip_bad:
                    raise item
                yield Skipped.from_error(item, item.path or "")
            else:
                yield item


def read_articles(paths: Sequence[str | Path], *, skip_bad: bool = False) -> IngestResult:
    """The list form of :func:`iter_articles`."""
    result = IngestResult()
    for item in iter_articles(paths, skip_bad=skip_bad):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.documents.append(item)
    return result
