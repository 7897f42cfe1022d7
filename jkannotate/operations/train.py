"""Train a pipeline from a layer's finished documents and make it the project's suggester.

The chosen layer's done/reviewed documents are split deterministically into train and
held-out parts, exported as DocBin through the formats module, and trained in a temporary
directory beside ``out_dir``. Only a finished run is moved into place (``os.replace``), with a
``metrics.json`` that scores the new model and the current suggester on the same held-out
documents; a cancelled or failed run leaves nothing behind, and the temporary directory a
killed run leaves is removed by the next run into the same ``out_dir``.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jkannotate.core.errors import InputError
from jkannotate.operations.interchange import default_export_layer, select_for_export
from jkannotate.operations.suggest import MODEL_SETTING

if TYPE_CHECKING:
    from jkannotate.core.model import AnnotatedDocument
    from jkannotate.nlp.train import TrainedPipeline, TrainStep
    from jkannotate.project import Project

MODEL_INFO_SETTING = "suggester.model_info"
RUNS_SETTING = "train.runs"
METRICS_FILE = "metrics.json"


@dataclass(slots=True)
class TrainOptions:
    layer: str | None = None  # None: gold if any, else the only annotator
    base: str = "blank"
    components: tuple[str, ...] = ("ner",)
    max_steps: int = 1000
    eval_split: float = 0.2
    seed: int = 0
    min_docs: int = 20
    min_examples: int = 5
    make_current: bool = True
    name: str | None = None  # the model's name in sources; default: from out_dir


@dataclass(slots=True)
class TrainSummary:
    out_dir: Path
    model_id: str  # ``en_<name>-<version>``, as suggestion sources name it
    metrics: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        overall = self.metrics["overall_f1"]["entities"]
        return (f"trained {self.model_id} in {self.metrics['wall_time_s']:.0f} s "
                f"({self.metrics['steps']} steps) into {self.out_dir}; entity F1 on "
                f"{self.metrics['eval_docs']} held-out documents: new model "
                f"{overall['new_model']:.3f}, with rules {overall['new_model_with_rules']:.3f}, "
                f"current suggester ({self.metrics['current_suggester']['name']}) "
                f"{overall['current_suggester']:.3f}")


def model_name_for(out_dir: Path) -> str:
    """A pipeline name spaCy accepts, from the output folder: ``models/JK v2`` -> ``jk_v2``."""
    name = "".join(c if c.isalnum() else "_" for c in out_dir.name.lower()).strip("_")
    return name or "jkannotate"


def check_out_dir(out_dir: Path) -> None:
    """Only an empty folder or an earlier trained model may be replaced."""
    if out_dir.exists() and (not out_dir.is_dir() or (
            any(out_dir.iterdir()) and not (out_dir / METRICS_FILE).exists())):
        raise InputError(f"exists and is not a model trained by jkannotate (no {METRICS_FILE}); "
                         "not replacing it", str(out_dir))


def current_model(project: Project) -> dict[str, Any]:
    """The project's current suggester model: path, plus name/version/metrics when trained here."""
    path = project.setting(MODEL_SETTING) or ""
    info_text = project.setting(MODEL_INFO_SETTING)
    info: dict[str, Any] = json.loads(info_text) if info_text else {}
    if info.get("path") != path:
        info = {}
    return {**info, "path": path or None}


def train_model(project: Project, out_dir: Path, options: TrainOptions | None = None, *,
                progress: Callable[[TrainStep], None] | None = None,
                cancel: Callable[[], bool] | None = None,
                export_progress: Callable[[int, int | None], None] | None = None) -> TrainSummary:
    """Train, evaluate against the current suggester, move into ``out_dir``, record it."""
    from jkannotate.formats import WriteOptions, get_format, temporaries
    from jkannotate.formats.base import replace_directory
    from jkannotate.nlp.train import TrainingCancelled, TrainSettings, train_pipeline
    from jkannotate.nlp.train_config import check_components, locate_base
    from jkannotate.nlp.train_data import check_training_data, rare_labels

    options = options or TrainOptions()
    started = time.perf_counter()
    out_dir = Path(out_dir).absolute()
    check_out_dir(out_dir)
    check_components(options.components)
    locate_base(options.base)
    layer = options.layer or default_export_layer(project)
    if layer in ("suggestion", "suggester"):
        raise InputError("train on corrected work (gold or an annotator's layer), "
                         "not on the suggestions themselves")
    docs = select_for_export(project, layer, "done", export_progress)
    train_docs, eval_docs = split_for_training(docs, options.eval_split, options.seed, layer,
                                               options.min_docs)
    label_counts = check_training_data(train_docs, layer, options.components,
                                       options.min_examples)
    runs = int(project.setting(RUNS_SETTING) or 0) + 1
    settings = TrainSettings(base=options.base, components=options.components,
                             max_steps=options.max_steps, seed=options.seed,
                             name=options.name or model_name_for(out_dir),
                             version=f"1.0.{runs}",
                             description=f"trained by jkannotate on layer {layer!r}")
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    temporaries.clean_stale(out_dir)  # what a killed earlier run into out_dir left behind
    work = temporaries.temp_dir(out_dir, "training-")
    try:
        write_options = WriteOptions(layer=layer, schema=project.schema)
        spacy_format = get_format("spacy")
        train_path, dev_path = work / "train.spacy", work / "dev.spacy"
        spacy_format.write(train_docs, train_path, write_options)
        spacy_format.write(eval_docs, dev_path, write_options)
        trained = train_pipeline(train_path, dev_path, work / "output", settings,
                                 progress=progress, cancel=cancel)
        if cancel is not None and cancel():
            raise TrainingCancelled()
        metrics = evaluate_against_current(project, trained, eval_docs, layer)
        metrics.update({
            "model": {"name": settings.name, "version": settings.version,
                      "id": f"{settings.lang}_{settings.name}-{settings.version}",
                      "path": str(out_dir)},
            "layer": layer, "train_docs": len(train_docs), "eval_docs": len(eval_docs),
            "eval_split": options.eval_split, "seed": options.seed,
            "labels_in_training": label_counts,
            "rare_labels": rare_labels(label_counts, options.min_examples),
            "min_examples": options.min_examples,
            "wall_time_s": round(time.perf_counter() - started, 3),
        })
        (trained.model_dir / METRICS_FILE).write_text(
            json.dumps(metrics, indent=2, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8")
        replace_directory(trained.model_dir, out_dir, METRICS_FILE)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    project.set_setting(RUNS_SETTING, str(runs))
    if options.make_current:
        record_current_model(project, out_dir, metrics)
    return TrainSummary(out_dir, metrics["model"]["id"], metrics)


def split_for_training(docs: list[AnnotatedDocument], eval_split: float, seed: int, layer: str,
                       min_docs: int) -> tuple[list[AnnotatedDocument], list[AnnotatedDocument]]:
    """(train, held out), deterministic for a seed whatever the database order."""
    from jkannotate.formats.split import split_documents
    from jkannotate.nlp.train_data import check_document_count

    if not 0.0 < eval_split < 1.0:
        raise InputError(f"--eval-split must be between 0 and 1 (exclusive), got {eval_split}")
    check_document_count(len(docs), layer, min_docs)
    return split_documents(docs, 1.0 - eval_split, seed)


def evaluate_against_current(project: Project, trained: TrainedPipeline,
                             eval_docs: list[AnnotatedDocument], layer: str) -> dict[str, Any]:
    """Per-label P/R/F1 on the held-out documents: the new model alone, the new model under
    the rules (what suggestions will be), and the project's current suggester."""
    from jkannotate.nlp.suggester import Suggester
    from jkannotate.nlp.train_eval import model_sets, suggester_sets
    from jkannotate.nlp.train_scores import gold_sets, micro_f1, score_documents

    texts = [item.document.text for item in eval_docs]
    gold = [gold_sets(item.layer(layer)) for item in eval_docs]  # type: ignore[arg-type]
    current_path = project.setting(MODEL_SETTING) or None
    current = Suggester.load(current_path)
    with_rules = Suggester.load(str(trained.model_dir))
    results = {
        "new_model": score_documents(gold, model_sets(trained.model_dir, texts)),
        "new_model_with_rules": score_documents(gold, suggester_sets(with_rules, texts)),
        "current_suggester": score_documents(gold, suggester_sets(current, texts)),
    }
    results["current_suggester"].update(name=current.name, path=current_path,
                                        warnings=current.warnings)
    results["new_model_with_rules"]["name"] = with_rules.name
    overall = {kind: {who: micro_f1(scores, kind) for who, scores in results.items()}
               for kind in ("entities", "spans", "tags")}
    return {**results, "overall_f1": overall, "steps": trained.steps,
            "training_wall_time_s": trained.wall_time_s, "best_dev_score": trained.best_score,
            "spacy_scores": trained.scores, "base": trained.base,
            "components": trained.components, "frozen_components": trained.frozen}


def record_current_model(project: Project, out_dir: Path, metrics: dict[str, Any]) -> None:
    """Make ``out_dir`` the model the next suggestions use, and remember what it is."""
    info = {**metrics["model"], "path": str(out_dir),
            "suggester": f"{metrics['model']['id']}+rules",
            "source": f"model:{metrics['model']['id']}",
            "metrics": {"overall_f1": metrics["overall_f1"], "layer": metrics["layer"],
                        "eval_docs": metrics["eval_docs"]}}
    project.set_setting(MODEL_SETTING, str(out_dir))
    project.set_setting(MODEL_INFO_SETTING, json.dumps(info, sort_keys=True))
