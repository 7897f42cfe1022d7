"""Working on while the database server is away: the window's side of the edit journal.

On a server project the window keeps the edits the server cannot take on this computer
(``Project.keep_offline``, see ``store/journal.py``) and says so in the status bar:
"Offline — 3 edits kept". A check off the GUI thread asks the server every few seconds
whether it answers (every second while it is away); when it is back the kept edits are
replayed, oldest first, through the normal write path, off the GUI thread (the indicator
counts them: "Saving kept edits — 120 / 500"), and the indicator says they were saved.
The window stays usable meanwhile: an edit made during the replay queues behind it and is
sent by it, a document asked for opens once the replay is done, and closing waits for it.
Edits that could not be replayed (someone else changed the layer meanwhile, a role
changed) are listed in a report window and in a file, never dropped; the document they
belong to asks for a reload. Closing the window with edits still kept says what is kept
and where, and the next window on the project replays them before it opens a document.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from PySide6.QtCore import QElapsedTimer, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
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
from jkannotate.gui.workers import JobSignals, keep_running
from jkannotate.project import Changes, Project

if TYPE_CHECKING:
    from jkannotate.gui.queue_panel import QueuePanel
    from jkannotate.gui.session import EditSession
    from jkannotate.gui.window_model import WindowModel
    from jkannotate.project import ReplayReport

HEARTBEAT_MS = 5_000  # how often an idle window asks the server whether it is there
RETRY_MS = 1_000  # how often, while it is away
PROGRESS_MS = 150  # the replay's count is shown at most this often
OFFLINE_COLOUR = "#D55E00"
SAVED_COLOUR = "#009E73"


class _Answers(QObject):
    """Carries the check's answer from its thread to the GUI thread (queued)."""

    answered = Signal(str)  # "" when the server answered, else why not


class ReplayRunner(QRunnable):
    """Sends the kept edits on a pool thread, on a connection of its own. Finishes with the
    :class:`ReplayReport`, or the :class:`ServerUnavailable` that stopped it."""

    def __init__(self, db_url: str, user: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.db_url, self.user = db_url, user
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            with Project.open(self.db_url, user=self.user) as project:
                project.keep_offline()
                result: object = project.replay_kept(
                    progress=lambda done, total: self.signals.progress.emit(done, total))
        except ServerUnavailable as error:
            result = error
        except Exception as error:  # noqa: BLE001 — the journal unreadable, or a bug
            self.signals.failed.emit(str(error) or type(error).__name__)
            return
        self.signals.finished.emit(result)


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
        self.replaying = False  # kept edits are being sent, off the GUI thread
        self.pool: QThreadPool | None = None  # None: the global pool
        self._open_after: int | None = None  # a document asked for during the replay
        self._close_after = False  # closing waits for the replay
        self._shown = QElapsedTimer()  # since the replay's count was last shown
        self._answers = _Answers()  # no parent: outlives the window while a check runs
        self._answers.answered.connect(self._answered)
        self.journal = None
        self.timer = QTimer(self, interval=HEARTBEAT_MS)
        self.timer.timeout.connect(self.check)
        if session.read_only or not self.project.on_server:
            return  # a file is always there; a preview writes nothing
        self.journal = self.project.keep_offline()
        self.journal.replay_on_write = False  # edits queue behind kept ones; we send them
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
        if self.replaying:
            return  # the replay says how it went
        if reason:
            self._go_offline(reason)
        elif self.journal is not None and self.journal.has_entries():
            self.replay()
        elif self._away:
            self._back(None)

    def _after_change(self, _changes: Changes) -> None:
        if self.journal is None or not self.journal.has_entries():
            return
        if self.replaying:  # queued behind the kept edits being sent; sent after them
            self.model.offline_changed.emit(True)
        else:
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
        """Send the kept edits now, off the GUI thread; the report comes through
        :meth:`_replayed`. Does nothing while a replay runs (it sends edits kept meanwhile)."""
        if self.replaying or self.journal is None:
            return
        if not self.journal.has_entries():
            if self._away:
                self._back(None)
            return
        self.replaying = True
        self._replay_progress(0, len(self.journal))
        runner = ReplayRunner(self.project.url, self.project.user)
        runner.signals.progress.connect(self._replay_progress)
        runner.signals.finished.connect(self._replay_done)
        runner.signals.failed.connect(self._replay_failed)
        keep_running(self.window, runner, self.pool)

    def _replay_progress(self, done: int, total: int) -> None:
        if 0 < done < total and self._shown.isValid() and self._shown.elapsed() < PROGRESS_MS:
            return  # the count a few times a second: the GUI thread leaves the replay alone
        self._shown.start()
        closing = " (the window closes after them)" if self._close_after else ""
        self._show(f"Saving kept edits — {done} / {total}{closing}", OFFLINE_COLOUR,
                   "Edits kept while the server was away are being sent to it, oldest "
                   "first. Go on working: new edits follow them.")

    def _replay_done(self, result: object) -> None:
        self.replaying = False
        if isinstance(result, ServerUnavailable):
            self._go_offline(str(result))
        elif result is not None:  # a ReplayReport
            report: ReplayReport = result  # type: ignore[assignment]
            if self.journal is not None and not report.remaining:
                self.journal.server_answered()
            if report.saved or report.already_saved or report.failed:
                self._replayed(report)
            elif self._away or self.label.text().startswith("Saving"):
                self._back(None)
        if self.journal is not None and self.journal.has_entries() and not self._away:
            QTimer.singleShot(0, self.replay)  # kept as the replay ended: send them too
            return
        self._after_replay()

    def _replay_failed(self, message: str) -> None:
        self.replaying = False
        self.model.say(f"Cannot replay the kept edits: {message}")
        self._after_replay()

    def _after_replay(self) -> None:
        """What waited for the replay: closing the window, or opening a document."""
        if self._close_after:
            self._close_after = False
            self.window.close()
            return
        doc_id, self._open_after = self._open_after, None
        if doc_id is not None:
            self.model.open_document(doc_id)

    def defer_open(self, doc_id: int) -> bool:
        """True when ``doc_id`` must wait for the kept edits (its layer as stored must hold
        them): it opens once they are sent, and the status line says so."""
        if self.journal is None:
            return False
        if not self.replaying and (self._away or not self.journal.has_entries()):
            return False  # nothing to wait for, or nobody to send them to
        self._open_after = doc_id
        self.model.say(f"Document #{doc_id} opens once the kept edits are saved.")
        self.replay()
        return True

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
        if self.label.toolTip() != tip:
            self.label.setToolTip(tip)
        style = f"color: {colour}; font-weight: bold;"
        if self.label.styleSheet() != style:  # restyling costs more than the text
            self.label.setStyleSheet(style)
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
        """True when the window may close now; a replay running is waited for (the window
        closes when it ends); with edits still kept, the user is told what and where first
        (and may try once more or keep working)."""
        if self._may_close or self.journal is None:
            return True
        if self.replaying or (self.journal.has_entries() and not self._away):
            event.ignore()  # the server may be back: send them, then close
            self._close_after = True
            self.replay()
            return False
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
