"""The typer application, shared options and terminal output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer

app = typer.Typer(
    name="jkannotate",
    help="Annotate news about Japan–South Korea relations.",
    add_completion=False,
    no_args_is_help=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

DbOption = typer.Option(
    None,
    "--db",
    help="Database file or SQLAlchemy URL (default: $JKANNOTATE_DB, else the per-user default).",
)
AnnotatorOption = typer.Option(
    None, "--annotator", help="Who is working (default: the OS user name)."
)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=None) + "\n")


def err(message: str) -> None:
    sys.stderr.write(message + "\n")


@contextmanager
def progress_bar(description: str) -> Iterator[Any]:
    """A rich progress bar on a terminal; a no-op callback when stderr is not a TTY."""
    if not sys.stderr.isatty():
        yield lambda done, total=None: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int | None = None) -> None:
            progress.update(task, completed=done, total=total)

        yield update
