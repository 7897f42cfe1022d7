"""accept / reject / done on a document's layer, and docs --assigned-to, for scripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.model import State
from jkannotate.project import Project


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def project_db(capsys: pytest.CaptureFixture[str], db_path: Path, seeds_dir: Path) -> Path:
    assert run(capsys, "import", seeds_dir, "--db", db_path)[0] == 0  # with suggestions
    return db_path


def states(db: Path, doc_id: int, name: str) -> tuple[set[State], set[State]]:
    with Project.open(db) as project:
        layer = project.layer(doc_id, name)
        assert layer is not None
        return {s.state for s in layer.spans}, {t.state for t in layer.tags}


def test_accept_reject_done(capsys: pytest.CaptureFixture[str], project_db: Path) -> None:
    code, out, err = run(capsys, "done", "--doc", 1, "--db", project_db, "--annotator", "alice")
    assert code == 0, err and "doc 1 layer alice: done" in out
    assert "pending suggestion(s) stay undecided" in err
    code, out, err = run(capsys, "accept", "--doc", 1, "--db", project_db, "--annotator", "alice")
    assert code == 0, err
    assert out.startswith("doc 1 layer alice: accepted ")
    assert states(project_db, 1, "alice") == ({State.ACCEPTED}, {State.ACCEPTED})
    code, out, _ = run(capsys, "reject", "--doc", 2, "--db", project_db, "--layer", "gold")
    assert code == 0 and out.startswith("doc 2 layer gold: rejected ")
    assert states(project_db, 2, "gold") == ({State.REJECTED}, {State.REJECTED})
    code, out, _ = run(capsys, "docs", "--db", project_db, "--json")
    status = {row["id"]: row["status"] for row in json.loads(out)}
    assert status[1]["alice"] == "done"


def test_an_unknown_document_is_one_line(
    capsys: pytest.CaptureFixture[str], project_db: Path
) -> None:
    code, _, err = run(capsys, "accept", "--doc", 99, "--db", project_db)
    assert code == 1 and err.strip() == "jkannotate: no document 99 in the project " \
                                        "(see jkannotate docs)"


def test_docs_assigned_to(capsys: pytest.CaptureFixture[str], project_db: Path) -> None:
    assert run(capsys, "assign", "--annotators", "alice,bob", "--overlap", "0",
               "--db", project_db)[0] == 0
    code, out, err = run(capsys, "docs", "--db", project_db, "--json", "--assigned-to", "alice")
    assert code == 0, err
    alice = {row["id"] for row in json.loads(out)}
    code, out, _ = run(capsys, "docs", "--db", project_db, "--json", "--assigned-to", "bob")
    bob = {row["id"] for row in json.loads(out)}
    assert alice and bob and not alice & bob and alice | bob == {1, 2, 3, 4, 5}
