"""Edits that used to store wrong data: twin spans, twin links, misfit roles, split characters.

Each test presses the real keys on the real window and reads the layer back through a
second connection.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind
from jkannotate.project import Project
from tests.gui.conftest import TEXTS, stored_layer

K = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier


def surfaces(layer, text: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((text[s.start : s.end], s.label) for s in layer.spans)


def select(window, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    window.view.select_code_points(start, end)


def test_label_key_on_exactly_a_pending_span_relabels_it(qtbot, window, project_db):
    text = TEXTS[0][1]
    at = text.index("Tokyo")
    select(window, at, at + 5)
    qtbot.keyClick(window.view, K.Key_O)  # ORG on exactly the pending GPE "Tokyo"
    layer = stored_layer(project_db)
    tokyo = [s for s in layer.spans if (s.start, s.end) == (at, at + 5)]
    assert [(s.label, s.state.value, s.origin.value) for s in tokyo] == [
        ("ORG", "accepted", "suggested")
    ]
    select(window, at + 1, at + 3)  # a partial selection snaps to the same word: still one
    qtbot.keyClick(window.view, K.Key_G)
    tokyo = [s for s in stored_layer(project_db).spans if (s.start, s.end) == (at, at + 5)]
    assert [(s.label, s.state.value) for s in tokyo] == [("GPE", "accepted")]
    assert len(stored_layer(project_db).spans) == 4


def link(qtbot, window, event: str, argument: str, role_key) -> None:  # type: ignore[no-untyped-def]
    text = window.session.document.text
    for surface in (event, argument):
        uid = next(s.uid for s in window.session.layer.spans if text[s.start : s.end] == surface)
        window.view.set_current(uid)
        window.editor.remember_event(uid)
    qtbot.keyClick(window.view, K.Key_R)
    qtbot.keyClick(window.view, role_key)


def test_an_existing_argument_link_is_not_stored_twice(qtbot, window, project_db):
    link(qtbot, window, "urged", "Seoul", K.Key_G)  # agent
    link(qtbot, window, "urged", "Seoul", K.Key_G)
    arguments = stored_layer(project_db).arguments
    assert [a.role for a in arguments] == ["agent"]
    assert "Already linked" in window.status.message.text()
    qtbot.keyClick(window.view, K.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored_layer(project_db).arguments == []


def test_a_role_is_checked_against_the_entity_type(qtbot, window, project_db):
    link(qtbot, window, "urged", "Friday", K.Key_L)  # a DATE as place
    assert stored_layer(project_db).arguments == []
    message = window.status.message.text()
    assert "DATE cannot be the place" in message and "GPE/LOC" in message
    link(qtbot, window, "urged", "Seoul", K.Key_D)  # a GPE as time
    assert stored_layer(project_db).arguments == []
    link(qtbot, window, "urged", "Friday", K.Key_D)  # a DATE as time: fine
    link(qtbot, window, "urged", "Tokyo", K.Key_T)  # target takes any entity
    roles = sorted(a.role for a in stored_layer(project_db).arguments)
    assert roles == ["target", "time"]


SCRIPTS = [
    # (text, what the annotator selects, what must be stored)
    ("政府は尹錫悦大統領と会談した。", "尹錫悦", "尹錫悦"),  # kanji in unspaced Japanese
    ("首相はトランプ氏と電話で話した。", "トランプ", "トランプ"),  # katakana
    ("윤석열 대통령은 기시다 총리와 만났다.", "기시다", "기시다"),  # Hangul
    ("윤석열이 말했다.", "윤석열", "윤석열"),  # never widened into the particle 이
    ("the Cafe\u0301 Seoul opened", "Caf", "Cafe\u0301"),  # combining acute accent
    ("the Cafe\u0301 Seoul opened", "Cafe", "Cafe\u0301"),  # selection ends before the mark
    ("flags 🇯🇵🇰🇷 shown", "\U0001f1f5\U0001f1f0", "🇯🇵🇰🇷"),  # halves of two flags
    ("قال الرَّئِيس اليوم", "رَّئِي", "الرَّئِيس"),  # Arabic with vowel marks, right to left
    ("אמר שלום היום", "לו", "שלום"),  # Hebrew
    ("Moon Jae-in said", "Jae", "Moon Jae-in"[5:]),
]


@pytest.fixture
def script_db(db_path):  # type: ignore[no-untyped-def]
    with Project.open(db_path, user="tester") as project:
        project.import_documents(
            [
                AnnotatedDocument(
                    Document(f"{text} [{n}]", title=f"script {n}"),  # no two alike
                    [Layer(None, LayerKind.SUGGESTION, "suggester")],
                )
                for n, (text, _sel, _want) in enumerate(SCRIPTS)
            ]
        )
    return db_path


@pytest.mark.parametrize("case", range(len(SCRIPTS)))
def test_snapping_keeps_whole_characters_and_never_widens_into_cjk(
    qtbot, script_db, settings, case
):  # type: ignore[no-untyped-def]  # noqa: E501
    from jkannotate.gui.app import open_window

    text, selected, wanted = SCRIPTS[case]
    text = f"{text} [{case}]"
    with Project.open(script_db, user="tester") as project:
        window = open_window(project, case + 1, settings)
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        qtbot.waitUntil(window.isActiveWindow)
        window.view.setFocus()
        at = text.index(selected)
        select(window, at, at + len(selected))
        qtbot.keyClick(window.view, K.Key_G)
        message = window.status.message.text()
        window.close()
    layer = stored_layer(script_db, case + 1)
    assert surfaces(layer, text) == [(wanted, "GPE")], message
