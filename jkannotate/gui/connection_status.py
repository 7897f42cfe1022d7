"""Working on while the database server is away: the window's side of the edit journal.

On a server project the window keeps the edits the server cannot take on this computer
(``Project.keep_offline``, see ``store/journal.py``) and says so in the status bar:
"Offline — 3 edits kept". A check off the GUI thread asks the server every few seconds
whether it answers (every second while it is away); when it is back the kept edits are
replayed, oldest first, through the normal write path, and the indicator says they were
saved. Edits that could not be replayed (someone else changed the layer meanwhile, a role
changed) are listed in a report window and in a file, never dropped; the document they
belong to asks for a reload. Closing the window with edits still kept says what is kept
and where, and the next window on the project replays them before it opens a document.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from jkannotate.core.errors import JkError, ServerUnavailable
from jkannotate.gui.keyed_dialog import Answer, KeyedDialog
from jkannotate.gui.plain import make_plain
from jkannotate.project import Changes

if TYPE_CHECKING:
    from jkannotate.gui.queue_panel import QueuePanel
    from jkannotate.gui.session import EditSession
    from jkannotate.gui.window_model import WindowModel
    from jkannotate.project import ReplayReport

HEARTBEAT_MS = 5_000  # how often an idle window asks the server whether it is there
RETRY_MS = 1_000  # how often, while it is away
OFFLINE_COLOUR = "#D55E00"
SAVED_COLOUR = "#009E73"


class _Answers(QObject):
    """Carries the check's answer from its thread to the GUI thread (queued)."""

    answered = Signal(str)  # "" when the server answered, else why not


class ConnectionStatus(QObject):
    """The offline indicator, the reconnect check, the replay and its report."""

    def __init__(
        self,
        window: QMainWindow,
        session: EditSession,
        model: WindowModel,
        queue: QueuePanel,
    ) -> None:
        """``window`` parents the dialogs and is closed once the kept edits allow it; the
        status line hears of the offline state through ``model``."""
        super().__init__(window)
        self.window = window
        self.session = session
        self.model = model
        self.queue = queue
        self.project = session.project
        self.label = QLabel()
        make_plain(self.label)
        self.label.hide()
        window.statusBar().addPermanentWidget(self.label)
        self.report_window: QDialog | None = None
        self.close_dialog: KeyedDialog | None = None
        self._away = False  # the last check or write met no server
        self._checking = False
        self._may_close = False
        self._answers = _Answers()  # no parent: outlives the window while a check runs
        self._answers.answered.connect(self._answered)
        self.journal = None
        self.timer = QTimer(self, interval=HEARTBEAT_MS)
        self.timer.timeout.connect(self.check)
        if session.read_only or not self.project.on_server:
            return  # a file is always there; a preview writes nothing
        self.journal = self.project.keep_offline()
        self.journal.listeners.append(self._replayed)
        session.changed.connect(self._after_change)
        self.timer.start()
        if self.journal.has_entries():  # kept when the last window closed offline
            self.replay()

    @property
    def offline(self) -> bool:
        """The server is away, or edits are kept that it has not taken yet."""
        return self._away or (self.journal is not None and self.journal.has_entries())

    # noticing ------------------------------------------------------------------------

    def check(self) -> None:
        """Ask the server, off the GUI thread, whether it answers."""
        if self._checking or self.journal is None:
            return
        self._checking = True
        project, answers = self.project, self._answers

        def ask() -> None:
            try:
                answers.answered.emit(project.server_unreachable() or "")
            except Exception as error:  # noqa: BLE001 — a check never brings the window down
                answers.answered.emit(str(error) or type(error).__name__)

        threading.Thread(target=ask, name="jkannotate-server-check", daemon=True).start()

    def _answered(self, reason: str) -> None:
        self._checking = False
        if reason:
            self._go_offline(reason)
        elif self.journal is not None and self.journal.has_entries():
            self.replay()
        elif self._away:
            self._back(None)

    def _after_change(self, _changes: Changes) -> None:
        if self.journal is not None and self.journal.has_entries():
            self._go_offline("the server did not take the last edit")

    def _go_offline(self, reason: str) -> None:
        self._away = True
        kept = len(self.journal) if self.journal is not None else 0
        where = self.journal.path if self.journal is not None else ""
        self._show(f"Offline — {kept} edit{'s' if kept != 1 else ''} kept", OFFLINE_COLOUR,
                   f"{reason}\nEdits are kept on this computer ({where}) and saved when "
                   "the server is back.")
        self.model.offline_changed.emit(True)
        self.timer.setInterval(RETRY_MS)

    # replaying -----------------------------------------------------------------------

    def replay(self) -> None:
        """Send the kept edits now; the report comes through :meth:`_replayed`."""
        try:
            self.project.replay_kept()
        except ServerUnavailable as error:
            self._go_offline(str(error))
            return
        except JkError as error:  # the journal itself cannot be read or written
            self.model.say(f"Cannot replay the kept edits: {error}")
            return
        if self.journal is not None and not self.journal.has_entries() and self._away:
            self._back(None)

    def _replayed(self, report: ReplayReport) -> None:
        """Called by the journal after every replay that saved or refused something."""
        if report.remaining:
            return  # the server went away again: still offline
        self._back(report)
        try:
            for doc_id in sorted(report.documents):
                self.queue.model.refresh_document(doc_id)
        except JkError:
            pass  # the queue is read again on the next change
        layer = self.session.layer
        if report.failed and layer is not None and layer.id in report.failed_layers:
            self.session.in_conflict = True
            self.session.conflict.emit(
                "edits kept while the server was away could not be saved: "
                "someone else changed this layer meanwhile")
        if report.failed:
            self.show_report(report)

    def _back(self, report: ReplayReport | None) -> None:
        self._away = False
        self.timer.setInterval(HEARTBEAT_MS)
        stored = 0 if report is None else report.saved + report.already_saved
        if report is not None and report.failed:
            self._show(f"Back online — {stored} kept edits saved, {len(report.failed)} not saved",
                       OFFLINE_COLOUR, report.line())
        elif report is not None:
            self._show(f"Back online — {stored} kept edit{'s' if stored != 1 else ''} saved",
                       SAVED_COLOUR, report.line())
        else:
            self._show("Back online", SAVED_COLOUR, "The server answers again.")
        self.model.offline_changed.emit(False)  # saved, and the counts read again

    def _show(self, text: str, colour: str, tip: str) -> None:
        self.label.setText(text)
        self.label.setToolTip(tip)
        self.label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.label.show()

    def show_report(self, report: ReplayReport) -> None:
        """A window listing each edit that could not be saved, why, and the file it is in."""
        if self.report_window is not None:  # one report at a time: the newest
            self.report_window.close()
        dialog = QDialog(self.window)
        dialog.setWindowTitle("Edits not saved")
        layout = QVBoxLayout(dialog)
        intro = QLabel(
            f"{len(report.failed)} edit{'s' if len(report.failed) != 1 else ''} made while "
            "the server was away could not be saved. They are not lost: each is listed "
            f"below and kept in\n{report.unsaved_file}"
        )
        make_plain(intro)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        listing = QPlainTextEdit("\n".join(report.details()))
        listing.setReadOnly(True)
        layout.addWidget(listing)
        close = QPushButton("Close  Esc")
        close.clicked.connect(dialog.accept)
        layout.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        dialog.resize(640, 280)
        self.report_window = dialog
        dialog.open()

    # closing -------------------------------------------------------------------------

    def may_close(self, event: QCloseEvent) -> bool:
        """True when the window may close now; with edits still kept, the user is told
        what and where first (and may try once more or keep working)."""
        if self._may_close or self.journal is None or not self.journal.has_entries():
            return True
        if not self._away:
            self.replay()  # the server may be back
        if self.report_window is not None and self.report_window.isVisible():
            event.ignore()  # what could not be saved is shown before the window goes
            return False
        if not self.journal.has_entries():
            return True
        event.ignore()
        kept = len(self.journal)
        self.close_dialog = KeyedDialog(
            self.window,
            "Edits not saved yet",
            f"{kept} edit{'s' if kept != 1 else ''} could not reach the database server yet. "
            "They are kept on this computer and saved the next time you open this project.",
            [Answer(Qt.Key.Key_C, "Close, keep them", "close"),
             Answer(Qt.Key.Key_R, "Try again", "retry")],
            cancel="stay",
            default="close",
            note=f"Kept in {self.journal.path}",
        )
        self.close_dialog.chosen.connect(self._close_chosen)
        self.close_dialog.open()
        return False

    def _close_chosen(self, choice: object) -> None:
        if choice == "close":
            self._may_close = True
            self.window.close()
        elif choice == "retry":
            self._away = False  # try the server once more, then ask again if still kept
            QTimer.singleShot(0, self.window.close)
        else:
            self.model.focus_article()

    def stop(self) -> None:
        if self.journal is not None:
            self.timer.stop()
            if self._replayed in self.journal.listeners:
                self.journal.listeners.remove(self._replayed)
