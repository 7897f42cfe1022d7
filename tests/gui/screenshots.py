"""Render the README screenshots from the seed articles.

``python -m tests.gui.screenshots docs/`` writes ``screenshot.png`` (an annotator at work on
the demo project) and ``review_screenshot.png`` (review mode over three simulated
annotators whose layers differ from the suggestions in a fixed, seeded way).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from jkannotate.core.model import LabelKind, Layer, LayerKind, LayerStatus, Origin, State


def simulated_layer(suggestion: Layer, owner: str, seed: int) -> Layer:
    """An annotator who accepts most suggestions, drops some and relabels a few entities."""
    rng = random.Random(seed)
    spans = []
    for span in suggestion.spans:
        roll = rng.random()
        if roll < 0.12:
            continue
        label = span.label
        if roll > 0.92 and span.kind is LabelKind.ENTITY:
            label = {"GPE": "NORP", "NORP": "GPE", "PERSON": "ORG"}.get(span.label, "ORG")
        spans.append(replace(span, label=label, origin=Origin.MANUAL, state=State.ACCEPTED))
    kept = {s.uid for s in spans}
    tags = [replace(t, state=State.ACCEPTED) for t in suggestion.tags if rng.random() < 0.7]
    return Layer(
        suggestion.document_id,
        LayerKind.ANNOTATOR,
        owner,
        LayerStatus.DONE,
        spans=spans,
        arguments=[a for a in suggestion.arguments if {a.event_uid, a.argument_uid} <= kept],
        tags=tags,
    )


def main(folder: str) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from jkannotate.commands.gui import build_demo
    from jkannotate.gui.app import application, open_window, save_screenshot
    from jkannotate.project import Project

    out = Path(folder)
    work = Path(tempfile.mkdtemp())
    db = build_demo(str(work / "demo.db"))
    app = application()
    settings = QSettings(str(work / "s.ini"), QSettings.Format.IniFormat)
    with Project.open(db, user="annotator") as project:
        window = open_window(project, 1, settings)
        window.show()
        app.processEvents()
        window.view.setFocus()
        for _ in range(6):
            QTest.keyClick(window.view, Qt.Key.Key_Return)
        QTest.keyClick(window.view, Qt.Key.Key_X)
        save_screenshot(window, out / "screenshot.png")
        window.close()
    with Project.open(db, user="lead") as project:
        suggestion = project.layer(1, "suggestion")
        assert suggestion is not None
        for seed, name in enumerate(("alice", "bob", "chen")):
            project.store.layers.create(simulated_layer(suggestion, name, seed))
        window = open_window(project, 1, QSettings(str(work / "r.ini"), QSettings.Format.IniFormat))
        window.show()
        app.processEvents()
        window.view.setFocus()
        QTest.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClick(window.view, Qt.Key.Key_T)  # take the first open version
        box = window.review.panel.comments.input
        QTest.keyClick(window.view, Qt.Key.Key_C)
        QTest.keyClicks(box, "Guideline 3.2: nationality, not place.")
        QTest.keyClick(box, Qt.Key.Key_Return)
        QTest.keyClick(window.view, Qt.Key.Key_J)
        save_screenshot(window, out / "review_screenshot.png")
        window.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs")
