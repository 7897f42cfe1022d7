"""An import as a whole: every row written in one transaction (a bad line or a kill -9
stores nothing), the signature worker stopped, progress counted once per input."""

from __future__ import annotations

import json
import multiprocessing
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from ingest_support import REPO

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument
from jkannotate.ingest import child_process, duplicates, signatures
from jkannotate.ingest.child_process import start_method, usable_cores
from jkannotate.ingest.duplicates import SignatureStream
from jkannotate.project import Project

needs_two_cores = pytest.mark.skipif(usable_cores() < 2, reason="no child on one core")
WORDS = "Seoul Tokyo summit trade export ministers talks Busan Osaka visit court ruling".split()


def article(index: int) -> dict[str, str]:
    words = [WORDS[(index * 7 + k * (index % 5 + 1)) % len(WORDS)] for k in range(60)]
    return {"title": f"Report {index}", "text": " ".join(words) + f" (report {index}).",
            "date": f"2023-03-{index % 28 + 1:02d}"}


def write_articles(path: Path, count: int, bad_line: int | None = None) -> Path:
    lines = [json.dumps(article(k)) for k in range(count)]
    if bad_line is not None:
        lines[bad_line - 1] = '{"text": "cut off'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_signatures_got_in_any_order_equal_the_batch_ones() -> None:
    texts = [" ".join(WORDS[k % 7:] * (k % 40)) + f" {k}" for k in range(900)]
    expected = signatures(texts)
    with SignatureStream(texts) as stream:
        backwards = [stream.get(k) for k in reversed(range(900))]
        forwards = [stream.get(k) for k in range(900)]
    assert backwards[::-1] == forwards == expected


@needs_two_cores
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_child_process_signs_the_same_in_any_order(method: str) -> None:
    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    texts = [" ".join(WORDS[k % 7:] * (k % 40 + 300)) + f" {k}" for k in range(400)]
    expected = signatures(texts)
    with SignatureStream(texts, method=method, min_chars=0) as stream:
        child = stream._child
        assert child is not None and child.name == "signatures"
        backwards = [stream.get(k) for k in reversed(range(400))]
        forwards = [stream.get(k) for k in range(400)]
    assert backwards[::-1] == forwards == expected
    assert not multiprocessing.active_children()


@needs_two_cores
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_texts_a_killed_child_left_are_signed_here() -> None:
    texts = [" ".join(WORDS[k % 5:] * (k % 30 + 200)) + f" {k}" for k in range(600)]
    with SignatureStream(texts, min_chars=0) as stream:
        assert stream._child is not None and stream._child.pid is not None
        os.kill(stream._child.pid, signal.SIGKILL)
        got = [stream.get(k) for k in range(600)]
    assert got == signatures(texts)
    assert not multiprocessing.active_children()


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie nobody reaped has ended too)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return True
    return status.rsplit(")", 1)[1].split()[0] == "Z"


@needs_two_cores
@pytest.mark.skipif(sys.platform == "win32", reason="SIGSTOP")
def test_a_stuck_child_is_given_up_and_its_texts_signed_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(duplicates, "STALL_SECONDS", 0.3)
    texts = [" ".join(WORDS[k % 6:] * 250) + f" {k}" for k in range(400)]
    with SignatureStream(texts, min_chars=0) as stream:
        assert stream._child is not None and stream._child.pid is not None
        os.kill(stream._child.pid, signal.SIGSTOP)  # as if it hung on a lock
        got = [stream.get(k) for k in range(400)]
        assert stream._child is None  # given up (and gone)
    assert got == signatures(texts)
    assert not multiprocessing.active_children()


ORPHANED_SIGNER = """
import sys, time
from jkannotate.ingest.duplicates import SignatureStream
texts = [" ".join(["Seoul Tokyo summit trade"] * 2000)] * 20000  # one str, signed 20,000 times
stream = SignatureStream(texts, min_chars=0)
print(stream._child.pid, flush=True)
time.sleep(60)  # reads nothing: the child fills the pipe and waits
"""


@needs_two_cores
@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL, /proc")
def test_a_child_whose_parent_is_killed_ends_by_itself() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen([sys.executable, "-c", ORPHANED_SIGNER], stdout=subprocess.PIPE,
                          text=True, env=env) as parent:
        try:
            assert parent.stdout is not None
            signer = int(parent.stdout.readline())
            time.sleep(0.5)
            assert not gone(signer)  # a billion characters take it seconds, compiled or not
        finally:
            os.kill(parent.pid, signal.SIGKILL)
            parent.wait()
    deadline = time.monotonic() + 20
    while not gone(signer) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert gone(signer)


@needs_two_cores
@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to one process")
def test_ctrl_c_reaches_the_caller_only() -> None:
    texts = [" ".join(WORDS[k % 3:] * 300) + f" {k}" for k in range(500)]
    with SignatureStream(texts, min_chars=0) as stream:
        assert stream._child is not None and stream._child.pid is not None
        os.kill(stream._child.pid, signal.SIGINT)  # what a terminal's Ctrl+C sends it too
        got = [stream.get(k) for k in range(500)]
        assert stream._child is not None and stream._child.exitcode in (None, 0)
    assert got == signatures(texts)


@needs_two_cores
def test_an_error_or_ctrl_c_while_signing_stops_the_child() -> None:
    texts = [" ".join(WORDS * 400) + f" {k}" for k in range(300)]
    with pytest.raises(KeyboardInterrupt):
        with SignatureStream(texts, min_chars=0) as stream:
            child = stream._child
            assert child is not None and child.is_alive()
            stream.get(0)
            raise KeyboardInterrupt
    assert not multiprocessing.active_children()
    assert stream._child is None


@needs_two_cores
def test_a_child_started_from_a_worker_thread_signs_the_same(
    capfd: pytest.CaptureFixture[str],
) -> None:  # the window imports on a worker thread
    texts = [" ".join(WORDS[k % 4:] * 200) + f" {k}" for k in range(300)]
    got: dict[str, object] = {}

    def work() -> None:
        with SignatureStream(texts, min_chars=0) as stream:
            got["child"] = stream._child is not None
            got["signatures"] = [stream.get(k) for k in range(300)]

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert got == {"child": True, "signatures": signatures(texts)}
    assert "Traceback" not in capfd.readouterr().err  # the child did not fail on its way


@needs_two_cores
def test_two_streams_started_at_once_each_sign_their_own_texts() -> None:
    batches = [[" ".join(WORDS[k % 5:] * 150) + f" {side} {k}" for k in range(250)]
               for side in ("left", "right")]
    got: dict[int, list[bytes]] = {}
    ready = threading.Barrier(2)

    def work(side: int) -> None:
        ready.wait()
        with SignatureStream(batches[side], min_chars=0) as stream:
            got[side] = [stream.get(k) for k in range(250)]

    workers = [threading.Thread(target=work, args=(side,)) for side in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert got == {0: signatures(batches[0]), 1: signatures(batches[1])}


def test_small_inputs_are_signed_without_a_child() -> None:
    texts = [" ".join(WORDS) + f" {k}" for k in range(50)]
    with SignatureStream(texts) as stream:
        assert stream._child is None
        assert [stream.get(k) for k in range(50)] == signatures(texts)


@pytest.mark.skipif(not hasattr(os, "getloadavg"), reason="no load average")
def test_no_child_when_every_core_is_busy(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [" ".join(WORDS * 300) + f" {k}" for k in range(200)]  # over the threshold
    monkeypatch.setitem(duplicates.PROCESS_MIN_CHARS, start_method(), 1000)
    monkeypatch.setattr(os, "getloadavg", lambda: (usable_cores() + 1.0, 0.0, 0.0))
    with SignatureStream(texts) as stream:
        assert stream._child is None
        assert [stream.get(k) for k in range(200)] == signatures(texts)
    if usable_cores() > 1:
        monkeypatch.setattr(os, "getloadavg", lambda: (0.3, 0.0, 0.0))
        with SignatureStream(texts) as stream:
            assert stream._child is not None


ROW = ("id, hash, title, outlet, url, published, byline, text, meta, duplicate_group,"
       " signature")  # every column but the time stamp


def stored_rows(db: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute(f"SELECT {ROW} FROM document ORDER BY id").fetchall()
    connection.close()
    return rows


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_an_import_read_by_a_child_process_stores_what_one_read_here_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, method: str
) -> None:
    from jkannotate.ingest import intake
    from jkannotate.ingest.reader import read_articles

    if method not in multiprocessing.get_all_start_methods():
        pytest.skip(f"no {method} here")
    monkeypatch.setattr(child_process, "start_method", lambda: method)  # as on Windows/macOS
    monkeypatch.setattr(child_process, "idle_cores", lambda: 1.0)  # however busy the machine
    started: list[str] = []
    start_child = intake.ArticleStream._start_child

    def record(stream: intake.ArticleStream, how: str) -> None:
        started.append(how)
        start_child(stream, how)

    monkeypatch.setattr(intake.ArticleStream, "_start_child", record)
    source = write_articles(tmp_path / "many.jsonl", 900, bad_line=450)
    mixed = tmp_path / "mixed.jsonl"  # not ASCII, repeated texts, a text stored before
    mixed.write_text("\n".join(json.dumps(row, ensure_ascii=k % 2 == 0) for k, row in enumerate(
        [{"title": "서울 東京", "text": "한일 정상회담 “summit” — 東京で", "meta": {"ü": [1]}},
         article(3), article(3), {"text": "x"}, article(901)])) + "\n", encoding="utf-8")
    before = write_articles(tmp_path / "before.jsonl", 5)
    stored = {}
    for name, min_bytes in (("here", 10**12), ("child", 0)):
        monkeypatch.setitem(intake.PROCESS_MIN_BYTES, method, min_bytes)
        with Project.open(tmp_path / f"{name}.db") as project:
            project.import_paths([before])
            seen: list[int] = []
            summary = project.import_paths([source, mixed], skip_bad=True,
                                           progress=lambda n, _t, s=seen: s.append(n))
            assert seen == list(range(1, 906))
            assert len(summary.added) == 899 - 5 + 3 and len(summary.duplicates) == 5
            assert [s.split(": ", 1)[0] for s in summary.skipped] == [f"{source}:450"]
        stored[name] = stored_rows(tmp_path / f"{name}.db")
    # what import_documents stores for the same documents (the path of one list of them)
    with Project.open(tmp_path / "list.db") as project:
        project.import_documents([AnnotatedDocument(d) for d in read_articles([before]).documents])
        read = read_articles([source, mixed], skip_bad=True).documents
        project.import_documents([AnnotatedDocument(d) for d in read])
    stored["list"] = stored_rows(tmp_path / "list.db")
    assert started == ([method] * 2 if usable_cores() > 1 else [])  # "child" only
    assert stored["child"] == stored["here"] == stored["list"]
    assert sum(1 for row in stored["here"] if row[9] is not None) > 100  # groups were made
    assert not multiprocessing.active_children()


def test_a_bad_line_late_in_a_large_file_stores_nothing(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "many.jsonl", 900, bad_line=820)
    with Project.open(tmp_path / "p.db") as project:
        project.import_paths([write_articles(tmp_path / "few.jsonl", 3)])
        with pytest.raises(InputError, match="not valid JSON") as raised:
            project.import_paths([source])
        assert raised.value.line == 820
        assert project.count_documents() == 3
        assert not [t for t in threading.enumerate() if t.name.startswith("signatures")]
        assert not multiprocessing.active_children()
        summary = project.import_paths([source], skip_bad=True)
    assert len(summary.added) == 896 and len(summary.duplicates) == 3
    assert len(summary.skipped) == 1
    assert summary.skipped[0].startswith(f"{source}:820: not valid JSON")


def test_progress_counts_every_input_once_in_order(tmp_path: Path) -> None:
    source = write_articles(tmp_path / "many.jsonl", 700, bad_line=300)
    seen: list[int] = []
    with Project.open(tmp_path / "p.db") as project:
        summary = project.import_paths([source], skip_bad=True,
                                       progress=lambda done, _total: seen.append(done))
        stored = project.document_ids()
    assert seen == list(range(1, 701))
    assert len(summary.added) == 699 and len(summary.skipped) == 1
    assert stored == sorted(summary.added) == list(range(1, 700))  # ids in input order


KILLED_IMPORT = """
import multiprocessing, sys, time
from jkannotate.ingest import child_process, duplicate_links, duplicates, intake
from jkannotate.project import Project
def assign_groups(*args):  # called once every row is inserted, the transaction still open
    print(" ".join(str(c.pid) for c in multiprocessing.active_children()), flush=True)
    print("inserting", flush=True)
    time.sleep(60)
duplicate_links.assign_groups = assign_groups
intake.PROCESS_MIN_BYTES[child_process.start_method()] = int(sys.argv[3])
child_process.idle_cores = lambda: 1.0  # however busy the machine running the tests is
Project.open(sys.argv[1]).import_paths([sys.argv[2]])
"""


@pytest.mark.skipif(sys.platform != "linux", reason="SIGKILL, /proc")
@pytest.mark.parametrize("min_chars", [10**12, 0], ids=["signed here", "signed by a child"])
def test_kill_9_in_the_middle_of_an_import_leaves_the_project_as_it_was(
    tmp_path: Path, min_chars: int
) -> None:
    db = tmp_path / "p.db"
    with Project.open(db) as project:
        project.import_paths([write_articles(tmp_path / "few.jsonl", 3)])
    source = write_articles(tmp_path / "many.jsonl", 900)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-c", KILLED_IMPORT, str(db), str(source), str(min_chars)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as child:
        try:
            assert child.stdout is not None
            signers = [int(pid) for pid in child.stdout.readline().split()]  # if not done
            assert child.stdout.readline().strip() == "inserting"
            with sqlite3.connect(db, timeout=0.2) as other:  # the import holds the write lock
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            other.close()
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    deadline = time.monotonic() + 10
    while not all(gone(pid) for pid in signers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(gone(pid) for pid in signers)  # a child left behind ends by itself
    with Project.open(db) as project:
        assert project.count_documents() == 3
        assert project.store.integrity_check() == "ok"
        again = project.import_paths([source])  # the first three articles were stored before
        assert len(again.added) == 897 and again.duplicates == [1, 2, 3]
        assert project.document_ids() == list(range(1, 901))


def test_an_imported_row_holds_what_the_store_converts_a_document_to(tmp_path: Path) -> None:
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.store import convert, importing

    document = Document(text="Seoul and Tokyo agree\n\nTalks resume.",
                        title="Seoul and Tokyo agree", outlet="Yonhap",
                        url="https://example.org/1", published="2023-03-16", byline="By Kim",
                        meta={"source_line": 4, "ü": "é", "a": [1, None]})
    with Project.open(tmp_path / "p.db") as project:
        project.import_documents([AnnotatedDocument(document)])
    with sqlite3.connect(tmp_path / "p.db") as db:
        row = db.execute(f"SELECT {', '.join(importing.DOCUMENT_COLUMNS)} FROM document").fetchone()
    db.close()
    stored = dict(zip(importing.DOCUMENT_COLUMNS, row, strict=True))
    expected = convert.document_values(document, stored["signature"], stored["created"])
    assert tuple(expected) == importing.DOCUMENT_COLUMNS
    assert stored == expected
    assert stored["signature"] == signatures([document.text])[0]


def story(seed: int, words: int = 150) -> str:
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(5000)}" for _ in range(words)) + "."


def test_a_later_import_joins_the_groups_of_stored_articles(tmp_path: Path) -> None:
    first = tmp_path / "first.jsonl"
    first.write_text("\n".join(json.dumps({"title": f"Story {k}", "text": story(k)})
                               for k in range(40)) + "\n", encoding="utf-8")
    later = tmp_path / "later.jsonl"
    updates = [{"title": f"Story {k} (updated)", "text": story(k)[:-40] + " w1 w2 w3 w4."}
               for k in range(8)]
    fresh = [{"title": f"Other {k}", "text": story(1000 + k)} for k in range(5)]
    later.write_text("\n".join(json.dumps(row) for row in updates + fresh) + "\n",
                     encoding="utf-8")
    with Project.open(tmp_path / "p.db") as project:
        stored = project.import_paths([first]).added
        added = project.import_paths([later]).added
        again = project.import_paths([write_rows(tmp_path / "third.jsonl", updates[:2])])
    with sqlite3.connect(tmp_path / "p.db") as db:
        group = dict(db.execute("SELECT id, duplicate_group FROM document").fetchall())
    db.close()
    assert [group[i] for i in added[:8]] == stored[:8]  # each update joins its story
    assert [group[i] for i in stored[:8]] == stored[:8]  # which represents the group
    assert all(group[i] is None for i in stored[8:] + added[8:])
    assert not again.added and len(again.duplicates) == 2  # the same texts: stored already


def write_rows(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    return path


def reading_child(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every import reads on a child from now on; returns the streams that started one."""
    from jkannotate.ingest import intake

    monkeypatch.setitem(intake.PROCESS_MIN_BYTES, start_method(), 0)
    monkeypatch.setattr(child_process, "idle_cores", lambda: 1.0)
    streams: list[object] = []
    start_child = intake.ArticleStream._start_child

    def record(stream: intake.ArticleStream, how: str) -> None:
        start_child(stream, how)
        streams.append(stream)

    monkeypatch.setattr(intake.ArticleStream, "_start_child", record)
    return streams


class ReadHere:
    """The first line of every unit of a JSONL file that this process parses (a forked
    child's are its own), and whether the importer read on to the end by itself."""

    def __init__(self, source: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        from jkannotate.ingest import intake
        from jkannotate.ingest.reader import ReadingUnit, reading_units

        self.units = [unit.lines[0][0] for unit in reading_units([source])]
        self.lines: list[int] = []
        self.mark = 0
        unit_rows = intake.unit_rows

        def recorded(unit: ReadingUnit, *args: object) -> object:
            self.lines.append(unit.lines[0][0])
            return unit_rows(unit, *args)  # type: ignore[arg-type]

        monkeypatch.setattr(intake, "unit_rows", recorded)

    def now(self) -> None:
        """The child is gone from here on."""
        self.mark = len(self.lines)

    def read_on_to_the_end(self) -> bool:
        """Whether the importer parsed units after the child was gone, the last one among
        them, and no unit twice (what it had from the child is not parsed again). A unit
        it had claimed ahead may come before the first one it reads on from."""
        after = self.lines[self.mark:]
        return (bool(after) and after[-1] == self.units[-1]
                and len(set(self.lines)) == len(self.lines))


def long_import_read_by_a_child(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, list[object], ReadHere]:
    """1,500 long articles (about twenty-five units) imported here into ``here.db``, then
    every import read on a child: the file, the streams that start one, and the units
    parsed in this process."""
    source = write_rows(tmp_path / "long.jsonl", [
        {"title": f"Story {k}", "text": story(k, words=700)} for k in range(1500)])
    with Project.open(tmp_path / "here.db") as project:
        project.import_paths([source])
    streams = reading_child(monkeypatch)
    return source, streams, ReadHere(source, monkeypatch)


@needs_two_cores
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_reading_child_killed_midway_leaves_the_rest_to_the_importer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, streams, read_here = long_import_read_by_a_child(tmp_path, monkeypatch)
    killed: list[int] = []

    def kill_once(done: int, _total: int | None) -> None:
        child = streams[0]._child  # type: ignore[attr-defined]
        if done == 1 and child is not None:
            os.kill(child.pid, signal.SIGKILL)
            killed.append(child.pid)
            read_here.now()

    with Project.open(tmp_path / "child.db") as project:
        summary = project.import_paths([source], progress=kill_once)
    assert killed and len(summary.added) == 1500
    assert read_here.read_on_to_the_end()
    assert stored_rows(tmp_path / "child.db") == stored_rows(tmp_path / "here.db")
    assert not multiprocessing.active_children()


@needs_two_cores
def test_a_bad_line_read_by_a_child_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_articles(tmp_path / "many.jsonl", 900, bad_line=820)
    with Project.open(tmp_path / "p.db") as project:
        project.import_paths([write_articles(tmp_path / "few.jsonl", 3)])
        streams = reading_child(monkeypatch)
        with pytest.raises(InputError, match="not valid JSON") as raised:
            project.import_paths([source])
        assert streams and raised.value.line == 820 and raised.value.path == str(source)
        assert project.count_documents() == 3
        assert not multiprocessing.active_children()
        blank = project.import_paths([write_rows(tmp_path / "blank.jsonl", [])], skip_bad=True)
        assert not blank.added and blank.skipped == [f"{tmp_path / 'blank.jsonl'}: the file "
                                                     "is empty (no JSON lines)"]
        assert project.count_documents() == 3


@needs_two_cores
def test_ctrl_c_in_an_import_read_by_a_child_stores_nothing_and_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write_articles(tmp_path / "many.jsonl", 900)

    def interrupt(done: int, _total: int | None) -> None:
        if done == 300:
            raise KeyboardInterrupt

    with Project.open(tmp_path / "p.db") as project:
        streams = reading_child(monkeypatch)
        with pytest.raises(KeyboardInterrupt):
            project.import_paths([source], progress=interrupt)
        assert streams and streams[0]._child is None  # type: ignore[attr-defined]
        assert project.count_documents() == 0
        assert not multiprocessing.active_children()
        assert len(project.import_paths([source]).added) == 900


def test_the_rows_read_are_the_rows_the_store_inserts() -> None:
    from jkannotate.core.model import Document
    from jkannotate.ingest.intake import _TEXT, document_row
    from jkannotate.store import convert, importing

    document = Document(text="Seoul and Tokyo agree", title="Agree", outlet="Yonhap",
                        url="https://example.org/1", published="2023-03-16", byline="By Kim",
                        meta={"source_line": 4, "ü": "é"})
    row = document_row(document, convert.meta_json)
    values = convert.document_values(document, None, "")
    assert row == tuple(values[column] for column in importing.ROW_COLUMNS)
    assert row[_TEXT] == document.text


@needs_two_cores
@pytest.mark.skipif(sys.platform != "linux", reason="SIGSTOP")
@pytest.mark.parametrize("holding_the_lock", [False, True], ids=["stopped", "holding the lock"])
def test_a_stuck_reading_child_is_given_up_and_the_importer_reads_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, holding_the_lock: bool
) -> None:
    # a child stopped halfway through a message of rows (larger than a pipe holds), or
    # between taking the shared claim lock and releasing it: the importer waited for ever
    # on either (a CI run hung here)
    from jkannotate.ingest import intake

    monkeypatch.setattr(intake, "STALL_SECONDS", 0.3)
    source, streams, read_here = long_import_read_by_a_child(tmp_path, monkeypatch)
    stopped: list[int] = []

    def stop_once(done: int, _total: int | None) -> None:
        stream = streams[0]
        child = stream._child  # type: ignore[attr-defined]
        if done == 1 and child is not None:
            os.kill(child.pid, signal.SIGSTOP)  # alive, sending nothing
            stopped.append(child.pid)
            read_here.now()
            if holding_the_lock:  # held by the test now, or by the stopped child already
                stream._lock.acquire(timeout=1.0)  # type: ignore[attr-defined]

    with Project.open(tmp_path / "child.db") as project:
        summary = project.import_paths([source], progress=stop_once)
    assert stopped and len(summary.added) == 1500
    assert read_here.read_on_to_the_end()  # the child was given up
    assert gone(stopped[0])  # and killed
    assert stored_rows(tmp_path / "child.db") == stored_rows(tmp_path / "here.db")
    assert not multiprocessing.active_children()


@pytest.mark.skipif(sys.platform == "win32", reason="a pipe's file descriptor")
def test_a_message_sent_halfway_gives_a_timeout_not_a_hang() -> None:
    # a child stopped in the middle of a message (a batch of rows is larger than a pipe
    # holds): the caller's read would never have returned
    receiver, sender = multiprocessing.Pipe(duplex=False)
    inbox = child_process.Inbox(receiver)
    sender.send_bytes(b"whole")
    os.write(sender.fileno(), struct.pack("!i", 1_000_000) + b"the first bytes")
    assert inbox.get(5.0) == b"whole"
    started = time.monotonic()
    assert inbox.get(0.3) is None  # no whole message: the caller gives the child up
    assert 0.25 < time.monotonic() - started < 5.0
    sender.close()  # the child killed: the inbox's thread ends and closes its end
    inbox.close(5.0)
    assert receiver.closed
    assert inbox.get(0.0) is None and not inbox.ready()


def test_an_inbox_gives_every_message_in_order_then_the_end() -> None:
    receiver, sender = multiprocessing.Pipe(duplex=False)
    inbox = child_process.Inbox(receiver)
    messages = [bytes([k]) * (k * 10_000) for k in range(1, 30)]  # many beyond a pipe's
    writer = threading.Thread(target=lambda: [sender.send_bytes(m) for m in messages])
    writer.start()
    got = [inbox.get(5.0) for _ in messages]
    writer.join()
    sender.close()
    assert got == messages
    assert inbox.get(5.0) is None  # the end
    inbox.close(5.0)
    assert receiver.closed


@needs_two_cores
def test_importer_and_child_share_the_parsing_and_store_what_one_reads_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whenever the importer would wait for its child it claims the next unit and parses
    it itself (a slowed child here, so it waits often): JSONL lines and a folder of
    pages (.txt and .html) end up stored as when one process reads everything."""
    from jkannotate.ingest import intake, reader
    from jkannotate.ingest.reader import ReadingUnit, reading_units

    monkeypatch.setattr(reader, "UNIT_BYTES", 1 << 14)  # many units of a small input
    pages = tmp_path / "pages"
    pages.mkdir()
    html = REPO / "tests" / "ingest" / "data" / "pages" / "joongang_forced_labor.html"
    page = html.read_text(encoding="utf-8")
    for k in range(12):  # the same page, updated: twelve documents (one duplicate group)
        update = page.replace("<p>The South Korean", f"<p>Update {k}: The South Korean")
        (pages / f"p{k:02}.html").write_text(update, encoding="utf-8")
    for k, seed in enumerate(sorted((REPO / "seeds").glob("*.txt"))):
        (pages / f"s{k}.txt").write_text(seed.read_text(encoding="utf-8"), encoding="utf-8")
    source = write_articles(tmp_path / "many.jsonl", 3000, bad_line=1700)
    inputs = [source, pages]
    with Project.open(tmp_path / "here.db") as project:
        alone = project.import_paths(inputs, skip_bad=True)
    keys = [u.lines[0][0] if u.lines else u.files[0].name for u in reading_units(inputs)]
    assert len(keys) > 8 and any(isinstance(k, str) for k in keys)

    importer = os.getpid()
    parsed_here: list[object] = []
    unit_rows = intake.unit_rows

    def slowed(unit: ReadingUnit, *args: object) -> object:
        if os.getpid() == importer:
            parsed_here.append(unit.lines[0][0] if unit.lines else unit.files[0].name)
        else:
            time.sleep(0.05)  # the child is slow: the importer waits, and parses instead
        return unit_rows(unit, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(intake, "unit_rows", slowed)
    streams = reading_child(monkeypatch)
    with Project.open(tmp_path / "shared.db") as project:
        shared = project.import_paths(inputs, skip_bad=True)
    assert streams  # read with a child
    assert 0 < len(parsed_here) < len(keys)  # each side parsed some units
    assert parsed_here == [k for k in keys if k in parsed_here]  # in order, each once
    assert shared.skipped == alone.skipped and len(alone.skipped) == 1
    assert alone.skipped[0].startswith(f"{source}:1700: not valid JSON")
    assert stored_rows(tmp_path / "shared.db") == stored_rows(tmp_path / "here.db")
    assert len(alone.added) == 2999 + 12 + 5
    assert not multiprocessing.active_children()
