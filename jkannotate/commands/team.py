"""Team commands: setting up a shared project, its users and their roles, assigning
documents, and moving a project between SQLite and a shared PostgreSQL database."""

from __future__ import annotations

import typer

from jkannotate.commands._app import (
    AnnotatorOption,
    DbOption,
    app,
    open_project,
    print_json,
    progress_bar,
    split_names,
)


@app.command("init")
def init_cli(
    admin: str = typer.Option(..., "--admin", help="The first admin (a server login name)."),
    db: str | None = DbOption,
) -> None:
    """Create the project's schema and its first admin (run as the database owner)."""
    from jkannotate.operations.team import init_project
    from jkannotate.project import Project

    with Project.open(db) as project:
        registration = init_project(project, admin)
        where = project.display_url
    typer.echo(f"{where}: project ready; {registration.line()}")


users_app = typer.Typer(
    help="The project's users and their roles.", no_args_is_help=True, rich_markup_mode=None
)
app.add_typer(users_app, name="users")


@users_app.command("add")
def users_add_cli(
    name: str = typer.Argument(..., help="The user's name (as given to --annotator)."),
    role: str = typer.Option("annotator", "--role", help="annotator, reviewer or admin."),
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
) -> None:
    """Register a user, or change a user's role (admins only; the first admin comes from
    init). On PostgreSQL this also grants the server login its group role."""
    from jkannotate.operations.team import register
    with open_project(db, user=annotator) as project:
        registration = register(project, name, role)
    typer.echo(registration.line())


@users_app.command("list")
def users_list_cli(
    db: str | None = DbOption, as_json: bool = typer.Option(False, "--json")
) -> None:
    """List users with their roles and assigned documents."""
    from jkannotate.operations.team import list_users
    with open_project(db) as project:
        users = list_users(project)
    if as_json:
        print_json(users)
        return
    if not users:
        typer.echo("no users registered: a single-user project (everyone has every right)")
    for user in users:
        typer.echo(f"{user['name']}\t{user['role']}\t{user['assigned']} assigned")


@app.command("assign")
def assign_cli(
    annotators: str = typer.Option(..., "--annotators", help="Names separated by commas."),
    overlap: float = typer.Option(0.2, "--overlap", help="Share of documents annotated twice."),
    seed: int = typer.Option(0, "--seed", help="Seed of the deterministic distribution."),
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
    as_json: bool = typer.Option(False, "--json"),
) -> None:
    """Distribute all documents over annotators (replaces earlier assignments)."""
    from jkannotate.operations.team import assign

    names = split_names(annotators) or []
    with open_project(db, user=annotator) as project:
        summary = assign(project, names, overlap, seed)
    if as_json:
        print_json(summary.to_json())
    else:
        typer.echo(summary.line())


@app.command("copy")
def copy_cli(
    src_db: str = typer.Argument(..., help="Source project: a file path or a SQLAlchemy URL."),
    dst_db: str = typer.Argument(
        ...,
        help="Empty destination: a file path or a URL (passwords from ~/.pgpass or PGPASSWORD).",
    ),
) -> None:
    """Copy a whole project between databases (SQLite ↔ PostgreSQL) and verify the copy."""
    from jkannotate.operations.copy import copy_project

    with progress_bar("Copying") as progress:
        report = copy_project(src_db, dst_db, progress)
    for line in report.lines():
        typer.echo(line)
