"""The bulk loader gives exactly what loading document by document gives, on both engines."""

from __future__ import annotations

import random

import pytest

from jkannotate.core.errors import NotFound
from jkannotate.core.model import (
    GOLD_OWNER,
    SUGGESTER_OWNER,
    AnnotatedDocument,
    Comment,
    DocTag,
    Document,
    EventArgument,
    Evidence,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.store import Store, loading

LABELS = ["PERSON", "ORG", "GPE", "MEETING", "STATEMENT"]


def make_items(count: int, seed: int) -> list[AnnotatedDocument]:
    """Documents with suggestion, annotator and gold layers of varied, overlapping content."""
    rng = random.Random(seed)
    items = []
    for number in range(count):
        text = f"Article {number}: " + " ".join(
            rng.choice(["Seoul", "Tokyo", "talks"]) for _ in range(40)
        )
        doc = Document(text, title=f"Title {number}", outlet="Yonhap", meta={"n": number, "ü": "é"})
        layers = []
        owners = [(LayerKind.SUGGESTION, SUGGESTER_OWNER), (LayerKind.ANNOTATOR, "ana"),
                  (LayerKind.ANNOTATOR, "ben"), (LayerKind.GOLD, GOLD_OWNER)]  # fmt: skip
        for kind, owner in rng.sample(owners, rng.randint(0, 4)):
            spans = []
            for _ in range(rng.randint(0, 12)):
                start = rng.randrange(0, len(text) - 6)
                label = rng.choice(LABELS)
                spans.append(Span(
                    start, start + rng.choice([0, 3, 6]), label,
                    LabelKind.EVENT if label in ("MEETING", "STATEMENT") else LabelKind.ENTITY,
                    rng.choice(list(Origin)), rng.choice(list(State)),
                    rng.choice([None, 0.5]), rng.choice([None, "rules:v1"]),
                ))  # fmt: skip
            spans.append(Span(0, 7, "ORG"))  # the same range twice: order must still agree
            spans.append(Span(0, 7, "ORG"))
            events = [s for s in spans if s.kind is LabelKind.EVENT]
            arguments = [EventArgument(e.uid, spans[-1].uid, "participant") for e in events]
            tags = [
                DocTag(label, evidence=(Evidence(0, 7),) * rng.randint(0, 2))
                for label in rng.sample(["CHINA", "NORTH_KOREA", "TREATY_1965"], 2)
            ]
            comments = [Comment("ana", f"note {i}", "2024-01-01", span_uid=spans[0].uid)
                        for i in range(rng.randint(0, 2))]  # fmt: skip
            model = f"m{number}" if kind is LayerKind.SUGGESTION else ""
            layers.append(Layer(None, kind, owner, rng.choice(list(LayerStatus)), spans,
                                arguments, tags, comments, notes=f"n{number}",
                                model=model))  # fmt: skip
        items.append(AnnotatedDocument(doc, layers))
    return items


@pytest.fixture
def store(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(loading, "CHUNK", 7)  # several batches, one cut through a document list
    opened = Store(db_url)
    opened.documents.add(make_items(30, seed=3))
    yield opened
    opened.close()


def test_what_was_imported_comes_back_unchanged(db_url: str) -> None:
    store = Store(db_url)
    items = make_items(12, seed=5)
    store.documents.add(items)
    loaded = store.layers.annotated_documents([item.document.id for item in items])  # type: ignore[misc]
    for item, back in zip(items, loaded, strict=True):
        assert back.document == item.document
        assert [(la.kind, la.owner, la.status, la.notes, la.model) for la in back.layers] == [
            (la.kind, la.owner, la.status, la.notes, la.model) for la in item.layers
        ]
        for original, read in zip(item.layers, back.layers, strict=True):
            assert read.id == original.id
            assert sorted(read.spans, key=repr) == sorted(original.spans, key=repr)
            assert set(read.arguments) == set(original.arguments)
            assert sorted(read.tags, key=repr) == sorted(original.tags, key=repr)
            assert read.comments == original.comments
    assert sum(len(la.spans) for item in items for la in item.layers) > 30
    store.close()


def one_by_one(store: Store, ids: list[int]) -> list[AnnotatedDocument]:
    return [AnnotatedDocument(store.documents.get(i), store.layers.of_document(i)) for i in ids]


def test_bulk_equals_one_by_one_in_any_order(store: Store) -> None:
    ids = store.documents.ids()
    shuffled = ids[:]
    random.Random(1).shuffle(shuffled)
    bulk = store.layers.annotated_documents(shuffled)
    assert [d.document.id for d in bulk] == shuffled
    assert bulk == one_by_one(store, shuffled)
    assert sum(len(layer.spans) for d in bulk for layer in d.layers) > 100
    assert any(layer.comments for d in bulk for layer in d.layers)
    assert bulk[0].document.meta["ü"] == "é"


def test_chosen_layers_only(store: Store) -> None:
    ids = store.documents.ids()
    chosen = {(LayerKind.ANNOTATOR, "ben"), (LayerKind.GOLD, GOLD_OWNER)}
    bulk = store.layers.annotated_documents(ids, chosen)
    expected = [
        AnnotatedDocument(d.document, [lay for lay in d.layers if (lay.kind, lay.owner) in chosen])
        for d in one_by_one(store, ids)
    ]
    assert bulk == expected
    assert {(lay.kind, lay.owner) for d in bulk for lay in d.layers} == chosen
    assert all(not d.layers for d in store.layers.annotated_documents(ids, set()))


def test_missing_documents(store: Store) -> None:
    ids = store.documents.ids()
    with pytest.raises(NotFound, match="no document 999"):
        store.layers.annotated_documents([ids[0], 999])
    kept = store.layers.annotated_documents([999, ids[2], ids[1]], missing_ok=True)
    assert [d.document.id for d in kept] == [ids[2], ids[1]]
    assert store.layers.annotated_documents([]) == []


def test_layer_versions(store: Store) -> None:
    ids = store.documents.ids()
    expected = {
        i: layer.version
        for i in ids
        for layer in store.layers.of_document(i)
        if layer.kind is LayerKind.ANNOTATOR and layer.owner == "ana"
    }
    assert store.layers.versions(ids, LayerKind.ANNOTATOR, "ana") == expected
    assert expected  # some documents have ana's layer, some not
    assert len(expected) < len(ids)


def test_one_layer_equals_the_bulk_loaders(store: Store) -> None:
    """The window's open (one layer, the document not read) gives the bulk loader's layer."""
    ids = store.documents.ids()
    compared = 0
    for item in store.layers.annotated_documents(ids):
        assert item.document.id is not None
        for layer in item.layers:
            assert store.layers.get(item.document.id, layer.kind, layer.owner) == layer
            compared += bool(layer.spans and layer.arguments and layer.tags)
        present = {(la.kind, la.owner) for la in item.layers}
        if (LayerKind.ANNOTATOR, "ben") not in present:
            assert store.layers.get(item.document.id, LayerKind.ANNOTATOR, "ben") is None
    assert compared > 10
