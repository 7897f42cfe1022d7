"""A project of generated, finished annotations and one tiny model trained from it per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.operations.train import TrainOptions, TrainSummary, train_model
from jkannotate.project import Project
from tests.train.train_corpus import annotated, generate

DOCS = 30
STEPS = 40


def make_project(path: Path, count: int = DOCS, seed: int = 0) -> Project:
    project = Project.open(path, user="tester")
    project.import_documents(annotated(generate(count, seed=seed)))
    return project


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, TrainSummary]:
    """(database path, summary) of a ner model trained for STEPS steps into ``.../model``."""
    folder = tmp_path_factory.mktemp("trained")
    with make_project(folder / "project.db") as project:
        summary = train_model(project, folder / "model",
                              TrainOptions(max_steps=STEPS, min_docs=10))
    return folder / "project.db", summary
