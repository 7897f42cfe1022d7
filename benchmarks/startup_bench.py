"""Start-up: from the command to a painted window, and what the imports cost.

    python benchmarks/startup_bench.py [--documents 100] [--repeat 3]

* ``first_paint_s``: a fresh ``python`` runs ``jkannotate gui --db FILE`` (through
  ``jkannotate.cli.main``, offscreen) and reports the first paint event of the main
  window (painted before the project opens); timed from just before the process is
  started (interpreter start included), best of ``--repeat``.
* ``ready_s``: from the same start to the paint after the first document was opened in
  the window (the project opened behind the painted window, its parts built, the
  document laid out): when the annotator can work.
* ``python -X importtime`` of what that command imports: the total and the modules that
  cost most (cumulative), and whether heavy libraries (spaCy, pygments, Alembic) are
  among them.

The goal is under 1.5 s to a painted window. The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import sys, time
started = float(sys.argv[1])
import jkannotate.cli as cli
import jkannotate.gui.app as app_module
from PySide6.QtCore import QEvent, QObject, QTimer

class FirstPaint(QObject):
    opened = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            window = watched.window() if hasattr(watched, "window") else None
            if type(window).__name__ != "MainWindow":
                return False
            if not hasattr(self, "seen"):
                self.seen = time.time() - started
                print("FIRST_PAINT", self.seen, flush=True)
            elif self.opened and not hasattr(self, "ready"):
                self.ready = time.time() - started
                print("READY", self.ready, flush=True)
                QTimer.singleShot(0, window.close)
        return False

from jkannotate.gui.main_window import MainWindow
open_document = MainWindow.open_document
def opened(window, doc_id):
    open_document(window, doc_id)
    app_module.QApplication.instance()._first_paint.opened = True
    window.update()
MainWindow.open_document = opened

make_application = app_module.application
def application():
    app = make_application()
    if not hasattr(app, "_first_paint"):
        app._first_paint = FirstPaint()
        app.installEventFilter(app._first_paint)
    return app
app_module.application = application
cli.main(["gui", "--db", sys.argv[2]])
"""

HEAVY = ("spacy", "thinc", "pygments", "alembic", "sqlmodel", "trafilatura", "rich", "numpy")


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def make_project(db: Path, documents: int) -> None:
    sys.path.insert(0, str(ROOT))
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.project import Project

    text = "Seoul and Tokyo agreed on Thursday to resume shuttle diplomacy between leaders. "
    with Project.open(db, user="alice") as project:
        project.import_documents(
            [
                AnnotatedDocument(Document(text * (5 + k % 7), title=f"n{k}"))
                for k in range(documents)
            ]
        )


def first_paint(db: Path) -> tuple[float, float]:
    """Seconds from the command to the window's first paint, and to a document shown."""
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(started), str(db)],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,  # ``python -c`` puts the working directory first on the path
        timeout=120,
    )
    times = dict(line.split() for line in result.stdout.splitlines()
                 if line.startswith(("FIRST_PAINT", "READY")))
    if set(times) != {"FIRST_PAINT", "READY"}:
        raise RuntimeError(f"no paint event: {result.stdout[-500:]} {result.stderr[-2000:]}")
    return float(times["FIRST_PAINT"]), float(times["READY"])


def import_times() -> tuple[float, list[tuple[str, float]], dict[str, float]]:
    """Total import time of the window command's modules, the costliest modules and
    the heavy libraries' own cumulative figures (seconds)."""
    code = "import jkannotate.cli, jkannotate.gui.app"
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        env=environment(),
        cwd=ROOT,
        check=True,
    )
    rows: list[tuple[str, int, int]] = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:") :].split("|")
        rows.append((name[1:], int(own), int(cumulative)))  # nested names keep their indent
    top = [r for r in rows if not r[0].startswith(" ")]
    total = sum(cumulative for _, _, cumulative in top) / 1e6
    costly = sorted(((name.strip(), cum / 1e6) for name, _, cum in rows), key=lambda r: -r[1])
    heavy = {}
    for name, _, cumulative in rows:
        base = name.strip()
        if base in HEAVY:
            heavy[base] = max(heavy.get(base, 0.0), cumulative / 1e6)
    return total, costly[:15], heavy


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    total, costly, heavy = import_times()
    print(f"imports of `jkannotate gui` (python -X importtime): {total:.2f} s")
    for name, seconds in costly:
        print(f"  {seconds:6.3f} s  {name}")
    print(
        "heavy libraries imported: "
        + (
            ", ".join(f"{name} {seconds:.2f} s" for name, seconds in sorted(heavy.items()))
            or "none"
        )
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "startup.db"
        make_project(db, args.documents)
        timed = [first_paint(db) for _ in range(args.repeat)]
    runs, ready = [t[0] for t in timed], [t[1] for t in timed]
    best = min(runs)
    print(
        f"command to first paint ({args.documents} documents): {best:.2f} s, median "
        f"{statistics.median(runs):.2f} s (runs {', '.join(f'{r:.2f}' for r in runs)}; "
        "goal < 1.5 s)"
    )
    print(
        f"command to a document shown: {min(ready):.2f} s, median "
        f"{statistics.median(ready):.2f} s (runs {', '.join(f'{r:.2f}' for r in ready)})"
    )
    print(
        json.dumps(
            {
                "benchmark": "startup",
                "first_paint_s": round(best, 3),
                "runs_s": [round(r, 3) for r in runs],
                "ready_s": round(min(ready), 3),
                "ready_runs_s": [round(r, 3) for r in ready],
                "imports_s": round(total, 3),
                "heavy_imports_s": {k: round(v, 3) for k, v in sorted(heavy.items())},
                "documents": args.documents,
            }
        )
    )


if __name__ == "__main__":
    main()
