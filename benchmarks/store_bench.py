"""Edits per second through the real write path (``Project.apply``) on SQLite and PostgreSQL.

    python benchmarks/store_bench.py [--edits 1000] [--pg-url URL]

Measured: one annotator editing alone; four annotator processes editing their own
layers of the same document at once; four processes adding to one shared layer
(optimistic version check, reload and retry on conflict). The baseline is the bare
driver doing one single-row INSERT + COMMIT per edit on the same database.
PostgreSQL is a throwaway local cluster (Unix socket, fsync on) unless ``--pg-url``
names a server. Figures are printed as they come; the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jkannotate.core import edits as ed  # noqa: E402
from jkannotate.core.errors import ConflictError  # noqa: E402
from jkannotate.core.model import AnnotatedDocument, Document, LayerStatus, Span  # noqa: E402
from jkannotate.project import Project  # noqa: E402

TEXT = (
    "Seoul and Tokyo agreed on Thursday to restore each other to their export white lists, "
    "ending a four-year trade dispute that began with Japan's curbs on chip materials. "
) * 20
WRITERS = 4


def make_project(db: str) -> None:
    with Project.open(db, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(TEXT, title="white lists"))])


def edit_loop(db: str, user: str, count: int, layer_name: str | None) -> tuple[int, int]:
    """``count`` AddSpan edits, each its own transaction; returns (edits, conflicts)."""
    project = Project.open(db, user=user)
    layer = project.open_layer(1, layer_name or user)
    if layer_name is None:  # a shared layer was put in progress before the writers started
        project.set_status(layer, LayerStatus.IN_PROGRESS)
    conflicts = 0
    for k in range(count):
        start = (k * 11) % (len(TEXT) - 10)
        edit = ed.AddSpan(Span(start, start + 5, "GPE", uid=f"{user}-{k}"))
        while True:
            try:
                project.apply(layer, [edit])
                break
            except ConflictError:
                conflicts += 1
                reloaded = project.layer(1, layer_name or user)
                assert reloaded is not None
                layer = reloaded
    project.close()
    return count, conflicts


def _worker(args: tuple[str, str, int, str | None, object, object]) -> tuple[int, int]:
    db, user, count, layer_name, ready, go = args
    project = Project.open(db, user=user)  # warm imports and the pool before the clock
    project.close()
    ready.release()  # type: ignore[attr-defined]
    go.wait()  # type: ignore[attr-defined]
    return edit_loop(db, user, count, layer_name)


def concurrent(db: str, count: int, shared: bool) -> tuple[float, int]:
    context = multiprocessing.get_context("spawn")
    manager = context.Manager()
    ready, go = manager.Semaphore(0), manager.Event()
    if shared:  # the shared layer exists before anyone writes to it
        with Project.open(db, user="lead") as project:
            layer = project.open_layer(1, "gold")
            project.set_status(layer, LayerStatus.IN_PROGRESS)
    with context.Pool(WRITERS) as pool:
        jobs = [
            (db, f"{'s' if shared else 'w'}{i}", count, "gold" if shared else None, ready, go)
            for i in range(WRITERS)
        ]
        result = pool.map_async(_worker, jobs)
        for _ in range(WRITERS):
            ready.acquire()
        started = time.perf_counter()
        go.set()
        outcomes = result.get()
        elapsed = time.perf_counter() - started
    manager.shutdown()
    return sum(n for n, _ in outcomes) / elapsed, sum(c for _, c in outcomes)


def bare_sqlite(path: Path, count: int) -> float:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE bare (id INTEGER PRIMARY KEY, uid TEXT, s INT, e INT, l TEXT)")
    started = time.perf_counter()
    for k in range(count):
        connection.execute("BEGIN IMMEDIATE")
        connection.execute(
            "INSERT INTO bare (uid, s, e, l) VALUES (?, ?, ?, ?)", (str(k), k, k, "G")
        )
        connection.execute("COMMIT")
    elapsed = time.perf_counter() - started
    connection.close()
    return count / elapsed


def bare_postgres(url: str, count: int) -> float:
    import psycopg
    from sqlalchemy.engine import make_url

    conninfo = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo) as connection:
        connection.execute(
            "CREATE TABLE bare (id serial PRIMARY KEY, uid text, s int, e int, l text)"
        )
        connection.commit()
        started = time.perf_counter()
        for k in range(count):
            connection.execute(
                "INSERT INTO bare (uid, s, e, l) VALUES (%s, %s, %s, %s)", (str(k), k, k, "G")
            )
            connection.commit()
        return count / (time.perf_counter() - started)


def measure(name: str, db: str, bare: float, count: int, figures: dict[str, float]) -> None:
    make_project(db)
    started = time.perf_counter()
    edit_loop(db, "solo", count, None)
    single = count / (time.perf_counter() - started)
    print(f"{name}: bare driver insert+commit   {bare:9.1f} /s", flush=True)
    print(
        f"{name}: 1 annotator, Project.apply  {single:9.1f} edits/s ({single / bare:.2f} of bare)",
        flush=True,
    )
    own, _ = concurrent(db, count // WRITERS, shared=False)
    print(f"{name}: {WRITERS} writers, own layers      {own:9.1f} edits/s in total", flush=True)
    shared, conflicts = concurrent(db, count // WRITERS, shared=True)
    print(
        f"{name}: {WRITERS} writers, one shared layer {shared:9.1f} edits/s in total "
        f"({conflicts} conflicts reloaded and retried)",
        flush=True,
    )
    figures.update(
        {
            f"{name}_bare_per_s": round(bare, 1),
            f"{name}_single_edits_per_s": round(single, 1),
            f"{name}_single_ratio_to_bare": round(single / bare, 3),
            f"{name}_4_writers_edits_per_s": round(own, 1),
            f"{name}_4_writers_shared_layer_edits_per_s": round(shared, 1),
            f"{name}_4_writers_shared_layer_conflicts": conflicts,
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--edits", type=int, default=1000)
    parser.add_argument("--pg-url", default=None, help="an empty database on a server to use")
    args = parser.parse_args()
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        measure("sqlite", db, bare_sqlite(Path(tmp) / "bare.db", args.edits), args.edits, figures)

    cluster = None
    if args.pg_url:
        url = args.pg_url
    else:
        from tests.harness.pg_cluster import ClusterUnavailable, TemporaryCluster

        try:
            cluster = TemporaryCluster(fsync=True).start()
        except ClusterUnavailable as reason:
            print(f"postgresql: skipped ({reason})")
        else:
            url = cluster.url(cluster.create_database(), socket_dir=True)
            bare_url = cluster.url(cluster.create_database(), socket_dir=True)
    if args.pg_url or cluster:
        try:
            bare = bare_postgres(bare_url if cluster else url, args.edits)
            measure("postgresql", url, bare, args.edits, figures)
        finally:
            if cluster:
                cluster.stop()
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
