"""The user's keymap file: its keys work, the help overlay shows them, a bad file is
refused in one line and the default keys stay."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jkannotate.core.model import State
from jkannotate.gui.actions import help_rows
from jkannotate.gui.keymap import KeymapError, read_keymap
from jkannotate.project import Project
from tests.gui.conftest import stored_layer

K = Qt.Key


@pytest.fixture
def open_with_keymap(qtbot, project_db, settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from jkannotate.gui.app import open_window

    opened = []

    def opener(content: str | None):  # type: ignore[no-untyped-def]
        path = tmp_path / "keys.toml"
        if content is not None:
            path.write_text(content, encoding="utf-8")
        monkeypatch.setenv("JKANNOTATE_KEYMAP", str(path))
        project = Project.open(project_db, user="tester")
        window = open_window(project, 1, settings)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
        opened.append((window, project))
        return window

    yield opener
    for window, project in opened:
        window.close()
        project.close()


def surface_state(db, surface: str) -> State:
    from tests.gui.conftest import TEXTS

    text = TEXTS[0][1]
    return {text[s.start : s.end]: s.state for s in stored_layer(db).spans}[surface]


def test_keys_from_the_file_work_and_show_in_help(qtbot, open_with_keymap, project_db):
    window = open_with_keymap('[keys]\naccept = ["Space"]\nreject = "Backspace"\n')
    assert window.actions_by_name["accept"].shortcuts()[0].toString() == "Space"
    qtbot.keyClick(window.view, K.Key_Space)  # Seoul accepted, on to "urged"
    assert surface_state(project_db, "Seoul") is State.ACCEPTED
    qtbot.keyClick(window.view, K.Key_Return)  # no longer accept
    assert surface_state(project_db, "urged") is State.PENDING
    qtbot.keyClick(window.view, K.Key_Backspace)
    assert surface_state(project_db, "urged") is State.REJECTED
    rows = dict(row for _section, rows in help_rows(window.specs) for row in [*rows])
    inverse = {text: keys for keys, text in rows.items()}
    assert inverse["Accept"] == "Space" and inverse["Reject"] == "Backspace"


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("[keys]\naccept = \n", "not valid TOML"),
        ('[keys]\naccpet = "Space"\n', "no action called 'accpet'"),
        ('[keys]\naccept = "Ctrl+Nonsense+Q"\n', "is not a key Qt knows"),
        ('[keys]\naccept = "X"\n', "would be both"),
        ('[keys]\naccept = 3\n', "takes a key or a list of keys"),
    ],
)
def test_a_bad_keymap_is_refused_in_one_line_and_defaults_stay(
    qtbot, open_with_keymap, project_db, content, said
):
    window = open_with_keymap(content)
    message = window.status.message.text()
    assert message.startswith("Keymap not used") and said in message and "\n" not in message
    qtbot.keyClick(window.view, K.Key_Return)  # the default accept key still works
    assert surface_state(project_db, "Seoul") is State.ACCEPTED


def test_the_template_lists_every_action_and_reads_back(open_with_keymap, tmp_path):
    window = open_with_keymap(None)
    window.open_keymap()
    path = tmp_path / "keys.toml"
    assert path.is_file() and str(path) in window.status.message.text()
    text = path.read_text(encoding="utf-8")
    assert all(f'"{spec.name}"' in text for spec in window.specs)
    assert read_keymap(path, window.specs) == {}  # all commented out
    uncommented = text.replace('# "undo"', '"undo"', 1)
    path.write_text(uncommented, encoding="utf-8")
    assert read_keymap(path, window.specs)["undo"] == ("Ctrl+Z",)
    path.write_text("[keys]\nfoo = 1\n[other]\n", encoding="utf-8")
    with pytest.raises(KeymapError):
        read_keymap(path, window.specs)
