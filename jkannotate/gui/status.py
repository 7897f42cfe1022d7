"""The status bar: my progress, time on this document, autosave state, last message."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QStatusBar

from jkannotate.core.model import Layer, State
from jkannotate.gui.plain import make_plain
from jkannotate.operations.queue import progress
from jkannotate.project import Project


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self.message = QLabel()
        self.pending = QLabel()
        self.progress = QLabel()
        self.clock = QLabel("0:00 on this document")
        self.autosave = QLabel("●  All changes saved")
        make_plain(self.message, self.pending, self.progress, self.clock, self.autosave)
        bar.addWidget(self.message, 1)
        for label in (self.pending, self.progress, self.clock, self.autosave):
            bar.addPermanentWidget(label)

    def say(self, text: str) -> None:
        self.message.setText(text)

    def show_progress(self, project: Project, owner: str | None = None) -> None:
        """Finished documents of my layer, or of ``owner``'s (``gold`` in review mode)."""
        done, total = progress(project, owner)
        share = f" ({done / total:.0%})" if total else ""
        whose = f"{owner}: " if owner and owner != project.user else ""
        self.progress.setText(f"{whose}{done:,} / {total:,} done{share}")

    def document_opened(self, layer: Layer) -> None:
        self.show_time(0)
        self._pending(layer)
        self.autosave.setText("●  All changes saved")
        self.autosave.setStyleSheet("color: #009E73;")

    def _pending(self, layer: Layer) -> None:
        count = sum(1 for s in layer.spans if s.state is State.PENDING)
        self.pending.setText(f"{count} suggestion{'s' if count != 1 else ''} to review")

    def show_time(self, seconds: int) -> None:
        self.clock.setText(f"{seconds // 60}:{seconds % 60:02d} on this document")

    def saving(self) -> None:
        self.autosave.setText("○  Saving…")

    def saved(self, layer: Layer) -> None:
        self._pending(layer)
        self.autosave.setText(f"●  Saved {datetime.now():%H:%M:%S}")
        self.autosave.setStyleSheet("color: #009E73;")

    def conflict(self) -> None:
        self.autosave.setText("▲  Not saved: reload")
        self.autosave.setStyleSheet("color: #D55E00;")
