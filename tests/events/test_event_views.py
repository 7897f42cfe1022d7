"""The timeline dock and the comparison window, on a real window offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from PySide6.QtCore import QPointF, QSettings, Qt  # noqa: E402

from jkannotate.operations.events import decisions  # noqa: E402
from jkannotate.project import Project  # noqa: E402


@pytest.fixture
def window(qtbot, tmp_path: Path, dev_docs):  # type: ignore[no-untyped-def]
    from jkannotate.gui.app import open_window

    db = tmp_path / "p.db"
    with Project.open(db, user="rita") as project:
        project.import_documents(dev_docs)
    project = Project.open(db, user="rita")
    win = open_window(project, 1, QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    project.close()


def test_timeline_dock_opens_documents_and_compares_reports(qtbot, window) -> None:
    window.actions_by_name["event_timeline"].trigger()
    dock = window.timeline_dock
    assert dock.isVisible()
    view = dock.view
    assert view.timeline.points and view.width() >= len(view.timeline.months) * 40
    view.repaint()
    assert view.dots, "dots are painted and can be hit"
    box, point = view.dots[-1]
    with qtbot.waitSignal(view.documents_chosen) as chosen:
        qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=box.center().toPoint())
    assert chosen.args[0] == sorted(point.documents)
    assert window.current_document_id() == min(point.documents)
    assert view.point_at(QPointF(1, 1)) is None
    # the events reported by two outlets are listed; activating one compares them
    assert dock.list.count() >= 1
    item = next(dock.list.item(i) for i in range(dock.list.count())
                if "CONSULT" in dock.list.item(i).text())
    dock.list.itemActivated.emit(item)
    compare = dock.compare_window
    qtbot.addWidget(compare)
    assert len(compare.browsers) == 2
    html = compare.browsers[0].toHtml()
    assert "Kishida" in html and "font-weight" in html
    assert compare.table.rowCount() == len(compare.comparison.differences) >= 2
    with qtbot.waitSignal(compare.decided):
        compare.confirm()
    assert [d.op for d in decisions(window.project)] == ["confirm"]
    assert any(dock.list.item(i).text().startswith("✓") for i in range(dock.list.count()))
    window.actions_by_name["event_timeline"].trigger()
    assert not dock.isVisible()


@pytest.fixture
def annotating(qtbot, tmp_path: Path, dev_docs):  # type: ignore[no-untyped-def]
    """A window on the Al Jazeera article, its suggestions being the linked gold spans."""
    from dataclasses import replace

    from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind, Origin, State
    from jkannotate.gui.app import open_window

    item = dev_docs[5]
    spans = [replace(s, origin=Origin.SUGGESTED, state=State.PENDING)
             for s in item.layers[0].spans]
    suggestion = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
    db = tmp_path / "a.db"
    with Project.open(db, user="mina") as project:
        project.import_documents([AnnotatedDocument(replace(item.document, id=None),
                                                    [suggestion])])
    project = Project.open(db, user="mina")
    win = open_window(project, 1, QSettings(str(tmp_path / "a.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
    project.close()


def test_link_an_actor_by_type_ahead_and_undo(qtbot, annotating) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window = annotating
    text = window.session.document.text
    span = next(s for s in window.session.layer.spans
                if text[s.start:s.end] == "Moon Jae-in")
    assert span.kb_id == "jka:moon-jae-in"
    window.view.set_current(span.uid)
    assert "Moon Jae-in · KOR" in window.link_label.text()
    date = next(s for s in window.session.layer.spans if s.label == "DATE" and s.norm)
    window.view.set_current(date.uid)
    assert window.link_label.text() == f"DATE = {date.norm}"
    window.view.set_current(span.uid)

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        dialog.search.setText("문희상")  # type-ahead in Hangul
        assert dialog.matches.count() == 1
        dialog.accept_choice()

    QTimer.singleShot(0, choose)
    window.link_actor()
    assert window.session.span(span.uid).kb_id == "jka:moon-hee-sang"
    stored = window.project.store.layers.get(1, window.session.layer.kind, "mina")
    assert stored.span(span.uid).kb_id == "jka:moon-hee-sang"
    window.undo()
    assert window.session.span(span.uid).kb_id == "jka:moon-jae-in"

    def not_in_kb() -> None:
        QApplication.activeModalWidget()._finish("NIL")

    QTimer.singleShot(0, not_in_kb)
    window.link_actor()
    assert window.session.span(span.uid).kb_id == "NIL"
