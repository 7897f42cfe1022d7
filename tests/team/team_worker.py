"""A separate annotator process for the concurrency tests: ``team_worker.py edits DB USER N``.

It opens the project, prints ``ready``, waits for ``go`` on stdin (so all workers start
together), then applies N edits through :meth:`Project.apply` like a window would:
three of four go to the worker's own layer, every fourth to the shared gold layer,
and every tenth rejects one of its own earlier spans. A :class:`ConflictError` is
handled the way the window does it: reload the layer and apply the edit again.
The last line on stdout is a JSON summary.
"""

from __future__ import annotations

import json
import sys
import time

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError
from jkannotate.core.model import Span, State
from jkannotate.project import Project

DOCUMENT_ID = 1


def span_uid(user: str, index: int) -> str:
    return f"{user}-{index:04d}"


def expected_rejected(user: str, count: int) -> set[str]:
    """Own spans this worker rejects: every tenth edit rejects the own span added 3 edits before."""
    return {span_uid(user, k - 3) for k in range(count) if k % 10 == 9}


def run_edits(db: str, user: str, count: int) -> dict[str, object]:
    project = Project.open(db, user=user)
    text_length = project.text_length(DOCUMENT_ID)
    layers = {
        "own": project.open_layer(DOCUMENT_ID),
        "gold": project.open_layer(DOCUMENT_ID, "gold"),
    }
    print("ready", flush=True)
    sys.stdin.readline()
    conflicts = 0
    started = time.perf_counter()
    for k in range(count):
        start = (k * 7) % (text_length - 5)
        if k % 10 == 9:
            target, edit = "own", ed.UpdateSpan.of(span_uid(user, k - 3), state=State.REJECTED)
        else:
            target = "gold" if k % 4 == 3 else "own"
            edit = ed.AddSpan(Span(start, start + 4, "GPE", uid=span_uid(user, k)))
        while True:
            try:
                project.apply(layers[target], [edit])
                break
            except ConflictError:
                conflicts += 1
                owner = "gold" if target == "gold" else user
                reloaded = project.layer(DOCUMENT_ID, owner)
                assert reloaded is not None
                layers[target] = reloaded
    elapsed = time.perf_counter() - started
    project.close()
    return {"user": user, "edits": count, "conflicts": conflicts, "seconds": elapsed}


def run_role(command: str, db: str, count: int) -> dict[str, object]:
    """As the login in ``db``: ``own`` edits (the own layer of document 1 only, every tenth
    a rejection), ``adjudicate`` rebuilds gold ``count`` times, ``import`` stores
    ``count`` new articles one import at a time."""
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.operations.review import adjudicate_project

    project = Project.open(db)
    user = project.user
    layer = project.open_layer(DOCUMENT_ID) if command == "own" else None
    text_length = project.text_length(DOCUMENT_ID)
    print("ready", flush=True)
    sys.stdin.readline()
    started = time.perf_counter()
    for k in range(count):
        if command == "own":
            assert layer is not None
            start = (k * 7) % (text_length - 5)
            if k % 10 == 9:
                edit: ed.Edit = ed.UpdateSpan.of(span_uid(user, k - 3), state=State.REJECTED)
            else:
                edit = ed.AddSpan(Span(start, start + 4, "GPE", uid=span_uid(user, k)))
            project.apply(layer, [edit])  # nobody else writes this layer: no conflict
        elif command == "adjudicate":
            adjudicate_project(project, "majority")
        else:
            text = f"Seoul and Tokyo held talks number {k} on export controls ({user})."
            project.import_documents([AnnotatedDocument(Document(text, title=f"talks {k}"))])
    elapsed = time.perf_counter() - started
    project.close()
    return {"user": user, "command": command, "count": count, "seconds": elapsed}


def main(argv: list[str]) -> int:
    command, db = argv[1], argv[2]
    if command == "edits":
        print(json.dumps(run_edits(db, argv[3], int(argv[4]))), flush=True)
    else:
        print(json.dumps(run_role(command, db, int(argv[3]))), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
