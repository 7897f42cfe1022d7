"""The status bar: my progress, time on this document, autosave state, last message.

It follows the window model: messages, the opened layer, edits being saved and saved,
conflicts, the offline state and changed counts are all signals it subscribes to.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QElapsedTimer, QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from jkannotate.core.errors import JkError
from jkannotate.core.model import GOLD_OWNER, Document, Layer, State
from jkannotate.gui.plain import make_plain
from jkannotate.gui.window_model import WindowModel
from jkannotate.operations.queue import progress
from jkannotate.project import Changes, Project

SAVED_COLOUR = "#009E73"
OFFLINE_COLOUR = "#D55E00"


class StatusLine:
    def __init__(self, bar: QStatusBar, project: Project, model: WindowModel) -> None:
        self.bar = bar
        self.project = project
        self.owner: str | None = None  # whose progress: mine, or gold's in review mode
        self.offline = False  # the counts cannot be read while edits are kept
        self.layer: Layer | None = None
        self.message = QLabel()
        self.pending = QLabel()
        self.progress = QLabel()
        self.clock = QLabel("0:00 on this document")
        self.autosave = QLabel("●  All changes saved")
        make_plain(self.message, self.pending, self.progress, self.clock, self.autosave)
        bar.addWidget(self.message, 1)
        for label in (self.pending, self.progress, self.clock, self.autosave):
            bar.addPermanentWidget(label)
        self._since = QElapsedTimer()
        self._tick = QTimer(bar, interval=1000)
        self._tick.timeout.connect(self._show_time)
        self._tick.start()
        model.message.connect(self.say)
        model.layer_opened.connect(self.document_opened)
        model.layer_changed.connect(self.saved)
        model.saving.connect(self.saving)
        model.conflict.connect(lambda _message: self.conflict())
        model.offline_changed.connect(self.set_offline)
        model.mode_changed.connect(self._mode_changed)
        model.document_stored.connect(lambda _doc_id: self.show_progress())
        model.counts_changed.connect(self.show_progress)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def show_progress(self) -> None:
        """Finished documents of my layer, or of gold's in review mode (kept as they were
        while the server is away)."""
        if self.offline:
            return
        try:
            done, total = progress(self.project, self.owner)
        except JkError:
            return  # shown again on the next change
        share = f" ({done / total:.0%})" if total else ""
        owner = self.owner
        whose = f"{owner}: " if owner and owner != self.project.user else ""
        self.progress.setText(f"{whose}{done:,} / {total:,} done{share}")

    def _mode_changed(self, _active: bool, writes_gold: bool) -> None:
        self.owner = GOLD_OWNER if writes_gold else None
        self.show_progress()

    def document_opened(self, _document: Document, layer: Layer) -> None:
        self.layer = layer
        self._since.start()
        self.show_time(0)
        self._pending(layer)
        if not self.offline:
            self._saved_look("●  All changes saved")

    def _pending(self, layer: Layer) -> None:
        count = sum(1 for s in layer.spans if s.state is State.PENDING)
        self.pending.setText(f"{count} suggestion{'s' if count != 1 else ''} to review")

    def _show_time(self) -> None:
        if self._since.isValid():
            self.show_time(self._since.elapsed() // 1000)

    def show_time(self, seconds: int) -> None:
        self.clock.setText(f"{seconds // 60}:{seconds % 60:02d} on this document")

    def saving(self) -> None:
        self.autosave.setText("○  Saving…")

    def saved(self, _changes: Changes) -> None:
        """An edit was stored (the window says ``counts_changed`` when a status changed)."""
        if self.layer is not None:  # the session's layer, changed in place
            self._pending(self.layer)
        self._saved_look(f"●  Saved {datetime.now():%H:%M:%S}")

    def _saved_look(self, text: str) -> None:
        self.autosave.setText(text)
        self.autosave.setStyleSheet(f"color: {SAVED_COLOUR};")

    def set_offline(self, offline: bool) -> None:
        """Kept on this computer while the server is away; saved (and counted) once back."""
        self.offline = offline
        if offline:
            self.autosave.setText("○  Kept on this computer")
            self.autosave.setStyleSheet(f"color: {OFFLINE_COLOUR};")
        else:
            self._saved_look(f"●  Saved {datetime.now():%H:%M:%S}")
            self.show_progress()

    def conflict(self) -> None:
        self.autosave.setText("▲  Not saved: reload")
        self.autosave.setStyleSheet(f"color: {OFFLINE_COLOUR};")
