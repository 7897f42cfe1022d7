"""Damaged, read-only, full and foreign databases: one readable line, the file unchanged.

The read-only cases use the immutable attribute (``chattr +i``: not even root may write)
and the full disk a small tmpfs; each is skipped where the machine does not allow it.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.errors import StorageError
from jkannotate.store import Store
from tests.safety.conftest import make_project


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.out + captured.err
    return lines[0]


def article(tmp_path: Path, size: int = 2_000) -> Path:
    source = tmp_path / "new.jsonl"
    text = "Japan and South Korea agreed to resume talks in Seoul. " * (size // 55 + 1)
    source.write_text(json.dumps({"text": text[:size]}) + "\n", encoding="utf-8")
    return source


@pytest.fixture
def immutable() -> Iterator[list[Path]]:
    """Paths to mark immutable (``chattr +i``) for the test; unmarked afterwards."""
    if shutil.which("chattr") is None:
        pytest.skip("no chattr on this machine")
    marked: list[Path] = []
    yield marked
    for path in marked:
        subprocess.run(["chattr", "-i", str(path)], check=False)


def make_immutable(paths: list[Path], path: Path) -> None:
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"chattr +i not allowed here: {done.stderr.strip()}")
    paths.append(path)


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_database_is_read_and_never_written(
    what: str, tmp_path: Path, immutable: list[Path], capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "project"
    folder.mkdir()
    db = make_project(folder / "p.db", 5)
    before = digest(db)
    make_immutable(immutable, db if what == "file" else folder)
    capsys.readouterr()

    assert main(["stats", "--db", str(db)]) == 0
    assert "documents: 5" in capsys.readouterr().out
    assert main(["docs", "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["import", str(article(tmp_path)), "--db", str(db), "--no-suggest"]) != 0
    line = one_error_line(capsys)
    assert str(db) in line and "read-only" in line and "writable" in line
    assert digest(db) == before


def corrupt_an_interior_page(db: Path) -> None:
    """Overwrite the middle of the document table's root page, an interior b-tree page."""
    connection = sqlite3.connect(db)
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    root = connection.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'document'").fetchone()[0]
    connection.close()
    with open(db, "r+b") as handle:
        handle.seek((root - 1) * page_size)
        assert handle.read(1) == b"\x05", "the table must be large enough for an interior root"
        handle.seek((root - 1) * page_size + 8)
        handle.write(b"\xff\x13" * 60)


def test_a_damaged_database_gives_one_line_and_stays_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.db"
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.project import Project

    with Project.open(db) as project:
        project.import_documents([AnnotatedDocument(Document(f"Seoul talks, part {n}. " * 60))
                                  for n in range(300)])
    corrupt_an_interior_page(db)
    before = digest(db)
    capsys.readouterr()
    for command in (["stats"], ["docs"], ["import", str(article(tmp_path)), "--no-suggest"],
                    ["export", str(tmp_path / "out.jsonl"), "--format", "jsonl"]):
        assert main([*command, "--db", str(db)]) != 0, command
        line = one_error_line(capsys)
        assert str(db) in line and "damaged" in line, line
        assert digest(db) == before
    assert not (tmp_path / "out.jsonl").exists()


def test_another_applications_database_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "places.sqlite"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    connection.execute("INSERT INTO moz_places (url) VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("my notes, not a database\n" * 200)
    for path in (other, not_a_database):
        before = digest(path)
        for command in (["docs"], ["stats"], ["import", str(article(tmp_path)), "--no-suggest"]):
            assert main([*command, "--db", str(path)]) != 0
            line = one_error_line(capsys)
            assert str(path) in line
            assert "another application" in line or "damaged" in line
            assert digest(path) == before
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [
            path.name]  # no -wal/-shm either
    with pytest.raises(StorageError, match="moz_places"):
        Store(str(other))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_during_import_leaves_the_database_as_it_was(
    small_disk: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = make_project(small_disk / "p.db", 5)
    before = digest(db)
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(free - 64 * 1024, 0))  # leave 64 KiB
    capsys.readouterr()
    assert main(["import", str(article(tmp_path, 400_000)), "--db", str(db),
                 "--no-suggest"]) != 0
    line = one_error_line(capsys)
    assert str(db) in line and "disk is full" in line, line
    filler.unlink()
    assert digest(db) == before
    store = Store(str(db))
    try:
        assert store.documents.count() == 5 and store.integrity_check() == "ok"
    finally:
        store.close()
