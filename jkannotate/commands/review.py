"""Review commands: agreement, adjudicate, report, check."""

from __future__ import annotations

from pathlib import Path

import typer

from jkannotate.commands._app import (
    AnnotatorOption,
    DbOption,
    app,
    err,
    open_project,
    print_json,
    progress_bar,
    split_names,
)
from jkannotate.core.errors import InputError


@app.command("agreement")
def agreement_cli(
    db: str | None = DbOption,
    annotators: str | None = typer.Option(
        None, "--annotators", help="Compare these (default: everyone who finished a document)."
    ),
    label: str | None = typer.Option(None, "--label", help="Only this label or issue tag."),
    as_json: bool = typer.Option(False, "--json", help="One JSON object."),
    include_pending: bool = typer.Option(
        False, "--include-pending", help="Count suggestions nobody decided as annotations."
    ),
) -> None:
    """Inter-annotator agreement on spans, issue tags and events."""
    from jkannotate.operations.review import agreement
    with open_project(db) as project:
        figures = agreement(
            project, split_names(annotators), label, include_pending=include_pending
        )
    if as_json:
        print_json(figures.to_json())
    else:
        typer.echo(figures.to_table())


@app.command("adjudicate")
def adjudicate_cli(
    strategy: str = typer.Option("majority", "--strategy", help="majority or unanimous."),
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Build gold where the strategy decides; reviewed or hand-edited gold is kept."""
    from jkannotate.operations.review import adjudicate_project
    with open_project(db, user=annotator) as project, progress_bar("Adjudicating") as progress:
        summary = adjudicate_project(project, strategy, progress=progress)
    if as_json:
        print_json(summary.to_json())
    else:
        typer.echo(summary.line())


@app.command("report")
def report_cli(
    out: Path = typer.Argument(..., help="The HTML file to write."),
    db: str | None = DbOption,
    force: bool = typer.Option(False, "--force", help="Replace an existing file."),
) -> None:
    """Write the review dashboard as one self-contained HTML page."""
    from jkannotate.operations.interchange import respect_umask
    from jkannotate.operations.review import report

    if out.is_file() and not force:
        raise InputError("already exists; --force replaces it", str(out))
    with open_project(db) as project:
        written = report(project, out)
    respect_umask(Path(written))
    typer.echo(f"wrote {written}")


@app.command("check")
def check_cli(db: str | None = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """List likely inconsistencies in finished layers."""
    from jkannotate.operations.review import check
    with open_project(db) as project:
        found, warnings = check(project)
    if as_json:
        print_json({"inconsistencies": [item.to_json() for item in found], "warnings": warnings})
        return
    for warning in warnings:
        err(f"warning: {warning}")
    for item in found:
        typer.echo(item.message)
    typer.echo(f"{len(found)} likely inconsistencies")
