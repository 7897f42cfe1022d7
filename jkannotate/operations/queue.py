"""The annotation queue as application functions: what one annotator sees in the document list.

Statuses are those of the annotator's own layer (``todo`` until the layer exists);
pending counts come from that layer, or from the suggestions before it exists.
For the owner ``gold`` (review mode) statuses are gold's, and the count is of the
annotators' versions gold has not decided yet (:func:`open_disagreements`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from jkannotate.core.errors import InputError
from jkannotate.core.model import GOLD_OWNER, LayerKind
from jkannotate.core.queue import SORT_KEYS, QueueQuery, QueueRow
from jkannotate.project import Project

__all__ = [
    "SORT_KEYS",
    "QueueQuery",
    "QueueRow",
    "duplicate_groups",
    "next_unfinished",
    "open_disagreements",
    "progress",
    "queue_count",
    "queue_page",
]

_STATUSES = ("todo", "in_progress", "done", "reviewed")


def _checked(query: QueueQuery) -> QueueQuery:
    if query.status is not None and query.status not in _STATUSES:
        raise InputError(f"unknown status {query.status!r}; use one of {', '.join(_STATUSES)}")
    if query.sort not in SORT_KEYS:
        raise InputError(f"unknown sort key {query.sort!r}; use one of {', '.join(SORT_KEYS)}")
    if query.actor is not None:
        from jkannotate.core.actors import actor_keys

        actor_keys(query.actor)  # an unknown or ambiguous name: one clear error, early
    if query.search is not None and not query.search.strip():
        return replace(query, search=None)
    return query


def queue_count(project: Project, query: QueueQuery) -> int:
    """How many documents match the query."""
    return project.queue().count(_checked(query))


def queue_page(
    project: Project, query: QueueQuery, offset: int = 0, limit: int = 200
) -> list[QueueRow]:
    """One page of the matching documents in the query's order."""
    rows = project.queue().page(_checked(query), max(0, offset), max(0, limit))
    if query.owner == GOLD_OWNER and rows:
        still_open = open_disagreements(project, [row.id for row in rows])
        rows = [replace(row, pending=still_open.get(row.id, 0)) for row in rows]
    return rows


def open_disagreements(project: Project, doc_ids: Sequence[int]) -> dict[int, int]:
    """Per document, how many annotators' versions gold has neither taken nor rejected.

    Layers are compared as review mode compares them: the finished ones when two are
    finished, else all; a document without gold has every version open. One bulk read.
    """
    from jkannotate.operations.review_window import compare_layers, version_state

    counts: dict[int, int] = {}
    for item in project.annotated_many(doc_ids):
        assert item.document.id is not None
        review = compare_layers(item.document, item.layers)
        gold = next((layer for layer in item.layers if layer.kind is LayerKind.GOLD), None)
        counts[item.document.id] = sum(
            version_state(gold, version) == "open" for version in review.versions
        )
    return counts


def progress(project: Project, owner: str | None = None) -> tuple[int, int]:
    """(finished documents of ``owner``, all documents)."""
    return project.queue().progress(owner or project.user)


def next_unfinished(project: Project, after_id: int, owner: str | None = None) -> int | None:
    """The next document (by id, wrapping) that ``owner`` has not marked done."""
    return project.queue().next_unfinished(owner or project.user, after_id)


def duplicate_groups(project: Project) -> list[int]:
    return project.queue().duplicate_groups()
