"""``jkannotate gui`` paints the window first, opens the project behind it, then the
document."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from jkannotate.cli import main
from jkannotate.gui import app as app_module
from jkannotate.gui.main_window import MainWindow
from jkannotate.gui.project_opening import ProjectOpening, project_name
from jkannotate.project import Project


class Order(QObject):
    """Records the main window's first paint and every document it opens, then quits."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []
        self.said: list[str] = []  # the labels of the window's first paint

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
        if (event.type() == QEvent.Type.Paint and "paint" not in self.seen
                and isinstance(watched, QWidget) and isinstance(watched.window(), MainWindow)):
            window = watched.window()
            assert isinstance(window, MainWindow)
            self.seen.append("paint" if not window.attached else "paint (attached)")
            self.said = [label.text() for label in window.findChildren(QLabel)]
        return False


def test_the_window_paints_before_the_project_and_the_document_open(
    project_db, qapp, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # the window's own settings file
    order = Order()
    qapp.installEventFilter(order)
    opened = MainWindow.open_document
    project_open = Project.open.__func__  # type: ignore[attr-defined]

    def open_project(cls: type[Project], *args: object, **kwargs: object) -> Project:
        order.seen.append("project")
        return project_open(cls, *args, **kwargs)

    monkeypatch.setattr(Project, "open", classmethod(open_project))

    def open_document(window: MainWindow, doc_id: int) -> None:
        order.seen.append(f"open {doc_id}")
        opened(window, doc_id)
        QTimer.singleShot(0, window.close)

    monkeypatch.setattr(MainWindow, "open_document", open_document)
    try:
        assert app_module.run_gui(str(project_db), "alice", 2) == 0
    finally:
        qapp.removeEventFilter(order)
    assert order.seen == ["paint", "project", "open 2"]


def test_a_wrong_document_is_refused_and_the_window_closes(
    project_db, qapp, capsys, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    made: list[MainWindow] = []
    show = MainWindow.show

    def shown(window: MainWindow) -> None:
        made.append(window)
        show(window)

    monkeypatch.setattr(MainWindow, "show", shown)
    assert main(["gui", "--db", str(project_db), "--annotator", "alice", "--open", "99"]) == 1
    assert "no document 99" in capsys.readouterr().err
    assert len(made) == 1 and not made[0].isVisible() and not made[0].attached
    with Project.open(project_db, user="tester") as project:
        assert project.layer(1, "alice") is None  # nothing written


def test_a_damaged_file_is_reported_after_the_painted_window_closes(qapp, capsys, tmp_path):
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"not a database, only text" * 100)
    assert main(["gui", "--db", str(damaged)]) == 1
    assert "damaged" in capsys.readouterr().err
    assert damaged.read_bytes() == b"not a database, only text" * 100  # left as it was


def test_closing_the_window_while_the_project_opens_ends_quietly(
    project_db, qapp, monkeypatch, tmp_path
):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    made: list[MainWindow] = []
    start = ProjectOpening.start

    def start_then_close(opening: ProjectOpening) -> None:
        start(opening)
        made[0].close()  # before the opened project reaches the window

    monkeypatch.setattr(ProjectOpening, "start", start_then_close)
    monkeypatch.setattr(
        MainWindow, "show", lambda window: (made.append(window), QWidget.show(window))
    )
    assert app_module.run_gui(str(project_db), "alice") == 0
    assert not made[0].attached  # the project opened, was closed, and never shown
    with Project.open(project_db, user="tester") as project:
        assert project.layer(1, "alice") is None


def test_the_name_shown_while_opening_never_shows_a_password(monkeypatch):
    monkeypatch.delenv("JKANNOTATE_DB", raising=False)
    assert project_name("/data/corpus/news.db") == "news.db"
    assert project_name("postgresql://rita:s3cret@db.lab:5432/jk?sslmode=require") == "jk"
    assert "s3cret" not in project_name("postgresql://rita:s3cret@db.lab")
    assert project_name(None) == "the default project"
    monkeypatch.setenv("JKANNOTATE_DB", "/srv/team.db")
    assert project_name(None) == "team.db"


def test_the_demo_is_built_behind_the_painted_window(qapp, monkeypatch, tmp_path):
    import jkannotate.commands.gui as gui_command

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    order = Order()
    qapp.installEventFilter(order)
    build = gui_command.build_demo

    def build_demo(db: str | None) -> str:
        order.seen.append("demo built" if Path(build(db)).exists() else "no demo")
        return str(db)

    def open_document(window: MainWindow, doc_id: int) -> None:
        order.seen.append("open")
        QTimer.singleShot(0, window.close)

    monkeypatch.setattr(gui_command, "build_demo", build_demo)
    monkeypatch.setattr(MainWindow, "open_document", open_document)
    demo = tmp_path / "demo.db"
    try:
        assert main(["demo", "--db", str(demo), "--annotator", "alice"]) == 0
    finally:
        qapp.removeEventFilter(order)
    assert order.seen == ["paint", "demo built", "open"]
    assert any("Opening demo.db" in text and "seed articles" in text for text in order.said)
    with Project.open(demo, user="tester") as project:
        ids = project.document_ids()
        assert len(ids) == 5 and set(project.suggestion_models()) == set(ids)
