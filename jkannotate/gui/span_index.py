"""Spans of one layer placed in Qt's UTF-16 positions, with nesting levels and range queries.

Built once when a document opens; edits update single entries, so the view never
rebuilds the whole document to show one change.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from jkannotate.core.model import Span
from jkannotate.core.offsets import Utf16Index


@dataclass(slots=True)
class ViewSpan:
    span: Span
    start16: int
    end16: int
    level: int = 0  # 0 = outermost; nested/overlapping spans get their own underline row


def _start_then_longest(view: ViewSpan) -> tuple[int, int]:
    return (view.start16, -view.end16)


class SpanIndex:
    """Sorted by UTF-16 start; ``overlapping(lo, hi)`` finds what a viewport shows."""

    def __init__(self, text: str, spans: list[Span]) -> None:
        self.utf16 = Utf16Index(text)
        self.by_uid: dict[str, ViewSpan] = {}
        self._starts: list[int] = []
        self._uids: list[str] = []
        self._longest = 0
        if self.utf16.identity:  # no astral characters: no conversion per span
            entries = [ViewSpan(s, s.start, s.end) for s in spans]
        else:
            entries = [self._view(s) for s in spans]
        entries.sort(key=_start_then_longest)
        self.by_uid = {entry.span.uid: entry for entry in entries}
        self._starts = [entry.start16 for entry in entries]
        self._uids = [entry.span.uid for entry in entries]
        self._longest = max((e.end16 - e.start16 for e in entries), default=0)
        self._assign_levels()

    def _view(self, span: Span) -> ViewSpan:
        return ViewSpan(span, self.utf16.to_utf16(span.start), self.utf16.to_utf16(span.end))

    def __len__(self) -> int:
        return len(self._uids)

    def _assign_levels(self) -> None:
        """Greedy rows: a span sits one row below every span it overlaps that started earlier."""
        row_ends: list[int] = []
        for uid in self._uids:
            entry = self.by_uid[uid]
            for row, end in enumerate(row_ends):
                if end <= entry.start16:
                    entry.level = row
                    row_ends[row] = entry.end16
                    break
            else:
                entry.level = len(row_ends)
                row_ends.append(entry.end16)

    def ordered(self) -> list[ViewSpan]:
        return [self.by_uid[u] for u in self._uids]

    def overlapping(self, lo16: int, hi16: int) -> list[ViewSpan]:
        """Spans intersecting ``[lo16, hi16)`` in start order."""
        first = bisect.bisect_left(self._starts, lo16 - self._longest)
        last = bisect.bisect_left(self._starts, hi16)
        found = []
        for i in range(first, last):
            entry = self.by_uid[self._uids[i]]
            if entry.end16 > lo16:
                found.append(entry)
        return found

    def containing(self, pos16: int) -> list[ViewSpan]:
        """Spans under a position, innermost (shortest) first."""
        hits = [v for v in self.overlapping(pos16, pos16 + 1) if v.start16 <= pos16 < v.end16]
        return sorted(hits, key=lambda v: v.end16 - v.start16)

    # updates -------------------------------------------------------------------

    def update(self, span: Span) -> tuple[ViewSpan | None, ViewSpan]:
        """Put a new or changed span in place; returns (old entry, new entry)."""
        old = self.by_uid.get(span.uid)
        entry = self._view(span)
        if old is not None and (old.start16, old.end16) == (entry.start16, entry.end16):
            entry.level = old.level
            self.by_uid[span.uid] = entry  # same place: no reordering, no new rows
            return old, entry
        if old is not None:
            self._drop(span.uid)
        at = bisect.bisect_left(self._starts, entry.start16)
        self._starts.insert(at, entry.start16)
        self._uids.insert(at, span.uid)
        self.by_uid[span.uid] = entry
        self._longest = max(self._longest, entry.end16 - entry.start16)
        self._assign_levels()
        return old, entry

    def update_many(self, spans: list[Span]) -> None:
        """Put many new or changed spans in place with one re-sort and one level pass."""
        moved = False
        for span in spans:
            old = self.by_uid.get(span.uid)
            entry = self._view(span)
            if old is not None and (old.start16, old.end16) == (entry.start16, entry.end16):
                entry.level = old.level
            else:
                moved = True
            self.by_uid[span.uid] = entry
            self._longest = max(self._longest, entry.end16 - entry.start16)
        if moved:
            order = sorted(self.by_uid.values(), key=lambda v: (v.start16, -v.end16))
            self._starts = [v.start16 for v in order]
            self._uids = [v.span.uid for v in order]
            self._assign_levels()

    def remove(self, uid: str) -> ViewSpan | None:
        old = self.by_uid.get(uid)
        if old is not None:
            self._drop(uid)
            self._assign_levels()
        return old

    def _drop(self, uid: str) -> None:
        at = self._uids.index(uid)
        del self._uids[at]
        del self._starts[at]
        del self.by_uid[uid]
