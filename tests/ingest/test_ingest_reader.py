"""Paths, directories and file-level bad input."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ingest_support import PAGES, SEEDS

from jkannotate.core.errors import InputError
from jkannotate.ingest import MAX_FILE_BYTES, IngestResult, Skipped, read_articles

ARTICLE = (
    "A headline about summit talks\n\n"
    "The two leaders met on Monday and agreed to talk again soon.\n"
)


def test_directories_are_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / "b" / "2.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    (tmp_path / "a" / "deep" / "1.txt").write_text(ARTICLE)
    (tmp_path / "a" / "notes.pdf").write_bytes(b"%PDF")  # unknown types inside folders: ignored
    (tmp_path / "a" / ".hidden.txt").write_text(ARTICLE)
    (tmp_path / "c.jsonl").write_text('{"text": "From JSONL."}\n')
    result = read_articles([tmp_path])
    names = [Path(str(d.meta["source_path"])).name for d in result.documents]
    assert names == ["1.txt", "2.txt", "c.jsonl"]
    assert result.skipped == []


def test_explicit_paths_keep_their_order(tmp_path: Path) -> None:
    first, second = tmp_path / "z.txt", tmp_path / "a.txt"
    first.write_text(ARTICLE)
    second.write_text(ARTICLE.replace("Monday", "Friday"))
    documents = read_articles([first, second]).documents
    assert [d.meta["source_path"] for d in documents] == [str(first), str(second)]


def test_seeds_and_pages_together() -> None:
    result = read_articles([SEEDS, PAGES])
    assert isinstance(result, IngestResult)
    pages = sorted(p for p in PAGES.iterdir() if p.suffix in {".txt", ".html"})
    assert len(result.documents) == 5 + len(pages) and result.skipped == []


@pytest.mark.parametrize("make", ["empty dir", "only unknown files"])
def test_directory_without_articles(tmp_path: Path, make: str) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    if make == "only unknown files":
        (folder / "image.png").write_bytes(b"\x89PNG")
    with pytest.raises(InputError, match="no articles") as caught:
        read_articles([folder])
    assert str(caught.value).startswith(f"{folder}: ")


def test_missing_path_and_unsupported_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "missing.txt"])
    pdf = tmp_path / "paper.pdf"
    pdf.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="unsupported file type '.pdf'"):
        read_articles([pdf])


@pytest.mark.parametrize("content", [b"", b"  \n\n \t\n"])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_articles([path])
    assert str(caught.value).startswith(f"{path}: the file")


def test_page_without_prose_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "menu.txt"
    path.write_text("Home\nWorld\nBusiness\nSports\n")
    with pytest.raises(InputError, match="no article text"):
        read_articles([path])


def test_50_mb_file_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:  # sparse: 50 MB on paper, nothing written
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError) as caught:
        read_articles([path])
    message = str(caught.value)
    assert message.startswith(f"{path}: the file is too large (50.0 MB")
    assert "\n" not in message
    assert os.path.getsize(path) > MAX_FILE_BYTES


def test_skip_bad_lists_every_bad_input_and_reads_the_rest(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    folder = tmp_path / "nothing"
    folder.mkdir()
    result = read_articles([empty, good, folder, tmp_path / "missing.html"], skip_bad=True)
    assert len(result.documents) == 1
    assert [s.path for s in result.skipped] == [
        str(empty), str(folder), str(tmp_path / "missing.html")]
    assert all(isinstance(s, Skipped) and s.line is None for s in result.skipped)
    assert str(result.skipped[0]) == f"{empty}: the file is empty"


def test_without_skip_bad_the_first_bad_input_raises(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(ARTICLE)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    with pytest.raises(InputError, match="bad.txt"):
        read_articles([good, bad])


def test_simple_text_file_title_and_body(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(ARTICLE)
    document = read_articles([path]).documents[0]
    assert document.title == "A headline about summit talks"
    assert document.text == ("A headline about summit talks\n\n"
                             "The two leaders met on Monday and agreed to talk again soon.")
    assert document.meta["captions"] == []
