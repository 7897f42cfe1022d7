"""Several annotators on one database at the same moment: nothing lost, nothing overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import insert

from jkannotate.core.errors import ConflictError
from jkannotate.core.model import AnnotatedDocument, Document, LayerKind
from jkannotate.core.schema import load_schema
from jkannotate.project import Project
from jkannotate.store import Store
from jkannotate.store.tables import DocumentRow

REPO = Path(__file__).resolve().parents[2]
TEXT = (
    "Japan's foreign minister visited Seoul on Monday, the first such trip in five years, "
    "and the two sides agreed to restart their security dialogue."
)


def in_threads(jobs: list, timeout: float = 120) -> list:  # type: ignore[type-arg]
    """Run the callables at the same moment (a barrier); return results or raise errors."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = jobs[index]()
        except BaseException as error:  # handed to the test thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return results


@pytest.fixture
def shared(db_url: str) -> str:
    with Project.open(db_url, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="visit"))])
    return db_url


def test_two_annotators_write_their_own_layers_at_once_and_both_succeed(shared: str) -> None:
    windows = {user: Project.open(shared, user=user) for user in ("mina", "kenji")}
    layers = {user: window.open_layer(1) for user, window in windows.items()}

    def annotate(user: str) -> int:
        window, layer = windows[user], layers[user]
        for k in range(30):
            window.add_span(layer, k, k + 5, "GPE", exact=True)
        return layer.version

    results = in_threads([lambda: annotate("mina"), lambda: annotate("kenji")])
    assert not [r for r in results if isinstance(r, BaseException)], results
    for user, window in windows.items():
        stored = window.store.layers.get(1, LayerKind.ANNOTATOR, user)
        assert stored is not None and len(stored.spans) == 30
        assert stored.version == layers[user].version
        window.close()


def test_two_windows_on_one_layer_second_gets_conflict_then_reloads(shared: str) -> None:
    first, second = Project.open(shared, user="mina"), Project.open(shared, user="mina")
    mine, theirs = first.open_layer(1), second.open_layer(1)
    assert mine.version == theirs.version

    results = in_threads(
        [
            lambda: first.add_span(mine, 0, 5, "GPE", exact=True),
            lambda: second.add_span(theirs, 10, 15, "ORG", exact=True),
        ]
    )
    conflicts = [r for r in results if isinstance(r, ConflictError)]
    assert len(conflicts) == 1, results  # exactly one lost the race, nobody overwrote
    assert "reload" in str(conflicts[0])
    loser, loser_layer = (
        (first, mine)
        if isinstance(results[0], ConflictError)
        else (
            second,
            theirs,
        )
    )
    reloaded = loser.layer(1, "mina")
    assert reloaded is not None and len(reloaded.spans) == 1
    retry = (0, 5, "GPE") if loser is first else (10, 15, "ORG")
    loser.add_span(reloaded, *retry[:2], retry[2], exact=True)
    final = first.store.layers.get(1, LayerKind.ANNOTATOR, "mina")
    assert final is not None
    assert sorted((s.start, s.end, s.label) for s in final.spans) == [
        (0, 5, "GPE"),
        (10, 15, "ORG"),
    ]
    assert loser_layer.version < final.version
    first.close()
    second.close()


def test_a_concurrent_duplicate_insert_becomes_already_in_the_project(db_url: str) -> None:
    """Another writer stores the same text while our import waits: not a crash."""
    store, other = Store(db_url), Store(db_url)
    document = Document(TEXT, title="visit")
    inserted = threading.Event()

    def other_writer() -> None:
        with other.db.write() as session:
            session.execute(
                insert(DocumentRow),
                [{"hash": document.hash, "title": "first", "text": TEXT, "created": "now"}],
            )
            session.flush()
            inserted.set()
            threading.Event().wait(0.5)  # our import is now blocked on this transaction

    thread = threading.Thread(target=other_writer)
    thread.start()
    assert inserted.wait(30)
    outcome = store.documents.add([AnnotatedDocument(document)])
    thread.join()
    assert outcome.added == [] and outcome.duplicates == [1]
    assert store.documents.count() == 1 and store.documents.get(1).title == "first"
    store.close()
    other.close()


def test_annotators_opening_a_fresh_project_at_once_all_get_one_schema(db_url: str) -> None:
    results = in_threads([lambda u=u: Project.open(db_url, user=u) for u in "abcd"])
    assert not [r for r in results if isinstance(r, BaseException)], results
    for project in results:
        project.close()
    store = Store(db_url)
    assert len(store.settings.labels()) == len(load_schema().labels)  # each label exactly once
    store.close()


def write_batch(folder: Path, numbers: range) -> Path:
    folder.mkdir()
    for n in numbers:
        (folder / f"article{n:03d}.txt").write_text(
            f"Report {n}: officials from Tokyo and Seoul met for round {n} of talks on "
            f"item {n * 7919 % 1000} of the agenda, {n} days after the previous meeting.\n",
            encoding="utf-8",
        )
    return folder


@pytest.mark.slow
def test_imports_by_several_processes_at_once_all_land(db_url: str, tmp_path: Path) -> None:
    Project.open(db_url, user="lead").close()
    batches = [write_batch(tmp_path / f"batch{i}", range(i * 6, i * 6 + 10)) for i in range(4)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jkannotate.cli",
                "import",
                str(batch),
                "--db",
                db_url,
                "--no-suggest",
                "--annotator",
                f"a{i}",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=REPO,
        )
        for i, batch in enumerate(batches)
    ]
    added = 0
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        added += int(out.split(" added")[0].split()[-1])
    distinct = len(range(0, 3 * 6 + 10))  # batches overlap by four articles
    store = Store(db_url)
    assert store.documents.count() == distinct == added
    assert store.integrity_check() == "ok"
    store.close()
