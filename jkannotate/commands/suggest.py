"""``jkannotate suggest``: pre-annotate files (JSON lines out) or a whole project."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from jkannotate.commands._app import DbOption, app, err, open_project, print_json, progress_bar
from jkannotate.core.errors import InputError

if TYPE_CHECKING:
    from jkannotate.nlp import Suggester

ModelOption = typer.Option(
    None, "--model",
    help="An installed spaCy package or a pipeline directory (e.g. from train); "
    "'rules' returns to the default rule-based suggester.",
)
RULES_MODEL = "rules"


@app.command("suggest")
def suggest_cli(
    files: list[Path] = typer.Argument(None, help="Files to suggest for (with --jsonl)."),
    jsonl: bool = typer.Option(
        False, "--jsonl", help="No database: print one JSON object per document."
    ),
    db: str | None = DbOption,
    model: str | None = ModelOption,
    force: bool = typer.Option(False, "--force", help="Re-suggest documents that are up to date."),
    rules: bool = typer.Option(
        True, "--rules/--no-rules", help="Apply the domain rules on top of a model."
    ),
    memory: bool | None = typer.Option(
        None,
        "--memory/--no-memory",
        help="Suggest what people labelled elsewhere in the project (project setting; on "
        "by default). With --jsonl and --db, the project's memory revises the suggestions.",
    ),
) -> None:
    """Suggest entities, events and issue tags."""
    if files and not jsonl:
        raise InputError(
            "files given without --jsonl: use --jsonl to print suggestions, or import them"
        )
    if jsonl:
        if not files:
            raise InputError("--jsonl needs at least one file")
        _suggest_files(files, model, rules, db, memory)
        return
    from jkannotate.operations.memory import set_memory
    from jkannotate.operations.suggest import MODEL_SETTING, load_suggester, suggest_documents

    with open_project(db) as project:
        suggester = checked_suggester(
            None if model == RULES_MODEL else load_suggester(project, model, rules=rules),
            model, rules)
        if model == RULES_MODEL:  # back to the default: no model remembered
            project.set_setting(MODEL_SETTING, "")
        if memory is not None:
            set_memory(project, memory)
        with progress_bar("Suggesting") as progress:
            summary = suggest_documents(
                project, model=None if model == RULES_MODEL else model, force=force,
                rules=rules, progress=progress, suggester=suggester,
            )
    for warning in summary.warnings:
        err(f"warning: {warning}")
    typer.echo(summary.line())


def checked_suggester(loaded: Suggester | None, model: str | None, rules: bool) -> Suggester:
    """The suggester asked for, or an error: an explicit model that cannot be loaded is not
    silently replaced, and ``--no-rules`` without a model would suggest nothing."""
    from jkannotate.nlp import Suggester

    if model == RULES_MODEL:
        if not rules:
            raise InputError("--model rules with --no-rules would suggest nothing")
        return Suggester.load_rules()
    assert loaded is not None
    if loaded.name == RULES_MODEL:  # no statistical model in it
        if model:
            reason = (loaded.warnings[0] if loaded.warnings else f"model {model!r} not used")
            raise InputError(reason.replace("; using the rule-based suggester", "")
                             + " (install it, give a pipeline directory, or --model rules)")
        if not rules:
            raise InputError("--no-rules needs a statistical model (--model NAME or an installed "
                             "spaCy pipeline): without one every suggestion would be removed")
    return loaded


def _suggest_files(
    files: list[Path], model: str | None, rules: bool, db: str | None, memory: bool | None
) -> None:
    """Without ``--db`` the default suggester; with it, the project's model and memory."""
    from jkannotate.ingest import read_articles
    from jkannotate.nlp import Suggester, suggestion_json

    result = read_articles(files)
    texts = [doc.text for doc in result.documents]
    if db is None:
        suggester = checked_suggester(
            None if model == RULES_MODEL else Suggester.load(model, rules=rules), model, rules)
        _warn(suggester.warnings)
        suggestions = list(suggester.suggest(texts))
    else:
        from jkannotate.operations.memory import suggest_texts
        from jkannotate.operations.suggest import load_suggester
        from jkannotate.project import Project

        with Project.open(db) as project:
            suggester = checked_suggester(
                None if model == RULES_MODEL else load_suggester(project, model, rules=rules),
                model, rules)
            _warn(suggester.warnings)
            if memory is False:
                suggestions = list(suggester.suggest(texts))
            else:
                suggestions = suggest_texts(project, texts, suggester)
    from jkannotate.operations.suggest import dated

    for doc, suggestion in zip(result.documents, suggestions, strict=True):
        dated(suggestion, doc.text, doc.published)  # DATE values against its publication date
        print_json(suggestion_json(_document_label(doc.meta), doc.text, suggestion))
        sys.stdout.flush()


def _warn(warnings: list[str]) -> None:
    for warning in warnings:
        err(f"warning: {warning}")


def _document_label(meta: dict[str, object]) -> str:
    """The file name, with the line number for documents read from JSONL."""
    name = Path(str(meta.get("source_path", "document"))).name
    line = meta.get("source_line")
    return f"{name}:{line}" if line else name
