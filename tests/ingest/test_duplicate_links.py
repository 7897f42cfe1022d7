"""Batch linking finds exactly the pairs the pairwise similarity finds."""

from __future__ import annotations

import random

from jkannotate.ingest.duplicate_links import near_duplicate_pairs
from jkannotate.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, signature, similarity


def corpus(seed: int = 3) -> list[str]:
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    base = [" ".join(rng.choices(words, k=400)) for _ in range(30)]
    variants = []
    for text in base[:10]:  # updates: a few words changed, sentences added
        tokens = text.split()
        for _ in range(rng.randint(5, 60)):
            tokens[rng.randrange(len(tokens))] = rng.choice(words)
        variants.append(" ".join(tokens + rng.choices(words, k=rng.randint(0, 80))))
    return base + variants


def test_batch_links_equal_pairwise_similarity_over_threshold() -> None:
    texts = corpus()
    signatures = [signature(t) for t in texts]
    stored = [(i, s) for i, s in enumerate(signatures[:20])]
    new = [(i, s) for i, s in enumerate(signatures) if i >= 20]
    expected = {
        (a, b)
        for a in range(len(texts))
        for b in range(a + 1, len(texts))
        if b >= 20 and similarity(signatures[a], signatures[b]) >= NEAR_DUPLICATE_THRESHOLD
    }
    found = {tuple(sorted(pair)) for pair in near_duplicate_pairs(new, stored)}
    assert found == expected
    assert len(found) >= 8  # the planted updates are found
    assert all(b >= 20 for _, b in found)  # stored-only pairs are not re-linked
