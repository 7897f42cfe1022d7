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
