"""The window's modules import each other in one direction only: no cycles in jkannotate.gui.

Counted are all imports, those under ``TYPE_CHECKING`` and inside functions too: a helper that
needs the window names what it needs (a Protocol, callables, signals), it does not import
``main_window``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import grimp
import pytest


def cycles(package: str, inside: str) -> list[tuple[str, ...]]:
    """For each import inside ``inside`` that closes a loop: the chain back to the importer."""
    graph = grimp.build_graph(package, cache_dir=None)
    found = []
    for importer in sorted(m for m in graph.modules if m.startswith(inside)):
        for imported in sorted(graph.find_modules_directly_imported_by(importer)):
            if not imported.startswith(inside):
                continue
            back = graph.find_shortest_chain(importer=imported, imported=importer)
            if back is not None:
                found.append((importer, *back))
    return found


def test_gui_modules_import_each_other_without_cycles() -> None:
    found = cycles("jkannotate", "jkannotate.gui")
    assert found == [], "import cycles in jkannotate.gui:\n" + "\n".join(
        " → ".join(chain) for chain in found
    )


def test_a_cycle_through_type_checking_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "cyclic_probe"
    (package / "gui").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "gui" / "__init__.py").write_text("")
    (package / "gui" / "window.py").write_text("from cyclic_probe.gui import helper\n")
    (package / "gui" / "helper.py").write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from cyclic_probe.gui.window import Window\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        found = cycles("cyclic_probe", "cyclic_probe.gui")
    finally:
        sys.modules.pop("cyclic_probe", None)
    loop = ("cyclic_probe.gui.helper", "cyclic_probe.gui.window", "cyclic_probe.gui.helper")
    assert loop in found
