"""A database server that stops and starts under an annotator: how fast the loss is noticed,
what an edit costs while it is away, and how fast the kept edits reach it when it is back.

    python benchmarks/restart_bench.py [--edits 500]

A throwaway local PostgreSQL cluster (fsync on) holds one document with ``--edits``
pending suggestions. An annotator's project writes through the edit journal, as the
window does (``Project.keep_offline``). Measured:

- online: one accept per transaction, the normal write path (the baseline);
- the server stopped (``pg_ctl stop -m fast``): the first write's time (it meets the dead
  connection, fails to reconnect and keeps the edit: the write path's time to notice),
  and one reconnect check as the window's check runs it (``store.engine.unreachable``);
- offline: each further accept kept in the journal (one appended line, fsync);
- back (``pg_ctl start``): the first reconnect check that answers, and the replay of all
  kept edits through the version-checked write path (edits per second);
- a restart between two edits: the next edit's time (the pool's pre-ping reconnects).

The window checks every 5 s while online and every 1 s while offline, so an idle window
notices a lost server within about 5 s and a returning one within about 1 s, plus the
check's own time measured here. Figures are printed as they come; the last line is one
JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jkannotate.core.model import (  # noqa: E402
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.project import Project  # noqa: E402
from jkannotate.store.engine import unreachable  # noqa: E402
from tests.harness.pg_cluster import TemporaryCluster  # noqa: E402

SENTENCE = "Seoul and Tokyo agreed on Thursday to restore each other to their export lists. "


def build(url: str, count: int) -> None:
    text = SENTENCE * (count // 2 + 1)
    spans = [
        Span(start, start + 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING)
        for start in (
            k * len(SENTENCE) + offset for k in range(count // 2 + 1) for offset in (0, 10)
        )
    ][:count]
    suggestion = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
    with Project.open(url, user="bench") as project:
        project.import_documents([AnnotatedDocument(Document(text, title="lists"), [suggestion])])


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=500, help="edits kept while offline")
    args = parser.parse_args()
    count = args.edits
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="jk-restart-bench-")  # the journal
    figures: dict[str, object] = {"edits_kept": count}
    with TemporaryCluster(fsync=True) as cluster:
        url = cluster.url(cluster.create_database())
        build(url, count + 100)
        with Project.open(url, user="bench") as project:
            journal = project.keep_offline()
            layer = project.open_layer(1)
            pending = iter([s.uid for s in layer.spans if s.state is State.PENDING])

            online = []
            for _ in range(50):
                began = time.perf_counter()
                project.accept(layer, [next(pending)])
                online.append(time.perf_counter() - began)
            figures["online_edit_ms"] = ms(statistics.median(online))
            print(f"online: one edit {figures['online_edit_ms']} ms (median of 50)")

            cluster.halt("fast")
            began = time.perf_counter()
            project.accept(layer, [next(pending)])
            figures["offline_detect_by_write_ms"] = ms(time.perf_counter() - began)
            assert len(journal) == 1
            began = time.perf_counter()
            reason = unreachable(project.store.engine)
            figures["offline_check_ms"] = ms(time.perf_counter() - began)
            assert reason is not None
            print(f"server stopped: first write noticed it and kept the edit in "
                  f"{figures['offline_detect_by_write_ms']} ms; one reconnect check "
                  f"{figures['offline_check_ms']} ms ({reason[:60]}…)")

            kept = []
            for _ in range(count - 1):
                began = time.perf_counter()
                project.accept(layer, [next(pending)])
                kept.append(time.perf_counter() - began)
            assert len(journal) == count
            figures["kept_edit_ms"] = ms(statistics.median(kept))
            figures["journal_bytes"] = journal.path.stat().st_size
            print(f"offline: one kept edit {figures['kept_edit_ms']} ms (median of "
                  f"{count - 1}); journal {figures['journal_bytes']:,} bytes")

            began = time.perf_counter()
            cluster.resume()
            figures["server_start_s"] = round(time.perf_counter() - began, 2)
            began = time.perf_counter()
            assert unreachable(project.store.engine) is None
            figures["back_check_ms"] = ms(time.perf_counter() - began)
            began = time.perf_counter()
            report = project.replay_kept()
            replay = time.perf_counter() - began
            assert report is not None and report.saved == count and not report.failed
            figures["replay_s"] = round(replay, 3)
            figures["replay_edits_per_s"] = round(count / replay, 1)
            print(f"server back (pg_ctl start {figures['server_start_s']} s): the first check "
                  f"answered in {figures['back_check_ms']} ms; {count} kept edits replayed in "
                  f"{figures['replay_s']} s ({figures['replay_edits_per_s']} edits/s)")
            stored = project.store.layers.get(1, LayerKind.ANNOTATOR, "bench")
            assert stored is not None and stored.version == layer.version

            cluster.halt("fast")
            cluster.resume()
            began = time.perf_counter()
            project.accept(layer, [next(pending)])
            figures["edit_after_restart_ms"] = ms(time.perf_counter() - began)
            assert not journal.has_entries()
            print(f"restart between two edits: the next edit took "
                  f"{figures['edit_after_restart_ms']} ms (pre-ping reconnect), nothing kept")
    print(json.dumps({"benchmark": "restart", **figures}))


if __name__ == "__main__":
    main()
