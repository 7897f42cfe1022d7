"""History commands: who changed what (``history``), and ``undo``/``redo`` from the edit log."""

from __future__ import annotations

import typer

from jkannotate.commands._app import AnnotatorOption, DbOption, app, open_project, print_json
from jkannotate.core.errors import NotFound

LayerOption = typer.Option(
    None, "--layer", help="gold, or an annotator's name (default: your own layer)."
)


@app.command("history")
def history_cli(
    doc: int = typer.Option(..., "--doc", help="Document id."),
    span: str | None = typer.Option(None, "--span", help="Only the history of this span (uid)."),
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Who changed a document's layers (or one span), oldest first."""
    with open_project(db) as project:
        lines = project.history(doc, span)
    if as_json:
        print_json([line.to_dict() for line in lines])
        return
    for line in lines:
        typer.echo(line.text())
    if not lines:
        typer.echo("no recorded changes")


def _step(
    doc: int, layer_name: str | None, db: str | None, annotator: str | None, redo: bool
) -> None:
    with open_project(db, user=annotator) as project:
        name = layer_name or project.user
        layer = project.layer(doc, name)
        if layer is None:
            raise NotFound(f"document {doc} has no layer {name!r}")
        changes = project.redo(layer) if redo else project.undo(layer)
        verb = "redo" if redo else "undo"
        if changes is None:
            typer.echo(f"nothing to {verb} for {project.user} in layer {name!r} of document {doc}")
            return
        entry = project.history(doc)[-1]
        typer.echo(
            f"{entry.what}; layer {name!r} of document {doc} is at version {changes.version}"
        )


@app.command("undo")
def undo_cli(
    doc: int = typer.Option(..., "--doc", help="Document id."),
    layer: str | None = LayerOption,
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
) -> None:
    """Undo your latest edit of a document's layer (also edits made in the window)."""
    _step(doc, layer, db, annotator, redo=False)


@app.command("redo")
def redo_cli(
    doc: int = typer.Option(..., "--doc", help="Document id."),
    layer: str | None = LayerOption,
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
) -> None:
    """Redo your latest undone edit of a document's layer."""
    _step(doc, layer, db, annotator, redo=True)
