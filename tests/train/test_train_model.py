"""Training from a project: a loadable pipeline, honest metrics, the project's new suggester."""

from __future__ import annotations

import json
from pathlib import Path

import spacy

from jkannotate.core.model import LayerKind
from jkannotate.formats.split import split_documents
from jkannotate.nlp import Suggester
from jkannotate.nlp.train_scores import gold_sets, score_sets, suggestion_sets
from jkannotate.operations.interchange import select_for_export
from jkannotate.operations.suggest import MODEL_SETTING
from jkannotate.operations.train import TrainOptions, TrainSummary, current_model, train_model
from jkannotate.project import Project
from tests.train.conftest import STEPS, make_project


def test_trained_directory_loads_as_a_suggester(trained: tuple[Path, TrainSummary]) -> None:
    _, summary = trained
    model_dir = summary.out_dir
    assert summary.model_id == "en_model-1.0.1"
    assert spacy.load(model_dir).pipe_names == ["tok2vec", "ner"]
    suggester = Suggester.load(str(model_dir))
    assert suggester.warnings == []
    assert suggester.name == "en_model-1.0.1+rules"
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    assert (meta["name"], meta["version"]) == ("model", "1.0.1")
    leftovers = [p.name for p in model_dir.parent.iterdir() if p.name.startswith(".model")]
    assert leftovers == []  # the temporary training folder is gone


def test_metrics_file_matches_an_independent_scoring(trained: tuple[Path, TrainSummary]) -> None:
    db, summary = trained
    metrics = json.loads((summary.out_dir / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["steps"] == STEPS
    assert metrics["base"] == "blank" and metrics["components"] == ["ner"]
    assert metrics["train_docs"] + metrics["eval_docs"] == 30
    assert metrics["eval_docs"] == 6  # 0.2 of 30
    assert metrics["current_suggester"]["name"] == "rules"
    for who in ("new_model", "new_model_with_rules", "current_suggester"):
        per_label = metrics[who]["entities"]["per_label"]
        assert set(per_label) <= {"DATE", "GPE", "NORP", "ORG", "PERSON"}
        assert metrics["overall_f1"]["entities"][who] == metrics[who]["entities"]["micro"]["f"]
    # The held-out split and the current suggester's figures, recomputed from scratch.
    with Project.open(db) as project:
        docs = select_for_export(project, "gold")
    _, held_out = split_documents(docs, 0.8, 0)
    texts = [item.document.text for item in held_out]
    rules = Suggester.load_rules()
    expected = score_sets(
        [gold_sets(item.layers[0])["entities"] for item in held_out],
        [suggestion_sets(s)["entities"] for s in rules.suggest(texts)])
    assert metrics["current_suggester"]["entities"] == expected


def test_the_project_remembers_its_new_model(trained: tuple[Path, TrainSummary]) -> None:
    db, summary = trained
    with Project.open(db) as project:
        assert project.store.settings.get(MODEL_SETTING) == str(summary.out_dir)
        info = current_model(project)
    assert info["path"] == str(summary.out_dir)
    assert (info["name"], info["version"]) == ("model", "1.0.1")
    assert info["source"] == "model:en_model-1.0.1"
    assert info["metrics"]["overall_f1"] == summary.metrics["overall_f1"]


def test_rules_layer_over_the_trained_model_and_can_be_switched_off(
        trained: tuple[Path, TrainSummary]) -> None:
    _, summary = trained
    text = "Moon Jae-in met officials from Kelvania on Monday."
    with_rules = Suggester.load(str(summary.out_dir)).suggest_one(text)
    sources = {text[s.start:s.end]: s.source for s in with_rules.entities()}
    assert sources["Moon Jae-in"] == "rule:gazetteer:moon_jae_in"  # the gazetteer wins
    model_only = Suggester.load(str(summary.out_dir), rules=False)
    assert model_only.name == "en_model-1.0.1"
    assert all(s.source == "model:en_model-1.0.1"
               for s in model_only.suggest_one(text).entities())


def test_retraining_from_the_trained_directory_replaces_it(
        trained: tuple[Path, TrainSummary], tmp_path: Path) -> None:
    _, first = trained
    with make_project(tmp_path / "p.db", count=20, seed=3) as project:
        out = tmp_path / "next"
        summary = train_model(project, out, TrainOptions(base=str(first.out_dir), max_steps=6,
                                                         min_docs=10))
        assert summary.metrics["frozen_components"] == []
        again = train_model(project, out, TrainOptions(max_steps=4, min_docs=10))
        assert again.model_id == "en_next-1.0.2"  # each run bumps the version
    assert Suggester.load(str(out)).name == "en_next-1.0.2+rules"


def test_all_three_components_train_and_load(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.db", count=16) as project:
        summary = train_model(project, tmp_path / "full", TrainOptions(
            components=("ner", "spancat", "textcat_multilabel"), max_steps=4, min_docs=10,
            make_current=False))
        assert project.store.settings.get(MODEL_SETTING) is None
        assert project.layer(1, "gold").kind is LayerKind.GOLD
    nlp = spacy.load(summary.out_dir)
    assert nlp.pipe_names == ["tok2vec", "ner", "spancat", "textcat_multilabel"]
    doc = nlp("Zorbin Quell met officials from Kelvania on Monday.")
    assert {"SUMMIT_DIPLOMACY", "TRADE_DISPUTE"} <= set(doc.cats)
    assert set(summary.metrics["labels_in_training"]) == {"entities", "spans", "tags"}
