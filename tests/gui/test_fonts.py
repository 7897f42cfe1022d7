"""Articles in scripts the machine has no font for: the window names the package to install."""

from __future__ import annotations

from jkannotate.gui.fonts import installed, missing_font_message, scripts_in


def test_scripts_that_need_fonts_are_found():
    assert scripts_in("Seoul and Tokyo") == set()
    assert scripts_in("尹錫悦 met 岸田") == {"cjk"}
    assert scripts_in("윤석열") == {"cjk"}
    assert scripts_in("トランプ") == {"cjk"}
    assert scripts_in("flags 🇯🇵🇰🇷") == {"emoji"}


def test_the_message_names_the_missing_packages_only():
    text = "首脳 🇯🇵"
    both = missing_font_message(text, have=set())
    assert "fonts-noto-cjk" in both and "fonts-noto-color-emoji" in both
    only_emoji = missing_font_message(text, have={"cjk"})
    assert "fonts-noto-color-emoji" in only_emoji and "fonts-noto-cjk" not in only_emoji
    assert missing_font_message(text, have={"cjk", "emoji"}) == ""
    assert missing_font_message("Seoul", have=set()) == ""


def test_opening_an_article_says_which_font_is_missing_on_this_machine(qtbot, window):
    window.open_document(2)  # 首脳 and emoji flags
    message = window.status.message.text()
    have = installed()
    assert ("fonts-noto-cjk" in message) == ("cjk" not in have)
    assert ("fonts-noto-color-emoji" in message) == ("emoji" not in have)
    window.open_document(3)  # Latin only: no font message
    assert "fonts-noto" not in window.status.message.text()
