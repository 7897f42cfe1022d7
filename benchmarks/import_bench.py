"""Import 10,000 generated articles (~3,000 characters) and compare with a bare sqlite3 insert.

    python benchmarks/import_bench.py [COUNT] [REPEAT]
    python benchmarks/import_bench.py --threshold [--spawn] [REPEAT]

Both runs write the same texts to a fresh SQLite file in WAL mode in one transaction;
the import also reads the JSONL, hashes, computes near-duplicate signatures and groups
(reading and part of the signing on a child process when half a core is idle:
``jkannotate.ingest.intake``; the output says, per import, whether it did). Runs
alternate (bare, import, bare, …) so both meet the same load on a shared machine; the
ratio is of the medians, in wall-clock and in CPU time (this process's only: a reading
child's is not counted). Prints figures, then one JSON line.

``--threshold`` times imports of growing size read and signed here and by a forked
child process (and a spawned one with ``--spawn``, as on Windows and macOS), alternated,
to place ``intake.PROCESS_MIN_BYTES``: the input size from which the child saves more
than it costs. A child pays only with a core free for it: run it on an idle machine.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from itertools import accumulate
from pathlib import Path

SYLLABLES = "ka ri mo se to ul ja pan ko re a min is ter sum mit tra de ex port law".split()


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    """Pseudo-words; drawn with a Zipf-like skew so texts repeat words as news does."""
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def make_articles(count: int, seed: int = 0) -> list[dict[str, str]]:
    rng = random.Random(seed)
    words = vocabulary(rng)
    # cumulative weights made once (as random.choices would make them on every call)
    cumulative = list(accumulate(1 / (rank + 1) for rank in range(len(words))))
    articles = []
    for index in range(count):
        paragraphs = []
        while sum(len(p) for p in paragraphs) < 3000:
            sentence = " ".join(rng.choices(words, cum_weights=cumulative, k=rng.randint(12, 24)))
            paragraphs.append(sentence.capitalize() + ".")
        articles.append({"title": f"Article {index}", "text": "\n\n".join(paragraphs)[:3000],
                         "outlet": rng.choice(["Yonhap", "Kyodo", "NHK"]), "date": "2023-03-16"})
    return articles


class Clock:
    """Wall-clock and CPU seconds of a block: on a machine shared with other work the CPU
    time of this process is the steadier figure (the wall clock counts others' turns)."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *_: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def bare_insert(path: Path, texts: list[str]) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute(
        "CREATE TABLE document (id INTEGER PRIMARY KEY, hash TEXT UNIQUE, text TEXT)"
    )
    with connection:
        connection.executemany(
            "INSERT INTO document (hash, text) VALUES (?, ?)",
            ((hashlib.sha256(t.encode()).hexdigest(), t) for t in texts),
        )
    connection.close()


def breakdown(source: Path, folder: Path) -> dict[str, float]:
    """Where an import's time goes: each stage timed alone on the same articles."""
    from jkannotate.core.model import AnnotatedDocument
    from jkannotate.ingest import iter_articles
    from jkannotate.ingest.duplicate_links import assign_groups
    from jkannotate.ingest.duplicates import signatures as batch_signatures
    from jkannotate.store import Store

    stages: dict[str, float] = {}
    started = time.perf_counter()
    items = [AnnotatedDocument(found) for found in iter_articles([source])]
    stages["read_parse_hash_s"] = time.perf_counter() - started
    started = time.perf_counter()
    signatures = batch_signatures([item.document.text for item in items])
    stages["signatures_s"] = time.perf_counter() - started
    store = Store(str(folder / "stages.db"))
    started = time.perf_counter()
    store.documents.add(items, signatures)
    stages["store_write_commit_s"] = time.perf_counter() - started
    store.close()
    started = time.perf_counter()
    assign_groups([(item.document.id, s) for item, s in zip(items, signatures, strict=True)])
    stages["near_duplicate_groups_s"] = time.perf_counter() - started
    return {k: round(v, 3) for k, v in stages.items()}


def reading_child(source: Path) -> str:
    """Whether an import of ``source`` reads and signs on a child process here, and why
    (``jkannotate.ingest.intake.ArticleStream``'s rule)."""
    from jkannotate.ingest import child_process
    from jkannotate.ingest.intake import PROCESS_MIN_BYTES, input_bytes

    method = child_process.start_method()
    threshold = PROCESS_MIN_BYTES.get(method, PROCESS_MIN_BYTES["spawn"])
    idle = child_process.idle_cores()
    size = input_bytes([source])
    used = (size >= threshold and idle >= child_process.MIN_IDLE_CORES
            and child_process.usable_cores() > 1)
    return (f"{'yes' if used else 'no'} ({method}; {size:,} bytes of input, threshold "
            f"{threshold:,}; idle cores {idle:.1f} of {child_process.usable_cores()})")


def main(count: int = 10_000, repeat: int = 5) -> dict[str, object]:
    """Medians of ``repeat`` alternated runs for both sides (the machine is shared), then
    a breakdown."""
    import jkannotate.ingest  # noqa: F401  (module loading is not throughput)
    import jkannotate.ingest.duplicate_links  # noqa: F401
    from jkannotate.ingest.duplicates import COMPILED
    from jkannotate.project import Project

    articles = make_articles(count)
    bare_runs, import_runs = [], []
    children: list[str] = []  # whether each import read on a child (the load decides)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        source = folder / "articles.jsonl"
        source.write_text("\n".join(json.dumps(a) for a in articles) + "\n", encoding="utf-8")
        for run in range(repeat):
            with Clock() as bare_clock:
                bare_insert(folder / f"bare{run}.db", [a["text"] for a in articles])
            bare_runs.append(bare_clock)
            project = Project.open(folder / f"project{run}.db")
            children.append(reading_child(source))
            with Clock() as import_clock:
                summary = project.import_paths([source])
            import_runs.append(import_clock)
            assert len(summary.added) == count, summary.line()
            started = time.perf_counter()
            again = project.import_paths([source])
            reimport = time.perf_counter() - started
            assert len(again.duplicates) == count and not again.added
            project.close()
        bare = statistics.median(r.wall for r in bare_runs)
        ours = statistics.median(r.wall for r in import_runs)
        bare_cpu = statistics.median(r.cpu for r in bare_runs)
        ours_cpu = statistics.median(r.cpu for r in import_runs)
        print(f"bare sqlite3 executemany: median {bare:.2f} s ({count / bare:,.0f} docs/s), "
              f"runs {', '.join(f'{r.wall:.2f}' for r in bare_runs)}; CPU {bare_cpu:.2f} s")
        print(f"jkannotate import: median {ours:.2f} s ({count / ours:,.0f} docs/s), "
              f"runs {', '.join(f'{r.wall:.2f}' for r in import_runs)}; CPU {ours_cpu:.2f} s; "
              f"{summary.line()}")
        print(f"re-import of the same file (all already stored): {reimport:.2f} s")
        kinds = sorted(set(children), key=children.index)
        child = "; ".join(f"{children.count(k)} of {repeat}: {k}" for k in kinds)
        print(f"reading child: {child}")
        print(f"signing: {'compiled (ingest/_minhash.c)' if COMPILED else 'numpy (not compiled)'}")
        stages = breakdown(source, folder)
    for stage, seconds in stages.items():
        print(f"  {stage:<24} {seconds:6.3f} s")
    ratio, cpu_ratio = ours / bare, ours_cpu / bare_cpu
    best = min(r.wall for r in import_runs) / min(r.wall for r in bare_runs)
    print(f"ratio to bare: {ratio:.2f}x wall clock (best runs {best:.2f}x), "
          f"{cpu_ratio:.2f}x CPU time of this process (target <= 2x)")
    return {"documents": count, "bare_s": round(bare, 3), "import_s": round(ours, 3),
            "ratio_to_bare": round(ratio, 3), "best_ratio_to_bare": round(best, 3),
            "cpu_ratio_to_bare": round(cpu_ratio, 3),
            "bare_cpu_s": round(bare_cpu, 3), "import_cpu_s": round(ours_cpu, 3),
            "docs_per_s": round(count / ours, 1), "reading_child": child,
            "reimport_s": round(reimport, 3), "compiled_signing": COMPILED, **stages}


def threshold(repeat: int = 7, counts: tuple[int, ...] = (100, 200, 400, 800, 1600, 3200),
              methods: tuple[str, ...] = ("fork",)) -> dict[str, object]:
    """Import wall-clock medians, read here against read by a child, per size."""
    from jkannotate.ingest import child_process, intake
    from jkannotate.project import Project

    methods = tuple(m for m in methods if m in multiprocessing.get_all_start_methods())
    figures: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for count in counts:
            articles = make_articles(count, seed=count)
            chars = sum(len(a["title"]) + 2 + len(a["text"]) for a in articles)
            source = folder / f"articles{count}.jsonl"
            source.write_text("\n".join(json.dumps(a) for a in articles) + "\n",
                              encoding="utf-8")
            times: dict[str, list[float]] = {"here": [], **{m: [] for m in methods}}
            saved, default = dict(intake.PROCESS_MIN_BYTES), child_process.start_method
            idle = child_process.idle_cores
            child_process.idle_cores = lambda: 1.0  # type: ignore[assignment]  # compare anyway
            try:
                for run in range(repeat):
                    for variant in times:
                        intake.PROCESS_MIN_BYTES.update(
                            {m: 0 if m == variant else 1 << 62 for m in saved})
                        child_process.start_method = (  # type: ignore[assignment]
                            default if variant == "here" else lambda v=variant: v)
                        project = Project.open(folder / f"{variant}{count}-{run}.db")
                        started = time.perf_counter()
                        project.import_paths([source])
                        times[variant].append(time.perf_counter() - started)
                        project.close()
            finally:
                intake.PROCESS_MIN_BYTES.update(saved)
                child_process.start_method = default  # type: ignore[assignment]
                child_process.idle_cores = idle  # type: ignore[assignment]
            medians = {v: statistics.median(t) for v, t in times.items()}
            print(f"{count:6,} articles, {chars:11,} characters: "
                  + ", ".join(f"{v} {s * 1000:7.1f} ms" for v, s in medians.items()))
            figures[str(chars)] = {v: round(s, 4) for v, s in medians.items()}
    return {"threshold": figures}


if __name__ == "__main__":
    if "--threshold" in sys.argv:
        rest = [a for a in sys.argv[1:] if not a.startswith("--")]
        chosen = ("fork", "spawn") if "--spawn" in sys.argv else ("fork",)
        print(json.dumps(threshold(int(rest[0]) if rest else 7, methods=chosen)))
    else:
        figures = main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000,
                       int(sys.argv[2]) if len(sys.argv) > 2 else 5)
        print(json.dumps(figures))
