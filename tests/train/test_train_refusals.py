"""What training refuses, and that a refused, cancelled or failed run writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.nlp.train import TrainingCancelled, TrainStep
from jkannotate.operations.suggest import MODEL_SETTING
from jkannotate.operations.train import TrainOptions, train_model
from jkannotate.project import Project
from tests.train.conftest import make_project


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith("p.db"))


def test_too_few_documents_says_how_many_are_missing(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.db", count=12) as project:
        with pytest.raises(InputError) as caught:
            train_model(project, tmp_path / "model")
    assert str(caught.value) == ("only 12 done documents in layer 'gold'; training needs at "
                                 "least 20 (mark 8 more done, or lower --min-docs)")
    assert leftovers(tmp_path) == []


def test_a_label_with_too_few_examples_is_trained_and_listed(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.db", count=12) as project:
        summary = train_model(project, tmp_path / "model",
                              TrainOptions(min_docs=10, min_examples=8, max_steps=5,
                                           make_current=False))
    rare = summary.metrics["rare_labels"]["entities"]
    assert rare["ORG"] == 4 and "GPE" not in rare  # plentiful labels are not listed
    on_disk = json.loads((tmp_path / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert on_disk["rare_labels"] == summary.metrics["rare_labels"]


def test_a_component_without_any_data_is_named(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db") as project:
        from tests.train.train_corpus import annotated, generate

        items = annotated(generate(12))
        for item in items:
            item.layers[0].tags.clear()
        project.import_documents(items)
        with pytest.raises(InputError, match="textcat_multilabel: no tags in the training split"):
            train_model(project, tmp_path / "model",
                        TrainOptions(components=("ner", "textcat_multilabel"), min_docs=10,
                                     min_examples=1))


def test_unfinished_documents_do_not_count(tmp_path: Path) -> None:
    from jkannotate.core.model import LayerStatus
    from tests.train.train_corpus import annotated, generate

    with Project.open(tmp_path / "p.db") as project:
        project.import_documents(annotated(generate(25), status=LayerStatus.IN_PROGRESS))
        with pytest.raises(InputError, match="only 0 done documents in layer 'gold'"):
            train_model(project, tmp_path / "model")


@pytest.mark.parametrize(("options", "reason"), [
    (TrainOptions(base="en_core_web_sm"),
     "base model 'en_core_web_sm' is not installed and is never downloaded; install it with "
     "pip, or use --base blank or a pipeline directory"),
    (TrainOptions(base="./no/such/dir"), "base pipeline directory './no/such/dir' does not exist"),
    (TrainOptions(components=("ner", "parser")),
     "--components must be some of ner, spancat, textcat_multilabel, got ner,parser"),
    (TrainOptions(layer="suggestion"), "train on corrected work (gold or an annotator's layer), "
                                       "not on the suggestions themselves"),
    (TrainOptions(eval_split=1.0, min_docs=10),
     "--eval-split must be between 0 and 1 (exclusive), got 1.0"),
])
def test_bad_options_are_refused_before_any_work(tmp_path: Path, options: TrainOptions,
                                                 reason: str) -> None:
    with make_project(tmp_path / "p.db", count=12) as project:
        with pytest.raises(InputError) as caught:
            train_model(project, tmp_path / "model", options)
    assert str(caught.value) == reason
    assert leftovers(tmp_path) == []


def test_a_foreign_output_folder_is_never_replaced(tmp_path: Path) -> None:
    precious = tmp_path / "model"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me", encoding="utf-8")
    with make_project(tmp_path / "p.db", count=12) as project:
        with pytest.raises(InputError, match="is not a model trained by jkannotate"):
            train_model(project, precious, TrainOptions(min_docs=10))
    assert [p.name for p in precious.iterdir()] == ["notes.txt"]


def test_cancelling_leaves_no_model_directory(tmp_path: Path) -> None:
    seen: list[TrainStep] = []
    with make_project(tmp_path / "p.db", count=12) as project:
        with pytest.raises(TrainingCancelled):
            train_model(project, tmp_path / "model",
                        TrainOptions(max_steps=500, min_docs=10, min_examples=1),
                        progress=seen.append, cancel=lambda: len(seen) >= 3)
        assert project.store.settings.get(MODEL_SETTING) is None
    assert len(seen) == 3 and seen[-1].step < 500  # stopped early, not at the end
    assert leftovers(tmp_path) == []  # neither OUT_DIR nor the temporary folder


def test_cancelling_keeps_an_earlier_model(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.db", count=12) as project:
        options = TrainOptions(max_steps=3, min_docs=10, min_examples=1)
        first = train_model(project, tmp_path / "model", options)
        before = (first.out_dir / "metrics.json").read_bytes()
        steps: list[TrainStep] = []
        with pytest.raises(TrainingCancelled):
            train_model(project, tmp_path / "model", TrainOptions(
                max_steps=500, min_docs=10, min_examples=1), progress=steps.append,
                cancel=lambda: len(steps) >= 2)
    assert (first.out_dir / "metrics.json").read_bytes() == before
    assert leftovers(tmp_path) == ["model"]
