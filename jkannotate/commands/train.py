"""``jkannotate train``: train a pipeline from finished annotations and use it for suggestions."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from jkannotate.commands._app import DbOption, app, err, open_project

if TYPE_CHECKING:
    from jkannotate.nlp.train import TrainStep


@contextmanager
def training_progress() -> Iterator[Callable[[TrainStep], None]]:
    """Steps, loss and score on a terminal; evaluation lines on stderr otherwise."""
    if not sys.stderr.isatty():
        def report(step: TrainStep) -> None:
            if step.score is not None:
                err(f"step {step.step}/{step.max_steps}  loss {step.loss:.2f}  "
                    f"score {step.score:.3f}")

        yield report
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), "{task.fields[figures]}",
                  transient=True) as progress:
        task = progress.add_task("Training", total=None, figures="")

        def update(step: TrainStep) -> None:
            fields: dict[str, Any] = {}
            if step.score is not None:
                fields["figures"] = f"loss {step.loss:.2f}  score {step.score:.3f}"
            progress.update(task, completed=step.step, total=step.max_steps, **fields)

        yield update


@app.command("train")
def train_cli(
    out_dir: Path = typer.Argument(..., help="Where the trained pipeline directory goes."),
    db: str | None = DbOption,
    layer: str | None = typer.Option(
        None, "--layer", help="gold or an annotator's name (default: gold, else the only one)."
    ),
    base: str = typer.Option(
        "blank", "--base", help="blank, an installed spaCy package, or a pipeline directory."
    ),
    components: str = typer.Option(
        "ner", "--components", help="Comma-separated: ner, spancat, textcat_multilabel."
    ),
    max_steps: int = typer.Option(1000, "--max-steps", min=1, help="Training step budget."),
    eval_split: float = typer.Option(0.2, "--eval-split", help="Share held out for scoring."),
    seed: int = typer.Option(0, "--seed", help="Seed of the split and of training."),
    min_docs: int = typer.Option(20, "--min-docs", min=2, help="Finished documents needed."),
    min_examples: int = typer.Option(
        5, "--min-examples", min=1,
        help="Labels with fewer training examples are trained but warned about as too rare.",
    ),
    use: bool | None = typer.Option(
        None, "--use/--no-use",
        help="Make the new model the project's suggester (default: only when it scores at "
        "least as well as the current one; --use makes it current anyway).",
    ),
) -> None:
    """Train a pipeline on done/reviewed documents; writes OUT_DIR with metrics.json."""
    from jkannotate.operations.train import TrainOptions, record_current_model, train_model

    options = TrainOptions(
        layer=layer, base=base, components=tuple(c.strip() for c in components.split(",")
                                                 if c.strip()),
        max_steps=max_steps, eval_split=eval_split, seed=seed, min_docs=min_docs,
        min_examples=min_examples, make_current=bool(use))
    with open_project(db) as project:
        with training_progress() as progress:
            summary = train_model(project, out_dir, options, progress=progress)
        metrics = summary.metrics
        overall = metrics["overall_f1"]["entities"]
        new_f1, current_f1 = overall["new_model_with_rules"], overall["current_suggester"]
        better = new_f1 >= current_f1
        if use is None and better:
            record_current_model(project, summary.out_dir, metrics)
    for kind, labels in (metrics.get("rare_labels") or {}).items():
        listed = ", ".join(f"{label} ({n})" for label, n in labels.items())
        err(f"warning: too rare to learn reliably (fewer than {min_examples} {kind} in the "
            f"training split): {listed}")
    current = metrics["current_suggester"]
    for warning in current.get("warnings") or []:
        err(f"warning: current suggester: {warning}")
    typer.echo(summary.line())
    new, ruled, old = (metrics["new_model"]["entities"]["per_label"],
                       metrics["new_model_with_rules"]["entities"]["per_label"],
                       current["entities"]["per_label"])
    typer.echo(f"{'label':<12} {'new':>6} {'new+rules':>10} {'current':>8}   (entity F1)")
    for label in sorted(set(new) | set(ruled) | set(old)):
        figures = [scores.get(label, {}).get("f", 0.0) for scores in (new, ruled, old)]
        typer.echo(f"{label:<12} {figures[0]:>6.3f} {figures[1]:>10.3f} {figures[2]:>8.3f}")
    typer.echo(f"metrics: {summary.out_dir / 'metrics.json'}")
    if use or (use is None and better):
        typer.echo(f"suggestions now come from {summary.model_id} "
                   "(jkannotate suggest re-suggests unfinished documents)")
    elif use is None:
        err(f"note: not made current: it scores below the current suggester (entity F1 "
            f"{new_f1:.3f} < {current_f1:.3f}); --use makes it current anyway")
