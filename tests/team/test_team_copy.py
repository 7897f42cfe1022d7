"""``jkannotate copy``: a whole project between SQLite and PostgreSQL, both ways, proven equal."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core import edits as ed
from jkannotate.core.errors import InputError, NotFound
from jkannotate.core.model import (
    AnnotatedDocument,
    Comment,
    DocTag,
    Document,
    EventArgument,
    Evidence,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.core.serialize import document_to_dict
from jkannotate.operations.copy import copy_project
from jkannotate.project import Project
from jkannotate.store import Store
from jkannotate.store.transfer import fingerprints, project_tables

ARTICLES = [
    (
        "Yonhap",
        "South Korea's Supreme Court ordered Mitsubishi Heavy Industries to compensate "
        "forced labour victims, and Tokyo lodged a protest within hours. 🇰🇷🇯🇵",
    ),
    (
        "Asahi Shimbun",
        "岸田文雄首相は尹錫悦大統領と東京で会談し、GSOMIAの正常化を確認した。"
        "Kishida and Yoon met in Tokyo.",
    ),
    (
        "The Korea Herald",
        "Seoul dropped its WTO complaint after Japan lifted export curbs on fluorinated "
        "polyimide, photoresists and hydrogen fluoride.",
    ),
]


def fill_project(db: str) -> None:
    """A project using every table: labels, documents with signatures, all layer kinds,
    spans, event arguments, tags with evidence, comments, users, assignments, settings."""
    with Project.open(db, user="lead") as project:
        items = []
        for outlet, text in ARTICLES:
            trigger = Span(
                0,
                5,
                "LEGAL_ACTION",
                origin=Origin.SUGGESTED,
                state=State.PENDING,
                confidence=0.1 + 0.2,
                source="rules v1",
            )
            argument = Span(6, 11, "GPE", confidence=None)
            suggestion = Layer(
                None,
                LayerKind.SUGGESTION,
                "suggester",
                spans=[trigger, argument],
                arguments=[EventArgument(trigger.uid, argument.uid, "agent")],
                tags=[
                    DocTag(
                        "FORCED_LABOUR",
                        Origin.SUGGESTED,
                        State.PENDING,
                        2 / 3,
                        "cue",
                        (Evidence(0, 5),),
                    )
                ],
            )
            document = Document(
                text,
                title=text[:20],
                outlet=outlet,
                published="2023-03-16",
                meta={"lang": "mixed", "n": 1},
            )
            items.append(AnnotatedDocument(document, [suggestion]))
        project.import_documents(items)
        layer = project.open_layer(1)
        project.accept_all(layer)
        project.apply(layer, [ed.AddComment(Comment("lead", "check the date ✔", "2024-01-01"))])
        project.add_span(layer, 12, 20, "ORG")
        gold = project.open_layer(2, "gold")
        project.set_tag(gold, "SECURITY_COOPERATION")
        project.store.users.set_role("lead", "admin")
        project.store.users.set_role("mina", "annotator")
        project.store.users.set_assignments([(1, "mina"), (2, "mina"), (3, "lead")])
        project.store.settings.set("guideline_version", "3")


def project_view(db: str) -> list[dict]:
    with Project.open(db, user="lead") as project:
        return [document_to_dict(project.annotated(i)) for i in project.store.documents.ids()]


@pytest.fixture
def other_db(request: pytest.FixtureRequest, db_kind: str, tmp_path: Path) -> str:
    """The other kind of database than ``db_url``: the copy always crosses engines
    (SQLite → PostgreSQL and PostgreSQL → SQLite)."""
    if db_kind == "sqlite":
        return str(request.getfixturevalue("pg_database"))
    return f"sqlite:///{tmp_path / 'copy.db'}"


def test_copy_crosses_engines_and_back_with_every_table_equal(
    db_url: str, other_db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_project(db_url)
    assert main(["copy", db_url, other_db]) == 0
    out = capsys.readouterr().out
    assert "counts and content hashes equal in every table" in out
    back = f"sqlite:///{tmp_path / 'back.db'}"
    copy_project(other_db, back)

    stores = [Store(db) for db in (db_url, other_db, back)]
    prints = [fingerprints(store) for store in stores]
    for store in stores:
        store.close()
    assert prints[0] == prints[1] == prints[2]
    assert set(prints[0]) == {t.name for t in project_tables()}
    for table in (
        "label",
        "document",
        "layer",
        "span",
        "event_argument",
        "doc_tag",
        "comment",
        "user",
        "assignment",
        "setting",
    ):
        assert prints[0][table].rows > 0, table
    assert project_view(db_url) == project_view(other_db) == project_view(back)


def test_copy_keeps_ids_and_new_rows_continue_after_them(db_url: str, other_db: str) -> None:
    fill_project(db_url)
    copy_project(db_url, other_db)
    with Project.open(other_db, user="lead") as project:
        assert project.store.documents.ids() == [1, 2, 3]
        summary = project.import_documents(
            [
                AnnotatedDocument(
                    Document("Japan and South Korea held a trilateral drill.", title="d")
                )
            ]
        )
        assert summary.added == [4]  # the id counters were moved past the copied ids
        layer = project.open_layer(4)
        assert layer.id is not None and layer.id > max(
            lay.id for i in (1, 2, 3) for lay in project.store.layers.of_document(i) if lay.id
        )
        project.add_span(layer, 0, 5, "GPE")


def test_copy_refuses_a_non_empty_destination_and_changes_nothing(
    db_url: str, other_db: str
) -> None:
    fill_project(db_url)
    with Project.open(other_db, user="x") as project:  # labels make it non-empty
        project.import_documents([AnnotatedDocument(Document("Other work.", title="o"))])
    store = Store(other_db)
    before = fingerprints(store)
    store.close()
    with pytest.raises(InputError, match="is not empty"):
        copy_project(db_url, other_db)
    assert main(["copy", db_url, other_db]) == 1
    store = Store(other_db)
    assert fingerprints(store) == before
    store.close()


def test_copy_from_a_missing_project_creates_nothing(tmp_path: Path, db_url: str) -> None:
    missing = tmp_path / "absent.db"
    with pytest.raises(NotFound):
        copy_project(str(missing), db_url)
    assert not missing.exists()
    with pytest.raises(InputError, match="same database"):
        copy_project(db_url, db_url)


def test_copy_into_a_fresh_schema_works_and_into_one_with_documents_refuses(
    db_url: str, other_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The destination was opened once (schema and default labels, no documents)."""
    fill_project(db_url)
    Project.open(other_db, user="x").close()  # creates the schema with default labels
    assert main(["copy", db_url, other_db]) == 0
    assert "counts and content hashes equal" in capsys.readouterr().out
    assert project_view(db_url) == project_view(other_db)
    assert main(["copy", db_url, other_db]) == 1  # now it holds documents
    assert "is not empty (rows in" in capsys.readouterr().err


def test_copy_refuses_a_schema_whose_labels_were_edited(
    db_url: str, other_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    fill_project(db_url)
    with Project.open(other_db, user="x") as project:
        project.store.users.set_role("x", "admin")
    store = Store(other_db)
    with store.engine.begin() as connection:  # someone's own label: not a fresh schema
        connection.exec_driver_sql('DELETE FROM "user"')
        connection.exec_driver_sql("UPDATE label SET colour = '#010203' WHERE id = 1")
    store.close()
    assert main(["copy", db_url, other_db]) == 1
    assert "rows in label" in capsys.readouterr().err
