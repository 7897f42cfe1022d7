"""Commands that fill and describe a project: import, docs, stats, demo."""

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
    removed_if_failed,
)
from jkannotate.commands.boundary import escape_control


@app.command("import")
def import_cli(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATHS...", help="Files (.txt, .html, .jsonl) or directories."
    ),
    db: str | None = DbOption,
    skip_bad: bool = typer.Option(
        False, "--skip-bad", help="Import the rest and list what was skipped."
    ),
    suggest: bool = typer.Option(
        True, "--suggest/--no-suggest", help="Pre-annotate the new documents."
    ),
    annotator: str | None = AnnotatorOption,
    fmt: str | None = typer.Option(
        None,
        "--format",
        help="Annotated files of another tool: spacy, prodigy, doccano, conll, brat, jsonl.",
    ),
    layer: str | None = typer.Option(
        None, "--layer", help="Import annotations as this layer (e.g. gold)."
    ),
) -> None:
    """Import articles into the project (one transaction: all or nothing).

    \b
    Articles: .txt, .html, or JSONL with one object per line, keys:
      text (required; aliases body, content), title (headline), outlet (aliases
      source, publisher), url, published (date), byline, plus any others kept as metadata.
    Files annotated by another tool (Prodigy, doccano, spaCy DocBin, CoNLL, brat,
    project JSONL) are recognised; --format names the format when the guess is not wanted.
    """
    from jkannotate.operations.interchange import guess_format
    from jkannotate.project import Project

    repeated = 0
    guessed = fmt is None and guess_format(paths)
    if guessed:
        fmt = guessed
        err(f"note: reading {fmt} annotations (recognised from the files; "
            "--format chooses another)")

    with removed_if_failed(db), Project.open(db, user=annotator) as project:
        if fmt:
            from jkannotate.commands.interchange import expand_format_paths, import_notes
            from jkannotate.core.errors import InputError
            from jkannotate.operations.interchange import import_annotations

            chosen_layer = layer or annotator
            files = expand_format_paths(paths, fmt)
            summary, report = import_annotations(project, files, fmt, layer=chosen_layer,
                                                 skip_bad=skip_bad)
            summary.skipped.extend(report.skipped)
            if not report.documents:  # nothing was stored: say so like a plain import does
                raise InputError(f"no {fmt} documents in " + ", ".join(map(str, files)))
            typer.echo(report.summary())
            for note in import_notes(fmt, chosen_layer, report, summary, project.schema):
                err(note)
        else:
            total = count_inputs(paths)
            read = [0]

            with progress_bar("Reading") as progress:
                def counted(done: int, _total: int | None = None) -> None:
                    read[0] = done
                    progress(done, max(total, done) if total else None)

                summary = project.import_paths(paths, skip_bad=skip_bad, progress=counted)
            repeated = read[0] - len(summary.skipped) - len(summary.added) - len(
                summary.duplicates)
        for line in summary.skipped:
            err(f"skipped {line}")
        line = summary.line()
        if not fmt and repeated > 0:  # every input accounted for
            line += f", {repeated} repeating another input of this import"
        typer.echo(f"{line} ({project.display_url})")
        if suggest and summary.added:
            from jkannotate.operations.suggest import suggest_documents

            with progress_bar("Suggesting") as suggest_progress:
                result = suggest_documents(project, summary.added, progress=suggest_progress)
            for warning in result.warnings:
                err(f"warning: {warning}")
            typer.echo(result.line())


def count_inputs(paths: list[Path]) -> int:
    """About how many articles the paths hold (files, plus lines of JSONL), for the total."""
    total = 0
    for path in paths:
        files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) \
            if path.is_dir() else []
        for file in files:
            if file.suffix.lower() == ".jsonl":
                try:
                    with file.open("rb") as stream:
                        total += sum(1 for line in stream if line.strip())
                except OSError:
                    total += 1
            elif file.suffix.lower() in (".txt", ".html", ".htm"):
                total += 1
    return total


@app.command("docs")
def docs_cli(
    db: str | None = DbOption,
    as_json: bool = typer.Option(False, "--json"),
    assigned_to: str | None = typer.Option(
        None, "--assigned-to", help="Only the documents assigned to this annotator."
    ),
    actor: str | None = typer.Option(
        None, "--actor", help="Only documents that mention this actor: a project id "
        "(jka:kishida-fumio), a Wikidata QID (Q17) or a name in resources/actors.yml.",
    ),
    with_suggestions: bool = typer.Option(
        False, "--with-suggestions",
        help="With --actor, pending suggestions count as mentions too (else decided spans).",
    ),
) -> None:
    """List the project's documents."""
    with open_project(db) as project:
        wanted = None
        if assigned_to:
            from jkannotate.operations.team import assigned_documents

            wanted = set(assigned_documents(project, assigned_to))
        if actor is not None:
            mentioning = set(project.documents_mentioning(actor, suggestions=with_suggestions))
            wanted = mentioning if wanted is None else wanted & mentioning
        rows = [
            {
                "id": s.id,
                "title": s.title,
                "outlet": s.outlet,
                "date": s.published,
                "chars": s.chars,
                "duplicate_group": s.duplicate_group,
                "status": s.layers,
                "pending_suggestions": s.pending,
            }
            for s in project.documents()
            if wanted is None or s.id in wanted
        ]
    if as_json:
        print_json(rows)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    def cell(value: object) -> Text:  # titles and outlets are untrusted: no markup, no escapes
        return Text(escape_control("" if value is None else value))

    table = Table("id", "title", "outlet", "date", "chars", "dup", "status")
    for row in rows:
        status = ", ".join(f"{k}:{v}" for k, v in row["status"].items()) or "-"
        table.add_row(
            str(row["id"]),
            cell(row["title"]),
            cell(row["outlet"]),
            cell(row["date"]),
            str(row["chars"]),
            "" if row["duplicate_group"] is None else str(row["duplicate_group"]),
            cell(status),
        )
    Console().print(table)


@app.command("stats")
def stats_cli(db: str | None = DbOption, as_json: bool = typer.Option(False, "--json")) -> None:
    """Counts of documents, layers by status, spans by label and state, tags, duplicate groups."""
    with open_project(db) as project:
        stats = project.stats()
    if as_json:
        print_json(stats)
        return
    typer.echo(f"documents: {stats['documents']}")  # labels and names come from the database
    for kind, counts in sorted(stats["layers"].items()):
        figures = ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
        typer.echo(escape_control(f"layers {kind}: {figures}"))
    for title in ("spans", "tags"):
        for label, counts in sorted(stats[title].items()):
            typer.echo(escape_control(
                f"{title} {label}: " + ", ".join(f"{s} {n}" for s, n in sorted(counts.items()))
            ))
    for group in stats["duplicate_groups"]:
        typer.echo(f"duplicate group {group['group']}: documents {group['documents']}")
