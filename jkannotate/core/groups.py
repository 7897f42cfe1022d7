"""Union-find over document ids: near-duplicate links become duplicate groups."""

from __future__ import annotations

from collections.abc import Iterable


def group_ids(links: Iterable[tuple[int, int]], existing: dict[int, int]) -> dict[int, int]:
    """Map each linked document id to its group id (the smallest id in its group).

    ``existing`` maps documents already in a group to that group id, so new links
    join old groups instead of splitting them.
    """
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for doc_id, group in existing.items():
        union(doc_id, group)
    for a, b in links:
        union(a, b)
    return {doc_id: find(doc_id) for doc_id in parent}
