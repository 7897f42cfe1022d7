"""Loading annotated documents from the store: one by one against the bulk loader.

3 annotators × 1,000 documents × ~40 spans, 3 tags and some event arguments each (the
corpus of ``agreement_bench.py``) are imported into a fresh SQLite file (or the database
given by ``--db``, or a throwaway PostgreSQL cluster with ``--pg``); then timed: loading
every document with its layers one by one (``Project.annotated``), with
``store.layers.annotated_documents`` (one query per table per batch of ids), and the review
commands that load them (agreement, check, report, adjudicate). Prints figures; the
last line is one JSON object.

    python benchmarks/load_bench.py [--documents 1000] [--db URL | --pg]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agreement_bench import make_corpus  # noqa: E402

from jkannotate.core.model import Document  # noqa: E402
from jkannotate.operations import review  # noqa: E402
from jkannotate.project import Project  # noqa: E402


def timed(what: str, function, *args, **kwargs):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{what:<34} {seconds:8.3f} s", flush=True)
    return result, seconds


def run(db: str, documents: int) -> dict[str, object]:
    corpus = make_corpus(documents, 0)
    for item in corpus:  # fresh documents: the store gives the ids
        item.document = Document(item.document.text, title=f"Article {item.document.id}")
    figures: dict[str, object] = {"documents": documents, "annotators": 3}
    with Project.open(db, user="lead") as project:
        _, figures["import_with_layers_s"] = timed(
            "import (documents + 3 layers)", project.import_documents, corpus
        )
        ids = project.store.documents.ids()
        one_by_one, figures["load_one_by_one_s"] = timed(
            "load one by one (annotated)", lambda: [project.annotated(i) for i in ids]
        )
        bulk, figures["load_bulk_s"] = timed("load in bulk (annotated_documents)",
                                             project.store.layers.annotated_documents, ids)
        assert [d.document.id for d in bulk] == ids
        assert [[(lay.owner, len(lay.spans), len(lay.tags)) for lay in d.layers]
                for d in bulk] == [[(lay.owner, len(lay.spans), len(lay.tags))
                                    for lay in d.layers] for d in one_by_one]
        _, figures["agreement_s"] = timed("agreement (operations.review)", review.agreement,
                                          project)
        _, figures["check_s"] = timed("check", review.check, project)
        with tempfile.TemporaryDirectory() as folder:
            _, figures["report_s"] = timed("report", review.report, project,
                                           Path(folder) / "report.html")
        summary, figures["adjudicate_s"] = timed("adjudicate (majority)",
                                                 review.adjudicate_project, project)
        figures["gold_written"] = len(summary.written)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--db", help="a database URL (default: a fresh SQLite file)")
    parser.add_argument("--pg", action="store_true", help="a throwaway local PostgreSQL cluster")
    options = parser.parse_args()
    if options.pg:
        from tests.harness.pg_cluster import TemporaryCluster

        with TemporaryCluster() as cluster:
            figures = run(cluster.url(cluster.create_database()), options.documents)
            figures["engine"] = "postgresql"
    elif options.db:
        figures = run(options.db, options.documents)
    else:
        with tempfile.TemporaryDirectory() as folder:
            figures = run(str(Path(folder) / "load.db"), options.documents)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
