"""The edit log: every edit is logged in its own transaction, undo and redo read the log
(after a restart, from the CLI, each user only their own edits), spans have a history."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import event, text

from jkannotate.cli import main
from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, NotFound, PermissionDenied
from jkannotate.core.history import LogEntry
from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project

TEXT = "Seoul urged Tokyo on Friday to lift the export curbs, South Korea’s ministry said."


def make_project(db_url: str, user: str = "alice") -> Project:
    project = Project.open(db_url, user=user)
    suggestion = Layer(
        None,
        LayerKind.SUGGESTION,
        "suggester",
        spans=[
            Span(0, 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING, source="rule:gazetteer")
        ],
    )
    project.import_documents([AnnotatedDocument(Document(TEXT, title="t"), [suggestion])])
    return project


def stored_spans(project: Project, owner: str = "alice") -> dict[str, tuple[str, State]]:
    layer = project.layer(1, owner)
    assert layer is not None
    return {s.uid: (s.label, s.state) for s in layer.spans}


def test_every_edit_is_logged_with_author_and_exact_inverse(db_url: str) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    change = project.add_span(layer, 12, 17, "GPE")
    project.relabel(layer, change.edits[0].span.uid, "ORG")  # type: ignore[union-attr]
    opened, *log = project.store.layers.log(layer.id)  # type: ignore[arg-type]
    assert (opened.action, opened.version, opened.edits) == ("open", 0, [])
    assert [e.author for e in log] == ["alice", "alice"]
    assert [e.version for e in log] == [1, 2]
    assert log[0].edits == change.edits and log[0].inverse == change.undo
    assert log[1].inverse == [
        ed.UpdateSpan.of(
            change.edits[0].span.uid,
            kind=change.edits[0].span.kind,  # type: ignore[union-attr]
            label="GPE",
            state=State.ACCEPTED,
        )
    ]
    project.close()


def test_a_failed_edit_leaves_no_log_entry(db_url: str) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    with pytest.raises(KeyError):  # the inverse needs the span: refused before any write
        project.apply(layer, [ed.UpdateSpan.of("no-such-span", state=State.ACCEPTED)])
    with pytest.raises(NotFound):  # refused by the store: the transaction rolls back
        project.store.layers.apply_edits(
            layer.id,  # type: ignore[arg-type]
            [ed.SetNotes("x"), ed.UpdateSpan.of("no-such-span", state=State.ACCEPTED)],
            log=LogEntry("alice", [], []),
        )
    log = project.store.layers.log(layer.id)  # type: ignore[arg-type]
    assert [e.action for e in log] == ["open"]  # its opening only
    assert project.layer(1, "alice").version == 0  # type: ignore[union-attr]
    project.close()


def test_undo_and_redo_work_after_a_restart(db_url: str) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    (suggested,) = layer.spans
    project.accept(layer, [suggested.uid])
    added = project.add_span(layer, 12, 17, "GPE").edits[0].span.uid  # type: ignore[union-attr]
    project.close()

    project = Project.open(db_url, user="alice")  # a new process would do the same
    layer = project.layer(1, "alice")
    assert layer is not None
    assert project.undo(layer) is not None  # the added span goes
    assert added not in stored_spans(project)
    assert project.undo(layer) is not None  # the acceptance goes, and the status with it
    assert stored_spans(project) == {suggested.uid: ("GPE", State.PENDING)}
    assert project.layer(1, "alice").status is LayerStatus.TODO  # type: ignore[union-attr]
    assert project.undo(layer) is None  # nothing left
    project.close()

    project = Project.open(db_url, user="alice")
    layer = project.layer(1, "alice")
    assert layer is not None
    project.redo(layer)
    assert stored_spans(project) == {suggested.uid: ("GPE", State.ACCEPTED)}
    project.redo(layer)
    assert stored_spans(project)[added] == ("GPE", State.ACCEPTED)
    assert project.redo(layer) is None
    # undo after redo takes back the redone edit; a new edit clears the redo stack
    project.undo(layer)
    assert added not in stored_spans(project)
    project.set_status(layer, LayerStatus.IN_PROGRESS)
    assert not project.can_redo(layer)
    actions = [e.action for e in project.store.layers.log(layer.id)]  # type: ignore[arg-type]
    assert actions == ["open", "do", "do", "undo", "undo", "redo", "redo", "undo", "do"]
    project.close()


def test_each_annotator_undoes_only_their_own_edits(db_url: str) -> None:
    project = make_project(db_url, user="lead")
    project.store.users.set_role("lead", "admin")
    project.store.users.set_role("rita", "reviewer")
    project.store.users.set_role("sam", "reviewer")
    project.close()
    rita, sam = Project.open(db_url, user="rita"), Project.open(db_url, user="sam")
    gold_r = rita.open_layer(1, "gold")
    first = rita.add_span(gold_r, 12, 17, "GPE").edits[0].span.uid  # type: ignore[union-attr]
    gold_s = sam.layer(1, "gold")
    assert gold_s is not None
    second = sam.add_span(gold_s, 54, 65, "GPE").edits[0].span.uid  # type: ignore[union-attr]
    # rita's undo skips sam's later edit and takes back her own
    gold_r = rita.layer(1, "gold")
    rita.undo(gold_r)  # type: ignore[arg-type]
    spans = stored_spans(rita, "gold")
    assert first not in spans and second in spans
    assert rita.undo(gold_r) is None  # type: ignore[arg-type]
    assert sam.undo(sam.layer(1, "gold")) is not None  # type: ignore[arg-type]
    assert set(stored_spans(sam, "gold")).isdisjoint({first, second})
    # sam relabels a span rita added (after she redid it): her undo must not erase his work
    gold_r = rita.layer(1, "gold")
    rita.redo(gold_r)  # type: ignore[arg-type]
    gold_s = sam.layer(1, "gold")
    sam.relabel(gold_s, first, "ORG")  # type: ignore[arg-type]
    gold_r = rita.layer(1, "gold")
    with pytest.raises(ConflictError):
        rita.undo(gold_r)  # type: ignore[arg-type]
    assert stored_spans(rita, "gold")[first] == ("ORG", State.ACCEPTED)
    rita.close()
    sam.close()


def test_permission_is_checked_against_the_stored_layer_in_the_transaction(db_url: str) -> None:
    project = make_project(db_url, user="lead")
    project.store.users.set_role("lead", "admin")
    project.store.users.set_role("alice", "annotator")
    project.store.users.set_role("bob", "annotator")
    bob_layer = project.open_layer(1, "bob")
    project.close()
    alice = Project.open(db_url, user="alice")
    disguised = Layer(1, LayerKind.ANNOTATOR, "alice", id=bob_layer.id)  # claims to be hers
    with pytest.raises(PermissionDenied):
        alice.apply(disguised, [ed.SetNotes("mine now")], check_version=False)
    alice.close()
    with Project.open(db_url, user="lead") as lead:  # alice may not read bob's layer (blind)
        assert lead.layer(1, "bob").notes == ""  # type: ignore[union-attr]
        log = lead.store.layers.log(bob_layer.id)  # type: ignore[arg-type]
        assert [(e.author, e.action) for e in log] == [("lead", "open")]  # nothing of alice


def test_span_history_names_suggester_annotator_and_reviewer(db_url: str) -> None:
    project = make_project(db_url, user="lead")
    project.store.users.set_role("lead", "admin")
    project.store.users.set_role("alice", "annotator")
    project.store.users.set_role("rita", "reviewer")
    project.close()
    alice = Project.open(db_url, user="alice")
    layer = alice.open_layer(1)
    (span,) = layer.spans
    alice.accept(layer, [span.uid])
    alice.add_span(layer, 12, 17, "GPE")  # another span: not in this span's history
    alice.close()
    rita = Project.open(db_url, user="rita")
    gold = rita.open_layer(1, "gold")
    rita.accept(gold, [span.uid])  # gold starts from the pending suggestions too
    rita.relabel(gold, span.uid, "ORG")
    lines = rita.history(1, span.uid)
    assert [(line.who, line.layer, line.what) for line in lines] == [
        ("rule:gazetteer", "suggestion", "suggested GPE"),
        ("alice", "alice", "accepted"),
        ("rita", "gold", "accepted"),
        ("rita", "gold", "relabelled GPE → ORG"),
    ]
    assert "[review]  relabelled GPE → ORG" in lines[-1].text()
    # the whole document: each opened a layer, then alice's two edits, rita's two
    assert [(line.who, line.what) for line in rita.history(1)][:2] == [
        ("alice", "opened the layer"), ("alice", "accepted, status in_progress")]
    assert len(rita.history(1)) == 6
    rita.close()


def test_one_write_transaction_per_edit(db_url: str) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    project.add_span(layer, 12, 17, "GPE")  # the layer is in progress, its text known
    begun: list[object] = []
    event.listen(project.store.engine, "begin", lambda *a: begun.append(a))
    project.add_span(layer, 54, 65, "GPE")
    project.relabel(layer, layer.spans[-1].uid, "ORG")
    assert len(begun) == 2
    project.close()


def test_cli_undo_redo_and_history(db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    uid = layer.spans[0].uid
    project.reject(layer, [uid])
    project.close()

    assert main(["undo", "--doc", "1", "--db", db_url, "--annotator", "alice"]) == 0
    assert "undid (rejected" in capsys.readouterr().out
    with Project.open(db_url, user="alice") as reopened:
        assert stored_spans(reopened)[uid] == ("GPE", State.PENDING)
    assert main(["undo", "--doc", "1", "--db", db_url, "--annotator", "bob"]) == 1  # no layer
    capsys.readouterr()
    assert main(["redo", "--doc", "1", "--db", db_url, "--annotator", "alice"]) == 0
    capsys.readouterr()
    assert main(["history", "--doc", "1", "--span", uid, "--db", db_url, "--json"]) == 0
    lines = json.loads(capsys.readouterr().out)
    assert [(x["who"], x["action"], x["what"]) for x in lines] == [
        ("rule:gazetteer", "suggest", "suggested GPE"),
        ("alice", "do", "rejected"),
        ("alice", "undo", "undid (rejected)"),
        ("alice", "redo", "redid (rejected)"),
    ]
    assert main(["history", "--doc", "1", "--db", db_url]) == 0
    out = capsys.readouterr().out
    assert out.count("[alice]") == 4 and "undid (rejected, status in_progress)" in out
    assert out.splitlines()[0].endswith("alice  [alice]  opened the layer")


def test_log_survives_in_the_database_file(db_url: str) -> None:
    project = make_project(db_url)
    layer = project.open_layer(1)
    project.set_status(layer, LayerStatus.DONE)
    with project.store.engine.connect() as connection:
        row = connection.execute(
            text("SELECT author, action, edits FROM edit_log WHERE action = 'do'")).one()
    assert row[0] == "alice" and row[1] == "do"
    assert json.loads(row[2]) == [{"op": "set_status", "status": "done"}]
    project.close()
