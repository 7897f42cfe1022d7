"""User text (names, titles, comments, label names, paths) shown as written, never as markup.

Qt guesses whether a string is rich text (``Qt::mightBeRichText``) for labels with the
default format and for every tooltip, so an annotator named ``<img src=…>`` or a comment
holding ``<span style=…>`` would be rendered. Labels get :func:`plain_label` (plain text
format); tooltips and the few rich labels that colour things put user text through
:func:`escaped` or :func:`tip`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def plain_label(text: str = "") -> QLabel:
    """A label that shows ``text`` character for character."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText(text)
    return label


def make_plain(*labels: QLabel) -> None:
    for label in labels:
        label.setTextFormat(Qt.TextFormat.PlainText)


def escaped(text: str) -> str:
    """User text to put inside Qt rich text: shown literally, line breaks kept."""
    return html.escape(text, quote=True).replace("\n", "<br>")


def tip(text: str) -> str:
    """A tooltip showing ``text`` literally (tooltips are rich text whenever Qt guesses so)."""
    return f"<qt>{escaped(text)}</qt>" if text else ""
