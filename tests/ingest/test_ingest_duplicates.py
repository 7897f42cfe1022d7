"""Near-duplicate decisions: the figures behind NEAR_DUPLICATE_THRESHOLD, and the index.

Run with ``-s`` to see the similarity table the threshold was chosen from.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import re
import subprocess
import sys

import pytest
from ingest_support import REPO

from jkannotate.core.model import Document
from jkannotate.ingest import NEAR_DUPLICATE_THRESHOLD, signature, signatures, similarity
from jkannotate.ingest.duplicate_links import assign_groups
from jkannotate.ingest.duplicates import NUM_HASHES, shingle_set


def jaccard(a: str, b: str) -> float:
    first, second = shingle_set(a), shingle_set(b)
    return len(first & second) / len(first | second)


def variants(seed_docs: dict[str, Document]) -> dict[str, tuple[str, str]]:
    """Pairs that must group: updates and rewrites of one story, made from the seeds."""
    summit = seed_docs["003"].text.split("\n\n")
    updated = "\n\n".join(
        summit[:5]
        + ["In a further development on Friday, the two governments said working-level talks "
           "would begin next month in Seoul."]
        + summit[5:-2]
        + ["Officials said details of the security dialogue would be announced later."])
    call = seed_docs["002"].text
    trimmed = "\n\n".join(call.split("\n\n")[:8])
    copy_edited = re.sub(r"\bFriday\b", "on Friday", call).replace("Kishida", "Mr Kishida")
    kyodo = seed_docs["004"].text
    rewritten = kyodo.replace("Thursday", "on Thursday").replace("the Foreign Ministry said",
                                                                 "Japan's Foreign Ministry said")
    return {
        "update with new paragraphs": (seed_docs["003"].text, updated),
        "trimmed syndicated copy": (call, trimmed),
        "copy-edited version": (call, copy_edited),
        "lightly rewritten wire copy": (kyodo, rewritten),
        "two outlets, same wire story (000/002)": (seed_docs["000"].text, call),
    }


def test_similarity_table_justifies_the_threshold(seed_docs: dict[str, Document]) -> None:
    keys = sorted(seed_docs)
    signatures = {key: signature(seed_docs[key].text) for key in keys}
    print(f"\nthreshold {NEAR_DUPLICATE_THRESHOLD}; estimated (exact Jaccard)")
    same_topic = []
    for first, second in itertools.combinations(keys, 2):
        estimate = similarity(signatures[first], signatures[second])
        exact = jaccard(seed_docs[first].text, seed_docs[second].text)
        print(f"  seeds {first}-{second}: {estimate:.3f} ({exact:.3f})")
        if {first, second} != {"000", "002"}:
            same_topic.append((estimate, exact))
    pairs = variants(seed_docs)
    for name, (a, b) in pairs.items():
        print(f"  {name}: {similarity(signature(a), signature(b)):.3f} ({jaccard(a, b):.3f})")

    # Same topic, other events: far below the threshold, estimated and exact.
    assert max(exact for _, exact in same_topic) < NEAR_DUPLICATE_THRESHOLD / 5
    assert max(estimate for estimate, _ in same_topic) < NEAR_DUPLICATE_THRESHOLD
    # Updates and rewrites: far above it.
    for name, (a, b) in pairs.items():
        assert jaccard(a, b) >= 2 * NEAR_DUPLICATE_THRESHOLD, name
        assert similarity(signature(a), signature(b)) >= NEAR_DUPLICATE_THRESHOLD, name


def test_seeds_000_and_002_group_and_nothing_else(seed_docs: dict[str, Document]) -> None:
    new = [(int(key), signature(seed_docs[key].text)) for key in sorted(seed_docs)]
    assert assign_groups(new) == {0: 0, 2: 0}


def test_batch_signatures_equal_one_at_a_time(seed_docs: dict[str, Document]) -> None:
    rng = random.Random(5)
    words = [f"w{i}" for i in range(400)]
    texts = [doc.text for doc in seed_docs.values()] + [
        "", "a", "one two three four", "one two three four five", "  \n ",
        "Japan’s “firm” — action", "岸田文雄首相は16日、韓国の尹錫悦大統領と会談した。",
    ]
    texts += [" ".join(rng.choices(words, k=rng.randint(0, 900))) for _ in range(200)]
    assert signatures(texts) == [signature(text) for text in texts]
    assert signatures([]) == []


def test_signatures_are_those_stored_by_earlier_versions() -> None:
    """Stored signatures stay comparable with new ones: their bytes are pinned (as made
    before the computation's speed-ups), whatever the speed-ups to come."""
    texts = ["Seoul and Tokyo agreed on Friday to resume talks on export controls.",
             "日本と韓国の首脳会談が東京で開かれた。", "한국과 일본 정상회담 “셔틀 외교” 복원",
             "short", "",
             "Yoon’s visit — the first in 12 years — ended with a joint press conference."]
    expected = "8281e777"
    assert hashlib.sha256(b"".join(signatures(texts))).hexdigest()[:8] == expected
    assert hashlib.sha256(b"".join(map(signature, texts))).hexdigest()[:8] == expected


def test_signature_is_stable_across_processes() -> None:
    text = "Japan and South Korea agreed to resume shuttle diplomacy. 日韓首脳が会談した。"
    code = ("import sys; from jkannotate.ingest import signature; "
            "sys.stdout.write(signature(sys.argv[1]).hex())")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)}
        run = subprocess.run([sys.executable, "-c", code, text], capture_output=True, text=True,
                             env=env, check=True)
        outputs.add(run.stdout)
    assert outputs == {signature(text).hex()}


def test_signature_shape_and_basic_properties() -> None:
    text = "The two leaders met in Tokyo on Thursday and agreed to meet again next year."
    sig = signature(text)
    assert len(sig) == 2 * NUM_HASHES
    assert similarity(sig, sig) == 1.0
    assert signature(text.upper()) == sig  # ASCII case does not matter
    assert similarity(signature(""), signature("")) == 0.0
    assert similarity(signature(text), signature("Completely different words about other "
                                                 "matters entirely, nothing shared here.")) < 0.05
    with pytest.raises(ValueError):
        similarity(sig, sig[:-2])


def test_typographic_quotes_do_not_split_matches() -> None:
    curly = "Kishida said Japan’s “concrete, firm action” was needed to improve ties."
    straight = 'Kishida said Japan\'s "concrete, firm action" was needed to improve ties.'
    assert signature(curly) == signature(straight)


def test_japanese_text_without_spaces() -> None:
    base = ("岸田文雄首相は16日、韓国の尹錫悦大統領と首相官邸で会談し、首脳が相互に訪問する"
            "シャトル外交を再開することで一致した。両首脳は元徴用工問題や輸出管理の見直しについても"
            "意見を交わした。政府関係者は、日韓関係の正常化に向けた大きな一歩になると述べた。")
    edited = base.replace("大きな一歩", "重要な一歩")
    other = ("北朝鮮は17日朝、日本海に向けて弾道ミサイル1発を発射した。防衛省によると、"
             "ミサイルは約千キロ飛行し、排他的経済水域の外側に落下したとみられる。")
    assert similarity(signature(base), signature(edited)) > 0.5
    assert similarity(signature(base), signature(other)) < NEAR_DUPLICATE_THRESHOLD
