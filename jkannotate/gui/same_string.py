"""Every occurrence of a span's string in its document, and the edits that label or reject
them all at once (one transaction, one undo step through the project's write path)."""

from __future__ import annotations

from jkannotate.core import edits as ed
from jkannotate.core.model import Layer, Origin, Span, State

_UNSPACED = 0x2E80  # from here on (CJK, kana, Hangul) words touch without spaces


def _joins(a: str, b: str) -> bool:
    """Would ``a`` next to ``b`` be one word? (Letters or digits of spaced scripts.)"""
    return a.isalnum() and b.isalnum() and ord(a) < _UNSPACED and ord(b) < _UNSPACED


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Where ``surface`` occurs as a whole word (in unspaced scripts: anywhere)."""
    found: list[tuple[int, int]] = []
    if not surface.strip():
        return found
    at = text.find(surface)
    while at >= 0:
        end = at + len(surface)
        before = at > 0 and _joins(text[at - 1], surface[0])
        after = end < len(text) and _joins(surface[-1], text[end])
        if not before and not after:
            found.append((at, end))
        at = text.find(surface, at + 1)
    return found


def label_all(text: str, layer: Layer, model: Span) -> list[ed.Edit]:
    """Give every occurrence of ``model``'s string its label, accepted: spans already there
    (same kind) are relabelled, bare occurrences get a new span; an occurrence inside or
    across another span of the same kind is left alone."""
    surface = text[model.start : model.end]
    edits: list[ed.Edit] = []
    same_kind = [s for s in layer.spans if s.kind is model.kind and s.state is not State.REJECTED]
    for start, end in occurrences(text, surface):
        here = [s for s in layer.spans if (s.start, s.end, s.kind) == (start, end, model.kind)]
        if here:
            for span in here:
                if (span.label, span.state) != (model.label, State.ACCEPTED):
                    edits.append(
                        ed.UpdateSpan.of(span.uid, label=model.label, state=State.ACCEPTED)
                    )
        elif not any(s.start < end and start < s.end for s in same_kind):
            edits.append(
                ed.AddSpan(
                    Span(
                        start,
                        end,
                        model.label,
                        kind=model.kind,
                        origin=Origin.MANUAL,
                        state=State.ACCEPTED,
                    )
                )
            )
    return edits


def reject_all(text: str, layer: Layer, model: Span) -> list[ed.Edit]:
    """Reject every span of ``model``'s kind on its string (a span the annotator made is
    removed, as the reject key does)."""
    places = set(occurrences(text, text[model.start : model.end]))
    edits: list[ed.Edit] = []
    for span in layer.spans:
        if span.kind is not model.kind or (span.start, span.end) not in places:
            continue
        if span.origin is Origin.MANUAL:
            edits.append(ed.RemoveSpan(span.uid))
        elif span.state is not State.REJECTED:
            edits.append(ed.UpdateSpan.of(span.uid, state=State.REJECTED))
    return edits
