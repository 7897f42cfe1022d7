"""Prodigy JSONL: ``ner_manual`` rows (tokens, spans with an inclusive ``token_end``, hashes),
``rel``-style ``relations`` for event arguments, and ``choice`` rows for issue tags.

Reading takes rows with ``answer`` accept/reject/ignore: spans of rejected rows become
rejected spans (negative examples), ignored rows are reported and skipped. This module does
not import spaCy: the writer is given a tokenizer (the registry passes spaCy's).
"""

from __future__ import annotations

import hashlib
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
    State,
)
from jkannotate.core.offsets import check_span
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    Tokenizer,
    WriteOptions,
    atomic_write_text,
    checked_document,
    doc_name,
    issue_labels,
    kept_spans,
    kind_for,
    new_layer,
    row_errors,
    row_guard,
    select_layer,
    snap_to_tokens,
    span_name,
    text_row,
    whole_number,
)

ANSWERS = ("accept", "reject", "ignore")


def prodigy_hash(value: Any) -> int:
    """A stable signed 32-bit hash, the shape of Prodigy's ``_input_hash``/``_task_hash``."""
    digest = hashlib.sha1(json.dumps(value, sort_keys=True, ensure_ascii=False).encode()).digest()
    return int.from_bytes(digest[:4], "big", signed=True)


def _with_hashes(row: dict[str, Any], task_keys: Sequence[str]) -> dict[str, Any]:
    row["_input_hash"] = prodigy_hash({"text": row["text"]})
    row["_task_hash"] = prodigy_hash([row["_input_hash"], {k: row.get(k) for k in task_keys}])
    return row


def _meta(item: AnnotatedDocument, layer: Layer) -> dict[str, Any]:
    document = item.document
    meta = {"doc_id": document.id, "title": document.title, "outlet": document.outlet,
            "url": document.url, "published": document.published, "layer": layer.name}
    return {key: value for key, value in meta.items() if value not in (None, "")}


def document_rows(item: AnnotatedDocument, options: WriteOptions, tokenizer: Tokenizer,
                  cat_labels: Sequence[str], report: FormatReport) -> list[dict[str, Any]]:
    """The ner_manual row (with relations) and, when there is a tag set, the choice row."""
    layer = select_layer(item, options, report)
    if layer is None:
        return []
    text, where = item.document.text, doc_name(item.document)
    bounds = tokenizer(text)
    starts, ends = [b[0] for b in bounds], [b[1] for b in bounds]
    tokens = [{"text": text[s:e], "start": s, "end": e, "id": i, "ws": ws}
              for i, (s, e, ws) in enumerate(bounds)]
    spans, by_uid = [], {}
    for span in kept_spans(item, layer, report):
        snapped = snap_to_tokens(starts, ends, text, span.start, span.end)
        if snapped is None:
            report.left_out.append(f"{where}: {span_name(text, span)}: covers no token")
            continue
        start, end, first, last = snapped
        if (start, end) != (span.start, span.end):
            report.snapped.append(f"{where}: {span_name(text, span)} -> {start}..{end}")
        row_span = {"start": start, "end": end, "label": span.label,
                    "token_start": first, "token_end": last}
        spans.append(row_span)
        by_uid[span.uid] = row_span
        report.count_span(span.label)
    relations = []
    for argument in layer.arguments:
        head, child = by_uid.get(argument.event_uid), by_uid.get(argument.argument_uid)
        if head is None or child is None:
            report.left_out.append(f"{where}: argument {argument.role!r} links a span "
                                   "that is not exported")
            continue
        relations.append({"head": head["token_end"], "child": child["token_end"],
                          "head_span": dict(head), "child_span": dict(child),
                          "label": argument.role})
    meta = _meta(item, layer)
    ner = {"text": text, "meta": meta, "tokens": tokens, "spans": spans,
           "_view_id": "relations" if relations else "ner_manual", "answer": "accept"}
    if relations:
        ner["relations"] = relations
    rows = [_with_hashes(ner, ("spans", "relations"))]
    if cat_labels:
        accepted = [tag.label for tag in layer.kept_tags()]
        for label in accepted:
            report.count_tag(label)
        choice = {"text": text, "meta": meta, "options": [{"id": x, "text": x} for x in cat_labels],
                  "accept": accepted, "_view_id": "choice", "answer": "accept"}
        rows.append(_with_hashes(choice, ("options",)))
    report.documents += 1
    return rows


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions,
          tokenizer: Tokenizer) -> FormatReport:
    """Write Prodigy JSONL (atomically): per document a ner_manual row and a choice row."""
    report = FormatReport()
    cat_labels = issue_labels(options.schema, [t.label for d in docs for lay in d.layers
                                               for t in lay.tags])
    lines = [json.dumps(row, ensure_ascii=False) for item in docs
             for row in document_rows(item, options, tokenizer, cat_labels, report)]
    atomic_write_text(Path(out), "".join(line + "\n" for line in lines))
    return report


def _span_offsets(span: dict[str, Any], row: dict[str, Any]) -> tuple[int, int]:
    if "start" in span and "end" in span:
        return whole_number(span["start"], "span start"), whole_number(span["end"], "span end")
    tokens = row.get("tokens") or []
    first = whole_number(span["token_start"], "token_start")
    last = whole_number(span["token_end"], "token_end")
    if not 0 <= first <= last < len(tokens):
        raise InputError(f"token_start..token_end {first}..{last} does not fit "
                         f"the row's {len(tokens)} tokens")
    return (whole_number(tokens[first]["start"], "token start"),
            whole_number(tokens[last]["end"], "token end"))


def _add_span(layer: Layer, data: dict[str, Any], row: dict[str, Any], state: State,
              options: ReadOptions) -> Span:
    start, end = _span_offsets(data, row)
    check_span(row["text"], start, end)
    label = str(data["label"])
    for span in layer.spans:
        if (span.start, span.end, span.label, span.state) == (start, end, label, state):
            return span
    span = Span(start=start, end=end, label=label, kind=kind_for(label, options.schema),
                state=state)
    layer.spans.append(span)
    return span


def _read_row(row: dict[str, Any], layer: Layer, options: ReadOptions) -> None:
    state = State.REJECTED if row.get("answer") == "reject" else State.ACCEPTED
    for data in row.get("spans") or []:
        _add_span(layer, data, row, state, options)
    for relation in row.get("relations") or []:
        head = _add_span(layer, relation["head_span"], row, state, options)
        child = _add_span(layer, relation["child_span"], row, state, options)
        layer.arguments.append(EventArgument(head.uid, child.uid, str(relation["label"])))
    if "options" in row:
        labels = [str(label) for label in row.get("accept") or []]
    elif "label" in row and "spans" not in row:
        labels = [str(row["label"])]  # textcat binary
    else:
        labels = []
    for label in labels:
        if not any(t.label == label and t.state is state for t in layer.tags):
            layer.tags.append(DocTag(label=label, state=state))


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read Prodigy JSONL; rows with the same text merge into one document."""
    report = FormatReport()
    documents: dict[str, AnnotatedDocument] = {}
    for number, row in json_lines(path):
        with row_guard(options, report), row_errors(path, number, "Prodigy task"):
            task = text_row(row, path, number, "a Prodigy row")
            answer = task.get("answer", "accept")
            if answer not in ANSWERS:
                raise InputError(f"answer {answer!r} is not one of {'/'.join(ANSWERS)}",
                                 str(path), number)
            if answer == "ignore":
                report.left_out.append(f"line {number}: answer is 'ignore'")
                continue
            text = task["text"]
            document = checked_document(text, task.get("meta"))
            if text not in documents:
                documents[text] = AnnotatedDocument(document, [new_layer(options)])
            _read_row(task, documents[text].layers[0], options)
    for item in documents.values():
        report.documents += 1
        for span in item.layers[0].kept_spans():
            report.count_span(span.label)
        for tag in item.layers[0].kept_tags():
            report.count_tag(tag.label)
    return list(documents.values()), report
