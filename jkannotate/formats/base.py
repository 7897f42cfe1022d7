"""What every format shares: options, the report, layer choice, snapping and atomic writes.

Pure Python: no spaCy here, so the Prodigy, doccano, brat and JSONL modules can use it.
"""

from __future__ import annotations

import bisect
import os
import shutil
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkannotate.core.errors import InputError, OffsetError
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
    State,
)
from jkannotate.core.schema import LabelSchema
from jkannotate.formats import temporaries

#: A tokenizer gives, for a text, each token's (start, end, followed_by_whitespace).
Tokenizer = Callable[[str], list[tuple[int, int, bool]]]

_EXAMPLES = 5


@dataclass
class FormatReport:
    """What an export or import did: counts, and every span snapped or left out (with reason)."""

    documents: int = 0
    spans_by_label: dict[str, int] = field(default_factory=dict)
    snapped: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    tags_by_label: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # bad rows left out by --skip-bad

    def count_span(self, label: str) -> None:
        self.spans_by_label[label] = self.spans_by_label.get(label, 0) + 1

    def count_tag(self, label: str) -> None:
        self.tags_by_label[label] = self.tags_by_label.get(label, 0) + 1

    def merge(self, other: FormatReport) -> None:
        self.documents += other.documents
        for label, count in other.spans_by_label.items():
            self.spans_by_label[label] = self.spans_by_label.get(label, 0) + count
        for label, count in other.tags_by_label.items():
            self.tags_by_label[label] = self.tags_by_label.get(label, 0) + count
        self.snapped.extend(other.snapped)
        self.left_out.extend(other.left_out)
        self.skipped.extend(other.skipped)
        self.notes.extend(n for n in other.notes if n not in self.notes)

    def summary(self) -> str:
        """A few human-readable lines: totals first, then the first examples of each problem."""
        spans = sum(self.spans_by_label.values())
        tags = sum(self.tags_by_label.values())
        lines = [f"{self.documents} documents, {spans} spans, {tags} tags"]
        if self.spans_by_label:
            per_label = ", ".join(f"{k} {v}" for k, v in sorted(self.spans_by_label.items()))
            lines.append(f"spans per label: {per_label}")
        if self.tags_by_label:
            per_tag = ", ".join(f"{k} {v}" for k, v in sorted(self.tags_by_label.items()))
            lines.append(f"tags per label: {per_tag}")
        for title, items in (("snapped to token boundaries", self.snapped),
                             ("left out", self.left_out)):
            if items:
                lines.append(f"{len(items)} {title}:")
                lines.extend(f"  {item}" for item in items[:_EXAMPLES])
                if len(items) > _EXAMPLES:
                    lines.append(f"  … and {len(items) - _EXAMPLES} more")
        lines.extend(self.notes)
        return "\n".join(lines)


@dataclass
class WriteOptions:
    """``layer``: Layer.name to export (None = the only/first layer); ``scheme``: CoNLL tags;
    ``force``: write a folder format (brat) into a non-empty folder, replacing only the files
    of the export; ``doccano_form``: ``labels`` (sequence labelling) or ``relations``
    (entities + relations)."""

    layer: str | None = None
    schema: LabelSchema | None = None
    scheme: str = "iob2"
    force: bool = False
    doccano_form: str = "labels"


@dataclass
class ReadOptions:
    """Imported annotations become one layer of this kind and owner."""

    schema: LabelSchema | None = None
    layer_kind: LayerKind = LayerKind.ANNOTATOR
    owner: str = "imported"
    skip_bad: bool = False  # a bad row is reported in FormatReport.skipped instead of raised


@dataclass
class Format:
    name: str
    suffix: str
    description: str
    write: Callable[[Sequence[AnnotatedDocument], Path, WriteOptions], FormatReport]
    read: Callable[[Path, ReadOptions], tuple[list[AnnotatedDocument], FormatReport]] | None


def doc_name(document: Document) -> str:
    """How reports name a document: its id when stored, else the start of its hash."""
    ident = f"#{document.id}" if document.id is not None else document.hash[:10]
    title = (document.title or document.text[:40]).strip().splitlines()
    return f"doc {ident} ({title[0][:40]!r})" if title else f"doc {ident}"


def span_name(text: str, span: Span) -> str:
    return f"{span.label} {span.start}..{span.end} {text[span.start:span.end][:40]!r}"


def select_layer(
    item: AnnotatedDocument, options: WriteOptions, report: FormatReport
) -> Layer | None:
    """The layer to export, or None (reported) when the document does not have it."""
    if options.layer is None:
        if item.layers:
            return item.layers[0]
        report.left_out.append(f"{doc_name(item.document)}: has no annotation layer")
        return None
    layer = item.layer(options.layer)
    if layer is None:
        report.left_out.append(f"{doc_name(item.document)}: has no layer {options.layer!r}")
    return layer


def kept_spans(item: AnnotatedDocument, layer: Layer, report: FormatReport) -> list[Span]:
    """Spans that count as annotation; rejected ones are reported as left out."""
    rejected = sum(1 for s in layer.spans if s.state is State.REJECTED)
    if rejected:
        report.left_out.append(
            f"{doc_name(item.document)}: {rejected} rejected span(s) not exported")
    return layer.kept_spans()


def kind_for(
    label: str, schema: LabelSchema | None, default: LabelKind = LabelKind.ENTITY
) -> LabelKind:
    if schema is not None and schema.has(label):
        return schema.kind_of(label)
    return default


def issue_labels(schema: LabelSchema | None, docs_tags: Sequence[str] = ()) -> list[str]:
    """The whole issue tag set: the schema's issue labels, then any other label seen."""
    labels = list(schema.issue_labels) if schema is not None else []
    labels.extend(sorted(set(docs_tags) - set(labels)))
    return labels


def new_layer(options: ReadOptions) -> Layer:
    owner = GOLD_OWNER if options.layer_kind is LayerKind.GOLD else options.owner
    return Layer(document_id=None, kind=options.layer_kind, owner=owner, status=LayerStatus.DONE)


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def snap_to_tokens(
    starts: Sequence[int], ends: Sequence[int], text: str, start: int, end: int
) -> tuple[int, int, int, int] | None:
    """Expand a character range to whole tokens: (start, end, first token, last token inclusive).

    ``starts``/``ends`` are the token bounds in order. None when the range holds only whitespace.
    """
    start, end = trim_whitespace(text, start, end)
    if start >= end:
        return None
    first = bisect.bisect_right(starts, start) - 1
    last = bisect.bisect_left(ends, end)
    if first < 0 or last >= len(ends):
        return None
    return starts[first], ends[last], first, last


def label_counts(spans: Sequence[Span]) -> Counter[str]:
    return Counter(span.label for span in spans)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write to a temp file beside ``path`` and ``os.replace`` it: never half a file.
    Temporaries that a killed earlier write of ``path`` left behind are removed first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporaries.clean_stale(path)
    handle, temp = temporaries.temp_file(path)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def replace_directory(built: Path, target: Path, marker: str) -> None:
    """Move a fully built directory into place; an existing target must hold ``marker``."""
    target = Path(target)
    if target.exists():
        if not target.is_dir() or (any(target.iterdir()) and not (target / marker).exists()):
            shutil.rmtree(built, ignore_errors=True)
            raise InputError(f"exists and is not an earlier export (no {marker}); not replacing it",
                             str(target))
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(built, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(built, target)


def read_text_file(path: Path, encoding: str = "utf-8-sig") -> str:
    """Read UTF-8 exactly as stored (no newline translation); ``utf-8-sig`` drops a BOM."""
    try:
        return Path(path).read_bytes().decode(encoding)
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", str(path)) from error
    except UnicodeDecodeError as error:
        raise InputError(f"not UTF-8 text ({error.reason} at byte {error.start})",
                         str(path)) from error


# --- checks shared by the JSONL readers of other tools (Prodigy, doccano) ----------------

META_FIELDS = ("title", "outlet", "url", "published")


def checked_document(text: str, meta: object) -> Document:
    """The document of an imported row; a row that cannot be one is refused, not guessed.

    Raises :class:`InputError` without a place: the reader adds ``file:line``.
    """
    if not text:
        raise InputError("the text is empty")
    if "\x00" in text:
        raise InputError("the text holds NUL characters")
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise InputError(f"'meta' must be an object, got {type(meta).__name__}")
    for key in META_FIELDS:
        value = meta.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"meta.{key} must be a string, got {type(value).__name__}")
    return Document(text=text, title=meta.get("title") or "", outlet=meta.get("outlet") or None,
                    url=meta.get("url") or None, published=meta.get("published") or None)


def whole_number(value: object, what: str) -> int:
    """``value`` when it is an int (not a bool, not a float such as ``3.0``)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"{what} must be a whole number, got {value!r}")
    return value


@contextmanager
def row_guard(options: ReadOptions, report: FormatReport) -> Iterator[None]:
    """Around one row: with ``options.skip_bad`` a refused row is listed, not raised."""
    try:
        yield
    except InputError as error:
        if not options.skip_bad:
            raise
        report.skipped.append(str(error))


def placed(error: InputError, path: Path, line: int) -> InputError:
    """``error`` with the file and line it was read from (unless it names a place already)."""
    return error if error.path else InputError(error.reason, str(path), line)


def text_row(row: object, path: Path, line: int, kind: str) -> dict[str, Any]:
    """One JSONL row of another tool's format: a JSON object with a ``text`` string, else an
    InputError naming ``kind`` (what json_lines refused is raised as it is)."""
    if isinstance(row, InputError):  # not JSON, too large, unstorable: as every reader
        raise row
    if not isinstance(row, dict) or not isinstance(row.get("text"), str):
        raise InputError(f"{kind} is a JSON object with a 'text' string", str(path), line)
    return row


@contextmanager
def row_errors(path: Path, line: int, not_a: str) -> Iterator[None]:
    """Around reading one row: every error is one InputError naming the file and line
    (a malformed row's KeyError or TypeError reads "not a {not_a}: …")."""
    try:
        yield
    except InputError as error:
        raise placed(error, path, line) from error
    except OffsetError as error:
        raise InputError(str(error), str(path), line) from error
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        raise InputError(f"not a {not_a}: {error!r}", str(path), line) from error
