"""Users and roles through the CLI, and roles enforced below it: annotators write only
their own layer, never gold, and cannot adjudicate, assign or manage users."""

from __future__ import annotations

import json

import pytest
from review_cli_helpers import TEAM, annotate, new_project, register, run, team_project

from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import LayerStatus
from jkannotate.operations.review import adjudicate_project
from jkannotate.operations.team import visible_layers
from jkannotate.project import Project


def test_users_add_and_list(capsys, db_path) -> None:
    new_project(db_path)
    assert run(capsys, "users", "add", "alice", "--db", db_path)[0] == 0
    code, out, _ = run(capsys, "users", "add", "rita", "--role", "reviewer", "--db", db_path)
    assert code == 0 and "rita: reviewer" in out
    code, out, _ = run(capsys, "users", "list", "--db", db_path, "--json")
    assert code == 0
    assert json.loads(out) == [
        {"name": "alice", "role": "annotator", "assigned": 0},
        {"name": "rita", "role": "reviewer", "assigned": 0},
    ]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["eve", "--role", "boss"], "unknown role 'boss'"),
        (["gold"], "cannot be a user name"),
        (["  "], "cannot be a user name"),
    ],
)
def test_users_add_refuses_bad_input(capsys, db_path, args, reason) -> None:
    new_project(db_path)
    code, out, err = run(capsys, "users", "add", *args, "--db", db_path)
    assert code == 1 and reason in err and len(err.strip().splitlines()) == 1
    assert json.loads(run(capsys, "users", "list", "--db", db_path, "--json")[1]) == []


def test_once_an_admin_exists_only_admins_manage_users(capsys, db_path) -> None:
    new_project(db_path)
    register(db_path, TEAM)
    code, _, err = run(capsys, "users", "add", "eve", "--db", db_path, "--annotator", "alice")
    assert code == 1 and "only admins manage users" in err
    code, _, err = run(
        capsys, "users", "add", "alice", "--role", "admin", "--db", db_path, "--annotator", "rita"
    )
    assert code == 1 and "only admins" in err
    demote = ["users", "add", "lead", "--role", "annotator"]
    code, _, err = run(capsys, *demote, "--db", db_path, "--annotator", "lead")
    assert code == 1 and "only admin" in err
    assert run(capsys, "users", "add", "eve", "--db", db_path, "--annotator", "lead")[0] == 0
    users = json.loads(run(capsys, "users", "list", "--db", db_path, "--json")[1])
    assert {u["name"]: u["role"] for u in users} == {**TEAM, "eve": "annotator"}


def test_annotator_cannot_write_another_layer_or_gold(db_path) -> None:
    doc_id = new_project(db_path)[0]
    register(db_path, TEAM)
    annotate(db_path, "bob", doc_id, [("South Korea", "GPE")], status=LayerStatus.IN_PROGRESS)
    with Project.open(db_path, user="alice") as project:
        with pytest.raises(PermissionDenied):
            project.open_layer(doc_id, "gold")
        # bob's layer exists; alice may not even read it yet (blind), let alone edit it
        assert all(layer.owner != "bob" for layer in visible_layers(project, doc_id))
        assert project.layer(doc_id, "bob") is None
        with Project.open(db_path, user="rita") as reviewer:
            bobs = reviewer.layer(doc_id, "bob")  # a layer object obtained elsewhere
        assert bobs is not None
        with pytest.raises(PermissionDenied):
            project.add_span(bobs, 0, 5, "GPE", exact=True)
    with Project.open(db_path, user="rita") as project:
        assert project.layer(doc_id, "bob").spans[0].label == "GPE"  # unchanged
        gold = project.open_layer(doc_id, "gold")  # a reviewer may
        assert gold.kind.value == "gold"


def test_annotator_cannot_adjudicate_or_assign(capsys, db_path) -> None:
    team_project(db_path)
    code, _, err = run(capsys, "adjudicate", "--db", db_path, "--annotator", "alice")
    assert code == 1 and "alice is an annotator: only reviewers and admins adjudicate" in err
    with Project.open(db_path, user="bob") as project:
        with pytest.raises(PermissionDenied):
            adjudicate_project(project, "unanimous")
    code, _, err = run(
        capsys, "assign", "--annotators", "alice,bob", "--db", db_path, "--annotator", "bob"
    )
    assert code == 1 and "only reviewers and admins assign" in err
    code, _, err = run(capsys, "adjudicate", "--db", db_path, "--annotator", "stranger")
    assert code == 1 and "stranger is not a user of this project" in err
    code, out, _ = run(capsys, "stats", "--db", db_path, "--json")
    assert "gold" not in json.loads(out)["layers"]
    with Project.open(db_path) as project:
        assert project.store.users.assignments() == {}


def test_single_user_project_gives_everyone_every_right(capsys, db_path) -> None:
    ids = new_project(db_path)
    annotate(db_path, "alice", ids[0], [("South Korea", "GPE")])
    annotate(db_path, "bob", ids[0], [("South Korea", "GPE")])
    code, out, _ = run(capsys, "adjudicate", "--db", db_path, "--annotator", "alice")
    assert code == 0 and "gold written for 1 documents" in out
    with Project.open(db_path) as project:
        text = project.document(ids[0]).text
        gold = project.layer(ids[0], "gold")
        # both added "South Korea"; the suggested "Tokyo" both left pending is nobody's vote
        assert sorted(text[s.start : s.end] for s in gold.spans) == ["South Korea"]
