"""Select a sentence, press an issue's key: the sentence is evidence of that issue; the tag
panel lists every piece of evidence."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkannotate.core.model import Evidence, State
from tests.gui.conftest import TEXTS, stored_layer

K = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def listed(panel, label: str) -> int:  # type: ignore[no-untyped-def]
    return panel.quotes[label].text().count("<a href=")


def tag_of(db, label: str):  # type: ignore[no-untyped-def]
    return {t.label: t for t in stored_layer(db).tags}[label]


def test_selected_sentences_become_evidence_and_all_are_listed(qtbot, window, project_db):
    text = TEXTS[0][1]
    first = text.index("Seoul urged")
    first_end = text.index(".") + 1
    second = text.index("Officials")
    panel = window.side.tags
    assert listed(panel, "EXPORT_CONTROLS") == 1  # the suggester's own
    window.view.select_code_points(second - 2, len(text))  # a stray blank is trimmed
    qtbot.keyClick(window.view, K.Key_4)
    tag = tag_of(project_db, "EXPORT_CONTROLS")
    assert tag.state is State.ACCEPTED
    assert Evidence(second, len(text)) in tag.evidence and len(tag.evidence) == 2
    assert window.view.selection() is None
    window.view.select_code_points(first, first_end)
    qtbot.keyClick(window.view, K.Key_4)
    assert len(tag_of(project_db, "EXPORT_CONTROLS").evidence) == 3
    assert listed(panel, "EXPORT_CONTROLS") == 3  # all of them, not the first two
    window.view.select_code_points(first, first_end)  # the same again: taken away
    qtbot.keyClick(window.view, K.Key_4)
    assert Evidence(first, first_end) not in tag_of(project_db, "EXPORT_CONTROLS").evidence
    qtbot.keyClick(window.view, K.Key_Z, CTRL)
    assert Evidence(first, first_end) in tag_of(project_db, "EXPORT_CONTROLS").evidence
    assert tag_of(project_db, "EXPORT_CONTROLS").state is State.ACCEPTED


def test_evidence_for_an_untagged_issue_tags_it_and_no_selection_toggles(qtbot, window,
                                                                        project_db):
    text = TEXTS[0][1]
    at = text.index("Officials")
    window.view.select_code_points(at, len(text))
    qtbot.keyClick(window.view, K.Key_9)  # China: not suggested
    china = tag_of(project_db, "CHINA")
    assert china.state is State.ACCEPTED and china.evidence == (Evidence(at, len(text)),)
    assert window.side.tags.box("CHINA").isChecked()
    qtbot.keyClick(window.view, K.Key_9)  # nothing selected: the key toggles the tag
    assert tag_of(project_db, "CHINA").state is State.REJECTED


def test_issue_names_keep_their_proper_nouns(window):
    panel = window.side.tags
    assert panel.box("NORTH_KOREA").text() == "North Korea"  # not "North korea"
    assert panel.box("FORCED_LABOUR").text() == "Forced Labour"
