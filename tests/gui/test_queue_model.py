"""The lazy queue model under Qt's own model checker."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from jkannotate.core.model import AnnotatedDocument, Document
from jkannotate.gui.queue_model import QueueModel
from jkannotate.operations.queue import QueueQuery
from jkannotate.project import Project


def test_queue_model_fetches_pages_and_passes_the_model_tester(qtbot, db_path: Path):
    with Project.open(db_path, user="tester") as project:
        project.store.documents.add(
            [
                AnnotatedDocument(
                    Document(
                        f"Text number {n} about Seoul.",
                        title=f"Doc {n:03d}",
                        outlet="A" if n % 2 else "B",
                        published=f"2020-01-{n % 28 + 1:02d}",
                    )
                )
                for n in range(45)
            ]
        )
        model = QueueModel(project, QueueQuery("tester"))
        model.page_size = 10
        QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
        fetched = model.rowCount()  # the tester fetches a page or two itself
        assert fetched % 10 == 0 and fetched < 45 and model.canFetchMore()
        model.fetchMore()
        assert model.rowCount() == fetched + 10
        while model.canFetchMore():
            model.fetchMore()
        assert model.rowCount() == 45 == model.total
        model.sort(0, Qt.SortOrder.DescendingOrder)
        if model.rowCount() == 0:
            model.fetchMore()
        titles = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
        assert titles == sorted(titles, reverse=True)[:10] and titles[0] == "Doc 044"
        model.set_query(QueueQuery("tester", search="number 7"))
        if model.canFetchMore():
            model.fetchMore()
        assert model.total == 1 and model.data(model.index(0, 0)) == "Doc 007"
        assert model.data(model.index(0, 3)) == "To do"
