"""The typer application, shared options and terminal output helpers."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from jkannotate.core.errors import InputError

if TYPE_CHECKING:
    from jkannotate.project import Project

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


def sqlite_file(db: str | None) -> Path | None:
    """The SQLite file ``--db`` (or its default) names; None for a server URL or memory."""
    from jkannotate.project import database_setting

    variable, default = database_setting()
    value = str(db) if db else os.environ.get(variable) or str(default)
    if "://" not in value:
        return Path(value).expanduser()
    if not value.startswith("sqlite:///"):
        return None
    path = value[len("sqlite:///"):].split("?", 1)[0]
    path = path.removeprefix("file:")  # a URI filename (e.g. "file:p.db?mode=ro&uri=true")
    return None if path in ("", ":memory:") else Path(path).expanduser()


def open_project(db: str | None, *, user: str | None = None) -> Project:
    """Open an existing project; a mistyped path is refused, never created (nor its folder).

    Only ``import``, ``demo`` and ``copy``'s target create a project file.
    """
    from jkannotate.project import Project

    path = sqlite_file(db)
    if path is not None and not path.exists():
        raise InputError("no project there (jkannotate import FILES --db PATH creates one)",
                         str(path))
    return Project.open(db, user=user)


@contextmanager
def removed_if_failed(db: str | None) -> Iterator[None]:
    """A SQLite project (and the folders) this block creates are removed if it fails."""
    path = sqlite_file(db)
    if path is None or path.exists():
        yield
        return
    path = path.resolve()
    missing = [p for p in [path.parent, *path.parent.parents] if not p.exists()]
    try:
        yield
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        for folder in missing:  # innermost first
            try:
                folder.rmdir()
            except OSError:
                break
        raise


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=None) + "\n")


def err(message: str) -> None:
    """One line on stderr; control characters from file names or titles are shown escaped."""
    from jkannotate.commands.boundary import escape_control

    sys.stderr.write(escape_control(message) + "\n")


@contextmanager
def progress_bar(description: str) -> Iterator[Any]:
    """Progress of a long command: on a terminal a bar with done/total, rate and time left;
    when stderr is piped, one summary line at the end (nothing per item)."""
    import time

    started = time.monotonic()
    if not sys.stderr.isatty():
        seen = {"done": 0, "total": None}

        def record(done: int, total: int | None = None) -> None:
            seen["done"], seen["total"] = done, total

        yield record
        if seen["done"]:
            elapsed = time.monotonic() - started
            total = f"/{seen['total']}" if seen["total"] else ""
            rate = f", {seen['done'] / elapsed:.1f}/s" if elapsed > 0 else ""
            err(f"{description}: {seen['done']}{total} in {elapsed:.1f}s{rate}")
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f}/s" if task.speed else "")

    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        transient=True,
    ) as progress:
        task = progress.add_task(description, total=None)

        def update(done: int, total: int | None = None) -> None:
            progress.update(task, completed=done, total=total)

        yield update


def split_names(value: str | None) -> list[str] | None:
    """``"a, b"`` → ``["a", "b"]`` (the ``--annotators`` option); None stays None."""
    if value is None:
        return None
    names = [part.strip() for part in value.split(",") if part.strip()]
    if not names:
        raise InputError("--annotators needs names separated by commas, e.g. a,b")
    return names
