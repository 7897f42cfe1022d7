"""The window commands: ``jkannotate [gui]`` and ``jkannotate demo``.

Qt is imported only when a window is really opened, so ``jkannotate --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer

from jkannotate.commands._app import AnnotatorOption, DbOption, app, err

OpenOption = typer.Option(None, "--open", help="Document id to open.")
ScreenshotOption = typer.Option(
    None, "--screenshot", help="Render the window to this PNG and exit (no display needed)."
)


def launch(
    db: str | None,
    annotator: str | None,
    open_id: int | None,
    screenshot: Path | None,
    prepare: Callable[[], object] | None = None,
    preparing: str = "",
) -> int:
    from jkannotate.gui.app import run_gui

    shot = str(screenshot) if screenshot else None
    return run_gui(db, annotator, open_id, shot, prepare, preparing)


@app.callback(invoke_without_command=True)
def default_cli(
    ctx: typer.Context,
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
    open_id: int | None = OpenOption,
    screenshot: Path | None = ScreenshotOption,
) -> None:
    """Without a command, open the annotation window."""
    if ctx.invoked_subcommand is None:
        raise typer.Exit(launch(db, annotator, open_id, screenshot))


@app.command("gui")
def gui_cli(
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
    open_id: int | None = OpenOption,
    screenshot: Path | None = ScreenshotOption,
) -> None:
    """Open the annotation window."""
    raise typer.Exit(launch(db, annotator, open_id, screenshot))


def demo_db_path() -> Path:
    import appdirs

    return Path(appdirs.user_data_dir("jkannotate")) / "demo.db"


def build_demo(db: str | None) -> str:
    """Import the seed articles into the demo project and suggest annotations for them."""
    from jkannotate.core.resources import seeds_dir
    from jkannotate.project import Project

    target = db or str(demo_db_path())
    with Project.open(target) as project:
        summary = project.import_paths([seeds_dir()])
        err(f"demo project {project.display_url}: {summary.line()}")
        try:
            from jkannotate.operations.suggest import suggest_documents
        except ImportError:
            err("suggestions are not available in this installation")
        else:
            err(suggest_documents(project).line())
    return target


@app.command("demo")
def demo_cli(
    db: str | None = DbOption,
    annotator: str | None = AnnotatorOption,
    open_id: int | None = OpenOption,
    screenshot: Path | None = ScreenshotOption,
) -> None:
    """Open a demo project built from the seed articles, with suggestions."""
    target = db or str(demo_db_path())  # built behind the painted window
    raise typer.Exit(launch(target, annotator, open_id, screenshot, lambda: build_demo(target),
                            "Building the demo: the seed articles and their suggestions"))
