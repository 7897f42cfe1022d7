"""Opening a document's layer is in its history (who, when, and what the project memory
changed in the suggestions it starts from), without stepping the layer's version and
without entering anyone's undo stack."""

from __future__ import annotations

import json

import pytest

from jkannotate.cli import main
from jkannotate.project import Project
from tests.memory.corpus import build_project


@pytest.fixture
def project_url(db_url: str) -> str:
    return build_project(db_url, 2)


def test_opening_a_layer_is_logged_at_version_zero_and_not_undoable(
    project_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(project_url, user="alice") as project:
        layer = project.open_layer(1)
        assert layer.version == 0
        stored = project.layer(1, "alice")
        assert stored is not None and stored.version == 0
        (opened,) = project.store.layers.log(layer.id)  # type: ignore[arg-type]
        assert (opened.author, opened.action, opened.version) == ("alice", "open", 0)
        assert opened.edits == [] and opened.span_uids == []  # the memory changed nothing
        assert not project.can_undo(layer) and project.undo(layer) is None
        # the first edit is checked against version 0 and is the first undoable one
        project.accept(layer, [layer.spans[0].uid])
        assert layer.version == 1
    with Project.open(project_url, user="alice") as again:  # opening it again logs nothing
        layer = again.open_layer(1)
        assert [e.action for e in again.store.layers.log(layer.id)] == ["open", "do"]  # type: ignore[arg-type]
        assert again.undo(layer) is not None and again.undo(layer) is None
        assert again.layer(1, "alice").version == 2  # type: ignore[union-attr]

    assert main(["history", "--doc", "1", "--db", project_url, "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert [(x["who"], x["layer"], x["action"], x["what"], x["version"]) for x in lines] == [
        ("alice", "alice", "open", "opened the layer", 0),
        ("alice", "alice", "do", "accepted, status in_progress", 1),
        ("alice", "alice", "undo", "undid (accepted, status in_progress)", 2),
    ]


def test_what_the_memory_changed_when_the_layer_opened_is_in_the_span_history(
    project_url: str,
) -> None:
    with Project.open(project_url, user="alice") as project:
        first = project.open_layer(1)
        text = project.document(1).text
        start = text.index("Hanbit Ceramics")
        project.add_span(first, start, start + len("Hanbit Ceramics"), "ORG", exact=True)
        blue = next(s for s in first.spans if text[s.start:s.end] == "Blue House")
        project.reject(first, [blue.uid])

        second = project.open_layer(2)  # the memory adds Hanbit Ceramics, drops Blue House
        text = project.document(2).text
        hanbit = next(s for s in second.spans if text[s.start:s.end] == "Hanbit Ceramics")
        suggested = project.layer(2, "suggestion")
        assert suggested is not None
        dropped = next(s for s in suggested.spans if text[s.start:s.end] == "Blue House")
        assert dropped.uid not in {s.uid for s in second.spans}
        (opened,) = project.store.layers.log(second.id)  # type: ignore[arg-type]
        assert set(opened.span_uids) == {hanbit.uid, dropped.uid}

        lines = [(line.who, line.layer, line.what) for line in project.history(2, hanbit.uid)]
        assert lines == [("alice", "alice", "opened the layer (memory: added ORG)")]
        lines = [(line.who, line.layer, line.what) for line in project.history(2, dropped.uid)]
        assert lines == [
            ("rule:gazetteer", "suggestion", "suggested ORG"),
            ("alice", "alice", "opened the layer (memory: removed)"),
        ]
        # what the memory did is a record, not an edit of anyone's to undo
        assert project.undo(second) is None


def test_a_layer_opened_for_another_user_is_logged_under_who_opened_it(
    project_url: str,
) -> None:
    with Project.open(project_url, user="lead") as lead:
        lead.bootstrap_admin("lead")
        lead.register_user("bob", "annotator")
        layer = lead.open_layer(1, "bob")
        (opened,) = lead.store.layers.log(layer.id)  # type: ignore[arg-type]
        assert (opened.author, opened.layer_owner, opened.action) == ("lead", "bob", "open")
    with Project.open(project_url, user="bob") as bob:
        mine = bob.open_layer(1)
        assert mine.id == layer.id and not bob.can_undo(mine)
        assert [line.who for line in bob.history(1)] == ["lead"]
