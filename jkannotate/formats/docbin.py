"""spaCy DocBin (``.spacy``): what ``spacy train`` reads for ner, spancat and textcat_multilabel.

- ``doc.ents``: entity spans, non-overlapping, longest wins (``spacy.util.filter_spans``);
- ``doc.spans["sc"]``: every kept span, entities and event triggers, overlaps included;
- ``doc.spans["events"]``: event triggers; their arguments in ``doc.user_data["event_arguments"]``;
- ``doc.cats``: 1.0/0.0 over the whole issue tag set, so ``textcat_multilabel`` trains;
- ``doc.user_data``: document id, hash and metadata, the layer name, span uids.

Spans off token boundaries are snapped with ``alignment_mode="expand"`` and reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Origin,
    Span,
)
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    WriteOptions,
    doc_name,
    issue_labels,
    kept_spans,
    kind_for,
    new_layer,
    select_layer,
    span_name,
    trim_whitespace,
)
from jkannotate.formats.docbin_io import ShardedDocBinWriter, inflate_checked
from jkannotate.formats.spacy_tokens import blank_nlp
from jkannotate.formats.temporaries import atomic_stream

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPANS_KEY = "sc"
EVENTS_KEY = "events"
_META_FIELDS = ("title", "outlet", "url", "published", "byline")


def build_doc(
    item: AnnotatedDocument, options: WriteOptions, cat_labels: Sequence[str], report: FormatReport
) -> Doc | None:
    """One spaCy Doc for one document's chosen layer (None, reported, when it has no such layer)."""
    from spacy.util import filter_spans

    layer = select_layer(item, options, report)
    if layer is None:
        return None
    text = item.document.text
    where = doc_name(item.document)
    doc = blank_nlp().make_doc(text)
    all_spans: list[Any] = []
    entities: list[Any] = []
    events: list[Any] = []
    uids: list[str] = []
    placed: dict[str, Any] = {}
    for span in kept_spans(item, layer, report):
        start, end = trim_whitespace(text, span.start, span.end)
        snapped = doc.char_span(start, end, label=span.label, alignment_mode="expand") \
            if start < end else None
        if snapped is None:
            report.left_out.append(f"{where}: {span_name(text, span)}: covers no token")
            continue
        if (snapped.start_char, snapped.end_char) != (span.start, span.end):
            report.snapped.append(f"{where}: {span_name(text, span)} -> "
                                  f"{snapped.start_char}..{snapped.end_char} {snapped.text[:40]!r}")
        report.count_span(span.label)
        all_spans.append(snapped)
        uids.append(span.uid)
        placed[span.uid] = snapped
        (events if span.kind is LabelKind.EVENT else entities).append(snapped)
    doc.ents = filter_spans(entities)
    if len(doc.ents) < len(entities):
        report.notes.append("overlapping entities are kept in doc.spans['sc'] only; "
                            "doc.ents holds the longest of each overlap")
    doc.spans[SPANS_KEY] = all_spans
    doc.spans[EVENTS_KEY] = events
    kept = {tag.label for tag in layer.kept_tags()}
    doc.cats = {label: 1.0 if label in kept else 0.0 for label in cat_labels}
    for label in sorted(kept):
        report.count_tag(label)
    arguments = []
    for argument in layer.arguments:
        event, target = placed.get(argument.event_uid), placed.get(argument.argument_uid)
        if event is None or target is None:
            report.left_out.append(f"{where}: argument {argument.role!r} links a span "
                                   "that is not exported")
            continue
        arguments.append({"event": [event.start_char, event.end_char, event.label_],
                          "argument": [target.start_char, target.end_char, target.label_],
                          "role": argument.role, "uid": argument.uid})
    document = item.document
    doc.user_data.update({
        "doc_id": document.id, "hash": document.hash, "meta": dict(document.meta),
        "layer": layer.name, "span_uids": uids, "event_arguments": arguments,
        **{name: getattr(document, name) for name in _META_FIELDS},
    })
    report.documents += 1
    return doc


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write one ``.spacy`` file (atomically) with one Doc per document, in shards: memory
    holds one shard of Docs, not the whole corpus (see :mod:`~jkannotate.formats.docbin_io`)."""
    report = FormatReport()
    cat_labels = issue_labels(options.schema, [t.label for d in docs for lay in d.layers
                                               for t in lay.tags])
    writer = ShardedDocBinWriter()
    try:
        for item in docs:
            doc = build_doc(item, options, cat_labels, report)
            if doc is not None:
                writer.add(doc)
        with atomic_stream(Path(out)) as stream:
            writer.write_to(stream)
    finally:
        writer.close()
    return report


def _key(span: Any) -> tuple[int, int, str]:
    return (span.start_char, span.end_char, span.label_)


def _read_doc(doc: Doc, options: ReadOptions, report: FormatReport) -> AnnotatedDocument:
    data = doc.user_data if isinstance(doc.user_data, dict) else {}
    layer = new_layer(options)
    event_keys = {_key(s) for s in doc.spans.get(EVENTS_KEY, [])}
    ordered = list(doc.spans.get(SPANS_KEY, []))
    seen = {_key(s) for s in ordered}
    ordered += [s for s in list(doc.ents) + list(doc.spans.get(EVENTS_KEY, []))
                if _key(s) not in seen]
    uids = data.get("span_uids") or []
    by_key: dict[tuple[int, int, str], str] = {}
    for index, found in enumerate(ordered):
        key = _key(found)
        kind = LabelKind.EVENT if key in event_keys else kind_for(found.label_, options.schema)
        extra = {"uid": str(uids[index])} if index < len(uids) else {}
        span = Span(start=key[0], end=key[1], label=key[2], kind=kind, **extra)
        layer.spans.append(span)
        by_key.setdefault(key, span.uid)
        report.count_span(span.label)
    for argument in data.get("event_arguments") or []:
        event = by_key.get(tuple(argument["event"]))
        target = by_key.get(tuple(argument["argument"]))
        if event and target:
            extra = {"uid": str(argument["uid"])} if argument.get("uid") else {}
            layer.arguments.append(EventArgument(event, target, str(argument["role"]), **extra))
    for label, score in sorted(doc.cats.items()):
        if score >= 0.5:
            layer.tags.append(DocTag(label=label, origin=Origin.MANUAL))
            report.count_tag(label)
    document = Document(text=doc.text, meta=dict(data.get("meta") or {}),
                        **{name: data.get(name) for name in _META_FIELDS if data.get(name)})
    report.documents += 1
    return AnnotatedDocument(document=document, layers=[layer])


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read a ``.spacy`` file: ents, spans["sc"], spans["events"], cats and our user_data."""
    from spacy.tokens import DocBin

    data = inflate_checked(Path(path))
    try:
        docbin = DocBin(store_user_data=True).from_bytes(data)
        docs = list(docbin.get_docs(blank_nlp().vocab))
    except Exception as error:  # msgpack/zlib raise many types on a damaged file
        raise InputError(f"not a spaCy DocBin file ({type(error).__name__})", str(path)) from error
    report = FormatReport()
    return [_read_doc(doc, options, report) for doc in docs], report
