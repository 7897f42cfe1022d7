"""The write path: operations change the database in one transaction and undo exactly."""

from __future__ import annotations

import pytest

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, InputError, OffsetError, PermissionDenied
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project

TEXT = "Seoul urged Tokyo on Friday to lift the export curbs, South Korea’s ministry said."


@pytest.fixture
def project(db_url: str) -> Project:
    project = Project.open(db_url, user="alice")
    suggestion = [
        Span(
            0, 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING, confidence=0.9, source="rule"
        ),
        Span(
            12,
            17,
            "GPE",
            origin=Origin.SUGGESTED,
            state=State.PENDING,
            confidence=0.9,
            source="rule",
        ),
    ]
    from jkannotate.core.model import Layer

    layer = Layer(
        None,
        LayerKind.SUGGESTION,
        "suggester",
        spans=suggestion,
        tags=[DocTag("EXPORT_CONTROLS", Origin.SUGGESTED, State.PENDING, 0.8, "cue")],
    )
    project.import_documents([AnnotatedDocument(Document(TEXT, title="t"), [layer])])
    yield project
    project.close()


def stored(project: Project, owner: str = "alice"):
    layer = project.store.layers.get(1, LayerKind.ANNOTATOR, owner)
    assert layer is not None
    return layer


def test_open_layer_starts_from_pending_suggestions(project: Project) -> None:
    layer = project.open_layer(1)
    assert [(s.start, s.end, s.state) for s in layer.spans] == [
        (0, 5, State.PENDING),
        (12, 17, State.PENDING),
    ]
    assert [t.label for t in layer.tags] == ["EXPORT_CONTROLS"]
    assert project.open_layer(1).id == layer.id  # opening again returns the same layer


def test_accept_reject_relabel_are_stored_and_undo_restores(project: Project) -> None:
    layer = project.open_layer(1)
    first, second = layer.spans
    project.accept(layer, [first.uid])
    change = project.reject(layer, [second.uid])
    assert {s.uid: s.state for s in stored(project).spans} == {
        first.uid: State.ACCEPTED,
        second.uid: State.REJECTED,
    }
    assert stored(project).status is LayerStatus.IN_PROGRESS
    project.apply(layer, change.undo)
    assert stored(project).span(second.uid).state is State.PENDING
    project.relabel(layer, first.uid, "ORG")
    assert stored(project).span(first.uid).label == "ORG"


def test_manual_span_snaps_to_words_and_strips_possessive(project: Project) -> None:
    layer = project.open_layer(1)
    start = TEXT.index("outh Kor")
    change = project.add_span(layer, start, start + 8, "GPE")
    (uid,) = change.span_uids
    span = stored(project).span(uid)
    assert TEXT[span.start : span.end] == "South Korea"
    assert span.origin is Origin.MANUAL and span.state is State.ACCEPTED
    exact = project.add_span(layer, start, start + 8, "GPE", exact=True)
    (exact_uid,) = exact.span_uids
    assert (
        TEXT[stored(project).span(exact_uid).start : stored(project).span(exact_uid).end]
        == "outh Kor"
    )


def test_out_of_range_and_unknown_labels_are_refused_without_writing(project: Project) -> None:
    layer = project.open_layer(1)
    version = stored(project).version
    with pytest.raises(OffsetError):
        project.apply(layer, [ed.AddSpan(Span(5, len(TEXT) + 3, "GPE"))])
    with pytest.raises(InputError, match="unknown span label"):
        project.add_span(layer, 0, 5, "WEAPON")
    assert stored(project).version == version
    assert len(stored(project).spans) == 2


def test_a_failing_edit_rolls_back_the_whole_operation(project: Project) -> None:
    layer = project.open_layer(1)
    good = ed.UpdateSpan.of(layer.spans[0].uid, state=State.ACCEPTED)
    missing = ed.UpdateSpan.of("no-such-span", state=State.ACCEPTED)
    with pytest.raises(KeyError):
        project.apply(layer, [good, missing])
    from jkannotate.core.errors import NotFound

    with pytest.raises(NotFound):
        project.store.layers.apply_edits(layer.id, [good, missing])
    assert stored(project).span(layer.spans[0].uid).state is State.PENDING


def test_second_writer_of_the_same_layer_gets_a_conflict(project: Project, db_url: str) -> None:
    mine = project.open_layer(1)
    other_window = Project.open(db_url, user="alice")
    theirs = other_window.open_layer(1)
    other_window.accept(theirs, [theirs.spans[0].uid])
    with pytest.raises(ConflictError, match="reload"):
        project.reject(mine, [mine.spans[0].uid])
    assert stored(project).span(mine.spans[0].uid).state is State.ACCEPTED
    other_window.close()


def test_tags_keep_suggested_evidence_when_accepted(project: Project) -> None:
    layer = project.open_layer(1)
    project.set_tag(layer, "EXPORT_CONTROLS")
    (tag,) = stored(project).tags
    assert tag.state is State.ACCEPTED and tag.confidence == 0.8 and tag.source == "cue"
    with pytest.raises(InputError):
        project.set_tag(layer, "NOT_A_TAG")


def test_roles_are_enforced_once_users_exist(project: Project, db_url: str) -> None:
    project.store.users.set_role("alice", "annotator")
    project.store.users.set_role("rita", "reviewer")
    with pytest.raises(PermissionDenied):
        project.open_layer(1, owner="gold")
    with pytest.raises(PermissionDenied):
        project.open_layer(1, owner="bob")
    reviewer = Project.open(db_url, user="rita")
    gold = reviewer.open_layer(1, owner="gold")
    assert gold.kind is LayerKind.GOLD
    reviewer.close()


def test_inverse_of_every_edit_kind_restores_the_layer() -> None:
    from jkannotate.core.model import EventArgument, Layer

    trigger, arg = Span(0, 4, "MEETING"), Span(5, 9, "GPE")
    layer = Layer(
        1,
        LayerKind.ANNOTATOR,
        "a",
        spans=[trigger, arg],
        arguments=[EventArgument(trigger.uid, arg.uid, "participant")],
        tags=[DocTag("CHINA")],
        notes="n",
    )
    snapshot = (
        list(layer.spans),
        list(layer.arguments),
        list(layer.tags),
        layer.notes,
        layer.status,
    )
    edits = [
        ed.RemoveSpan(arg.uid),
        ed.SetTag(DocTag("CHINA", state=State.REJECTED)),
        ed.RemoveTag("CHINA"),
        ed.SetNotes("m"),
        ed.SetStatus(LayerStatus.DONE),
        ed.UpdateSpan.of(trigger.uid, label="AGREEMENT"),
    ]
    undo = ed.inverse(layer, edits)
    ed.apply_to_layer(layer, edits)
    ed.apply_to_layer(layer, undo)
    assert sorted(layer.spans, key=lambda s: s.start) == snapshot[0]
    assert layer.arguments == snapshot[1] and layer.tags == snapshot[2]
    assert (layer.notes, layer.status) == (snapshot[3], snapshot[4])
