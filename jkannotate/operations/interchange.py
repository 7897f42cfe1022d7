"""Export a project's annotations in an interchange format, and import other tools' files."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, LayerKind, LayerStatus

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


def select_for_export(
    project: Project,
    layer: str | None,
    status: str = "done",
    progress: Callable[[int, int | None], None] | None = None,
    *,
    fallback: str | None = None,
) -> list[AnnotatedDocument]:
    """Documents whose chosen layer has an accepted status, each with that layer only.

    ``fallback`` is the layer used on documents that lack ``layer``.
    ``layer=None`` with ``status="any"`` keeps every layer (for the lossless JSONL).
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
) -> list[tuple[Path, FormatReport]]:
    """Write the chosen layer of the selected documents; returns each file with its report.

    Without ``layer`` the default applies per document: gold, else the only annotator's.
    """
    from jkannotate.formats import WriteOptions, get_format, write_split

    chosen_format = get_format(fmt)
    if layer is None and not (fmt == "jsonl"):
        layer, fallback = default_export_layers(project)
    docs = select_for_export(
        project, layer, status if layer or fmt != "jsonl" else "any", progress, fallback=fallback
    )
    if not docs:
        raise InputError(f"no documents with layer {layer!r} and status {status!r} to export")
    # with a fallback each document carries just the layer chosen for it
    options = WriteOptions(layer=None if fallback else layer, schema=project.schema, scheme=scheme)
    if split is not None:
        return write_split(docs, out, fmt, options, split=split, seed=seed)
    return [(out, chosen_format.write(docs, out, options))]


def import_annotations(
    project: Project, paths: Sequence[Path], fmt: str, *, layer: str | None = None
) -> tuple[ImportSummary, FormatReport]:
    """Import another tool's annotated files as one layer (an annotator's or gold).

    Project JSONL brings its own layers. Everything lands in one transaction.
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
    options = ReadOptions(schema=project.schema, layer_kind=kind, owner=owner)
    items: list[AnnotatedDocument] = []
    report = FormatReport()
    for path in paths:
        docs, file_report = chosen_format.read(Path(path), options)
        items.extend(put_title_in_annotated(item) for item in docs)  # the headline is text
        report.merge(file_report)
    return project.import_documents(items), report
