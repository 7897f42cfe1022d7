"""Drive the real window from a script, then keep running: for the crash-safety test.

``python tests/harness/scripted_window.py --db DB --open ID`` opens the window, presses keys
(accept, reject, relabel, tag) through Qt's event system exactly as a user would,
prints ``READY`` once the edits are done, and waits — to be killed with SIGKILL.
"""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from jkannotate.gui.app import application, open_window
from jkannotate.project import Project

SCRIPT = [
    (Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier),  # accept the first suggestion
    (Qt.Key.Key_X, Qt.KeyboardModifier.NoModifier),  # reject the next one
    (Qt.Key.Key_O, Qt.KeyboardModifier.NoModifier),  # relabel the one after as ORG
    (Qt.Key.Key_4, Qt.KeyboardModifier.NoModifier),  # tag EXPORT_CONTROLS
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--open", type=int, default=1)
    parser.add_argument("--annotator", default=None)
    parser.add_argument("--settings", default=None, help="an INI file for QSettings")
    args = parser.parse_args(argv)
    app = application()
    settings = QSettings(args.settings, QSettings.Format.IniFormat) if args.settings else None
    project = Project.open(args.db, user=args.annotator)
    window = open_window(project, args.open, settings)
    window.show()
    window.activateWindow()
    app.processEvents()
    window.view.setFocus()
    for key, modifiers in SCRIPT:
        QTest.keyClick(window.view, key, modifiers)
        app.processEvents()
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
