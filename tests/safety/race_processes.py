"""The two processes of the suggest/edit race: ``suggest DB STOPFILE`` re-suggests the whole
project until STOPFILE exists; ``edit DB N`` makes N acknowledged edits as annotator ``ann``."""

from __future__ import annotations

import random
import sys
from pathlib import Path

from jkannotate.core.errors import ConflictError
from jkannotate.core.model import Origin, State
from jkannotate.nlp import Suggester
from jkannotate.operations.suggest import suggest_documents
from jkannotate.project import Project


def suggest(db: str, stop: Path) -> None:
    rules = Suggester.load_rules()
    rounds = 0
    busy = 0
    with Project.open(db, user="ann") as project:
        while not stop.exists() or rounds == 0:
            busy += len(suggest_documents(project, force=True, suggester=rules).busy_layers)
            rounds += 1
    print(rounds, "rounds", busy, "busy layers")


def edit(db: str, count: int) -> None:
    chooser = random.Random(7)
    conflicts = 0
    with Project.open(db, user="ann") as project:
        ids = project.store.documents.ids()
        done = 0
        while done < count:
            doc_id = chooser.choice(ids)
            layer = project.open_layer(doc_id)
            pending = [s.uid for s in layer.spans
                       if s.origin is Origin.SUGGESTED and s.state is State.PENDING]
            try:
                if pending and chooser.random() < 0.5:
                    uid = chooser.choice(pending)
                    project.accept(layer, [uid])
                else:
                    start = chooser.randrange(0, 60)
                    changes = project.add_span(layer, start, start + 3, "ORG", exact=True)
                    uid = changes.edits[0].span.uid  # type: ignore[attr-defined]
            except ConflictError:
                conflicts += 1
                continue
            print("ACK", doc_id, uid, flush=True)
            done += 1
    print(f"{done} edits, {conflicts} conflicts", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "suggest":
        suggest(sys.argv[2], Path(sys.argv[3]))
    else:
        edit(sys.argv[2], int(sys.argv[3]))
