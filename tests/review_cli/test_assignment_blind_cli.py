"""Assignment shares, balance and determinism; blind annotation."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from review_cli_helpers import TEAM, annotate, new_project, register, run

from jkannotate.core.model import LayerStatus
from jkannotate.operations.team import assigned_documents, plan_assignment, visible_layers
from jkannotate.project import Project

OUTLETS = ["Yonhap", "Kyodo", "NHK", "Hankyoreh", "Asahi Shimbun", "Reuters", "Nikkei"]


def many_articles(count: int) -> list[tuple[str, str]]:
    return [
        (
            OUTLETS[i % len(OUTLETS)],
            f"Report {i}: officials in Tokyo and Seoul met on day {i} to discuss "
            f"item {i * 7 % 11} of the trade agenda.",
        )
        for i in range(count)
    ]


def shares(db: Path) -> tuple[dict[str, set[int]], Counter[int]]:
    with Project.open(db) as project:
        assignments = project.store.users.assignments()
    per_doc: Counter[int] = Counter(d for docs in assignments.values() for d in docs)
    return assignments, per_doc


def test_assign_double_annotates_the_share_with_balanced_load(capsys, db_path) -> None:
    ids = new_project(db_path, many_articles(50))
    register(db_path, TEAM)
    code, out, _ = run(
        capsys, "assign", "--annotators", "alice,bob,carol", "--overlap", "0.2",
        "--db", db_path, "--annotator", "lead", "--json",
    )  # fmt: skip
    assert code == 0
    summary = json.loads(out)
    assignments, per_doc = shares(db_path)
    assert set(per_doc) == set(ids)  # every document goes to someone
    assert sum(1 for n in per_doc.values() if n == 2) == 10 == summary["double_annotated"]
    assert max(per_doc.values()) == 2
    loads = [len(assignments[name]) for name in ("alice", "bob", "carol")]
    assert sum(loads) == 60 and max(loads) - min(loads) <= 1
    assert summary["load"] == dict(zip(("alice", "bob", "carol"), loads, strict=True))
    # shared documents spread over every pair, so each pair's agreement can be measured
    assert sorted(summary["pairs"].values()) in ([3, 3, 4], [3, 4, 3], [4, 3, 3])
    with Project.open(db_path, user="bob") as project:
        assert assigned_documents(project) == sorted(assignments["bob"])
        assert assigned_documents(project, "carol") == sorted(assignments["carol"])
        assert assigned_documents(project, "rita") == []


def test_assign_is_deterministic_by_seed(capsys, db_path) -> None:
    new_project(db_path, many_articles(30))
    results = []
    for seed in (7, 7, 8):
        args = ["assign", "--annotators", "a,b", "--overlap", "0.3", "--seed", seed]
        assert run(capsys, *args, "--db", db_path)[0] == 0
        results.append(shares(db_path)[0])
    assert results[0] == results[1]
    assert results[0] != results[2]
    assert len(results[2]["a"] & results[2]["b"]) == 9


def test_unassigned_project_shows_everyone_every_document(db_path) -> None:
    ids = new_project(db_path)
    with Project.open(db_path, user="anyone") as project:
        assert assigned_documents(project) == ids


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["--annotators", "alice,bob", "--overlap", "1.5"], "between 0 and 1"),
        (["--annotators", "alice", "--overlap", "0.5"], "at least two annotators"),
        (["--annotators", "alice,alice"], "distinct"),
        (["--annotators", "alice,zed"], "not a user of this project: zed"),
        (["--annotators", " , "], "--annotators needs names"),
    ],
)
def test_assign_refuses_bad_input_and_keeps_assignments(capsys, db_path, args, reason) -> None:
    new_project(db_path)
    register(db_path, TEAM)
    good = ["assign", "--annotators", "alice,bob", "--db", db_path, "--annotator", "lead"]
    assert run(capsys, *good)[0] == 0
    before = shares(db_path)[0]
    code, _, err = run(capsys, "assign", *args, "--db", db_path, "--annotator", "lead")
    assert code == 1 and reason in err
    assert shares(db_path)[0] == before


@given(
    documents=st.integers(0, 60),
    annotators=st.integers(2, 6),
    overlap=st.floats(0, 1),
    seed=st.integers(0, 2**16),
)
def test_plan_gives_exact_share_and_balanced_load(documents, annotators, overlap, seed) -> None:
    names = [f"ann{i}" for i in range(annotators)]
    plan = plan_assignment(list(range(1, documents + 1)), names, overlap, seed)
    per_doc = Counter(doc for doc, _ in plan)
    assert set(per_doc) == set(range(1, documents + 1))
    assert sum(1 for n in per_doc.values() if n == 2) == round(overlap * documents)
    assert len(set(plan)) == len(plan)  # nobody gets a document twice
    load = Counter(name for _, name in plan)
    assert max(load[n] for n in names) - min(load[n] for n in names) <= 1
    assert plan == plan_assignment(list(range(documents, 0, -1)), names, overlap, seed)


def test_blind_annotation_hides_others_until_own_layer_is_done(db_path) -> None:
    doc_id = new_project(db_path)[0]
    register(db_path, TEAM)
    annotate(db_path, "bob", doc_id, [("South Korea", "GPE")])
    annotate(db_path, "rita", doc_id, [], status=LayerStatus.IN_PROGRESS)  # a reviewer's own layer
    with Project.open(db_path, user="rita") as project:
        project.open_layer(doc_id, "gold")
    own = annotate(db_path, "alice", doc_id, [("Tokyo", "GPE")], status=LayerStatus.IN_PROGRESS)

    def seen(viewer: str) -> set[str]:
        with Project.open(db_path, user=viewer) as project:
            return {layer.name for layer in visible_layers(project, doc_id)}

    everything = {"suggestion", "bob", "rita", "gold", "alice"}
    assert seen("alice") == {"suggestion", "alice"}
    assert seen("carol") == {"suggestion"}  # no layer of her own yet
    assert seen("bob") == everything  # bob finished his
    assert seen("rita") == everything and seen("lead") == everything
    with Project.open(db_path, user="alice") as project:
        project.set_status(project.layer(doc_id, "alice") or own, LayerStatus.DONE)
    assert seen("alice") == everything
