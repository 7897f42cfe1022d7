"""Starting the window: a clear word when there is no display; screenshots write nothing."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtGui import QImage

from jkannotate.gui.app import display_problem, run_gui
from jkannotate.project import Project
from tests.gui.conftest import REPO_ROOT


def test_without_a_display_the_window_says_so_and_points_to_screenshot(project_db):
    environ = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    environ["PYTHONPATH"] = str(REPO_ROOT)
    result = subprocess.run(
        [sys.executable, "-m", "jkannotate.cli", "gui", "--db", str(project_db)],
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )
    # (the exit status is the command line's business: run_gui returns 1, see the next test)
    assert "no display" in result.stderr and "--screenshot" in result.stderr
    assert "xcb" not in result.stderr  # not Qt's misleading plugin message
    assert len(result.stderr.strip().splitlines()) == 1


def test_display_problem_reads_the_environment():
    # in this process a QApplication may exist already; the rule itself is checked here
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        assert display_problem({}) is not None
    else:  # a window already runs in this process: nothing to warn about
        assert display_problem({}) is None
    assert display_problem({"DISPLAY": ":0"}) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_screenshot_creates_no_annotator_layer(project_db, tmp_path, qapp):
    target = tmp_path / "shot.png"
    with Project.open(project_db, user="tester") as project:
        before = {s.id: sorted(s.layers) for s in project.store.statistics.summaries()}
    assert run_gui(str(project_db), "someone", 1, str(target)) == 0
    image = QImage(str(target))
    assert not image.isNull() and image.width() > 800
    with Project.open(project_db, user="tester") as project:
        after = {s.id: sorted(s.layers) for s in project.store.statistics.summaries()}
        assert project.layer(1, "someone") is None
    assert after == before
