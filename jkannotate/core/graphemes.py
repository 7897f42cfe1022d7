"""Selections snapped to what a reader sees as characters and words, in every script.

A selection never ends inside a user-perceived character (an accent written as a
combining mark, an emoji flag, a Hangul syllable in jamo, a ZWJ emoji): it is widened
to whole grapheme clusters (Unicode's extended grapheme clusters, ``\\X``). It then grows
to whole words where words are separated by spaces, but never into a run of Chinese,
Japanese or Korean characters: unspaced CJK text has no word boundary a regular
expression can see, so there the reader's own selection is the span.
"""

from __future__ import annotations

import regex

from jkannotate.core.offsets import check_span

_CLUSTER = regex.compile(r"\X")
_WORDLIKE = regex.compile(r"[\p{L}\p{N}]")
_CJK = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3005\u30fc\uff66-\uff9f]")
_JOINERS = frozenset("-'’.")  # inside a word: "Jae-in", "O'Brien", "U.S"
_TRAILING = regex.compile(r"(?:['’]s?|[.,;:])$")  # a possessive or punctuation after a name
_CONTEXT = 64  # clusters looked at either side of a selection


def _scan_from(text: str, position: int) -> int:
    """A position at or before ``position`` where cluster boundaries are certain."""
    cut = max(0, position - _CONTEXT)
    while cut > 0 and not text[cut - 1].isspace():
        cut -= 1
        if position - cut > 4 * _CONTEXT:  # a long unspaced run: clusters are short
            break
    return cut


def clusters(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Grapheme clusters overlapping ``[start, end)`` plus some context either side."""
    found = []
    for match in _CLUSTER.finditer(text, _scan_from(text, start)):
        found.append(match.span())
        if match.start() >= end + _CONTEXT:
            break
    return found


def _is_word(text: str, cluster: tuple[int, int]) -> bool:
    return bool(_WORDLIKE.match(text, cluster[0]))


def _is_cjk(text: str, cluster: tuple[int, int]) -> bool:
    return bool(_CJK.match(text, cluster[0]))


def _spaced_word(text: str, cluster: tuple[int, int]) -> bool:
    return _is_word(text, cluster) and not _is_cjk(text, cluster)


def snap_selection(text: str, start: int, end: int) -> tuple[int, int]:
    """Whole grapheme clusters, trimmed of space and punctuation, grown to whole spaced words.

    ``"outh Kor"`` in "South Korea" becomes "South Korea"; ``" Seoul, "`` becomes "Seoul";
    "Caf" in "Café" (accent as a combining mark) becomes "Café" with its accent; 尹錫悦 in
    an unspaced Japanese sentence stays 尹錫悦. Returns an empty range when the selection
    holds nothing but space.
    """
    check_span(text, start, end, "selection")
    found = clusters(text, start, end)
    first = next(i for i, (_s, e) in enumerate(found) if e > start)
    last = max(i for i, (s, _e) in enumerate(found) if s < end)
    chosen = found[first : last + 1]
    if any(_is_word(text, c) for c in chosen):
        keep = [i for i, c in enumerate(chosen) if _is_word(text, c)]
    else:  # symbols only (an emoji, a percent sign): keep them, drop the space
        keep = [i for i, c in enumerate(chosen) if not text[c[0]].isspace()]
    if not keep:
        return start, start
    first, last = first + keep[0], first + keep[-1]
    first = _grow(text, found, first, -1)
    last = _grow(text, found, last, +1)
    start, end = found[first][0], found[last][1]
    trailing = _TRAILING.search(text, start, end)
    if trailing and not _is_cjk(text, found[first]) and trailing.start() > start:
        end = trailing.start()
    return start, end


def _grow(text: str, found: list[tuple[int, int]], at: int, step: int) -> int:
    """Move from cluster ``at`` outwards while the spaced word it belongs to goes on."""
    if not _spaced_word(text, found[at]):
        return at
    while 0 <= at + step < len(found):
        nxt = found[at + step]
        if _spaced_word(text, nxt):
            at += step
            continue
        beyond = at + 2 * step
        joined = (
            text[nxt[0] : nxt[1]] in _JOINERS
            and 0 <= beyond < len(found)
            and _spaced_word(text, found[beyond])
        )
        if not joined:
            break
        at = beyond
    return at


def word_bounds(text: str) -> list[tuple[int, int]]:
    """Word tokens for moving span edges: spaced words whole, each CJK character alone,
    each other visible cluster (punctuation, emoji) alone; never splitting a cluster."""
    tokens: list[tuple[int, int]] = []
    open_word: list[int] | None = None
    for match in _CLUSTER.finditer(text):
        cluster = match.span()
        if _spaced_word(text, cluster):
            if open_word is not None and open_word[1] == cluster[0]:
                open_word[1] = cluster[1]
                continue
            open_word = [cluster[0], cluster[1]]
            tokens.append((0, 0))  # placeholder, filled when the word closes
            continue
        if open_word is not None:
            tokens[-1] = (open_word[0], open_word[1])
            open_word = None
        if not text[cluster[0]].isspace():
            tokens.append(cluster)
    if open_word is not None:
        tokens[-1] = (open_word[0], open_word[1])
    return tokens
