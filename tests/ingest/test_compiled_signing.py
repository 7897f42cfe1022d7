"""The compiled signer (ingest/_minhash.c) gives numpy's signatures, byte for byte.

Stored signatures are compared with new ones for as long as a project lives, so the two
implementations must never drift: any text, any script, any batch."""

from __future__ import annotations

import random
import shutil
import sysconfig

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jkannotate.ingest import duplicates
from jkannotate.ingest.duplicates import NUM_HASHES, numpy_signature_block

compiled = pytest.mark.skipif(not duplicates.COMPILED, reason="installed without a C compiler")


def c_compiler() -> str | None:
    command = (sysconfig.get_config_var("CC") or "").split()
    return shutil.which(command[0]) if command else None


def test_the_extension_is_built_where_a_c_compiler_is() -> None:
    if c_compiler() is None:
        pytest.skip("no C compiler here: numpy signs")
    assert duplicates.COMPILED, (
        "jkannotate/ingest/_minhash.c was not built (the build is optional and a failure "
        "is silent): run pip install -e . and read its output")


WORDS = ["Seoul", "Tokyo", "Japan’s", "“summit”", "—", "1965", "한일", "정상회담", "岸田文雄",
         "首相は16日", "ｶﾀｶﾅ", "Ｋｏｒｅａ", "café", "naïve", "😀", "🇯🇵", "\u2028", "a", "I",
         "...", "‘x’", "—a—", "it’s", "e.g.", "U.S.", "\t", "\n\n", "é" * 40, "x" * 300]
texts = st.lists(
    st.one_of(
        st.text(max_size=400),  # any character (hypothesis leaves out lone surrogates)
        st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
        st.lists(st.sampled_from(WORDS), max_size=60).map("".join),
    ),
    max_size=12,
)


@compiled
@settings(max_examples=300, deadline=None)
@given(texts)
def test_any_texts_are_signed_as_numpy_signs_them(batch: list[str]) -> None:
    block = duplicates.signature_block(batch)
    assert len(block) == 2 * NUM_HASHES * len(batch)
    assert block == numpy_signature_block(batch)


@compiled
def test_a_large_mixed_corpus_is_signed_as_numpy_signs_it() -> None:
    rng = random.Random(7)
    vocabulary = WORDS + [f"w{k}" for k in range(3000)]
    batch = [" ".join(rng.choices(vocabulary, k=rng.randint(0, 1200))) for _ in range(400)]
    batch += ["", " ", "one", "one two three four", "one two three four five"]
    block = duplicates.signature_block(batch)
    assert block == numpy_signature_block(batch)
    assert len(set(block[k : k + 256] for k in range(0, len(block), 256))) > 390  # not constant
    assert duplicates.signatures(batch) == [duplicates.signature(text) for text in batch]


@compiled
def test_what_numpy_refuses_the_compiled_signer_refuses() -> None:
    from jkannotate.ingest._minhash import signature_block

    for bad in (["fine", b"bytes"], ["fine", None]):
        with pytest.raises(TypeError):
            signature_block(bad)
    with pytest.raises(UnicodeEncodeError):  # a lone surrogate has no UTF-8
        signature_block(["fine", "\ud800"])
    with pytest.raises(UnicodeEncodeError):
        numpy_signature_block(["fine", "\ud800"])
    with pytest.raises(TypeError):
        signature_block(3)

    class Headline(str):
        pass

    assert signature_block((Headline("Seoul and Tokyo"),)) == numpy_signature_block(
        ["Seoul and Tokyo"])
