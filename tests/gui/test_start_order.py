"""``jkannotate gui`` paints the window first and opens the document right after it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from jkannotate.cli import main
from jkannotate.gui import app as app_module
from jkannotate.gui.main_window import MainWindow


class Order(QObject):
    """Records the main window's first paint and every document it opens, then quits."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (event.type() == QEvent.Type.Paint and "paint" not in self.seen
                and isinstance(watched, QWidget) and isinstance(watched.window(), MainWindow)):
            self.seen.append("paint")
        return False


def test_the_window_paints_before_the_document_opens(project_db, qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the window's own settings file
    order = Order()
    qapp.installEventFilter(order)
    opened = MainWindow.open_document

    def open_document(window: MainWindow, doc_id: int) -> None:
        order.seen.append(f"open {doc_id}")
        opened(window, doc_id)
        QTimer.singleShot(0, window.close)

    monkeypatch.setattr(MainWindow, "open_document", open_document)
    try:
        assert app_module.run_gui(str(project_db), "alice", 2) == 0
    finally:
        qapp.removeEventFilter(order)
    assert order.seen == ["paint", "open 2"]


def test_a_wrong_document_is_refused_before_any_window(project_db, qapp, capsys, monkeypatch):
    made: list[MainWindow] = []
    monkeypatch.setattr(MainWindow, "show", lambda window: made.append(window))
    assert main(["gui", "--db", str(project_db), "--open", "99"]) == 1
    assert "no document 99" in capsys.readouterr().err
    assert made == []
