"""``suggest --force`` never overwrites an annotator's acknowledged edit made while it runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jkannotate.core.model import Layer, LayerKind, Origin, State
from jkannotate.nlp import Suggester
from jkannotate.operations.suggest import CONFLICT_RETRIES, suggest_documents
from jkannotate.project import Project, Rewrite
from tests.safety.conftest import documents

REPO = Path(__file__).resolve().parents[2]


def pending(layer: Layer) -> list[str]:
    return [s.uid for s in layer.spans if s.origin is Origin.SUGGESTED and s.state is State.PENDING]


def annotators(rewrites: list[Rewrite]) -> bool:
    """Whether a batch write holds annotator layers read before it."""
    return any(r.stored is not None and r.stored.kind is LayerKind.ANNOTATOR for r in rewrites)


def edit_meanwhile(db_url: str, doc_id: int, start: int) -> tuple[str, str]:
    """Another process's annotator accepts a pending suggestion and adds a span of their own."""
    with Project.open(db_url, user="ann") as editor:
        layer = editor.open_layer(doc_id)
        accepted = pending(layer)[0]
        editor.accept(layer, [accepted])
        manual = editor.add_span(layer, start, start + 5, "GPE", exact=True).edits[0]
        return accepted, manual.span.uid  # type: ignore[attr-defined]


def test_an_edit_between_read_and_write_is_kept_and_the_layer_recomputed(
    db_url: str, rules: Suggester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(db_url, user="ann") as project:
        ids = project.import_documents(documents(3)).added
        suggest_documents(project, suggester=rules)
        assert pending(project.open_layer(ids[0]))
        real = Project.rewrite_layers
        edited: list[tuple[str, str]] = []

        def interleaved(self, rewrites, **options):  # type: ignore[no-untyped-def]
            if annotators(rewrites) and not edited:  # read, not yet written
                edited.append(edit_meanwhile(db_url, ids[0], 0))
            return real(self, rewrites, **options)

        monkeypatch.setattr(Project, "rewrite_layers", interleaved)
        summary = suggest_documents(project, force=True, suggester=rules)

        assert edited and summary.busy_layers == [] and summary.suggested == 3
        accepted, manual = edited[0]
        final = project.layer(ids[0], "ann")
        assert final is not None
        states = {s.uid: s.state for s in final.spans}
        assert states[accepted] is State.ACCEPTED and states[manual] is State.ACCEPTED
        # the layer was recomputed after the edit: its pending items are this run's
        fresh = {s.uid for s in project.layer(ids[0], "suggestion").spans}  # type: ignore[union-attr]
        assert pending(final) and set(pending(final)) <= fresh


def test_a_layer_that_keeps_changing_is_left_alone_and_reported(
    db_url: str, rules: Suggester, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Project.open(db_url, user="ann") as project:
        ids = project.import_documents(documents(2)).added
        suggest_documents(project, suggester=rules)
        project.open_layer(ids[1])
        real = Project.rewrite_layers
        edited: list[tuple[str, str]] = []

        def always_edited(self, rewrites, **options):  # type: ignore[no-untyped-def]
            if annotators(rewrites):
                edited.append(edit_meanwhile(db_url, ids[1], 10 * len(edited)))
            return real(self, rewrites, **options)

        monkeypatch.setattr(Project, "rewrite_layers", always_edited)
        summary = suggest_documents(project, force=True, suggester=rules)

        assert len(edited) == 1 + CONFLICT_RETRIES
        assert summary.busy_layers == [(ids[1], "ann")]
        assert "1 annotator layers edited meanwhile" in summary.line()
        assert any("ann's layer kept changing" in w for w in summary.warnings)
        final = project.layer(ids[1], "ann")
        assert final is not None
        states = {s.uid: s.state for s in final.spans}
        for accepted, manual in edited:
            assert states[accepted] is State.ACCEPTED and states[manual] is State.ACCEPTED
        assert project.layer(ids[1], "suggestion").model == rules.name  # type: ignore[union-attr]


def test_editing_and_suggesting_processes_lose_no_acknowledged_edit(tmp_path: Path) -> None:
    db = tmp_path / "race.db"
    with Project.open(db, user="ann") as project:
        ids = project.import_documents(documents(40)).added
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    stop = tmp_path / "stop"
    suggester = subprocess.Popen(
        [sys.executable, "-m", "tests.safety.race_processes", "suggest", str(db), str(stop)],
        cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        time.sleep(0.5)
        editor = subprocess.run(
            [sys.executable, "-m", "tests.safety.race_processes", "edit", str(db), "160"],
            cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
        )
    finally:
        stop.touch()
        out, errors = suggester.communicate(timeout=300)
    assert editor.returncode == 0, editor.stderr
    assert suggester.returncode == 0, errors
    rounds = int(out.split()[0])
    assert rounds >= 2, "suggest must have run while the editor was editing"
    acknowledged = [line.split() for line in editor.stdout.splitlines() if line.startswith("ACK")]
    assert len(acknowledged) == 160
    with Project.open(db, user="ann") as project:
        layers = {doc_id: project.layer(doc_id, "ann") for doc_id in ids}
        lost = [
            (doc_id, uid) for _, doc_id, uid in acknowledged
            if (layer := layers[int(doc_id)]) is None
            or {s.uid: s.state for s in layer.spans}.get(uid) is not State.ACCEPTED
        ]
    print(f"suggest rounds {rounds}; editor: {editor.stdout.splitlines()[-1]}")
    assert lost == []
