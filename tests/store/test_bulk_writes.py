"""Batch writes: replacing many layers at once, importing layers in bulk, duplicate groups."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    Comment,
    DocTag,
    Document,
    EventArgument,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.project import Project, Rewrite
from jkannotate.store import Store

TEXT = "Seoul and Tokyo held talks on Monday about export controls and the 1965 treaty."


def gold(doc_id: int, label: str, status: LayerStatus = LayerStatus.IN_PROGRESS) -> Layer:
    trigger, person = Span(15, 19, "MEETING"), Span(0, 5, label)
    return Layer(
        doc_id, LayerKind.GOLD, GOLD_OWNER, status, spans=[trigger, person],
        arguments=[EventArgument(trigger.uid, person.uid, "participant")],
        tags=[DocTag("TREATY_1965")], notes=label,
    )  # fmt: skip


def test_rewrite_layers_creates_replaces_and_keeps_the_rest(db_url: str) -> None:
    project = Project.open(db_url, user="rev")
    docs = [AnnotatedDocument(Document(f"{TEXT} ({n})")) for n in range(4)]
    docs[0].layers = [gold(0, "GPE")]
    docs[0].layers[0].comments = [Comment("rev", "check Seoul", "2024-01-01")]
    docs[1].layers = [Layer(None, LayerKind.ANNOTATOR, "ana", spans=[Span(0, 5, "GPE")])]
    outcome = project.import_documents(docs)
    assert outcome.layers_added == 2 and outcome.layers_kept == 0
    ids = outcome.added
    before = project.layer(ids[0], GOLD_OWNER)
    assert before is not None and before.version == 0
    wanted = gold(ids[0], "ORG", LayerStatus.DONE)
    trigger = next(s for s in before.spans if s.label == "MEETING")
    wanted.spans[0] = trigger  # the trigger stays (same uid): only the rest changes
    wanted.arguments[0] = replace(wanted.arguments[0], event_uid=trigger.uid)

    done = project.rewrite_layers(
        [Rewrite(before, wanted), Rewrite(None, gold(ids[1], "LOC")),
         Rewrite(None, gold(ids[2], "PERSON"))]
    )  # fmt: skip

    assert [c.version for c in done.changes] == [1, 1, 1] and not done.conflicts
    replaced = project.layer(ids[0], GOLD_OWNER)
    assert replaced is not None and replaced.id == before.id
    assert replaced.version == 1 and replaced.status is LayerStatus.DONE
    assert sorted(s.label for s in replaced.spans) == ["MEETING", "ORG"]
    assert trigger.uid in {s.uid for s in replaced.spans}
    assert [c.text for c in replaced.comments] == ["check Seoul"]  # kept, not doubled
    assert len(replaced.arguments) == 1 and [t.label for t in replaced.tags] == ["TREATY_1965"]
    created = [project.layer(i, GOLD_OWNER) for i in ids[1:3]]
    assert [sorted(s.label for s in layer.spans) for layer in created if layer] == [
        ["LOC", "MEETING"],
        ["MEETING", "PERSON"],
    ]
    assert project.layer(ids[3], GOLD_OWNER) is None
    untouched = project.layer(ids[1], "ana")
    assert untouched is not None and [s.label for s in untouched.spans] == ["GPE"]
    # written as the stored layers now are: a second rewrite to the same contents is a no-op
    again = project.rewrite_layers([Rewrite(replaced, wanted)])
    assert again.changes == [] and project.layer(ids[0], GOLD_OWNER).version == 1  # type: ignore[union-attr]
    project.close()


def test_import_keeps_existing_layers_and_counts_them(db_url: str) -> None:
    store = Store(db_url)
    first = AnnotatedDocument(Document(TEXT), [gold(0, "GPE")])
    store.documents.add([first])
    again = [
        AnnotatedDocument(Document(TEXT), [gold(0, "ORG")]),  # same text: layer exists
        AnnotatedDocument(Document("Another report on the talks in Tokyo."), [gold(0, "LOC")]),
        AnnotatedDocument(Document("Another report on the talks in Tokyo."), [gold(0, "PERSON")]),
    ]
    outcome = store.documents.add(again)
    assert outcome.layers_added == 1 and outcome.layers_kept == 2
    assert len(outcome.added) == 1 and len(outcome.duplicates) == 1
    new_gold = store.layers.get(outcome.added[0], LayerKind.GOLD, GOLD_OWNER)
    assert new_gold is not None and "LOC" in {s.label for s in new_gold.spans}
    old_gold = store.layers.get(first.document.id or 0, LayerKind.GOLD, GOLD_OWNER)
    assert old_gold is not None and "GPE" in {s.label for s in old_gold.spans}
    store.close()


def test_duplicate_groups_are_stored_and_heads_offered_to_the_next_import(db_url: str) -> None:
    store = Store(db_url)
    offered: list[list[int]] = []

    def first_groups(
        new: list[tuple[int, bytes]], heads: Iterator[tuple[int, bytes]]
    ) -> dict[int, int]:
        ids = [i for i, _ in new]
        offered.append([i for i, _ in heads])
        return {ids[0]: ids[0], ids[1]: ids[0]}

    first = store.documents.add(
        [AnnotatedDocument(Document(f"text {n}")) for n in range(3)],
        [b"s"] * 3,
        find_groups=first_groups,
    ).added

    def later_groups(
        new: list[tuple[int, bytes]], heads: Iterator[tuple[int, bytes]]
    ) -> dict[int, int]:
        ids = [i for i, _ in new]
        offered.append([i for i, _ in heads])
        return {ids[0]: first[0], ids[1]: first[2], first[2]: first[2]}

    later = store.documents.add(
        [AnnotatedDocument(Document(f"text {n}")) for n in range(3, 6)],
        [b"s"] * 3,
        find_groups=later_groups,
    ).added
    # the member first[1] is no head; the documents just inserted are not offered either
    assert offered == [[], [first[0], first[2]]]
    groups = {tuple(g["documents"]) for g in store.statistics.totals()["duplicate_groups"]}
    assert groups == {(first[0], first[1], later[0]), (first[2], later[1])}
    store.close()
