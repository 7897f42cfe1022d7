"""A long replay of kept edits does not stop the window (offscreen Qt, real key presses, a
real PostgreSQL server of the tests' own, stopped and started with pg_ctl): the window
takes keys while the kept edits are sent, an edit made meanwhile is saved after them, and
closing during the replay waits for it, losing nothing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt

from jkannotate.gui.app import open_window
from jkannotate.project import Project
from tests.team.conftest import restart_url, restartable_cluster  # noqa: F401 — fixtures
from tests.team.test_team_restart import USER, log_rows, states

pytestmark = pytest.mark.postgres
K = Qt.Key
KEPT = 150  # ~4 s of replay at the server's ~40 edits/s


@pytest.fixture
def window(qtbot, restart_url, tmp_path):  # type: ignore[no-untyped-def]  # noqa: F811
    project = Project.open(restart_url, user=USER)
    window = open_window(
        project, 1, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    yield window
    qtbot.waitUntil(lambda: not window.connection.replaying, timeout=60_000)
    window.connection._may_close = True  # a failed test must not leave a question open
    window.close()
    window.deleteLater()
    project.close()


def keep_many(window, cluster) -> str:  # type: ignore[no-untyped-def]
    """Stop the server and make KEPT edits through the window's write path (Tokyo's label
    back and forth); returns the label Tokyo ends with."""
    session = window.session
    tokyo = next(s.uid for s in session.layer.spans
                 if session.document.text[s.start:s.end] == "Tokyo")
    cluster.halt()
    label = "GPE"
    for number in range(KEPT):
        label = "LOC" if number % 2 == 0 else "GPE"
        session.run("relabel", lambda layer, lb=label: window.project.relabel(layer, tokyo, lb))
    assert len(window.connection.journal) == KEPT
    return label


def test_the_window_takes_keys_while_kept_edits_are_replayed(
    qtbot, window, restartable_cluster, restart_url  # noqa: F811
):
    label = keep_many(window, restartable_cluster)
    assert window.connection.label.text() == f"Offline — {KEPT} edits kept"
    restartable_cluster.resume()
    window.connection.check()  # what the timer does every second while the server is away
    qtbot.waitUntil(lambda: window.connection.replaying
                    and "Saving kept edits" in window.connection.label.text(), timeout=20_000)
    qtbot.waitUntil(lambda: window.connection.label.text().startswith("Saving kept edits — ")
                    and not window.connection.label.text().startswith("Saving kept edits — 0"))
    seoul = window.view.current_uid
    qtbot.keyClick(window.view, K.Key_Return)  # accept Seoul while the replay runs
    assert window.connection.replaying  # the key was taken before the replay ended
    assert window.session.span(seoul).state.value == "accepted"
    assert len(window.connection.journal) > 0  # queued behind the kept edits

    qtbot.waitUntil(lambda: not window.connection.replaying, timeout=60_000)
    assert window.connection.label.text() == f"Back online — {KEPT + 1} kept edits saved"
    assert window.status.autosave.text().startswith("●  Saved")
    assert not window.connection.journal.has_entries()
    rows = log_rows(restart_url)
    assert len(rows) == KEPT + 1 and "accepted" in rows[-1][2]  # in order: the accept last
    stored = states(restart_url)
    assert stored["Seoul"] == "accepted"
    with Project.open(restart_url, user=USER) as other:
        layer = other.open_layer(1)
        assert layer.version == window.session.layer.version  # the window is in step
        tokyo = next(s for s in layer.spans if other.document_text(1)[s.start:s.end] == "Tokyo")
        assert tokyo.label == label


def test_closing_during_the_replay_waits_for_it(
    qtbot, window, restartable_cluster, restart_url  # noqa: F811
):
    keep_many(window, restartable_cluster)
    restartable_cluster.resume()
    window.connection.check()
    qtbot.waitUntil(lambda: window.connection.replaying, timeout=20_000)
    window.close()
    assert window.isVisible()  # it waits for the kept edits
    assert window.connection.close_dialog is None  # nothing to ask: the server is there
    qtbot.waitUntil(lambda: "the window closes after them" in window.connection.label.text())
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=60_000)
    assert not window.connection.journal.has_entries()
    assert len(log_rows(restart_url)) == KEPT


def test_a_document_asked_for_during_the_replay_opens_after_it(
    qtbot, window, restartable_cluster  # noqa: F811
):
    keep_many(window, restartable_cluster)
    restartable_cluster.resume()
    window.connection.check()
    qtbot.waitUntil(lambda: window.connection.replaying, timeout=20_000)
    window.model.open_document(2)
    assert window.session.document.id == 1  # not yet: its layer must hold the kept edits
    assert "opens once the kept edits are saved" in window.status.message.text()
    qtbot.waitUntil(lambda: window.session.document.id == 2, timeout=60_000)
    assert not window.connection.offline


@pytest.fixture
def review_url(restartable_cluster):  # type: ignore[no-untyped-def]  # noqa: F811
    """The three articles with three annotators' layers who disagree (tests/gui/review_data)."""
    from tests.gui.conftest import build_items
    from tests.gui.review_data import PLAN, annotator_layer

    name = restartable_cluster.create_database()
    url = restartable_cluster.url(name)
    items = build_items()
    for number, item in enumerate(items):
        for owner, plan in PLAN.get(number, {}).items():
            item.layers.append(annotator_layer(item.document.text, owner, plan))
    with Project.open(url, user=USER) as project:
        project.import_documents(items)
    yield url
    if not restartable_cluster.started:
        restartable_cluster.resume()
    restartable_cluster.drop_database(name)


def test_review_mode_while_the_server_is_away(qtbot, review_url, restartable_cluster, tmp_path):  # type: ignore[no-untyped-def]  # noqa: E501, F811
    project = Project.open(review_url, user=USER)
    window = open_window(
        project, 1, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window.show()
    window.activateWindow()
    qtbot.waitExposed(window)
    qtbot.waitUntil(window.isActiveWindow)
    window.view.setFocus()
    try:
        qtbot.keyClick(window.view, K.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert window.review.writes_gold and window.review.review is not None
        restartable_cluster.halt()
        panel = window.review.panel
        assert panel.offline.isHidden()
        qtbot.keyClick(window.view, K.Key_T)  # take a version into gold: kept
        assert window.connection.label.text() == "Offline — 1 edit kept"
        assert not panel.offline.isHidden()  # the panel says the versions are as they were
        shown = window.review.current
        qtbot.keyClick(window.view, K.Key_J)  # moving between versions reads nothing
        assert window.review.current != shown
        assert window.status.message.text().startswith(window.review.version().label)
        qtbot.keyClick(window.view, K.Key_D, Qt.KeyboardModifier.ControlModifier
                       | Qt.KeyboardModifier.ShiftModifier)  # reviewed → next: asks first
        qtbot.waitUntil(lambda: window.review.ask is not None and window.review.ask.isVisible())
        qtbot.keyClick(window.review.ask, K.Key_Y)  # reviewed anyway: kept, no next read
        assert "reviewed (kept on this computer)" in window.status.message.text()
        assert window.session.layer.status.value == "reviewed"
        assert window.session.document.id == 1
        qtbot.keyClick(window.view, K.Key_R, Qt.KeyboardModifier.ControlModifier)
        assert window.review.active  # review mode stays until the server is back
        assert window.actions_by_name["review_mode"].isChecked()
        assert "once the server is back" in window.status.message.text()
        restartable_cluster.resume()
        window.connection.check()
        qtbot.waitUntil(lambda: "saved" in window.connection.label.text(), timeout=20_000)
        assert window.connection.label.text() == "Back online — 2 kept edits saved"
        assert panel.offline.isHidden()
    finally:
        if not restartable_cluster.started:
            restartable_cluster.resume()
        qtbot.waitUntil(lambda: not window.connection.replaying, timeout=30_000)
        window.connection._may_close = True
        window.close()
        project.close()
