"""The edit log as data: entries, each user's undo and redo stacks, and span histories.

Every batch of edits applied to a layer is logged (who, when, the edits and their
inverse). Undo and redo are edits themselves, logged as ``undo``/``redo`` entries that
point at what they revert, so the log only ever grows and the stacks can be rebuilt
from it at any time: after a restart, from the command line, for each user alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from jkannotate.core import edits as ed
from jkannotate.core.model import Layer

DO, UNDO, REDO = "do", "undo", "redo"
# bulk writes by a long job, logged under the user who ran it: a suggest run (the
# suggestion layer and the pending suggestions of annotators' layers) is nobody's edit
# to undo; an adjudication (gold built or seeded from the annotators) is the reviewer's
SUGGEST, ADJUDICATE = "suggest", "adjudicate"
UNDOABLE = (DO, ADJUDICATE)
# a layer created (at version 0, nothing stepped) by opening it: on nobody's undo stack;
# its edits, applied with the creation, are what the project memory changed in the
# pending suggestions the layer starts from
OPEN = "open"


@dataclass(slots=True)
class LogEntry:
    """One logged batch of edits to one layer."""

    author: str
    edits: list[ed.Edit]
    inverse: list[ed.Edit]
    action: str = DO
    reverts: int | None = None
    id: int | None = None
    layer_id: int | None = None
    document_id: int | None = None
    at: str = ""
    version: int = 0
    layer_kind: str = ""
    layer_owner: str = ""
    span_uids: list[str] = field(default_factory=list)

    @property
    def layer_name(self) -> str:
        return self.layer_owner if self.layer_kind == "annotator" else self.layer_kind


def touched_spans(edits: Iterable[ed.Edit]) -> list[str]:
    """Uids of the spans the edits add, change or remove (or comment on), in order, and
    of the spans an added span was made from."""
    uids: dict[str, None] = {}
    for edit in edits:
        match edit:
            case ed.AddSpan(span, made_from):
                uids[span.uid] = None
                uids.update(dict.fromkeys(made_from))  # its history goes on from theirs
            case ed.UpdateSpan(uid) | ed.RemoveSpan(uid):
                uids[uid] = None
            case ed.AddArgument(argument):
                uids[argument.event_uid] = None
                uids[argument.argument_uid] = None
            case ed.AddComment(comment) if comment.span_uid:
                uids[comment.span_uid] = None
    return list(uids)


def opening(author: str, copied: Layer, layer: Layer) -> LogEntry:
    """The ``open`` entry of a new layer: ``copied`` is what it was started from (the
    pending suggestions), ``layer`` what it is created with."""
    edits = ed.rewrite(copied, layer)
    return LogEntry(author, edits, ed.inverse(copied, edits), action=OPEN)


@dataclass(slots=True)
class Stacks:
    """One user's undo and redo stacks on one layer, rebuilt from their log entries."""

    undo: list[LogEntry] = field(default_factory=list)
    redo: list[LogEntry] = field(default_factory=list)


def stacks(entries: Sequence[LogEntry]) -> Stacks:
    """Replay one author's entries on one layer (in log order) into undo/redo stacks.

    A new edit clears the redo stack, as in every editor; an undo moves its target to
    the redo stack (as the undo entry, whose inverse redoes it); a redo moves it back.
    """
    result = Stacks()
    for entry in entries:
        if entry.action in UNDOABLE:
            result.undo.append(entry)
            result.redo.clear()
        elif entry.action == UNDO:
            result.undo = [e for e in result.undo if e.id != entry.reverts]
            result.redo.append(entry)
        elif entry.action == REDO:
            result.redo = [e for e in result.redo if e.id != entry.reverts]
            result.undo.append(entry)
    return result


def describe_entry(entry: LogEntry, span_uid: str | None = None) -> str:
    """What an entry did, for a history line; only what touched ``span_uid`` when given."""
    edits, inverse = entry.edits, entry.inverse
    if entry.action == UNDO:  # its inverse is what it took back
        edits, inverse = inverse, edits
    if span_uid is not None:
        edits = [e for e in edits if span_uid in touched_spans([e])]
    added = "suggested" if entry.action == SUGGEST else "added"
    text = ed.describe(edits, inverse, added=added) or "no change"
    if entry.action == OPEN:
        return f"opened the layer (memory: {text})" if edits else "opened the layer"
    if entry.action == ADJUDICATE:
        return f"adjudicated ({text})"
    if entry.action == UNDO:
        return f"undid ({text})"
    if entry.action == REDO:
        return f"redid ({text})"
    return text


def trace(
    span_uid: str, entries_of: Callable[[str], Sequence[LogEntry]]
) -> list[tuple[LogEntry, str]]:
    """The entries of a span's history in log order, each with the uid it is about.

    ``entries_of(uid)`` gives the logged entries touching a uid. A span keeps its uid
    from the suggestion layer into the annotators' layers (and into gold where their
    versions share it), so those entries are the span's across layers. A span added
    with ``made_from`` (gold adjudicated from versions with different uids) continues
    the history of each of those spans, up to the entry that made it from them.
    """
    found: dict[int, tuple[LogEntry, str]] = {}
    reached: dict[str, int | None] = {}  # uid -> the entry its history is read up to
    todo: list[tuple[str, int | None]] = [(span_uid, None)]
    while todo:
        uid, until = todo.pop(0)
        if uid in reached and _covers(reached[uid], until):
            continue
        reached[uid] = until
        for entry in entries_of(uid):
            assert entry.id is not None  # entries read from the log
            if until is not None and entry.id > until:
                continue
            found.setdefault(entry.id, (entry, uid))
            todo += [
                (source, entry.id)
                for edit in entry.edits
                if isinstance(edit, ed.AddSpan) and edit.span.uid == uid
                for source in edit.made_from
                if source != uid
            ]
    return [found[number] for number in sorted(found)]


def _covers(read_to: int | None, wanted: int | None) -> bool:
    """Whether a history read up to entry ``read_to`` (None: all of it) holds ``wanted``'s."""
    return read_to is None or (wanted is not None and wanted <= read_to)


@dataclass(slots=True)
class HistoryLine:
    """One line of a document's or span's history."""

    at: str
    who: str
    layer: str
    what: str
    action: str = DO
    version: int | None = None
    entry_id: int | None = None
    span: str | None = None  # the span the line is about (one the asked span was made from)

    def text(self) -> str:
        when = self.at.replace("T", " ")[:16] if self.at else "-"
        where = "review" if self.layer == "gold" else self.layer
        return f"{when}  {self.who}  [{where}]  {self.what}"

    def to_dict(self) -> dict[str, object]:
        return {
            "at": self.at,
            "who": self.who,
            "layer": self.layer,
            "action": self.action,
            "what": self.what,
            "version": self.version,
            "entry": self.entry_id,
            "span": self.span,
        }


def line_of(entry: LogEntry, span_uid: str | None = None) -> HistoryLine:
    """A history line; a suggest run's is by the suggester that proposed the span (its
    source), or for a whole document by the run's model, and names who ran it."""
    who = entry.author
    if entry.action == SUGGEST:  # one span's suggester, else the run's model
        sources = [e.span.source for e in entry.edits
                   if isinstance(e, ed.AddSpan) and e.span.uid == span_uid and e.span.source]
        models = [e.model for e in entry.edits if isinstance(e, ed.SetModel) and e.model]
        # runs logged before the model had a field of its own named it in the notes
        models += [e.notes for e in entry.edits if isinstance(e, ed.SetNotes) and e.notes]
        who = f"{(sources or models or ['suggester'])[0]} (run by {entry.author})"
    return HistoryLine(
        at=entry.at,
        who=who,
        layer=entry.layer_name,
        what=describe_entry(entry, span_uid),
        action=entry.action,
        version=entry.version,
        entry_id=entry.id,
        span=span_uid,
    )
