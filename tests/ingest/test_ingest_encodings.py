"""Every supported encoding, written by the test itself and read back exactly."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.ingest import read_articles, read_text_file
from jkannotate.ingest.encoding import decode_bytes

KOREAN = (
    "한일 정상, 셔틀외교 복원 합의\n\n"
    "윤석열 대통령과 기시다 후미오 일본 총리는 16일 도쿄에서 정상회담을 열고 양국 정상이 "
    "정기적으로 상대국을 방문하는 셔틀외교를 복원하기로 합의했다.\n\n"
    "두 정상은 강제징용 배상 문제와 수출규제 해제 등 현안에 대해서도 의견을 나눴다. "
    "대통령실은 이번 회담이 한일 관계 정상화의 출발점이 될 것이라고 밝혔다.\n"
)
JAPANESE = (
    "日韓首脳、シャトル外交の再開で一致\n\n"
    "岸田文雄首相は16日、韓国の尹錫悦大統領と首相官邸で会談し、首脳が相互に訪問する"
    "シャトル外交を再開することで一致した。\n\n"
    "両首脳は元徴用工問題や輸出管理の見直しについても意見を交わした。政府関係者は、"
    "日韓関係の正常化に向けた大きな一歩になると述べた。\n"
)
WESTERN = (
    "Leaders’ “shuttle diplomacy” resumes\n\n"
    "Prime Minister Fumio Kishida said the café-style talks — the first in twelve years — "
    "were “a new chapter”, and President Yoon called the meeting “très productive”.\n\n"
    "Critics in Seoul said the government’s naïve optimism ignored the victims’ demands for "
    "an apology. “We’ll keep fighting,” one plaintiff said outside the court.\n"
)

CASES = [
    ("utf-8", KOREAN, b""),
    ("utf-8", JAPANESE, codecs.BOM_UTF8),
    ("utf-16-le", KOREAN, codecs.BOM_UTF16_LE),
    ("utf-16-be", JAPANESE, codecs.BOM_UTF16_BE),
    ("cp949", KOREAN, b""),
    ("euc-kr", KOREAN, b""),
    ("shift_jis", JAPANESE, b""),
    ("euc-jp", JAPANESE, b""),
    ("cp1252", WESTERN, b""),
]


@pytest.mark.parametrize(("encoding", "text", "bom"), CASES,
                         ids=[f"{c[0]}{'-bom' if c[2] else ''}" for c in CASES])
def test_encoding_detected_and_text_kept_exactly(
    tmp_path: Path, encoding: str, text: str, bom: bytes
) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(bom + text.encode(encoding))
    assert read_text_file(path) == text


@pytest.mark.parametrize("encoding", ["cp949", "shift_jis", "cp1252"])
def test_legacy_encoded_article_parses(tmp_path: Path, encoding: str) -> None:
    text = {"cp949": KOREAN, "shift_jis": JAPANESE, "cp1252": WESTERN}[encoding]
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    document = read_articles([path]).documents[0]
    assert document.title == text.split("\n")[0]
    assert text.split("\n")[2] in document.text


def test_newlines_are_normalised_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Title “quoted”\r\n\r\nFirst line ’x’\rSecond line\r\n".encode())
    assert read_text_file(path) == "Title “quoted”\n\nFirst line ’x’\nSecond line\n"


def test_html_meta_charset_is_used_when_not_utf8() -> None:
    html = f'<html><head><meta charset="euc-kr"></head><body><p>{KOREAN}</p></body></html>'
    assert KOREAN in decode_bytes(html.encode("euc-kr"), "page.html", html=True)


def test_undecodable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "binary.txt"
    path.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(InputError) as caught:
        read_text_file(path)
    assert str(path) in str(caught.value)


def test_bad_utf16_after_its_bom_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "日本".encode("utf-16-le") + b"\x00\xd8")
    with pytest.raises(InputError, match="utf-16-le"):
        read_text_file(path)
