"""Stress: 4 annotator processes × 500 edits at once; then every edit is there exactly once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind, LayerStatus, State
from jkannotate.project import Project

WORKER = Path(__file__).with_name("team_worker.py")
REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(WORKER.parent))
from team_worker import expected_rejected, span_uid  # noqa: E402

PROCESSES = 4
EDITS = 500
TEXT = (
    "Tokyo and Seoul resumed their shuttle diplomacy on Tuesday, as the leaders of Japan "
    "and South Korea met in Hiroshima to discuss export controls, the 1965 treaty and "
    "North Korea's missile launches over the Sea of Japan. 日韓首脳会談は広島で行われた。"
)


def start_workers(db: str, users: list[str]) -> list[subprocess.Popen[str]]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), "edits", db, user, str(EDITS)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for user in users
    ]
    for worker in workers:  # everyone has opened the project and its layers
        assert worker.stdout is not None
        assert worker.stdout.readline().strip() == "ready"
    for worker in workers:  # now all at once
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    return workers


@pytest.mark.slow
def test_four_processes_times_500_edits_all_land_exactly_once(db_url: str) -> None:
    with Project.open(db_url, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="Hiroshima summit"))])
        gold = Layer(1, LayerKind.GOLD, "gold", status=LayerStatus.IN_PROGRESS)
        project.store.layers.create(gold)
    users = [f"annotator{i}" for i in range(PROCESSES)]
    workers = start_workers(db_url, users)
    summaries = []
    for worker in workers:
        out, _ = worker.communicate(timeout=600)
        assert worker.returncode == 0, out
        summaries.append(json.loads(out.strip().splitlines()[-1]))

    with Project.open(db_url, user="lead") as project:
        layers = {layer.owner: layer for layer in project.store.layers.of_document(1)}
        all_uids = Counter(s.uid for layer in layers.values() for s in layer.spans)
        assert project.store.integrity_check() == "ok"
    expected: set[str] = set()
    for user in users:
        own = {span_uid(user, k) for k in range(EDITS) if k % 10 != 9 and k % 4 != 3}
        shared = {span_uid(user, k) for k in range(EDITS) if k % 10 != 9 and k % 4 == 3}
        assert {s.uid for s in layers[user].spans} == own
        assert {s.uid for s in layers["gold"].spans} >= shared
        rejected = {s.uid for s in layers[user].spans if s.state is State.REJECTED}
        assert rejected == expected_rejected(user, EDITS)
        expected |= own | shared
    assert set(all_uids) == expected
    assert max(all_uids.values()) == 1  # nothing applied twice
    # the gold layer took one version step per committed edit: none was lost or doubled
    gold_edits = sum(1 for k in range(EDITS) if k % 10 != 9 and k % 4 == 3) * PROCESSES
    assert layers["gold"].version == gold_edits
    print(
        "stress",
        db_url.split(":")[0],
        json.dumps({s["user"]: [round(s["seconds"], 2), s["conflicts"]] for s in summaries}),
    )


TEAM_EDITS = 120


@pytest.mark.postgres
@pytest.mark.slow
def test_eight_annotator_logins_a_reviewer_and_an_importer_on_one_server(
    team_server, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    """Each process logs in as itself, under the server's policies: nothing is lost,
    nothing doubled, and nobody is refused what their role allows."""
    from jkannotate.cli import main

    server = team_server
    assert main(["init", "--db", server.url(server.owner), "--admin", "lead"]) == 0
    annotators = [f"stress{i}" for i in range(8)]
    for name in annotators:
        assert main(["users", "add", name, "--db", server.url("lead")]) == 0
    assert main(["users", "add", "rita", "--role", "reviewer", "--db", server.url("lead")]) == 0
    capsys.readouterr()
    with Project.open(server.url("lead")) as lead:
        lead.import_documents([AnnotatedDocument(Document(TEXT, title="Hiroshima summit"))])
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    jobs = [(server.url(name), "own", TEAM_EDITS) for name in annotators]
    jobs += [(server.url("rita"), "adjudicate", 5), (server.url("lead"), "import", 20)]
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), command, url, str(count)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for url, command, count in jobs
    ]
    for worker in workers:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    summaries = []
    for worker in workers:
        out, _ = worker.communicate(timeout=600)
        assert worker.returncode == 0, out
        summaries.append(json.loads(out.strip().splitlines()[-1]))

    with Project.open(server.url(server.owner), user="lead") as project:
        layers = {layer.owner: layer for layer in project.store.layers.of_document(1)}
        assert project.store.documents.count() == 21
    for name in annotators:
        uids = Counter(s.uid for s in layers[name].spans)
        assert set(uids) == {span_uid(name, k) for k in range(TEAM_EDITS) if k % 10 != 9}
        assert max(uids.values()) == 1
        rejected = {s.uid for s in layers[name].spans if s.state is State.REJECTED}
        assert rejected == expected_rejected(name, TEAM_EDITS)
        assert layers[name].version == TEAM_EDITS  # one version step per edit
    edits = len(annotators) * TEAM_EDITS
    slowest = max(s["seconds"] for s in summaries if s["command"] == "own")
    print("team stress", json.dumps({"edits": edits, "edits_per_s": round(edits / slowest, 1)}))
