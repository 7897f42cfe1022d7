"""JSONL input: one article per line, errors named by ``path:line``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.ingest import MAX_LINE_BYTES, Skipped, iter_articles, read_articles


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _article(text: str, **fields: object) -> str:
    return json.dumps({"text": text, **fields}, ensure_ascii=False)


def test_fields_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "batch.jsonl", [
        _article("Seoul and Tokyo agreed to talk.\r\nMore text “quoted”.", title="Talks",
                 url="https://example.org/a", outlet="Example News", date="Oct 15, 2021",
                 byline="Kim", meta={"lang": "en"}),
        "",
        _article("윤 대통령은 16일 도쿄를 방문했다. 두 정상은 회담했다.", published="2023-03-16"),
    ])
    first, second = read_articles([path]).documents
    assert first.text == "Talks\n\nSeoul and Tokyo agreed to talk.\nMore text “quoted”."
    assert (first.title, first.url, first.outlet, first.published, first.byline) == (
        "Talks", "https://example.org/a", "Example News", "2021-10-15", "Kim")
    assert first.meta["lang"] == "en"
    assert first.meta["source_path"] == str(path) and first.meta["source_line"] == 1
    assert second.published == "2023-03-16"
    assert second.meta["title_derived"] is True
    assert second.title == "윤 대통령은 16일 도쿄를 방문했다"
    assert second.meta["source_line"] == 3


def test_unparseable_date_is_kept_raw(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.jsonl", [_article("Some text here.", date="last Thursday")])
    document = read_articles([path]).documents[0]
    assert document.published is None and document.meta["date_raw"] == "last Thursday"


@pytest.mark.parametrize(("bad_line", "reason"), [
    ("{not json", "not valid JSON"),
    (json.dumps({"title": "no text"}), "no 'text'"),
    (json.dumps({"text": "   "}), "no 'text'"),
    (json.dumps(["a", "list"]), "JSON object"),
    (json.dumps({"text": "ok", "meta": [1]}), "'meta' must be an object"),
    (json.dumps({"text": "ok", "title": 5}), "'title' must be a string"),
])
def test_bad_line_names_file_and_line(tmp_path: Path, bad_line: str, reason: str) -> None:
    path = _write(tmp_path / "file.jsonl", [_article("One."), _article("Two."), bad_line,
                                            _article("Four.")])
    with pytest.raises(InputError) as caught:
        read_articles([path])
    message = str(caught.value)
    assert "file.jsonl:3: " in message and reason in message
    assert caught.value.line == 3


def test_skip_bad_keeps_the_rest_and_lists_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path / "file.jsonl", [_article("One."), "{oops", _article("Three.")])
    result = read_articles([path], skip_bad=True)
    assert [d.text for d in result.documents] == ["One.", "Three."]
    assert len(result.skipped) == 1
    skipped = result.skipped[0]
    assert (skipped.path, skipped.line) == (str(path), 2)
    assert str(skipped).startswith(f"{path}:2: not valid JSON")


def test_items_come_in_input_order(tmp_path: Path) -> None:
    path = _write(tmp_path / "file.jsonl", [_article("One."), "[]", _article("Three.")])
    items = list(iter_articles([path], skip_bad=True))
    assert [type(item).__name__ for item in items] == ["Document", "Skipped", "Document"]
    assert isinstance(items[1], Skipped)


def test_invalid_utf8_line(tmp_path: Path) -> None:
    path = tmp_path / "file.jsonl"
    path.write_bytes(_article("One.").encode() + b"\n" + b'{"text": "\xff\xfe"}\n')
    with pytest.raises(InputError, match=r"file\.jsonl:2: the line is not valid UTF-8"):
        read_articles([path])


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _article("With a BOM.").encode() + b"\n")
    assert read_articles([path]).documents[0].text == "With a BOM."


def test_empty_and_blank_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n  \n")
    for path in (empty, blank):
        with pytest.raises(InputError, match="empty") as caught:
            read_articles([path])
        assert str(path) in str(caught.value)


def test_huge_line_refused_without_reading_the_file_whole(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    with open(path, "wb") as handle:
        handle.write(_article("Fine.").encode() + b"\n")
        handle.write(b'{"text": "' + b"x" * (MAX_LINE_BYTES + 10) + b'"}\n')
        handle.write(_article("After.").encode() + b"\n")
    with pytest.raises(InputError, match=r"huge\.jsonl:2: the line is too large"):
        read_articles([path])
    result = read_articles([path], skip_bad=True)
    assert [d.text for d in result.documents] == ["Fine.", "After."]
    assert [s.line for s in result.skipped] == [2]


def test_utf16_jsonl_is_refused_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes(("\ufeff" + _article("Wide.") + "\n").encode("utf-16-le"))
    with pytest.raises(InputError, match="JSONL must be UTF-8"):
        read_articles([path])
