"""A working session in miniature: over a thousand real key presses across the documents.

The keys are drawn from a seeded generator over everything an annotator presses in a
day (move, accept, reject, label, resize, tag, undo, redo, next document). At every
checkpoint the window must still be alive and the layer it shows must be exactly the
layer a second connection reads from the database.
"""

from __future__ import annotations

import random

from PySide6.QtCore import Qt

from jkannotate.core.model import Layer
from tests.gui.conftest import TEXTS, stored_layer

K = Qt.Key
NONE = Qt.KeyboardModifier.NoModifier
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier

# (key, modifiers, weight): the mix of a day's work, heavy on moving and deciding
KEYS = [
    (K.Key_Tab, NONE, 14),
    (K.Key_Backtab, SHIFT, 4),
    (K.Key_Return, NONE, 10),
    (K.Key_X, NONE, 6),
    (K.Key_G, NONE, 4),
    (K.Key_P, NONE, 3),
    (K.Key_O, NONE, 3),
    (K.Key_Right, ALT, 3),
    (K.Key_Left, ALT, 3),
    (K.Key_4, NONE, 2),
    (K.Key_6, NONE, 2),
    (K.Key_Z, CTRL, 8),
    (K.Key_Z, CTRL | SHIFT, 4),
    (K.Key_H, CTRL, 1),
    (K.Key_Return, CTRL, 1),
    (K.Key_PageDown, CTRL, 2),
    (K.Key_PageUp, CTRL, 1),
    (K.Key_D, CTRL, 1),  # done: asks about what is undecided (answered below)
    (K.Key_Down, ALT, 2),
    (K.Key_L, CTRL, 2),
]
DIALOG_KEYS = [K.Key_A, K.Key_R, K.Key_G, K.Key_Escape]
PRESSES = 1200


def snapshot(layer: Layer) -> tuple[object, ...]:
    spans = sorted((s.uid, s.start, s.end, s.label, s.state.value) for s in layer.spans)
    arguments = sorted((a.event_uid, a.argument_uid, a.role) for a in layer.arguments)
    tags = sorted((t.label, t.state.value) for t in layer.tags)
    return spans, arguments, tags, layer.status.value


def check_consistent(window, db) -> None:  # type: ignore[no-untyped-def]
    assert window.isVisible()
    layer = window.session.layer
    doc_id = window.current_document_id()
    assert layer is not None and doc_id is not None
    assert snapshot(layer) == snapshot(stored_layer(db, doc_id))
    # the view paints exactly the layer's spans, each at its own offsets
    index = window.view.index.by_uid
    shown = {uid: (v.span.start, v.span.end, v.span.label) for uid, v in index.items()}
    assert shown == {s.uid: (s.start, s.end, s.label) for s in layer.spans}
    places = [(s.start, s.end, s.label) for s in layer.spans]
    assert len(places) == len(set(places)), "two spans with the same offsets and label"


def test_a_thousand_key_presses_over_several_documents(qtbot, window, project_db):
    rng = random.Random(13)
    keys = [(k, m) for k, m, w in KEYS for _ in range(w)]
    visited = set()
    for press in range(PRESSES):
        key, modifiers = rng.choice(keys)
        if rng.random() < 0.04:  # now and then a mouse-free selection, then a label key
            text = window.session.document.text
            start = rng.randrange(0, len(text) - 6)
            window.view.select_code_points(start, start + rng.randint(2, 6))
        qtbot.keyClick(window.view, key, modifiers)
        dialog = window.done_dialog
        if dialog is not None and dialog.isVisible():
            qtbot.keyClick(dialog, rng.choice(DIALOG_KEYS))
            assert not dialog.isVisible()
            window.done_dialog = None
        visited.add(window.current_document_id())
        if press % 100 == 99:
            check_consistent(window, project_db)
    check_consistent(window, project_db)
    assert visited == {1, 2, 3}
    # every document the session touched is consistent when read back fresh
    decided = 0
    for doc_id in range(1, len(TEXTS) + 1):
        window.open_document(doc_id)
        check_consistent(window, project_db)
        decided += sum(s.state.value != "pending" for s in window.session.layer.spans)
    assert decided > 0  # the keys did reach the database
