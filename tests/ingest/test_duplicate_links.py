"""Duplicate groups: every member is similar to its group's representative (no chains of
weak links), the most similar representative wins, copies by the thousand stay cheap."""

from __future__ import annotations

import random

import pytest

import jkannotate.ingest.duplicate_links as dl
from jkannotate.ingest.duplicate_links import (
    FIRST_IN_BUCKET,
    MEMBERS_COMPARED,
    SMALL_BUCKET,
    assign_groups,
    candidate_pairs,
)
from jkannotate.ingest.duplicates import (
    NEAR_DUPLICATE_THRESHOLD,
    NUM_HASHES,
    signature,
    signatures,
    similarity,
)

WORDS = [f"w{i}" for i in range(5000)]


def story(rng: random.Random, words: int = 400) -> list[str]:
    return rng.choices(WORDS, k=words)


@pytest.mark.parametrize("chunk", [dl.STORED_CHUNK, 7])
def test_groups_follow_pairwise_similarity_to_the_representative(
    chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(With a chunk of 7 the stored signatures are scanned in several chunks.)"""
    monkeypatch.setattr(dl, "STORED_CHUNK", chunk)
    rng = random.Random(3)
    bases = [story(rng) for _ in range(30)]
    texts = [" ".join(b) for b in bases]
    for tokens in bases[:10]:  # updates: a few words changed, sentences added
        tokens = list(tokens)
        for _ in range(rng.randint(5, 60)):
            tokens[rng.randrange(len(tokens))] = rng.choice(WORDS)
        texts.append(" ".join(tokens + rng.choices(WORDS, k=rng.randint(0, 80))))
    sigs = signatures(texts)
    stored = list(enumerate(sigs[:20]))
    new = [(i, s) for i, s in enumerate(sigs) if i >= 20]
    groups = assign_groups(new, stored)
    for doc_id, group in groups.items():
        assert group <= doc_id
        assert similarity(sigs[doc_id], sigs[group]) >= NEAR_DUPLICATE_THRESHOLD
    for i in range(10):  # each update joins its own original, stored or new
        assert groups[30 + i] == i
    assert set(groups) == set(range(10)) | set(range(30, 40))


def test_a_chain_of_weak_links_is_not_one_group() -> None:
    """A shares a passage with B, B another with C, C with D; A and D share nothing.
    A closure of the links puts all four together; representatives keep them apart."""
    rng = random.Random(11)
    parts = [story(rng, 150) for _ in range(7)]
    a = parts[0] + parts[1]
    b = parts[1] + parts[2] + parts[3]
    c = parts[3] + parts[4] + parts[5]
    d = parts[5] + parts[6]
    sigs = signatures([" ".join(t) for t in (a, b, c, d)])
    assert similarity(sigs[0], sigs[1]) >= NEAR_DUPLICATE_THRESHOLD
    assert similarity(sigs[1], sigs[2]) >= NEAR_DUPLICATE_THRESHOLD
    assert similarity(sigs[2], sigs[3]) >= NEAR_DUPLICATE_THRESHOLD
    assert similarity(sigs[0], sigs[2]) < NEAR_DUPLICATE_THRESHOLD
    assert similarity(sigs[0], sigs[3]) < NEAR_DUPLICATE_THRESHOLD
    groups = assign_groups(list(enumerate(sigs)))
    assert groups == {0: 0, 1: 0, 2: 2, 3: 2}


def closure_sizes(links: list[tuple[int, int]]) -> list[int]:
    """Component sizes of the graph of links (what linking every similar pair gives)."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    for a, b in links:
        parent[find(a)] = find(b)
    sizes: dict[int, int] = {}
    for x in parent:
        sizes[find(x)] = sizes.get(find(x), 0) + 1
    return sorted(sizes.values(), reverse=True)


def test_templated_articles_do_not_all_land_in_one_group() -> None:
    """Articles built on one template (a market report's fixed sentences) with their own
    bodies: a tenth of the pairs pass the threshold through the template alone, and
    linking every such pair chains nearly all of them into one group. Here a member is
    similar to its representative and to most of the group's first members."""
    rng = random.Random(5)
    template = "the kospi closed the day on the seoul exchange and the nikkei in tokyo".split()
    texts = []
    for _ in range(120):
        body = story(rng, 300)
        texts.append(" ".join(template + body[:150] + template + body[150:]))
    texts += texts[:3]  # three exact copies
    sigs = signatures(texts)
    links = [
        (i, j)
        for i in range(len(sigs))
        for j in range(i + 1, len(sigs))
        if similarity(sigs[i], sigs[j]) >= NEAR_DUPLICATE_THRESHOLD
    ]
    closure = closure_sizes(links)[0]
    assert closure > 60  # the closure: one big chained group
    groups = assign_groups(list(enumerate(sigs)))
    members: dict[int, list[int]] = {}
    for doc_id, group in sorted(groups.items()):
        if doc_id != group:
            first = members.setdefault(group, [])[:MEMBERS_COMPARED]
            similar = [similarity(sigs[doc_id], sigs[m]) >= NEAR_DUPLICATE_THRESHOLD for m in first]
            assert 2 * sum(similar) >= len(similar)
            members[group].append(doc_id)
        assert similarity(sigs[doc_id], sigs[group]) >= NEAR_DUPLICATE_THRESHOLD
    assert max(len(m) + 1 for m in members.values()) < closure / 2
    for copy in (120, 121, 122):
        assert groups[copy] == groups[copy - 120]


def test_the_most_similar_representative_wins() -> None:
    rng = random.Random(8)
    first, second = story(rng), story(rng)
    # mostly the second story, a little of the first
    mixed = second[:380] + first[:150]
    sigs = signatures([" ".join(first), " ".join(second), " ".join(mixed)])
    assert similarity(sigs[2], sigs[0]) >= NEAR_DUPLICATE_THRESHOLD
    assert assign_groups(list(enumerate(sigs))) == {1: 1, 2: 1}


def test_new_copies_join_a_stored_group_through_its_representative() -> None:
    rng = random.Random(9)
    text = " ".join(story(rng))
    sig = signature(text)
    # stored: document 5 represents a group; its members are not heads and not passed
    assert assign_groups([(40, sig), (41, sig)], [(5, sig), (7, signature("other"))]) == {
        5: 5,
        40: 5,
        41: 5,
    }
    assert assign_groups([(40, signature(""))], [(5, signature(""))]) == {}


def test_thousands_of_copies_make_linear_candidates() -> None:
    rng = random.Random(1)
    texts = [" ".join(story(rng)) for _ in range(50)]
    copies = signatures(texts[:1]) * 2000
    others = signatures(texts[1:])
    import numpy as np

    sigs = others + copies
    matrix = np.frombuffer(b"".join(sigs), dtype="<u2").reshape(-1, NUM_HASHES)
    later, earlier = candidate_pairs(matrix, 0)
    # every copy meets at most the first few copies: no quadratic pair set
    assert len(later) <= len(copies) * (SMALL_BUCKET + FIRST_IN_BUCKET)
    groups = assign_groups(list(enumerate(sigs)))
    first_copy = len(others)
    assert set(groups.values()) == {first_copy}
    assert len(groups) == len(copies)


def packed_sort_entries(matrix, first_new):  # type: ignore[no-untyped-def]
    """The reference order of the bucket entries: every (key, row) of every row packed in
    one integer and sorted, keeping the stored entries whose key a new row has."""
    import numpy as np

    keys = ((np.arange(NUM_HASHES, dtype=np.int64) << 16) + matrix.astype(np.int64)).ravel()
    rows = np.repeat(np.arange(len(matrix), dtype=np.int64), NUM_HASHES)
    new_keys = set(keys[first_new * NUM_HASHES:].tolist())
    keep = (rows >= first_new) | np.isin(keys, list(new_keys))
    packed = np.sort((keys[keep] << dl.ROW_BITS) | rows[keep])
    return packed >> dl.ROW_BITS, packed & ((1 << dl.ROW_BITS) - 1)


@pytest.mark.parametrize("stored", [0, 1, 37, 300])
@pytest.mark.parametrize("chunk", [dl.STORED_CHUNK, 16])
def test_bucket_entries_are_in_the_packed_sort_order(
    stored: int, chunk: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    monkeypatch.setattr(dl, "STORED_CHUNK", chunk)
    rng = np.random.default_rng(stored)
    # few distinct values, so buckets are large and hold stored and new rows alike
    matrix = rng.integers(0, 40, size=(stored + 250, NUM_HASHES)).astype("<u2")
    matrix[stored + 3] = matrix[1 if stored > 1 else stored]  # a copy
    keys, rows = dl._bucket_entries(matrix, stored)
    want_keys, want_rows = packed_sort_entries(matrix, stored)
    assert keys.tolist() == want_keys.tolist()
    assert rows.tolist() == want_rows.tolist()
