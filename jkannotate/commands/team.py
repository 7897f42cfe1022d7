"""Team-mode commands: setting up a shared project, moving a project between SQLite and
a shared PostgreSQL database."""

from __future__ import annotations

import typer

from jkannotate.commands._app import DbOption, app, progress_bar


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
