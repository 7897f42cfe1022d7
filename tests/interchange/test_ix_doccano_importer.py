"""doccano's own importer reads our exports: the sequence-labelling form (the default) into a
sequence-labelling project, the relation form into a project with relations.

doccano pins an old Django and needs numpy < 2, so it runs in its own virtual environment,
built once from PyPI and cached in the temp folder (about ten minutes the first time).
tests/interchange/doccano_probe.py runs inside it and prints what doccano stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from ix_helpers import layers_by_hash, run

from jkannotate.core.model import State

DOCCANO = ["doccano==1.8.4", "marshmallow<4", "numpy<2"]  # the last two: its unpinned deps
PROBE = Path(__file__).with_name("doccano_probe.py")


def _required() -> bool:
    return any(os.environ.get(name, "").lower() in ("1", "true", "yes")
               for name in ("CI", "JKANNOTATE_REQUIRE_DOCCANO"))


@pytest.fixture(scope="session")
def doccano_python() -> Path:
    """The interpreter of a virtual environment with doccano installed (built once, cached)."""
    venv = Path(tempfile.gettempdir()) / f"jkannotate-doccano-{DOCCANO[0].split('==')[1]}"
    python, ready = venv / "bin" / "python", venv / ".ready"
    if not ready.exists():
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", *DOCCANO],
                                   capture_output=True, text=True)
        if installed.returncode != 0:
            reason = f"cannot install doccano from PyPI: {installed.stderr.strip()[-400:]}"
            if _required():
                pytest.fail(reason, pytrace=False)
            pytest.skip(reason)
        ready.write_text(" ".join(DOCCANO) + "\n")
    return python


def doccano_import(python: Path, home: Path, *files: tuple[Path, str]) -> list[dict[str, object]]:
    result = subprocess.run(
        [str(python), str(PROBE), str(home), *(f"{path}:{form}" for path, form in files)],
        capture_output=True, text=True, cwd=home.parent,
        env={"PATH": os.environ.get("PATH", ""), "HOME": str(home)})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_doccanos_importer_stores_every_span_and_relation(
    capsys: pytest.CaptureFixture[str], alice_db: Path, tmp_path: Path, doccano_python: Path
) -> None:
    labels, relations = tmp_path / "labels.jsonl", tmp_path / "relations.jsonl"
    assert run(capsys, "export", labels, "--format", "doccano", "--db", alice_db)[0] == 0
    assert run(capsys, "export", relations, "--format", "doccano", "--db", alice_db,
               "--doccano-form", "relations")[0] == 0
    # the shape exported before: entities plus an empty label list
    old = tmp_path / "old.jsonl"
    old.write_text("".join(
        json.dumps({**row, "entities": [{"id": i, "start_offset": s, "end_offset": e, "label": n}
                                        for i, (s, e, n) in enumerate(row.pop("label"))],
                    "label": []}) + "\n"
        for row in map(json.loads, labels.read_text().splitlines())))
    seq, rel, before = doccano_import(doccano_python, tmp_path / "doccano",
                                      (labels, "labels"), (relations, "relations"),
                                      (old, "labels"))
    alice = {text: layer for text, layer in layers_by_hash(alice_db, "alice").values()}
    expected = {text: sorted([s.start, s.end, s.label] for s in layer.spans
                             if s.state is State.ACCEPTED) for text, layer in alice.items()}
    for stored in (seq, rel):
        assert stored["errors"] == []
        assert {e["text"]: e["spans"] for e in stored["examples"]} == expected
    assert sum(len(e["spans"]) for e in seq["examples"]) > 100
    # relations: every event argument, by the offsets of its two spans
    spans = {text: {s.uid: s for s in layer.spans} for text, layer in alice.items()}
    wanted = {text: sorted([spans[text][a.event_uid].start, spans[text][a.event_uid].end,
                            spans[text][a.argument_uid].start, spans[text][a.argument_uid].end,
                            a.role] for a in layer.arguments)
              for text, layer in alice.items()}
    got = {e["text"]: sorted([r[0], r[1], r[2], r[3], r[4]] for r in e["relations"])
           for e in rel["examples"]}
    assert got == wanted and sum(map(len, got.values())) > 50
    # the control: the old shape stores no span in a sequence-labelling project
    assert sum(len(e["spans"]) for e in before["examples"]) == 0
