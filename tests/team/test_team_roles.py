"""Roles hold in the shared database: checked by the project layer on every engine."""

from __future__ import annotations

import pytest

from jkannotate.core.errors import PermissionDenied
from jkannotate.core.model import AnnotatedDocument, Document, LayerKind, LayerStatus
from jkannotate.operations.review import adjudicate_project
from jkannotate.operations.team import add_user, assign, visible_layers
from jkannotate.project import Project

TEXT = "Seoul and Tokyo agreed on Thursday to restore their intelligence-sharing pact, GSOMIA."


@pytest.fixture
def team(db_url: str) -> str:
    with Project.open(db_url, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="gsomia"))])
        add_user(project, "lead", "admin")
        add_user(project, "mina", "annotator")
        add_user(project, "kenji", "annotator")
        add_user(project, "rita", "reviewer")
    return db_url


def test_annotators_write_only_their_own_layers_on_the_shared_database(team: str) -> None:
    with Project.open(team, user="mina") as mina:
        layer = mina.open_layer(1)
        mina.add_span(layer, 0, 5, "GPE")
        with pytest.raises(PermissionDenied):
            mina.open_layer(1, owner="kenji")
        with pytest.raises(PermissionDenied):
            mina.open_layer(1, owner="gold")
        with pytest.raises(PermissionDenied):
            adjudicate_project(mina, "majority")
        with pytest.raises(PermissionDenied):
            assign(mina, ["mina", "kenji"], 0.5)
    with Project.open(team, user="rita") as rita:
        minas = rita.store.layers.get(1, LayerKind.ANNOTATOR, "mina")
    assert minas is not None
    with Project.open(team, user="kenji") as kenji:
        assert [layer.owner for layer in visible_layers(kenji, 1)] == []  # blind: mina's hidden
        assert kenji.store.layers.get(1, LayerKind.ANNOTATOR, "mina") is None  # on every read path
        with pytest.raises(PermissionDenied):
            kenji.set_status(minas, LayerStatus.DONE)  # a layer object from elsewhere is refused
    with Project.open(team, user="rita") as rita:
        gold = rita.open_layer(1, owner="gold")
        rita.add_span(gold, 0, 5, "GPE")
        assert rita.store.layers.get(1, LayerKind.GOLD, "gold") is not None
