"""The project memory in a real project: taught by one document, used in the next one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.model import Layer, Span, State
from jkannotate.nlp.memory import MEMORY_SOURCE
from jkannotate.project import Project
from tests.memory.corpus import build_project


@pytest.fixture
def project_url(db_url: str) -> str:
    return build_project(db_url)


def by_surface(text: str, layer: Layer) -> dict[str, Span]:
    return {text[s.start : s.end]: s for s in layer.spans}


def teach(project: Project, doc_id: int) -> None:
    """Label Hanbit Ceramics as ORG and reject the Blue House suggestion in one document."""
    text = project.document(doc_id).text
    layer = project.open_layer(doc_id)
    start = text.index("Hanbit Ceramics")
    project.add_span(layer, start, start + len("Hanbit Ceramics"), "ORG", exact=True)
    blue = by_surface(text, layer)["Blue House"]
    project.reject(layer, [blue.uid])


def test_a_label_taught_in_one_document_is_suggested_in_the_next(project_url: str) -> None:
    with Project.open(project_url, user="alice") as project:
        ids = [d.id for d in project.documents()]
        teach(project, ids[0])
        text = project.document(ids[1]).text
        spans = by_surface(text, project.open_layer(ids[1]))
    assert spans["Hanbit Ceramics"].label == "ORG"
    assert spans["Hanbit Ceramics"].source == MEMORY_SOURCE
    assert spans["Hanbit Ceramics"].state is State.PENDING
    assert "Blue House" not in spans  # rejected once, not suggested again
    assert spans["Seoul"].source == "rule:gazetteer"


def test_the_memory_follows_every_edit_of_the_open_session(project_url: str) -> None:
    with Project.open(project_url, user="alice") as project:
        ids = [d.id for d in project.documents()]
        before = len(project.memory())
        teach(project, ids[0])
        assert len(project.memory()) == before + 2
        # a second connection (another window) sees the same memory
        with Project.open(project_url, user="alice") as other:
            assert other.memory().confidence("Hanbit Ceramics", "ORG") > 0.5


def test_memory_can_be_turned_off_for_the_project(project_url: str, capsys) -> None:
    with Project.open(project_url, user="alice") as project:
        ids = [d.id for d in project.documents()]
        teach(project, ids[0])
    assert main(["suggest", "--db", project_url, "--no-memory"]) == 0
    capsys.readouterr()
    with Project.open(project_url, user="alice") as project:
        assert not project.memory_enabled()
        layer = project.open_layer(ids[1])
    assert not any(span.source == MEMORY_SOURCE for span in layer.spans)


def test_a_team_annotator_never_gets_another_annotators_decisions(project_url: str) -> None:
    with Project.open(project_url, user="alice") as project:
        for name, role in (("alice", "admin"), ("bob", "annotator")):
            project.store.users.set_role(name, role)
        ids = [d.id for d in project.documents()]
        teach(project, ids[0])
    with Project.open(project_url, user="bob") as bob:
        spans = by_surface(bob.document(ids[1]).text, bob.open_layer(ids[1]))
    assert "Hanbit Ceramics" not in spans and "Blue House" in spans


def test_suggest_jsonl_with_a_project_uses_its_memory(
    project_url: str, tmp_path: Path, capsys
) -> None:
    with Project.open(project_url, user="alice") as project:
        teach(project, project.documents()[0].id)
    article = tmp_path / "new.txt"
    article.write_text(
        "Hanbit Ceramics meets the Blue House\n\n"
        "Hanbit Ceramics said on Tuesday that its executives had met officials of the Blue House "
        "to discuss compensation for the plaintiffs, a spokesman for the company told reporters "
        "after the meeting, adding that no agreement had been reached.\n",
        encoding="utf-8",
    )

    def labels(*extra: str) -> set[tuple[str, str, str]]:
        code = main(["suggest", str(article), "--jsonl", *extra])
        out = capsys.readouterr().out
        assert code == 0
        row = json.loads(out.splitlines()[0])
        return {(row["text"][s["start"] : s["end"]], s["label"], s["source"])
                for s in row["spans"] if s["kind"] == "entity"}

    remembered = labels("--db", project_url)
    assert ("Hanbit Ceramics", "ORG", MEMORY_SOURCE) in remembered
    assert not any(surface == "Blue House" and label == "ORG"
                   for surface, label, _ in remembered)
    without = labels("--db", project_url, "--no-memory")
    assert not any(source == MEMORY_SOURCE for _, _, source in without)


def test_tag_evidence_taught_in_one_document_suggests_the_tag_in_the_next(
    project_url: str,
) -> None:
    from jkannotate.core import edits as ed
    from jkannotate.core.model import DocTag, Evidence

    with Project.open(project_url, user="alice") as project:
        ids = [d.id for d in project.documents()]
        text = project.document(ids[0]).text
        layer = project.open_layer(ids[0])
        start = text.index("the plaintiffs")
        evidence = (Evidence(start, start + len("the plaintiffs")),)
        project.apply(layer, [ed.SetTag(DocTag("FORCED_LABOUR", evidence=evidence))])
        nxt = project.open_layer(ids[2])
        later = project.document(ids[2]).text
    [tag] = [t for t in nxt.tags if t.label == "FORCED_LABOUR"]
    assert (tag.source, tag.state) == (MEMORY_SOURCE, State.PENDING)
    assert [later[e.start : e.end] for e in tag.evidence] == ["the plaintiffs"]


def test_a_rejection_that_fixed_a_boundary_is_not_a_verdict_on_the_string(
    project_url: str,
) -> None:
    with Project.open(project_url, user="alice") as project:
        ids = [d.id for d in project.documents()]
        text = project.document(ids[0]).text
        layer = project.open_layer(ids[0])
        project.reject(layer, [by_surface(text, layer)["Blue House"].uid])
        start = text.index("The Blue House")
        project.add_span(layer, start, start + len("The Blue House"), "ORG", exact=True)
        spans = by_surface(project.document(ids[1]).text, project.open_layer(ids[1]))
    assert spans["Blue House"].label == "ORG"  # still suggested in the next document
