"""Decisions on a document's layer from the command line (what the window's keys do):
``accept``, ``reject`` and ``done``, for scripts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from jkannotate.commands._app import AnnotatorOption, DbOption, app, err, open_project
from jkannotate.core.errors import NotFound
from jkannotate.core.model import LayerStatus, State

if TYPE_CHECKING:
    from jkannotate.core.model import Layer
    from jkannotate.project import Project

DocOption = typer.Option(..., "--doc", help="The document id (see jkannotate docs).")
LayerOption = typer.Option(
    None, "--layer", help="gold or an annotator's name (default: the annotator's own layer)."
)


def _layer(project: Project, doc_id: int, layer: str | None) -> Layer:
    try:
        project.document_text(doc_id)
    except NotFound:
        raise NotFound(f"no document {doc_id} in the project (see jkannotate docs)") from None
    return project.open_layer(doc_id, layer or project.user)


def _decide(db: str | None, annotator: str | None, doc: int, layer: str | None,
            state: State) -> None:
    """Give every pending span and tag of the layer ``state`` (one transaction) and say so."""
    with open_project(db, user=annotator) as project:
        chosen = _layer(project, doc, layer)
        spans = sum(span.state is State.PENDING for span in chosen.spans)
        tags = sum(tag.state is State.PENDING for tag in chosen.tags)
        project.decide_pending(chosen, state)
    typer.echo(f"doc {doc} layer {chosen.name}: {state.value} {spans} spans, {tags} tags")


@app.command("accept")
def accept_cli(doc: int = DocOption, layer: str | None = LayerOption, db: str | None = DbOption,
               annotator: str | None = AnnotatorOption) -> None:
    """Accept every pending suggestion (spans and issue tags) of a document's layer."""
    _decide(db, annotator, doc, layer, State.ACCEPTED)


@app.command("reject")
def reject_cli(doc: int = DocOption, layer: str | None = LayerOption, db: str | None = DbOption,
               annotator: str | None = AnnotatorOption) -> None:
    """Reject every pending suggestion (spans and issue tags) of a document's layer."""
    _decide(db, annotator, doc, layer, State.REJECTED)


@app.command("done")
def done_cli(doc: int = DocOption, layer: str | None = LayerOption, db: str | None = DbOption,
             annotator: str | None = AnnotatorOption) -> None:
    """Mark a document's layer done. Pending suggestions stay undecided (never exported as
    decisions): run accept or reject first to decide them."""
    with open_project(db, user=annotator) as project:
        chosen = _layer(project, doc, layer)
        project.set_status(chosen, LayerStatus.DONE)
        pending = sum(s.state is State.PENDING for s in chosen.spans) + sum(
            t.state is State.PENDING for t in chosen.tags)
    typer.echo(f"doc {doc} layer {chosen.name}: done")
    if pending:
        err(f"note: {pending} pending suggestion(s) stay undecided and are not exported; "
            f"jkannotate accept|reject --doc {doc} decides them")
