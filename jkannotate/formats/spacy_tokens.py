"""The one tokenizer the token-based formats share: spaCy's blank English tokenizer.

Only the spaCy-allowed format modules (``docbin``, ``conll``) and the registry's lazy
wrappers import this module; Prodigy gets its tokens through a callable.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


@lru_cache(maxsize=1)
def blank_nlp() -> Language:
    """A blank English pipeline (tokenizer only), built once per process."""
    import spacy

    return spacy.blank("en")


def tokenize(text: str) -> list[tuple[int, int, bool]]:
    """Each token's (start, end, followed_by_whitespace) in code points."""
    doc = blank_nlp().make_doc(text)
    return [(t.idx, t.idx + len(t.text), bool(t.whitespace_)) for t in doc]
