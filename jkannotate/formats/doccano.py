"""doccano JSONL, in every shape it has exported.

- sequence labelling: ``{"text", "label": [[start, end, "LABEL"], ...]}`` (older: ``labels``);
- relations: ``{"text", "entities": [{"id", "start_offset", "end_offset", "label"}],
  "relations": [{"id", "from_id", "to_id", "type"}]}``;
- document classification: ``{"text", "label": ["TAG", ...]}`` (also ``cats``).

The writer uses the sequence-labelling shape by default (what a doccano project of that
type, its default, imports), or with ``doccano_form="relations"`` the entities/relations
shape of a relation-extraction project (it keeps event arguments). Issue tags go in ``cats``
in both (doccano keeps unknown columns as metadata; this reader takes them back as tags).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.json_lines import json_lines
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    EventArgument,
    Layer,
    Span,
)
from jkannotate.core.offsets import check_span
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    WriteOptions,
    atomic_write_text,
    checked_document,
    doc_name,
    kept_spans,
    kind_for,
    new_layer,
    row_errors,
    row_guard,
    select_layer,
    text_row,
    whole_number,
)

FORMS = ("labels", "relations")


def document_row(item: AnnotatedDocument, options: WriteOptions, next_id: list[int],
                 report: FormatReport) -> dict[str, Any] | None:
    """One doccano row; ``next_id`` is a one-item counter so ids are unique in the file."""
    layer = select_layer(item, options, report)
    if layer is None:
        return None
    spans = kept_spans(item, layer, report)
    tags = [tag.label for tag in layer.kept_tags()]
    for label in tags:
        report.count_tag(label)
    document = item.document
    meta = {"title": document.title, "outlet": document.outlet, "url": document.url,
            "published": document.published, "layer": layer.name}
    meta = {k: v for k, v in meta.items() if v not in (None, "")}
    report.documents += 1
    if options.doccano_form == "labels":
        for span in spans:
            report.count_span(span.label)
        if layer.arguments:
            report.left_out.append(f"{doc_name(item.document)}: {len(layer.arguments)} event "
                                   "argument(s) not in the sequence-labelling form "
                                   "(--doccano-form relations keeps them)")
        return {"id": document.id, "text": document.text,
                "label": [[span.start, span.end, span.label] for span in spans],
                "cats": tags, "meta": meta}
    entities, ids = [], {}
    for span in spans:
        next_id[0] += 1
        ids[span.uid] = next_id[0]
        entities.append({"id": next_id[0], "start_offset": span.start, "end_offset": span.end,
                         "label": span.label})
        report.count_span(span.label)
    relations = []
    for argument in layer.arguments:
        if argument.event_uid not in ids or argument.argument_uid not in ids:
            report.left_out.append(f"{doc_name(item.document)}: argument {argument.role!r} "
                                   "links a span that is not exported")
            continue
        next_id[0] += 1
        relations.append({"id": next_id[0], "from_id": ids[argument.event_uid],
                          "to_id": ids[argument.argument_uid], "type": argument.role})
    return {"id": document.id, "text": document.text, "entities": entities,
            "relations": relations, "cats": tags, "meta": meta}


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write doccano JSONL (atomically), one row per document."""
    if options.doccano_form not in FORMS:
        raise InputError(f"the doccano form is one of {', '.join(FORMS)}, "
                         f"got {options.doccano_form!r}")
    report, counter = FormatReport(), [0]
    rows = [document_row(item, options, counter, report) for item in docs]
    lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in rows if row is not None]
    atomic_write_text(Path(out), "".join(lines))
    return report


def _add_span(layer: Layer, text: str, start: Any, end: Any, label: Any,
              options: ReadOptions) -> Span:
    start, end = whole_number(start, "start_offset"), whole_number(end, "end_offset")
    check_span(text, start, end)
    if not isinstance(label, str) or not label:
        raise InputError(f"a span's label must be a non-empty string, got {label!r:.40}")
    span = Span(start=start, end=end, label=label, kind=kind_for(label, options.schema))
    layer.spans.append(span)
    return span


def _read_row(row: dict[str, Any], options: ReadOptions) -> AnnotatedDocument:
    text = row["text"]
    layer = new_layer(options)
    by_id: dict[Any, Span] = {}
    for entity in row.get("entities") or []:
        if isinstance(entity, dict):
            by_id[entity["id"]] = _add_span(layer, text, entity["start_offset"],
                                            entity["end_offset"], entity["label"], options)
        else:  # the intent/slot shape: entities as [start, end, label]
            _add_span(layer, text, entity[0], entity[1], entity[2], options)
    for relation in row.get("relations") or []:
        event, argument = by_id[relation["from_id"]], by_id[relation["to_id"]]
        layer.arguments.append(EventArgument(event.uid, argument.uid, str(relation["type"])))
    labels = row.get("label", row.get("labels")) or []
    if not isinstance(labels, list):
        raise InputError(f"'label' must be a list ([[start, end, \"LABEL\"], ...] or "
                         f"[\"TAG\", ...]), got {type(labels).__name__} {labels!r:.40}")
    tags = row.get("cats") or []
    if not isinstance(tags, list):
        raise InputError(f"'cats' must be a list of labels, got {type(tags).__name__}")
    tags = list(tags)
    for label in labels:
        if isinstance(label, list):
            if len(label) != 3:
                raise InputError(f"a span label is [start, end, \"LABEL\"], got {label!r:.60}")
            start, end, name = label
            _add_span(layer, text, start, end, name, options)
        else:
            tags.append(label)
    for tag in tags:
        if not isinstance(tag, str):
            raise TypeError(f"a classification label must be a string, got {tag!r}")
        if not any(t.label == tag for t in layer.tags):
            layer.tags.append(DocTag(label=tag))
    return AnnotatedDocument(checked_document(text, row.get("meta")), [layer])


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read doccano JSONL in any of its shapes; a bad row stops the whole import."""
    report, result = FormatReport(), []
    for number, row in json_lines(path):
        with row_guard(options, report), row_errors(path, number, "doccano row"):
            item = _read_row(text_row(row, path, number, "a doccano row"), options)
            result.append(item)
            report.documents += 1
            for span in item.layers[0].spans:
                report.count_span(span.label)
            for tag in item.layers[0].tags:
                report.count_tag(tag.label)
    return result, report
