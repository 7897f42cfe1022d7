"""``jkannotate export``: training data and interchange files out of a project.

Also the helpers ``import --format`` uses to find a format's files and to explain what came in.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jkannotate.commands._app import DbOption, app, err, open_project, progress_bar
from jkannotate.core.errors import InputError
from jkannotate.core.model import LabelKind
from jkannotate.formats import FORMATS, get_format

if TYPE_CHECKING:
    from jkannotate.core.schema import LabelSchema
    from jkannotate.formats import FormatReport
    from jkannotate.project import ImportSummary

SCHEMES = ("iob1", "iob2", "biluo")
DOCCANO_FORMS = ("labels", "relations")


@app.command("export")
def export_cli(
    out: Path = typer.Argument(..., metavar="OUT", help="Output file (or folder for brat)."),
    fmt: str = typer.Option(..., "--format", help="One of: " + ", ".join(FORMATS)),
    db: str | None = DbOption,
    layer: str | None = typer.Option(
        None, "--layer", help="gold, suggestion or an annotator's name."
    ),
    status: str | None = typer.Option(
        None, "--status", help="done (done or reviewed; the default), reviewed, any."
    ),
    split: float | None = typer.Option(
        None, "--split", help="Share for train; writes train and dev."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the deterministic split."),
    scheme: str = typer.Option("iob2", "--scheme", help="CoNLL tags: iob1, iob2 or biluo."),
    doccano_form: str = typer.Option(
        "labels", "--doccano-form",
        help="doccano: labels (sequence labelling, doccano's default project type) or "
        "relations (entities + relations: keeps event arguments).",
    ),
    force: bool = typer.Option(
        False, "--force", help="Replace existing output files (brat: in a folder of other "
        "files, only the files of the export)."
    ),
    include_pending: bool = typer.Option(
        False, "--include-pending",
        help="Also export suggestions nobody accepted or rejected, as annotations "
        "(default: left out and counted).",
    ),
) -> None:
    """Export annotations (atomic: a failed export leaves no partial file)."""
    from jkannotate.operations.interchange import (
        STATUS_FILTERS,
        default_export_layers,
        export_project,
    )
    get_format(fmt)  # bad options are refused before the database is opened
    if doccano_form not in DOCCANO_FORMS:
        raise InputError(f"--doccano-form must be one of {', '.join(DOCCANO_FORMS)}, "
                         f"got {doccano_form!r}")
    if scheme not in SCHEMES:
        raise InputError(f"--scheme must be one of {', '.join(SCHEMES)}, got {scheme!r}")
    if fmt == "jsonl" and layer is None and status not in (None, "any"):
        # the lossless dump holds every document and layer; a silently ignored filter would lie
        raise InputError("project JSONL without --layer exports every layer of every document; "
                         "add --layer NAME to filter by --status")
    status = status or "done"
    if status not in STATUS_FILTERS:
        raise InputError(f"--status must be one of {', '.join(STATUS_FILTERS)}, got {status!r}")
    if split is not None and not 0.0 < split < 1.0:
        raise InputError(f"--split is the train share, between 0 and 1 (exclusive), got {split}")
    chosen, fallback = layer, None
    with open_project(db) as project, progress_bar("Exporting") as progress:
        if chosen is None and fmt != "jsonl":
            chosen, fallback = default_export_layers(project)
        try:
            written = export_project(
                project,
                out,
                fmt,
                layer=chosen,
                status=status,
                split=split,
                seed=seed,
                scheme=scheme,
                progress=progress,
                fallback=fallback,
                force=force,
                include_pending=include_pending,
                doccano_form=doccano_form,
            )
        except OSError as error:  # e.g. OUT is a folder, or its parent is a file
            where = error.filename2 or error.filename or out  # filename is the temp file
            reason = "a file is in the way of a folder" if isinstance(
                error, FileExistsError) else error.strerror or str(error)
            raise InputError(f"cannot write: {reason}", str(where)) from error
    for path, report in written:
        typer.echo(f"{path}: {report.summary()}")
        if report.snapped or report.left_out:
            err(f"{path}: {len(report.snapped)} spans snapped, {len(report.left_out)} left out")
        if not report.documents:
            err(f"warning: {path} holds no documents (too few to split)")
    if layer is None and chosen is not None:
        where_missing = f", else {fallback!r} where gold is missing" if fallback else ""
        err(f"note: exported layer {chosen!r}{where_missing}, the default; --layer chooses another")


def expand_format_paths(paths: Sequence[Path], fmt: str) -> list[Path]:
    """The files to read: a folder stands for its files of that format (e.g. a split export).

    brat reads a folder of ``.txt``/``.ann`` itself; a folder of such folders (a split
    export's ``train``/``dev``) stands for its sub-folders.
    """
    chosen = get_format(fmt)
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.is_dir():
            found.append(path)
        elif fmt == "brat":
            inner = sorted(p for p in path.iterdir() if p.is_dir() and any(p.glob("*.txt")))
            found.extend([path] if any(path.glob("*.txt")) or not inner else inner)
        else:
            files = sorted(
                p for p in path.iterdir()
                if p.is_file() and p.name.endswith(chosen.suffix) and not p.name.startswith(".")
            )
            if not files:
                raise InputError(f"no {chosen.suffix} files to read as {fmt}", str(path))
            found.extend(files)
    return found


def unknown_labels(report: FormatReport, schema: LabelSchema) -> list[str]:
    """Imported labels the project's schema does not define, with their counts."""
    spans = [
        f"{label} ({count} span{'s' * (count != 1)})"
        for label, count in sorted(report.spans_by_label.items())
        if not (schema.has(label, LabelKind.ENTITY) or schema.has(label, LabelKind.EVENT))
    ]
    tags = [
        f"{label} ({count} tag{'s' * (count != 1)})"
        for label, count in sorted(report.tags_by_label.items())
        if not schema.has(label, LabelKind.ISSUE)
    ]
    return spans + tags


def import_notes(
    fmt: str, layer: str | None, report: FormatReport, summary: ImportSummary, schema: LabelSchema
) -> list[str]:
    """Warnings after ``import --format``: what the user might not expect from the counts."""
    notes: list[str] = []
    unknown = unknown_labels(report, schema)
    if unknown:
        notes.append(
            "warning: labels not in the project's schema, imported as they are: "
            + ", ".join(unknown)
        )
    if fmt == "jsonl" and layer:
        notes.append(f"note: project JSONL brings its own layers; {layer!r} was not used as one")
    if summary.layers_kept:
        notes.append(
            f"note: {summary.layers_kept} imported layer(s) not applied: those documents "
            "already had that layer, which was left unchanged"
        )
    return notes
