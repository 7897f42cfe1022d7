"""What starting costs: the command line and the window import only what they need.

``jkannotate --help`` imports neither the database layer nor Qt; opening the window
imports neither spaCy, numpy, Alembic, pygments, SQLModel, rich nor any interchange
format module (they are imported by the commands and actions that use them).
"""

from __future__ import annotations

import json
import subprocess
import sys

EVERYWHERE = ("spacy", "thinc", "numpy", "alembic", "pygments", "sqlmodel", "rich", "jinja2",
              "trafilatura", "lxml")
FORMAT_MODULES = ("brat", "brat_conf", "doccano", "events_csv", "jsonl", "plover", "prodigy",
                  "docbin", "conll", "spacy_tokens")


def loaded_after(statement: str) -> set[str]:
    code = f"import sys, json\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    return set(json.loads(result.stdout.splitlines()[-1]))


def heavy_among(modules: set[str], roots: tuple[str, ...]) -> list[str]:
    return sorted({name.split(".")[0] for name in modules} & set(roots))


def test_the_command_line_imports_no_database_layer_nor_qt() -> None:
    modules = loaded_after("import jkannotate.cli")
    assert heavy_among(modules, (*EVERYWHERE, "sqlalchemy", "PySide6")) == []
    assert not {m for m in modules if m.startswith(("jkannotate.store", "jkannotate.gui"))}
    assert not {f"jkannotate.formats.{name}" for name in FORMAT_MODULES} & modules


def test_opening_the_window_imports_only_what_the_first_paint_needs() -> None:
    modules = loaded_after("import jkannotate.cli, jkannotate.gui.app")
    assert "PySide6.QtWidgets" in modules  # the probe does see what was imported
    assert heavy_among(modules, EVERYWHERE) == []
    assert not {f"jkannotate.formats.{name}" for name in FORMAT_MODULES} & modules
    assert "jkannotate.review.agreement" not in modules
