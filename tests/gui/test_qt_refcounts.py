"""Painting must not leak or steal references: PySide6 6.12.0 decremented None's count.

On Python 3.11 ``None`` is not immortal, so a binding that drops one reference of
``None`` per QPainter call aborts the interpreter (``none_dealloc``) after a few
hundred repaints. This test paints the real article view thousands of times and
fails on any release that does that again (``pyproject.toml`` excludes 6.12.0).
"""

from __future__ import annotations

import sys

from PySide6.QtGui import QImage


def test_painting_the_article_keeps_the_reference_count_of_none(window):
    view = window.view
    image = QImage(view.viewport().size(), QImage.Format.Format_ARGB32)
    view.viewport().render(image)  # warm up caches and lazy imports
    before = sys.getrefcount(None)
    for paint in range(3000):
        view.viewport().render(image)
        # checked after every paint: a leaking binding would abort the interpreter
        # (None's count reaching zero) long before a check at the end
        lost = before - sys.getrefcount(None)
        assert lost < 50, f"None lost {lost} references after {paint + 1} paints"
