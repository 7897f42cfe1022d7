"""Training a pipeline on exported DocBin files with ``spacy.training.loop.train``.

Progress reaches the caller through a spaCy logger registered here (every step, with loss and
score at each evaluation); the same hook checks ``cancel`` each step and stops the run by
raising :class:`TrainingCancelled`. The caller owns the working directory and decides what to
keep: this module never writes outside it.
"""

from __future__ import annotations

import io
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import spacy
from spacy.training.initialize import init_nlp
from spacy.training.loop import train as spacy_train
from thinc.api import Config

from jkannotate.core.errors import JkError
from jkannotate.nlp.train_config import (
    BLANK,
    PROGRESS_LOGGER,
    build_config,
    check_components,
    loadable_config,
    resolve_base,
)


class TrainingCancelled(JkError):
    """The user cancelled training; nothing was kept."""

    def __init__(self) -> None:
        super().__init__("training cancelled; no model was written")


@dataclass(frozen=True, slots=True)
class TrainStep:
    """One report: ``loss`` and ``score`` are set at evaluation steps (else None)."""

    step: int
    max_steps: int
    loss: float | None = None
    score: float | None = None


@dataclass(slots=True)
class TrainSettings:
    base: str = BLANK
    components: tuple[str, ...] = ("ner",)
    max_steps: int = 1000
    seed: int = 0
    lang: str = "en"
    name: str = "jkannotate"
    version: str = "1.0.0"
    description: str = ""


@dataclass(slots=True)
class TrainedPipeline:
    """Where the best checkpoint is, and how the run went."""

    model_dir: Path
    steps: int
    best_score: float | None
    wall_time_s: float
    components: list[str]
    frozen: list[str]
    base: str
    scores: dict[str, Any] = field(default_factory=dict)


ProgressCallback = Callable[[TrainStep], None]
CancelCallback = Callable[[], bool]

_channels: dict[str, Callable[[dict[str, Any] | None], None]] = {}
_channels_lock = threading.Lock()


@spacy.registry.loggers(PROGRESS_LOGGER)
def progress_logger(channel: str) -> Callable[..., Any]:
    """A spaCy training logger that forwards each step to the callback of ``channel``."""

    def setup(nlp: Any, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> Any:
        def log_step(info: dict[str, Any] | None) -> None:
            with _channels_lock:
                listener = _channels.get(channel)
            if listener is not None:
                listener(info)

        return log_step, lambda: None

    return setup


@contextmanager
def _channel(listener: Callable[[dict[str, Any] | None], None]) -> Iterator[str]:
    name = uuid.uuid4().hex
    with _channels_lock:
        _channels[name] = listener
    try:
        yield name
    finally:
        with _channels_lock:
            _channels.pop(name, None)


def _total_loss(info: dict[str, Any]) -> float:
    return float(sum(float(v) for v in (info.get("losses") or {}).values()))


def train_pipeline(train_path: Path, dev_path: Path, work_dir: Path, settings: TrainSettings,
                   *, progress: ProgressCallback | None = None,
                   cancel: CancelCallback | None = None) -> TrainedPipeline:
    """Train on two DocBin files; the best checkpoint ends up in ``work_dir / "model-best"``.

    Raises :class:`TrainingCancelled` when ``cancel()`` turns true (checked every step).
    """
    started = time.perf_counter()
    components = check_components(settings.components)
    base = resolve_base(settings.base, settings.lang)
    config = build_config(components, base, train_path=train_path, dev_path=dev_path,
                          max_steps=settings.max_steps, seed=settings.seed)
    steps = 0
    best: float | None = None
    last_scores: dict[str, Any] = {}

    def on_step(info: dict[str, Any] | None) -> None:
        nonlocal steps, best, last_scores
        if cancel is not None and cancel():
            raise TrainingCancelled()
        if info is None:
            steps += 1
            report = TrainStep(steps, settings.max_steps)
        else:
            steps = max(steps, int(info.get("step", steps)))
            score = float(info.get("score") or 0.0)
            best = score if best is None else max(best, score)
            last_scores = dict(info.get("other_scores") or {})
            report = TrainStep(steps, settings.max_steps, _total_loss(info), score)
        if progress is not None:
            progress(report)

    with _channel(on_step) as channel:
        config["training"]["logger"]["channel"] = channel
        if cancel is not None and cancel():
            raise TrainingCancelled()
        nlp = init_nlp(config, use_gpu=-1)
        nlp.meta.update({"name": settings.name, "version": settings.version,
                         "description": settings.description or "trained by jkannotate train"})
        quiet = io.StringIO()
        work_dir.mkdir(parents=True, exist_ok=True)
        spacy_train(nlp, work_dir, use_gpu=-1, stdout=quiet, stderr=quiet)
    model_dir = work_dir / "model-best"
    if not model_dir.is_dir():
        model_dir = work_dir / "model-last"
    finish_model_dir(model_dir, config, settings)
    return TrainedPipeline(
        model_dir=model_dir, steps=steps, best_score=best,
        wall_time_s=round(time.perf_counter() - started, 3), components=list(components),
        frozen=list(config["training"]["frozen_components"]), base=settings.base,
        scores=_plain(last_scores),
    )


def finish_model_dir(model_dir: Path, config: Config, settings: TrainSettings) -> None:
    """Make the checkpoint loadable anywhere: spaCy's logger in its config, our name in meta."""
    stored = Config().from_disk(model_dir / "config.cfg", interpolate=False)
    stored["training"]["logger"] = loadable_config(config)["training"]["logger"]
    stored.to_disk(model_dir / "config.cfg")
    meta_path = model_dir / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": settings.name, "version": settings.version})
    meta_path.write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")


def _plain(value: Any) -> Any:
    """Scores as JSON-safe plain values (spaCy hands numpy floats and nested dicts)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | str):
        return value
    try:
        return round(float(value), 4)
    except (TypeError, ValueError):
        return str(value)
