"""Bulk writes (suggest, adjudication, gold seeding) go through the project's write path:
offset- and role-checked, version-checked, one transaction, in the edit log."""

from __future__ import annotations

import pytest

from jkannotate.core.errors import ConflictError, OffsetError, PermissionDenied
from jkannotate.core.history import ADJUDICATE
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.operations.review import adjudicate_project
from jkannotate.operations.suggest import save_suggestions
from jkannotate.project import Project, Rewrite

TEXT = "Seoul urged Tokyo on Friday to lift the export curbs, South Korea’s ministry said."


def suggestion(doc_id: int, *spans: Span, model: str = "rules") -> Layer:
    return Layer(doc_id, LayerKind.SUGGESTION, "suggester", LayerStatus.DONE,
                 spans=list(spans), model=model)  # fmt: skip


def pending(start: int, end: int, label: str, source: str) -> Span:
    return Span(start, end, label, origin=Origin.SUGGESTED, state=State.PENDING, source=source)


def test_a_span_history_runs_from_the_suggester_to_review(db_url: str) -> None:
    with Project.open(db_url, user="rita") as project:
        project.bootstrap_admin("rita")
        for name in ("alice", "bob"):
            project.register_user(name, "annotator")
        (doc_id,) = project.import_documents([AnnotatedDocument(Document(TEXT))]).added
        seoul = pending(0, 5, "GPE", "rule:gazetteer")
        assert save_suggestions(project, [suggestion(doc_id, seoul)]) == []
    for name in ("alice", "bob"):
        with Project.open(db_url, user=name) as annotator:
            layer = annotator.open_layer(doc_id)
            annotator.accept(layer, [seoul.uid])
            annotator.set_status(layer, LayerStatus.DONE)
    with Project.open(db_url, user="rita") as project:
        summary = adjudicate_project(project)
        assert summary.written == [doc_id]
        gold = project.layer(doc_id, GOLD_OWNER)
        assert gold is not None and [s.label for s in gold.spans] == ["GPE"]
        lines = [(line.who, line.layer, line.what) for line in project.history(doc_id)]
        assert lines[0][:2] == ("rules (run by rita)", "suggestion")  # the run's model
        assert lines[0][2].startswith("suggested GPE")
        assert ("alice", "alice", "accepted, status in_progress") in lines
        assert lines[-1][0] == "rita" and lines[-1][1] == "gold"
        assert lines[-1][2].startswith("adjudicated (added GPE")
        span_lines = project.history(doc_id, seoul.uid)
        assert [line.who for line in span_lines][:1] == ["rule:gazetteer (run by rita)"]
        # no line made up from the suggestion layer: the log has the suggest run
        assert sum(line.action == "suggest" for line in span_lines) == 1
        # the reviewer may undo the adjudication like an edit of their own
        undone = project.undo(gold)
        assert undone is not None and project.layer(doc_id, GOLD_OWNER).spans == []  # type: ignore[union-attr]


def test_a_rewrite_is_checked_before_anything_is_written(db_url: str) -> None:
    with Project.open(db_url, user="ann") as project:
        ids = project.import_documents(
            [AnnotatedDocument(Document(TEXT)), AnnotatedDocument(Document(TEXT + " (2)"))]
        ).added
        good = suggestion(ids[0], pending(0, 5, "GPE", "rule:a"))
        bad = suggestion(ids[1], pending(0, 500, "GPE", "rule:a"))  # beyond the text
        with pytest.raises(OffsetError):
            project.rewrite_layers([Rewrite(None, good), Rewrite(None, bad)])
        assert project.layer(ids[0], "suggestion") is None  # nothing of the batch written


def test_a_stale_layer_is_a_conflict_and_nothing_is_written(db_url: str) -> None:
    with Project.open(db_url, user="ann") as project:
        (doc_id,) = project.import_documents([AnnotatedDocument(Document(TEXT))]).added
        project.rewrite_layers([Rewrite(None, suggestion(doc_id, pending(0, 5, "GPE", "r")))])
        read = project.layer(doc_id, "suggestion")
        assert read is not None and read.version == 1
        project.rewrite_layers([Rewrite(read, suggestion(doc_id, pending(12, 17, "GPE", "r")))])
        stale = Layer(read.document_id, read.kind, read.owner, read.status,
                      spans=[], model=read.model, version=0, id=read.id)  # fmt: skip
        wanted = suggestion(doc_id, pending(20, 26, "DATE", "r"))
        with pytest.raises(ConflictError, match="changed elsewhere"):
            project.rewrite_layers([Rewrite(stale, wanted)])
        skipped = project.rewrite_layers([Rewrite(stale, wanted)], skip_conflicts=True)
        assert skipped.conflicts and not skipped.layers
        now = project.layer(doc_id, "suggestion")
        assert now is not None and [s.start for s in now.spans] == [12] and now.version == 2


def test_an_annotator_cannot_adjudicate_through_the_bulk_path(db_url: str) -> None:
    with Project.open(db_url, user="rita") as project:
        project.bootstrap_admin("rita")
        project.register_user("alice", "annotator")
        (doc_id,) = project.import_documents([AnnotatedDocument(Document(TEXT))]).added
    with Project.open(db_url, user="alice") as annotator:
        gold = Layer(doc_id, LayerKind.GOLD, GOLD_OWNER, spans=[Span(0, 5, "GPE")])
        with pytest.raises(PermissionDenied):
            annotator.rewrite_layers([Rewrite(None, gold)], action=ADJUDICATE)
        assert annotator.layer(doc_id, GOLD_OWNER) is None
