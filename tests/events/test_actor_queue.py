"""Cross-document identity: the documents that mention an actor, by id, QID or name, in the
API, the queue and ``jkannotate docs --actor`` (decided spans; suggestions on request)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core import edits as ed
from jkannotate.core.actors import actor_keys
from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
    State,
)
from jkannotate.operations.queue import QueueQuery, queue_count, queue_page
from jkannotate.operations.suggest import suggest_documents
from jkannotate.operations.team import add_user
from jkannotate.project import Project

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("actors") / "p.db"
    with Project.open(path, user="ann") as project:
        project.import_paths([SEEDS])
        suggest_documents(project)
    return path


def suggested_with(project: Project, kb_id: str) -> set[int]:
    """Documents whose suggestion layer links a span to ``kb_id``, read the slow way."""
    ids = [s.id for s in project.documents()]
    return {item.document.id for item in project.annotated_many(ids, ["suggestion"])
            for span in item.layers[0].spans if span.kb_id == kb_id}  # type: ignore[misc]


def test_actor_references_resolve_to_ids_and_qids() -> None:
    assert actor_keys("Q17") == ("jka:japan", "Q17") == actor_keys("japan")
    assert actor_keys("jka:kishida-fumio") == ("jka:kishida-fumio",)
    assert actor_keys("Fumio Kishida") == actor_keys("기시다 후미오") == ("jka:kishida-fumio",)
    assert actor_keys("Q4115189") == ("Q4115189",)  # a QID we hold no actor for: as given
    with pytest.raises(InputError, match="no actor 'Kishidaa'"):
        actor_keys("Kishidaa")


def test_suggestions_count_only_when_asked(seeded: Path) -> None:
    with Project.open(seeded, user="ann") as project:
        expected = suggested_with(project, "jka:kishida-fumio")
        assert len(expected) >= 2  # the seeds report the Kishida-Moon call twice
        found = project.documents_mentioning("Kishida", suggestions=True)
        assert found == sorted(expected)
        assert project.documents_mentioning("Kishida") == []  # nothing decided yet
        assert set(project.documents_mentioning("Q17", suggestions=True)) == suggested_with(
            project, "jka:japan")


def test_decided_links_are_found_by_id_and_qid_and_rejected_ones_are_not(seeded: Path) -> None:
    with Project.open(seeded, user="ann") as project:
        doc_id = suggested_with(project, "jka:japan").pop()
        layer = project.open_layer(doc_id)
        japan = [s for s in layer.spans if s.kb_id == "jka:japan"]
        project.accept(layer, [japan[0].uid])
        assert project.documents_mentioning("Q17") == [doc_id]
        assert project.documents_mentioning("jka:japan") == [doc_id]
        query = QueueQuery(owner="ann", actor="Japan")
        assert queue_count(project, query) == 1
        assert [row.id for row in queue_page(project, query)] == [doc_id]
        layer = project.open_layer(doc_id)
        project.apply(layer, [ed.UpdateSpan.of(s.uid, state=State.REJECTED) for s in layer.spans
                              if s.kb_id == "jka:japan"])
        assert project.documents_mentioning("Q17") == []
        with pytest.raises(InputError):
            queue_count(project, QueueQuery(owner="ann", actor="nobody-we-know"))


def test_a_qid_link_from_another_tool_is_found_by_the_project_id(db_url: str) -> None:
    text = "Japan protested."
    layer = Layer(None, LayerKind.GOLD, "gold",
                  spans=[Span(0, 5, "GPE", state=State.ACCEPTED, kb_id="Q17")])
    with Project.open(db_url) as project:  # SQLite and PostgreSQL
        project.import_documents([AnnotatedDocument(Document(text, title="t"), [layer])])
        assert project.documents_mentioning("jka:japan") == [1]
        assert project.documents_mentioning("South Korea") == []


def test_blind_annotation_hides_another_annotators_links(db_url: str) -> None:
    db = db_url  # SQLite and PostgreSQL (as its owner: the query itself hides the layer)
    with Project.open(db, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document("Seoul protested.", title="s"))])
        for name, role in (("lead", "admin"), ("mina", "annotator"), ("kenji", "annotator")):
            add_user(project, name, role)
    with Project.open(db, user="mina") as mina:
        layer = mina.open_layer(1)
        mina.add_span(layer, 0, 5, "GPE")
        uid = mina.open_layer(1).spans[0].uid
        mina.apply(mina.open_layer(1), [ed.UpdateSpan.of(uid, kb_id="jka:seoul")])
        assert mina.documents_mentioning("jka:seoul") == [1]
    with Project.open(db, user="kenji") as kenji:
        assert kenji.documents_mentioning("jka:seoul") == []  # mina's layer is blind to him
        kenji.set_status(kenji.open_layer(1), LayerStatus.DONE)
        assert kenji.documents_mentioning("jka:seoul") == [1]  # his own is done: he may see
    with Project.open(db, user="lead") as lead:
        assert lead.documents_mentioning("jka:seoul") == [1]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_docs_actor_option(capsys: pytest.CaptureFixture[str], seeded: Path) -> None:
    with Project.open(seeded, user="ann") as project:
        expected = sorted(suggested_with(project, "jka:kishida-fumio"))
    code, out, err = run(capsys, "docs", "--db", seeded, "--json", "--actor", "Kishida",
                         "--with-suggestions")
    assert code == 0, err
    assert [row["id"] for row in json.loads(out)] == expected
    code, out, _ = run(capsys, "docs", "--db", seeded, "--json", "--actor", "jka:yoon-suk-yeol")
    assert code == 0 and json.loads(out) == []
    code, out, err = run(capsys, "docs", "--db", seeded, "--actor", "Kishidaa")
    assert code == 1 and out == "" and err.count("\n") == 1 and "no actor 'Kishidaa'" in err


def test_queue_search_takes_an_actor(qtbot, seeded: Path) -> None:  # type: ignore[no-untyped-def]
    from jkannotate.gui.queue_panel import QueuePanel

    with Project.open(seeded, user="ann") as project:
        expected = suggested_with(project, "jka:kishida-fumio")
        panel = QueuePanel(project)
        qtbot.addWidget(panel)
        total = panel.model.total
        panel.search.setText("actor:Fumio Kishida")
        panel.apply_filters()
        assert panel.model.total == len(expected) < total
        panel.search.setText("actor:Kishidaa")
        panel.apply_filters()
        assert "no actor 'Kishidaa'" in panel.count.text()
        assert panel.model.total == len(expected)  # the last good filter stays
        panel.search.setText("")
        panel.apply_filters()
        assert panel.model.total == total
