"""``jkannotate export``: training data and interchange files out of a project."""

from __future__ import annotations

from pathlib import Path

import typer

from jkannotate.commands._app import DbOption, app, err, progress_bar
from jkannotate.formats import FORMATS


@app.command("export")
def export_cli(
    out: Path = typer.Argument(..., help="Output file (or folder for brat)."),
    fmt: str = typer.Option(..., "--format", help="One of: " + ", ".join(FORMATS)),
    db: str | None = DbOption,
    layer: str | None = typer.Option(
        None, "--layer", help="gold, suggestion or an annotator's name."
    ),
    status: str = typer.Option("done", "--status", help="done (done or reviewed), reviewed, any."),
    split: float | None = typer.Option(
        None, "--split", help="Share for train; writes train and dev."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the deterministic split."),
    scheme: str = typer.Option("iob2", "--scheme", help="CoNLL tags: iob1, iob2 or biluo."),
) -> None:
    """Export annotations (atomic: a failed export leaves no partial file)."""
    from jkannotate.operations.interchange import export_project
    from jkannotate.project import Project

    with Project.open(db) as project, progress_bar("Exporting") as progress:
        written = export_project(
            project,
            out,
            fmt,
            layer=layer,
            status=status,
            split=split,
            seed=seed,
            scheme=scheme,
            progress=progress,
        )
    for path, report in written:
        typer.echo(f"{path}: {report.summary()}")
        if report.snapped or report.left_out:
            err(f"{path}: {len(report.snapped)} spans snapped, {len(report.left_out)} left out")
