"""Reading articles from paths: files by extension, directories recursively.

Without ``skip_bad`` the first bad input raises :class:`InputError` (naming the file and,
for JSONL, the line), so a caller can keep an import all-or-nothing; with ``skip_bad``
each bad input becomes a :class:`Skipped` item and reading goes on.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest.encoding import read_text_file
from jkannotate.ingest.htmlpage import parse_html_page
from jkannotate.ingest.jsonl import iter_jsonl
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


def read_file(path: Path) -> Iterator[Document | InputError]:
    """The documents of one article file (one for .txt/.html, one per line for .jsonl).

    Every document's text opens with its headline as the first paragraph.
    """
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        name = str(path)
        for item in iter_jsonl(path):  # headlines put in the texts already
            if isinstance(item, Document):
                item.meta["source_path"] = name
            yield item
        return
    text = read_text_file(path, html=suffix in HTML_SUFFIXES)
    if suffix in HTML_SUFFIXES:
        document = parse_html_page(text, str(path))
    else:
        document = parse_text_page(text, str(path))
    document.meta["source_path"] = str(path)
    yield put_title_in_text(document)


def iter_articles(
    paths: Sequence[str | Path], *, skip_bad: bool = False
) -> Iterator[Document | Skipped]:
    """Documents from ``paths`` in input order (directories recursively, sorted)."""
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            if not skip_bad:
                raise item
            yield Skipped.from_error(item, item.path or "")
            continue
        try:
            for result in read_file(item):
                if isinstance(result, InputError):
                    if not skip_bad:
                        raise result
                    yield Skipped.from_error(result, str(item))
                else:
                    yield result
        except InputError as error:
            if not skip_bad:
                raise
            yield Skipped.from_error(error, str(item))


def read_articles(paths: Sequence[str | Path], *, skip_bad: bool = False) -> IngestResult:
    """The list form of :func:`iter_articles`."""
    result = IngestResult()
    for item in iter_articles(paths, skip_bad=skip_bad):
        if isinstance(item, Skipped):
            result.skipped.append(item)
        else:
            result.documents.append(item)
    return result
