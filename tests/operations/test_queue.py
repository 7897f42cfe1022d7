"""The queue listing: my status, filters, search (FTS5 and LIKE), sorting and paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.operations.queue import (
    QueueQuery,
    next_unfinished,
    progress,
    queue_count,
    queue_page,
)
from jkannotate.project import Project

ARTICLES = [
    ("Moon urges Abe on forced labour", "Yonhap", "2019-07-02", "Seoul asked Tokyo to talk."),
    ("GSOMIA extended at last minute", "Kyodo", "2019-11-22", "The pact survives, officials said."),
    ("Chip curbs bite", "Nikkei", "2019-08-01", "Exporters of résumé-grade photoresist wait."),
    ("독도 방문", "Hankyoreh", "2012-08-10", "대통령이 독도를 방문했다."),
    ("Untitled", None, None, "An article with no outlet or date about Dokdo."),
]


@pytest.fixture
def project(db_path: Path):
    project = Project.open(db_path, user="mina")
    items = []
    for number, (title, outlet, date, text) in enumerate(ARTICLES):
        spans = [Span(0, 4, "GPE", origin=Origin.SUGGESTED, state=State.PENDING)]
        if number == 1:
            spans.append(Span(4, 10, "LAW", origin=Origin.SUGGESTED, state=State.PENDING))
        tags = (
            [DocTag("SECURITY_COOPERATION", Origin.SUGGESTED, State.PENDING, 0.7)]
            if number == 1
            else []
        )
        layer = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans, tags=tags)
        doc = Document(text, title=title, outlet=outlet, published=date)
        items.append(AnnotatedDocument(doc, [layer]))
    project.import_documents(items)
    yield project
    project.close()


def ids(rows) -> list[int]:
    return [r.id for r in rows]


def test_status_is_my_layers_and_todo_before_i_start(project):
    layer = project.open_layer(2)
    project.set_status(layer, LayerStatus.DONE)
    project.open_layer(3)
    project.accept_all(project.open_layer(3))
    rows = {r.id: r for r in queue_page(project, QueueQuery("mina"))}
    assert (rows[1].status, rows[2].status, rows[3].status) == ("todo", "done", "in_progress")
    assert rows[3].pending == 0 and rows[1].pending == 1 and rows[2].pending == 2
    others = {r.id: r.status for r in queue_page(project, QueueQuery("someone_else"))}
    assert set(others.values()) == {"todo"}
    assert ids(queue_page(project, QueueQuery("mina", status="done"))) == [2]
    assert queue_count(project, QueueQuery("mina", status="todo")) == 3
    assert progress(project) == (1, 5)


def test_label_and_tag_filters_follow_my_layer_once_it_exists(project):
    assert ids(queue_page(project, QueueQuery("mina", label="LAW"))) == [2]
    assert ids(queue_page(project, QueueQuery("mina", tag="SECURITY_COOPERATION"))) == [2]
    layer = project.open_layer(2)
    law = next(s for s in layer.spans if s.label == "LAW")
    project.reject(layer, [law.uid])
    project.set_tag(layer, "SECURITY_COOPERATION", State.REJECTED)
    assert queue_count(project, QueueQuery("mina", label="LAW")) == 0
    assert queue_count(project, QueueQuery("mina", tag="SECURITY_COOPERATION")) == 0
    assert queue_count(project, QueueQuery("other", label="LAW")) == 1  # others still see it


@pytest.mark.parametrize("fts", [True, False])
def test_search_words_and_prefixes(project, fts):
    if not fts:
        project.queue()._fts = False  # as on a database without FTS5
    assert ids(queue_page(project, QueueQuery("mina", search="gsomia"))) == [2]
    assert ids(queue_page(project, QueueQuery("mina", search="Seoul tok"))) == [1]
    assert ids(queue_page(project, QueueQuery("mina", search="résumé"))) == [3]
    assert ids(queue_page(project, QueueQuery("mina", search="독도"))) == [4]
    assert ids(queue_page(project, QueueQuery("mina", search='"; DROP TABLE document'))) == []
    assert queue_count(project, QueueQuery("mina", search="   ")) == 5


def test_search_index_follows_new_documents(project):
    queue_count(project, QueueQuery("mina", search="anything"))  # builds the index
    project.import_documents([AnnotatedDocument(Document("Fresh text on shuttle diplomacy."))])
    assert ids(queue_page(project, QueueQuery("mina", search="shuttle"))) == [6]


def test_sorting_and_paging(project):
    by_date = queue_page(project, QueueQuery("mina", sort="date", descending=True))
    dates = [r.published for r in by_date if r.published]
    assert dates == sorted(dates, reverse=True)
    outlets = [r.outlet for r in queue_page(project, QueueQuery("mina", sort="outlet"))]
    assert [o for o in outlets if o] == sorted(o for o in outlets if o)
    pages = [
        queue_page(project, QueueQuery("mina", sort="title"), offset, 2) for offset in (0, 2, 4)
    ]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(sum((ids(p) for p in pages), [])) == [1, 2, 3, 4, 5]


def test_duplicate_group_filter(project):
    body = " ".join(
        f"Sentence {n} about the summit between the two leaders in Seoul." for n in range(40)
    )
    project.import_documents(
        [
            AnnotatedDocument(Document(body, title="wire")),
            AnnotatedDocument(Document(body + " Updated.", title="wire, updated")),
        ]
    )
    groups = {
        r.duplicate_group for r in queue_page(project, QueueQuery("mina")) if r.duplicate_group
    }
    assert len(groups) == 1
    rows = queue_page(project, QueueQuery("mina", duplicate_group=groups.pop()))
    assert sorted(r.title for r in rows) == ["wire", "wire, updated"]


def test_next_unfinished_wraps_and_skips_done(project):
    for doc_id in (3, 4, 5):
        project.set_status(project.open_layer(doc_id), LayerStatus.DONE)
    assert next_unfinished(project, 2) == 1
    assert next_unfinished(project, 1) == 2
    project.set_status(project.open_layer(1), LayerStatus.DONE)
    project.set_status(project.open_layer(2), LayerStatus.REVIEWED)
    assert next_unfinished(project, 1) is None


def test_bad_query_values_are_refused(project):
    with pytest.raises(InputError, match="unknown status"):
        queue_count(project, QueueQuery("mina", status="finished"))
    with pytest.raises(InputError, match="sort key"):
        queue_page(project, QueueQuery("mina", sort="length"))


def test_queue_lists_only_documents_assigned_to_the_annotator(tmp_path) -> None:
    from jkannotate.core.model import AnnotatedDocument, Document
    from jkannotate.operations.queue import QueueQuery, queue_count, queue_page
    from jkannotate.project import Project

    with Project.open(tmp_path / "assigned.db", user="alice") as project:
        texts = [f"Seoul and Tokyo held talks number {i} on trade." for i in range(6)]
        project.import_documents(
            [AnnotatedDocument(Document(t, title=f"d{i}")) for i, t in enumerate(texts)]
        )
        ids = project.store.documents.ids()
        project.store.users.set_assignments([(ids[1], "alice"), (ids[4], "alice"), (ids[2], "bob")])
        mine = QueueQuery(owner="alice", assigned_to="alice")
        assert queue_count(project, mine) == 2
        assert [row.id for row in queue_page(project, mine, 0, 10)] == [ids[1], ids[4]]
        assert queue_count(project, QueueQuery(owner="alice")) == 6
