"""The loop end to end: import → suggest → correct → train → re-suggest with the new model."""

from __future__ import annotations

from pathlib import Path

from jkannotate.core.model import AnnotatedDocument, Document, LabelKind, LayerStatus
from jkannotate.operations.suggest import suggest_documents
from jkannotate.operations.train import TrainOptions, train_model
from jkannotate.project import Project
from tests.train.train_corpus import generate

NEW_TEXT = "The Drovasi delegation arrived in Kelvania for trade talks."


def entity_spans(project: Project, doc_id: int) -> dict[str, tuple[str, str | None]]:
    layer = project.layer(doc_id, "suggestion")
    assert layer is not None
    text = project.document(doc_id).text
    return {text[s.start:s.end]: (s.label, s.source) for s in layer.spans
            if s.kind is LabelKind.ENTITY}


def correct(project: Project, doc_id: int, gold: set[tuple[int, int, str]]) -> None:
    """What an annotator does: accept the right suggestions, reject the rest, add the missing
    entities; "Drovasi" is first added as ORG by mistake and then relabelled NORP."""
    layer = project.open_layer(doc_id)
    right = [s.uid for s in layer.spans if s.key in gold]
    wrong = [s.uid for s in layer.spans if s.key not in gold]
    project.accept(layer, right)
    if wrong:
        project.reject(layer, wrong)
    text = project.document(doc_id).text
    have = {s.key for s in layer.spans}
    for start, end, label in sorted(gold - have):
        first_try = "ORG" if text[start:end] == "Drovasi" else label
        changes = project.add_span(layer, start, end, first_try)
        if first_try != label:
            project.relabel(layer, changes.edits[0].span.uid, label)  # type: ignore[attr-defined]
    project.set_status(layer, LayerStatus.DONE)
    assert {s.key for s in layer.kept_spans()} == gold


def test_corrections_teach_the_next_suggestions(tmp_path: Path) -> None:
    generated = generate(24, seed=1)
    with Project.open(tmp_path / "p.db", user="ann") as project:
        ids = project.import_documents(
            [AnnotatedDocument(Document(g.text)) for g in generated]).added
        first = suggest_documents(project)
        assert first.model == "rules"
        assert "Kelvania" not in entity_spans(project, ids[0])  # the rules do not know it

        for doc_id, g in zip(ids, generated, strict=True):
            correct(project, doc_id, set(g.entities))

        summary = train_model(project, tmp_path / "loop",
                              TrainOptions(layer="ann", max_steps=60, min_docs=10))
        assert summary.metrics["layer"] == "ann"
        assert summary.model_id == "en_loop-1.0.1"
        new_id = project.import_documents([AnnotatedDocument(Document(NEW_TEXT))]).added[0]
        again = suggest_documents(project, model=str(tmp_path / "loop"), force=True)
        assert again.model == "en_loop-1.0.1+rules"
        assert again.suggested == 25

        source = "model:en_loop-1.0.1"
        fresh = entity_spans(project, new_id)
        assert fresh["Kelvania"] == ("GPE", source)
        assert fresh["Drovasi"] == ("NORP", source)  # the relabelled correction, not ORG
        assert project.layer(new_id, "suggestion").model == "en_loop-1.0.1+rules"
        # Finished work is untouched; the old documents now get the model's entities too.
        assert project.layer(ids[0], "ann").status is LayerStatus.DONE
        assert entity_spans(project, ids[0])["Kelvania"] == ("GPE", source)
        # Without naming the model, suggesting uses the project's current one.
        assert suggest_documents(project, force=True).model == "en_loop-1.0.1+rules"
