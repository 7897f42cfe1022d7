"""Project JSONL: our lossless format, one ``document_to_dict`` object per line.

Every layer (or only ``options.layer`` when given) with spans, arguments, tags, comments and
status. Dumped with sorted keys and real UTF-8, so write -> read -> write is byte-stable.
Reading restores the layers as written (``ReadOptions`` does not rename them).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.errors import InputError, OffsetError
from jkannotate.core.json_lines import json_lines
from jkannotate.core.model import AnnotatedDocument
from jkannotate.core.offsets import check_spans
from jkannotate.core.serialize import document_from_dict, document_to_dict
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    WriteOptions,
    atomic_write_text,
    row_guard,
    select_layer,
)


def dumps(item: AnnotatedDocument) -> str:
    return json.dumps(document_to_dict(item), sort_keys=True, ensure_ascii=False)


def _check_offsets(item: AnnotatedDocument) -> None:
    text = item.document.text
    for layer in item.layers:
        check_spans(text, ((span.start, span.end) for span in layer.spans))
        check_spans(text, ((e.start, e.end) for tag in layer.tags for e in tag.evidence))


def _count(item: AnnotatedDocument, report: FormatReport) -> None:
    report.documents += 1
    for layer in item.layers:
        for span in layer.kept_spans():
            report.count_span(span.label)
        for tag in layer.kept_tags():
            report.count_tag(tag.label)


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write project JSONL (atomically): all layers, or only the one named in ``options``."""
    report, lines = FormatReport(), []
    for item in docs:
        if options.layer is not None:
            layer = select_layer(item, options, report)
            if layer is None:
                continue
            item = AnnotatedDocument(item.document, [layer])
        _count(item, report)
        lines.append(dumps(item) + "\n")
    atomic_write_text(Path(out), "".join(lines))
    return report


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read project JSONL; a malformed line stops the import and names the line."""
    report, result = FormatReport(), []
    for number, data in json_lines(path):
        with row_guard(options, report):
            if isinstance(data, InputError):  # not JSON, too large, unstorable: as every reader
                raise data
            if not isinstance(data, dict):
                raise InputError("a project JSONL line is a JSON object", str(path), number)
            try:
                item = document_from_dict(data, f"{path}:{number}")
                _check_offsets(item)
            except InputError as error:
                raise InputError(error.reason, str(path), number) from error
            except OffsetError as error:
                raise InputError(str(error), str(path), number) from error
            _count(item, report)
            result.append(item)
    return result, report
