"""Documents/s of `suggest --db` end to end (including saving) against bare `nlp.pipe`.

Same pipeline, same texts, same run: the seeds and the gold articles, repeated to
a few hundred documents with a varying suffix so every text is distinct.
Prints figures, then one JSON line.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ROUNDS = 3


def corpus(count: int) -> list[str]:
    from jkannotate.core.serialize import document_from_dict

    texts = []
    for path in sorted((REPO / "tests" / "data" / "gold").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            texts.append(document_from_dict(json.loads(line)).document.text)
    return [f"{texts[i % len(texts)]}\n\nUpdate {i}." for i in range(count)]


def main(count: int = 300) -> dict[str, float]:
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.nlp import Suggester
    from jkannotate.operations.suggest import suggest_documents
    from jkannotate.project import Project

    texts = corpus(count)
    suggester = Suggester.load()
    list(suggester.nlp.pipe(texts[:20]))  # warm up
    bare_runs, our_runs = [], []
    with tempfile.TemporaryDirectory() as folder:
        for run in range(ROUNDS):  # interleaved, best of each: robust to a busy machine
            started = time.perf_counter()
            for _ in suggester.nlp.pipe(texts, batch_size=32):
                pass
            bare_runs.append(time.perf_counter() - started)
            project = Project.open(Path(folder) / f"bench{run}.db")
            project.import_documents([AnnotatedDocument(Document(text)) for text in texts])
            started = time.perf_counter()
            summary = suggest_documents(project, suggester=suggester)
            our_runs.append(time.perf_counter() - started)
            spans = sum(n for counts in project.stats()["spans"].values() for n in counts.values())
            project.close()
            print(f"round {run + 1}: bare {count / bare_runs[-1]:.1f} docs/s, "
                  f"suggest --db {count / our_runs[-1]:.1f} docs/s ({spans} spans saved)")
    bare, ours = min(bare_runs), min(our_runs)
    assert summary.suggested == count
    ratio = bare / ours
    print(f"best: bare nlp.pipe ({suggester.name}) {count / bare:.1f} docs/s, "
          f"suggest --db end to end {count / ours:.1f} docs/s")
    print(f"throughput ratio to bare nlp.pipe: {ratio:.2f} (target >= 0.8)")
    return {
        "documents": count,
        "bare_docs_per_s": round(count / bare, 1),
        "suggest_docs_per_s": round(count / ours, 1),
        "ratio_to_bare": round(ratio, 3),
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)))
