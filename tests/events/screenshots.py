"""Render the event views of the demo project: ``python -m tests.events.screenshots docs``.

Writes ``timeline_screenshot.png`` (the window with the event timeline dock) and
``event_compare_screenshot.png`` (the seeds 000 and 002 reports of the Kishida–Moon call).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def main(folder: str) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings

    from jkannotate.commands.gui import build_demo
    from jkannotate.gui.app import application, open_window, save_screenshot
    from jkannotate.gui.event_compare import EventCompareWindow
    from jkannotate.project import Project

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    db = build_demo(str(work / "demo.db"))
    app = application()
    written = []
    with Project.open(db, user="lead") as project:
        window = open_window(project, 1, QSettings(str(work / "s.ini"),
                                                   QSettings.Format.IniFormat))
        window.show()
        window.toggle_timeline()
        window.timeline_dock.setMinimumHeight(330)
        written.append(save_screenshot(window, out / "timeline_screenshot.png", (1460, 1000)))
        call = next(e for e in window.timeline_dock.events
                    if e.cross_outlet and e.event == "CONSULT")
        compare = EventCompareWindow(project, call)
        compare.resize(1300, 820)
        compare.show()
        for _ in range(5):
            app.processEvents()
        path = out / "event_compare_screenshot.png"
        compare.grab().save(str(path))
        written.append(path)
        compare.close()
        window.close()
    return written


if __name__ == "__main__":
    print(*main(sys.argv[1] if len(sys.argv) > 1 else "docs"), sep="\n")
