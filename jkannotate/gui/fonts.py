"""Telling the user which font package is missing when an article's script would show as boxes.

Qt draws a box for a character no installed font has. Chinese, Japanese and Korean text
and colour emoji are the usual victims on a fresh Linux machine; the message names the
Debian/Ubuntu package that fixes each.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QFontDatabase

FONT_PACKAGES = {"cjk": "fonts-noto-cjk", "emoji": "fonts-noto-color-emoji"}
_WHAT = {"cjk": "Chinese, Japanese or Korean characters", "emoji": "emoji"}
_CJK_SYSTEMS = (
    QFontDatabase.WritingSystem.Japanese,
    QFontDatabase.WritingSystem.Korean,
    QFontDatabase.WritingSystem.SimplifiedChinese,
    QFontDatabase.WritingSystem.TraditionalChinese,
)


def _is_cjk(code: int) -> bool:
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x4DBF
        or 0x4E00 <= code <= 0x9FFF  # unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0x1100 <= code <= 0x11FF
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FA1F
    )


def _is_emoji(code: int) -> bool:
    return 0x1F1E6 <= code <= 0x1F1FF or 0x1F300 <= code <= 0x1FAFF


def scripts_in(text: str) -> set[str]:
    """Which of "cjk" and "emoji" the text needs fonts for."""
    found: set[str] = set()
    for char in text:
        code = ord(char)
        if code < 0x1100:
            continue
        if "cjk" not in found and _is_cjk(code):
            found.add("cjk")
        elif "emoji" not in found and _is_emoji(code):
            found.add("emoji")
        if len(found) == 2:
            break
    return found


def installed() -> set[str]:
    """Which of "cjk" and "emoji" some installed font covers."""
    have = set()
    if any(QFontDatabase.families(system) for system in _CJK_SYSTEMS):
        have.add("cjk")
    if any("emoji" in family.lower() for family in QFontDatabase.families()):
        have.add("emoji")
    return have


def missing_font_message(text: str, have: Iterable[str] | None = None) -> str:
    """One sentence naming the font packages this text needs and lacks ("" if none)."""
    have = installed() if have is None else set(have)
    missing = sorted(scripts_in(text) - have)
    if not missing:
        return ""
    what = " and ".join(_WHAT[m] for m in missing)
    packages = " ".join(FONT_PACKAGES[m] for m in missing)
    return (
        f"This article has {what} that no installed font can show (they appear as boxes): "
        f"install {packages} (e.g. sudo apt install {packages})."
    )
