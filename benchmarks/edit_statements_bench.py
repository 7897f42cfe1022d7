"""SQL statements and transactions per edit through ``Project.apply`` (SQLite).

    python benchmarks/edit_statements_bench.py [--edits 200]

Counts with SQLAlchemy events what one ``add_span``, ``relabel`` and ``accept`` send to
the database once the layer is open (the state of the window while someone types).
The last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import event  # noqa: E402

from jkannotate.core.model import AnnotatedDocument, Document  # noqa: E402
from jkannotate.project import Project  # noqa: E402

TEXT = "Seoul and Tokyo agreed on Thursday to restore each other to their export lists. " * 40


class Counter:
    def __init__(self, engine) -> None:  # type: ignore[no-untyped-def]
        self.statements = 0
        self.transactions = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "begin", self._begin)

    def _statement(self, *args: object) -> None:
        self.statements += 1

    def _begin(self, *args: object) -> None:
        self.transactions += 1

    def reset(self) -> tuple[int, int]:
        figures = (self.statements, self.transactions)
        self.statements = self.transactions = 0
        return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--edits", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "edits.db")
        with Project.open(db, user="alice") as project:
            project.import_documents([AnnotatedDocument(Document(TEXT, title="lists"))])
        project = Project.open(db, user="alice")
        layer = project.open_layer(1)
        project.add_span(layer, 0, 5, "GPE")  # the layer is in progress, as when typing
        counter = Counter(project.store.engine)
        figures: dict[str, object] = {}
        started = time.perf_counter()
        for k in range(args.edits):
            start = (k * 81) % (len(TEXT) - 10)
            project.add_span(layer, start, start + 5, "GPE")
        elapsed = time.perf_counter() - started
        statements, transactions = counter.reset()
        figures["add_span"] = {
            "statements": statements / args.edits,
            "transactions": transactions / args.edits,
            "ms": 1000 * elapsed / args.edits,
        }
        uids = [s.uid for s in layer.spans][: args.edits]
        for uid in uids:
            project.relabel(layer, uid, "ORG")
        statements, transactions = counter.reset()
        figures["relabel"] = {
            "statements": statements / len(uids),
            "transactions": transactions / len(uids),
        }
        for uid in uids:
            project.accept(layer, [uid])
        statements, transactions = counter.reset()
        figures["accept"] = {
            "statements": statements / len(uids),
            "transactions": transactions / len(uids),
        }
        project.close()
    for name, values in figures.items():
        print(f"{name:9} {values}")
    print(json.dumps({"benchmark": "edit_statements", **figures}))


if __name__ == "__main__":
    main()
