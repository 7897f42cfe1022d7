"""Export a project's annotations in an interchange format, and import other tools' files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    EventArgument,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.formats.base import doc_name

if TYPE_CHECKING:
    from jkannotate.formats import FormatReport
    from jkannotate.project import ImportSummary, Project

EXPORT_BATCH = 500  # documents read per bulk load
STATUS_FILTERS: dict[str, set[LayerStatus] | None] = {
    "done": {LayerStatus.DONE, LayerStatus.REVIEWED},
    "reviewed": {LayerStatus.REVIEWED},
    "any": None,
}


def default_export_layer(project: Project) -> str:
    """Gold where it exists, else the only annotator's layer, else ask for ``--layer``."""
    return default_export_layers(project)[0]


def default_export_layers(project: Project) -> tuple[str, str | None]:
    """The default layer and, per document, the one used where it is missing.

    Gold wins on every document that has it; documents without gold fall back to
    the only annotator's layer, when the project has exactly one annotator.
    """
    names: set[str] = set()
    for summary in project.documents():
        names.update(summary.layers)
    annotators = sorted(names - {"gold", "suggestion"})
    if "gold" in names:
        return "gold", annotators[0] if len(annotators) == 1 else None
    if len(annotators) == 1:
        return annotators[0], None
    if not annotators:
        raise InputError(
            "the project has no annotated layer yet; use --layer suggestion to export suggestions"
        )
    raise InputError(
        f"several annotators ({', '.join(annotators)}): choose one with --layer NAME or gold"
    )


@dataclass
class PendingLeftOut:
    """Undecided items taken out of an export or a training set."""

    spans: int = 0
    tags: int = 0
    documents: int = 0

    def note(self) -> str | None:
        if not (self.spans or self.tags):
            return None
        return (f"{self.spans} pending span(s) and {self.tags} pending tag(s) in "
                f"{self.documents} document(s) left out: nobody decided them "
                "(--include-pending exports them as annotations)")


def without_pending(layer: Layer, counts: PendingLeftOut | None = None) -> Layer:
    """The layer with only decided items (:meth:`Layer.decided`), counting what went."""
    decided = layer.decided()
    if counts is not None and decided is not layer:
        counts.spans += len(layer.spans) - len(decided.spans)
        counts.tags += len(layer.tags) - len(decided.tags)
        counts.documents += 1
    return decided


def select_for_export(
    project: Project,
    layer: str | None,
    status: str = "done",
    progress: Callable[[int, int | None], None] | None = None,
    *,
    fallback: str | None = None,
    include_pending: bool = False,
    pending: PendingLeftOut | None = None,
) -> list[AnnotatedDocument]:
    """Documents whose chosen layer has an accepted status, each with that layer only.

    ``fallback`` is the layer used on documents that lack ``layer``.
    ``layer=None`` with ``status="any"`` keeps every layer (for the lossless JSONL).
    Pending (undecided) spans and tags are left out, counted in ``pending``, unless
    ``include_pending``: nothing nobody decided leaves as a decision.
    """
    if status not in STATUS_FILTERS:
        raise InputError(f"--status must be one of {', '.join(STATUS_FILTERS)}, got {status!r}")
    allowed = STATUS_FILTERS[status]
    summaries = project.documents()
    chosen: list[int] = []
    for summary in summaries:
        if layer is None:
            if allowed is None or any(LayerStatus(s) in allowed for s in summary.layers.values()):
                chosen.append(summary.id)
        else:
            name = layer if layer in summary.layers else fallback
            if name is None or name not in summary.layers:
                continue
            layer_status = LayerStatus(summary.layers[name])
            if allowed is None or name == "suggestion" or layer_status in allowed:
                chosen.append(summary.id)
    # read in bulk (one query per table per batch), reporting progress per batch
    selected: list[AnnotatedDocument] = []
    wanted = None if layer is None else [layer] if fallback is None else [layer, fallback]
    position = {summary.id: index for index, summary in enumerate(summaries, 1)}
    reported = 0
    for start in range(0, len(chosen), EXPORT_BATCH):
        batch = project.annotated_many(chosen[start : start + EXPORT_BATCH], wanted)
        if fallback is not None:  # keep the preferred layer where both exist
            for item in batch:
                item.layers = [item.layer(layer) or item.layer(fallback)]  # type: ignore[arg-type, list-item]
        if not include_pending:
            for item in batch:
                item.layers = [without_pending(each, pending) for each in item.layers]
        selected.extend(batch)
        reported = position[chosen[min(start + EXPORT_BATCH, len(chosen)) - 1]]
        if progress:
            progress(reported, len(summaries))
    if progress and reported < len(summaries):
        progress(len(summaries), len(summaries))
    return selected


def export_project(
    project: Project,
    out: Path,
    fmt: str,
    *,
    layer: str | None = None,
    status: str = "done",
    split: float | None = None,
    seed: int = 0,
    scheme: str = "iob2",
    progress: Callable[[int, int | None], None] | None = None,
    fallback: str | None = None,
    force: bool = False,
    include_pending: bool = False,
    doccano_form: str = "labels",
) -> list[tuple[Path, FormatReport]]:
    """Write the chosen layer of the selected documents; returns each file with its report.

    Without ``layer`` the default applies per document: gold, else the only annotator's.
    Pending spans and tags stay out unless ``include_pending``; project JSONL, which
    records each item's state, and the suggestion layer, which is nothing but pending
    suggestions, keep them (as ``pending``, never as accepted). Without ``force`` an
    existing output is refused; with it a folder format (brat) replaces only the files of
    the export in a folder that holds others. Written files get the permissions the umask gives.
    """
    from jkannotate.formats import WriteOptions, get_format, write_split
    from jkannotate.formats.split import split_paths

    chosen_format = get_format(fmt)
    targets = split_paths(out, chosen_format.suffix) if split is not None else (out,)
    if not force:
        existing = [str(path) for path in map(Path, targets) if path.is_file() or (
            not chosen_format.suffix and path.is_dir() and any(path.iterdir()))]
        if existing:
            raise InputError(f"{', '.join(existing)} already exist{'s' * (len(existing) == 1)}; "
                             "--force replaces it")
    if layer is None and not (fmt == "jsonl"):
        layer, fallback = default_export_layers(project)
    keep_pending = include_pending or fmt == "jsonl" or layer == "suggestion"
    pending = PendingLeftOut()
    docs = select_for_export(
        project, layer, status if layer or fmt != "jsonl" else "any", progress, fallback=fallback,
        include_pending=keep_pending, pending=pending,
    )
    if not docs:
        raise InputError(f"no documents with layer {layer!r} and status {status!r} to export")
    # with a fallback each document carries just the layer chosen for it
    options = WriteOptions(layer=None if fallback else layer, schema=project.schema, scheme=scheme,
                           force=force, doccano_form=doccano_form)
    if split is not None:
        written = write_split(docs, out, fmt, options, split=split, seed=seed)
    else:
        written = [(out, chosen_format.write(docs, out, options))]
    note = pending.note()
    for path, report in written:
        respect_umask(Path(path))
        if note:
            report.notes.append(note)
    return written


def respect_umask(path: Path) -> None:
    """Give a written file (or a folder and its files) the permissions ``open()`` would:
    temporary files are created private (0600), an export is for sharing."""
    import os

    mask = os.umask(0)
    os.umask(mask)
    if path.is_dir():
        path.chmod(0o777 & ~mask)
        for child in path.rglob("*"):
            child.chmod((0o777 if child.is_dir() else 0o666) & ~mask)
    elif path.exists():
        path.chmod(0o666 & ~mask)


def import_annotations(
    project: Project, paths: Sequence[Path], fmt: str, *, layer: str | None = None,
    skip_bad: bool = False,
) -> tuple[ImportSummary, FormatReport]:
    """Import another tool's annotated files as one layer (an annotator's or gold).

    Annotations of different kinds for the same text (Prodigy's spans from ``ner.manual`` and
    tags from ``choice``, in two files or two imports) merge into one layer, as Prodigy's
    ``data-to-spacy`` merges by input hash; two different versions of the same kind are a
    conflict: the first stays and the conflict is reported. Project JSONL brings its own
    layers. New documents and layers land in one transaction. With ``skip_bad`` a bad row
    (JSONL formats) or file (the others) is listed in ``FormatReport.skipped``.
    """
    from jkannotate.formats import FormatReport, ReadOptions, get_format
    from jkannotate.ingest.titles import put_title_in_annotated
    from jkannotate.project import layer_identity

    chosen_format = get_format(fmt)
    if chosen_format.read is None:
        raise InputError(f"format {fmt!r} cannot be read")
    kind, owner = layer_identity(layer or project.user)
    if kind is LayerKind.SUGGESTION:
        raise InputError("imported annotations go to an annotator's layer or gold, not suggestion")
    options = ReadOptions(schema=project.schema, layer_kind=kind, owner=owner, skip_bad=skip_bad)
    items: list[AnnotatedDocument] = []
    by_hash: dict[str, AnnotatedDocument] = {}
    report = FormatReport()
    conflicts: list[str] = []
    for path in paths:
        try:
            docs, file_report = chosen_format.read(Path(path), options)
        except InputError as error:
            if not skip_bad:
                raise
            report.skipped.append(f"{error} (the whole file)")
            continue
        docs = [put_title_in_annotated(item) for item in docs]  # the headline is text
        report.merge(file_report)
        for item in docs:
            first = by_hash.get(item.document.hash)
            if first is None or fmt == "jsonl":
                by_hash.setdefault(item.document.hash, item)
                items.append(item)
                continue
            report.documents -= 1  # the same text again: one document
            spans, arguments, tags = merge_plan(first.layers[0], item.layers[0],
                                                f"{path}: {doc_name(item.document)}", conflicts)
            first.layers[0].spans.extend(spans)
            first.layers[0].arguments.extend(arguments)
            first.layers[0].tags.extend(tags)
    if fmt == "conll":
        matched = match_stored_texts(project, items)
        if matched:
            report.notes.append(f"{matched} CoNLL document(s) matched stored documents by "
                                "their tokens: annotations placed on the stored text")
    summary = project.import_documents(items)
    merged = 0 if fmt == "jsonl" else _merge_into_stored(project, items, conflicts)
    if merged:
        report.notes.append(f"{merged} existing layer(s) completed with annotations of "
                            "another kind from this import")
        summary.layers_kept -= merged
    if conflicts:
        report.notes.append(f"{len(conflicts)} conflict(s): the same kind of annotation differs "
                            "from what was there first, which was kept:")
        report.notes.extend(f"  {line}" for line in conflicts[:5])
        if len(conflicts) > 5:
            report.notes.append(f"  … and {len(conflicts) - 5} more")
    return summary, report


def _letters(text: str) -> tuple[str, list[int]]:
    """The text without whitespace, and where each of its characters sits in ``text``."""
    positions = [i for i, char in enumerate(text) if not char.isspace()]
    return "".join(text[i] for i in positions), positions


def match_stored_texts(project: Project, items: Sequence[AnnotatedDocument]) -> int:
    """Put documents rebuilt from tokens (CoNLL keeps no whitespace) back on the stored
    document with the same tokens, moving their spans onto its offsets; returns how many."""
    stored: dict[str, int] = {}
    for summary in project.documents():
        key, _ = _letters(project.document(summary.id).text)
        stored.setdefault(key, summary.id)
    matched = 0
    for item in items:
        key, rebuilt = _letters(item.document.text)
        doc_id = stored.get(key)
        if doc_id is None or not key:
            continue
        document = project.document(doc_id)
        if document.text == item.document.text:
            continue
        _, original = _letters(document.text)
        index = {position: k for k, position in enumerate(rebuilt)}
        for layer in item.layers:
            layer.spans = [replace(span, start=original[index[span.start]],
                                   end=original[index[span.end - 1]] + 1)
                           for span in layer.spans]
        item.document = document
        matched += 1
    return matched


PRODIGY_KEYS = {"_input_hash", "_task_hash", "_view_id", "spans", "tokens", "accept"}
DOCCANO_KEYS = {"entities", "relations", "cats"}


def guess_file_format(path: Path) -> str | None:
    """The annotated format a file or folder holds, from its name and first row; None for
    plain articles (``.txt``, ``.html``, JSONL with text and metadata only)."""
    path = Path(path)
    if path.is_dir():
        return "brat" if any(path.rglob("*.ann")) else None
    suffix = path.suffix.lower()
    if suffix in (".spacy", ".conll"):
        return suffix[1:]
    if suffix not in (".jsonl", ".json"):
        return None
    import json

    try:
        with path.open(encoding="utf-8-sig", errors="replace") as stream:
            first = next((line for line in stream if line.strip()), "")
        row = json.loads(first) if first else None
    except (OSError, ValueError, RecursionError):
        return None  # the plain reader reports what is wrong with it
    if not isinstance(row, dict):
        return None
    if "layers" in row:
        return "jsonl"
    if PRODIGY_KEYS & row.keys():
        return "prodigy"
    label = row.get("label", row.get("labels"))
    if DOCCANO_KEYS & row.keys() or (isinstance(label, list) and label):
        return "doccano"
    return None


def guess_format(paths: Sequence[Path]) -> str | None:
    """One annotated format for all ``paths``, None when they are plain articles; a mix is
    refused (it needs ``--format`` or separate imports)."""
    guesses = {str(path): guess_file_format(path) for path in paths}
    found = set(guesses.values())
    if found == {None}:
        return None
    if len(found) > 1:
        listed = ", ".join(f"{path} ({fmt or 'articles'})" for path, fmt in guesses.items())
        raise InputError(f"these inputs hold different kinds of data: {listed}; "
                         "import them separately, or name one with --format")
    return found.pop()


def merge_plan(
    target: Layer, incoming: Layer, where: str, conflicts: list[str]
) -> tuple[list[Span], list[EventArgument], list[DocTag]]:
    """What ``incoming`` adds to ``target``: each kind (spans with their arguments, tags)
    that ``target`` lacks. A kind both hold, differently, is a conflict (``target`` wins)."""
    spans: list[Span] = []
    arguments: list[EventArgument] = []
    tags: list[DocTag] = []
    if incoming.spans:
        if not target.spans:
            spans, arguments = list(incoming.spans), list(incoming.arguments)
        elif _span_keys(target) != _span_keys(incoming):
            conflicts.append(f"{where}: spans differ ({len(incoming.spans)} here, "
                             f"{len(target.spans)} kept)")
    if incoming.tags:
        if not target.tags:
            tags = list(incoming.tags)
        elif _tag_keys(target) != _tag_keys(incoming):
            conflicts.append(f"{where}: tags differ ("
                             f"{', '.join(sorted(t.label for t in incoming.tags))} here, "
                             f"{', '.join(sorted(t.label for t in target.tags))} kept)")
    return spans, arguments, tags


def _span_keys(layer: Layer) -> set[tuple[int, int, str, str]]:
    return {(s.start, s.end, s.label, s.state.value) for s in layer.spans}


def _tag_keys(layer: Layer) -> set[tuple[str, str]]:
    return {(t.label, t.state.value) for t in layer.tags}


def _merge_into_stored(project: Project, items: Sequence[AnnotatedDocument],
                       conflicts: list[str]) -> int:
    """Complete layers the project already had with the kinds they lack; returns how many."""
    from jkannotate.core import edits as ed

    merged = 0
    for item in items:
        incoming = item.layers[0] if item.layers else None
        if incoming is None or item.document.id is None:
            continue
        stored = project.layer(item.document.id, incoming.name)
        if stored is None or stored.id == incoming.id:
            continue  # this import created it
        spans, arguments, tags = merge_plan(stored, incoming, doc_name(item.document), conflicts)
        changes: list[ed.Edit] = [ed.AddSpan(span) for span in spans]
        changes += [ed.AddArgument(argument) for argument in arguments]
        changes += [ed.SetTag(tag) for tag in tags]
        if changes:
            project.apply(stored, changes)
            merged += 1
    return merged
