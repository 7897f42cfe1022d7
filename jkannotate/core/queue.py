"""What the annotation queue shows: the query (whose layer, which documents, in which
order) and its rows. Plain data; the store answers the query."""

from __future__ import annotations

from dataclasses import dataclass

SORT_KEYS = ("id", "date", "outlet", "title", "status")


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """What the queue shows: whose layer, which documents, in which order."""

    owner: str  # an annotator, or "gold" for the gold layer
    status: str | None = None  # todo | in_progress | done | reviewed
    label: str | None = None  # a span label in my layer (or the suggestions before I start)
    tag: str | None = None  # an issue tag not rejected
    duplicate_group: int | None = None
    search: str | None = None
    assigned_to: str | None = None  # only documents assigned to this annotator
    actor: str | None = None  # a span linked to this actor (id, QID or name: actor_keys)
    actor_suggestions: bool = False  # pending suggestions count as mentions too
    sort: str = "id"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class QueueRow:
    id: int
    title: str
    outlet: str | None
    published: str | None
    status: str
    pending: int
    duplicate_group: int | None
