"""Never lose work: edits made through the window survive SIGKILL of the process."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from jkannotate.core.model import State
from tests.gui.conftest import REPO_ROOT, TEXTS, stored_layer


def test_edits_survive_sigkill(project_db: Path, tmp_path: Path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO_ROOT))
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO_ROOT / "tests" / "harness" / "scripted_window.py"),
            "--db",
            str(project_db),
            "--annotator",
            "tester",
            "--settings",
            str(tmp_path / "s.ini"),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.strip() == "READY", process.stderr.read()  # type: ignore[union-attr]
        assert process.poll() is None  # still running, in its event loop
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert process.returncode == -signal.SIGKILL
    with sqlite3.connect(project_db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    layer = stored_layer(project_db)
    text = TEXTS[0][1]
    spans = {text[s.start : s.end]: s for s in layer.spans}
    assert spans["Seoul"].state is State.ACCEPTED
    assert spans["urged"].state is State.REJECTED
    assert (spans["Tokyo"].label, spans["Tokyo"].state) == ("ORG", State.ACCEPTED)
    assert {t.label: t.state for t in layer.tags}["EXPORT_CONTROLS"] is State.ACCEPTED
