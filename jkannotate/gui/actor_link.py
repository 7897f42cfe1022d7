"""Linking a span to the actor knowledge base by hand: type-ahead over every name in three
scripts, or "not in the knowledge base"; and the one-line description the status bar shows
for the current span (its actor, or a DATE's normalised value)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkannotate.core.actors import ActorKB, shipped_actors
from jkannotate.core.model import Span

NOT_IN_KB = "NIL"  # checked by a person: the actor is not in the knowledge base


def describe(span: Span | None, kb: ActorKB | None = None) -> str:
    """"Fumio Kishida · JPN · prime minister … (jka:kishida-fumio)", "DATE = 2021-10-15"."""
    if span is None:
        return ""
    if span.norm:
        return f"{span.label} = {span.norm}"
    if span.kb_id == NOT_IN_KB:
        return f"{span.label}: not in the knowledge base"
    actor = (kb or shipped_actors()).get(span.kb_id)
    if actor is None:
        return f"{span.label}: not linked" if span.kb_id is None else f"{span.label}: {span.kb_id}"
    offices = "; ".join(o.office + (f" {o.start}–{o.end or ''}" if o.start else "")
                        for o in actor.offices[:2])
    parts = [actor.name, actor.code or "", actor.sector or "", offices]
    qid = f", {actor.qid}" if actor.qid else ""
    return " · ".join(p for p in parts if p) + f" ({actor.id}{qid})"


class ActorLinkDialog(QDialog):
    """Choose the actor a span names; ``chosen`` is the id, NOT_IN_KB, or None (unlink)."""

    def __init__(self, mention: str, current: str | None, kb: ActorKB | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kb = kb or shipped_actors()
        self.chosen: str | None = current
        self.setWindowTitle("Link to actor")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{mention}” names:"))
        self.search = QLineEdit(mention)
        self.search.setPlaceholderText("Type a name: English, 한국어 or 日本語")
        self.search.textChanged.connect(self.fill)
        layout.addWidget(self.search)
        self.matches = QListWidget()
        self.matches.itemActivated.connect(lambda _item: self.accept_choice())
        layout.addWidget(self.matches)
        buttons = QDialogButtonBox()
        link = buttons.addButton("Link", QDialogButtonBox.ButtonRole.AcceptRole)
        nil = buttons.addButton("Not in KB", QDialogButtonBox.ButtonRole.ActionRole)
        unlink = buttons.addButton("Unlink", QDialogButtonBox.ButtonRole.ResetRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        link.clicked.connect(self.accept_choice)
        nil.clicked.connect(lambda: self._finish(NOT_IN_KB))
        unlink.clicked.connect(lambda: self._finish(None))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(520, 380)
        self.fill(mention)

    def fill(self, text: str) -> None:
        self.matches.clear()
        found = self.kb.named(text) or self.kb.search(text)
        if not found and " " in text:
            found = self.kb.search(text.split()[-1])
        for actor in found[:30]:
            item = QListWidgetItem(describe(Span(0, 0, actor.type, kb_id=actor.id), self.kb))
            item.setData(Qt.ItemDataRole.UserRole, actor.id)
            self.matches.addItem(item)
        if self.matches.count():
            self.matches.setCurrentRow(0)

    def accept_choice(self) -> None:
        item = self.matches.currentItem()
        if item is not None:
            self._finish(item.data(Qt.ItemDataRole.UserRole))

    def _finish(self, value: str | None) -> None:
        self.chosen = value
        self.accept()
