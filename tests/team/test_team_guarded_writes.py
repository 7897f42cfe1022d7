"""Every write is checked against the stored row in its own transaction, and blind
annotation holds on every read path (API, export, agreement, report) — SQLite and
PostgreSQL alike. On PostgreSQL the test connects as the superuser, whom the server's
policies do not bind, so what is refused here is refused by jkannotate itself."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core import edits as ed
from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import (
    AnnotatedDocument,
    Comment,
    Document,
    LayerKind,
    LayerStatus,
    Role,
)
from jkannotate.operations.review import agreement, report
from jkannotate.project import Project

TEXT = "Seoul and Tokyo agreed on Thursday to restore their intelligence-sharing pact, GSOMIA."


@pytest.fixture
def team(db_url: str) -> str:
    """lead (admin), rita (reviewer), mina and bob (annotators); bob finished document 1."""
    with Project.open(db_url, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="gsomia"))])
        for name, role in (("lead", "admin"), ("rita", "reviewer"), ("mina", "annotator")):
            project.store.users.set_role(name, role)
        project.store.users.set_role("bob", "annotator")
    with Project.open(db_url, user="bob") as bob:
        layer = bob.open_layer(1)
        bob.add_span(layer, 0, 5, "GPE")
        bob.set_status(layer, LayerStatus.DONE)
    return db_url


def bobs_layer(db: str):  # type: ignore[no-untyped-def]
    with Project.open(db, user="rita") as rita:
        layer = rita.layer(1, "bob")
        assert layer is not None
        return layer


def test_a_forged_layer_object_writes_nothing(team: str) -> None:
    stolen = bobs_layer(team)
    with Project.open(team, user="mina") as mina:
        mina.open_layer(1)  # her own exists; now dress bob's layer up as hers
        forged = replace(stolen, owner="mina", spans=list(stolen.spans))
        with pytest.raises(PermissionDenied, match="cannot write bob's layer"):
            mina.apply(forged, [ed.RemoveSpan(stolen.spans[0].uid)])
        as_gold = replace(stolen, kind=LayerKind.ANNOTATOR, owner="mina")
        with pytest.raises(PermissionDenied):
            mina.store.layers.apply_edits(as_gold.id, [ed.SetStatus(LayerStatus.TODO)])
    assert [s.label for s in bobs_layer(team).spans] == ["GPE"]  # untouched


def test_an_annotator_cannot_mark_her_layer_reviewed_or_promote_herself(team: str) -> None:
    with Project.open(team, user="mina") as mina:
        layer = mina.open_layer(1)
        with pytest.raises(PermissionDenied, match="only reviewers and admins mark"):
            mina.set_status(layer, LayerStatus.REVIEWED)
        with pytest.raises(PermissionDenied, match="mina is an annotator: only admins"):
            mina.store.users.set_role("mina", "admin")
        with pytest.raises(PermissionDenied, match="assign"):
            mina.store.users.set_assignments([(1, "mina")])
        with pytest.raises(PermissionDenied, match="import documents"):
            mina.import_documents([AnnotatedDocument(Document("Another text.", title="x"))])
        assert mina.store.users.roles()["mina"] == "annotator"
        assert mina.role_of() is Role.ANNOTATOR
    with Project.open(team, user="rita") as rita:  # a reviewer may
        layer = rita.layer(1, "bob")
        rita.set_status(layer, LayerStatus.REVIEWED)
    with Project.open(team, user="bob") as bob:  # and bob may not reopen it
        layer = bob.layer(1, "bob")
        with pytest.raises(PermissionDenied, match="reviewed"):
            bob.set_status(layer, LayerStatus.IN_PROGRESS)


def test_a_comment_is_always_by_the_user_who_writes_it(team: str) -> None:
    with Project.open(team, user="mina") as mina:
        layer = mina.open_layer(1)
        mina.apply(layer, [ed.AddComment(Comment("lead", "signed as the admin", "2024-01-01"))])
    with Project.open(team, user="rita") as rita:
        (comment,) = rita.layer(1, "mina").comments
        assert comment.author == "mina" and comment.text == "signed as the admin"


def test_blind_annotation_on_every_read_path(
    team: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(team, user="mina") as mina:
        layer = mina.open_layer(1)
        mina.add_span(layer, 10, 15, "GPE")
        assert mina.layer(1, "bob") is None  # API: hidden while hers is unfinished
        assert mina.layer(1, "gold") is None
        assert {lay.owner for lay in mina.annotated(1).layers} <= {"mina", "suggester"}
        assert [d.layers for d in mina.annotated_many([1], ["bob"])] == [[]]
        hidden = agreement(mina, ["mina", "bob"]).to_json()  # bob's layer is not compared
        assert hidden["documents"] == 0 and hidden["spans"]["exact"]["f1"] is None
        report(mina, tmp_path / "mina.html")
        assert "bob" not in (tmp_path / "mina.html").read_text()
    monkeypatch.setenv("JKANNOTATE_ANNOTATOR", "mina")
    out = tmp_path / "bob.jsonl"
    main(["export", str(out), "--format", "jsonl", "--layer", "bob", "--db", team])
    exported = [json.loads(line) for line in out.read_text().splitlines()] if out.exists() else []
    assert all(lay.get("owner") != "bob" for doc in exported for lay in doc.get("layers", []))
    assert "GPE" not in json.dumps([d.get("layers") for d in exported])
    capsys.readouterr()

    with Project.open(team, user="mina") as mina:  # once hers is done, she sees bob's
        mina.set_status(mina.layer(1, "mina"), LayerStatus.DONE)
        assert mina.layer(1, "bob") is not None
        figures = agreement(mina, ["mina", "bob"])
        assert figures.to_json()["documents"] == 1
    main(["export", str(out), "--format", "jsonl", "--layer", "bob", "--db", team, "--force"])
    assert "bob" in out.read_text()


def test_sqlite_opens_read_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "p.db"
    with Project.open(db, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="gsomia"))])
    before = db.read_bytes()
    with Project.open(db, read_only=True) as project:
        assert project.document(1).text == TEXT
        with pytest.raises(PermissionDenied, match="read-only"):
            project.open_layer(1)
        with pytest.raises(PermissionDenied, match="read-only"):
            project.store.settings.set("k", "v")
    assert db.read_bytes() == before
    assert main(["docs", "--db", f"sqlite:///file:{db}?mode=ro&uri=true"]) == 0
    assert "gsomia" in capsys.readouterr().out
    with pytest.raises(Exception, match="no project database"):
        Project.open(tmp_path / "absent.db", read_only=True)
    assert not (tmp_path / "absent.db").exists()
