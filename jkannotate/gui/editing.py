"""What the annotation keys do: each handler is one project operation on the open layer.

Widgets call these; none of them touches the database except through the session.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import replace

from jkannotate.core import edits as ed
from jkannotate.core.graphemes import snap_selection
from jkannotate.core.model import (
    DocTag,
    EventArgument,
    Evidence,
    LabelKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.gui.article_view import ArticleView
from jkannotate.gui.same_string import label_all, reject_all
from jkannotate.gui.session import EditSession


class Editor:
    """Keyboard editing of the open document: create, relabel, accept, reject, link, tag."""

    def __init__(self, session: EditSession, view: ArticleView, say: Callable[[str], None]) -> None:
        self.session = session
        self.view = view
        self.say = say  # a one-line message for the status bar
        self.anchor_event = ""  # the event trigger that role keys link arguments to

    @property
    def project(self):  # type: ignore[no-untyped-def]
        return self.session.project

    def current(self) -> Span | None:
        return self.session.span(self.view.current_uid)

    def remember_event(self, uid: str) -> None:
        span = self.session.span(uid)
        if span is not None and span.kind is LabelKind.EVENT:
            self.anchor_event = uid

    # spans ----------------------------------------------------------------------

    def label_key(self, label: str, exact: bool = False) -> None:
        """On a selection: a new span (snapped to words unless exact); on a span: relabel."""
        selection = self.view.selection()
        if selection is not None:
            start, end = selection
            same = self._span_on(start, end, label, exact)
            if same is not None:  # the selection is an existing span: relabel it, no twin
                self.view.clear_selection()
                self.view.set_current(same.uid, scroll=False)
                if (same.label, same.state) == (label, State.ACCEPTED):
                    self.say(f"That span is already {label}.")
                    return
                self.session.run(
                    f"Relabel as {label}",
                    lambda layer: self.project.relabel(layer, same.uid, label),
                )
                return
            changes = self.session.run(
                f"Label {label}",
                lambda layer: self.project.add_span(layer, start, end, label, exact=exact),
            )
            if changes is not None:
                self.view.clear_selection()
                added = [e.span.uid for e in changes.edits if isinstance(e, ed.AddSpan)]
                if added:
                    self.view.set_current(added[0], scroll=False)
                    self.remember_event(added[0])
            return
        span = self.current()
        if span is None:
            self.say("Select some text or a span first (Tab moves to the next suggestion).")
            return
        self.session.run(
            f"Relabel as {label}", lambda layer: self.project.relabel(layer, span.uid, label)
        )

    def _span_on(self, start: int, end: int, label: str, exact: bool) -> Span | None:
        """The span of the same kind as ``label`` on the (snapped) selection, if any."""
        layer, document = self.session.layer, self.session.document
        if layer is None or document is None:
            return None
        if not exact:
            start, end = snap_selection(document.text, start, end)
        schema = self.project.schema
        kind = LabelKind.ENTITY if schema.has(label, LabelKind.ENTITY) else LabelKind.EVENT
        same = [s for s in layer.spans if (s.start, s.end, s.kind) == (start, end, kind)]
        same.sort(key=lambda s: (s.label != label, s.state is State.REJECTED))
        return same[0] if same else None

    def accept(self) -> None:
        span = self.current()
        if span is None:
            self.say("No span selected.")
            return
        if span.state is not State.ACCEPTED:
            self.session.run("Accept", lambda layer: self.project.accept(layer, [span.uid]))
        self.next_pending()

    def reject(self) -> None:
        """Reject a suggestion; a span you made yourself is removed instead."""
        span = self.current()
        if span is None:
            self.say("No span selected.")
            return
        if span.origin is Origin.MANUAL:
            self.session.run("Remove span", lambda layer: self.project.remove_span(layer, span.uid))
            self.view.set_current("")
        else:
            self.session.run("Reject", lambda layer: self.project.reject(layer, [span.uid]))
        self.next_pending()

    def accept_all(self) -> None:
        layer = self.session.layer
        if layer is None or not any(s.state is State.PENDING for s in layer.spans):
            self.say("No pending suggestions left.")
            return
        self.session.run("Accept all", self.project.accept_all)

    def label_all_same(self) -> None:
        """The current span's label, accepted, on every occurrence of its string in the
        document (new spans where there are none): one undo step."""
        self._same_string(label_all, "Labelled", "as {label}")

    def reject_all_same(self) -> None:
        """Reject (or remove, if made by hand) the spans on every occurrence of the current
        span's string: one undo step."""
        self._same_string(reject_all, "Rejected", "")

    def _same_string(self, make, verb: str, how: str) -> None:  # type: ignore[no-untyped-def]
        span, layer, document = self.current(), self.session.layer, self.session.document
        if span is None or layer is None or document is None:
            self.say("Select a span first: this acts on every occurrence of its text.")
            return
        surface = document.text[span.start : span.end]
        edits = make(document.text, layer, span)
        if not edits:
            self.say(f"Nothing to change: every “{surface}” is already so.")
            return
        count = len({e.span.uid if isinstance(e, ed.AddSpan) else e.uid for e in edits})
        what = f"{verb} {count} × “{surface}” {how.format(label=span.label)}".rstrip()
        if self.session.run(what, lambda layer: self.project.apply(layer, edits)) is not None:
            self.say(what + " (Ctrl+Z undoes it in one step).")

    def resize(self, side: str, grow: bool) -> None:
        """Move the start or end of the current span by one token."""
        span = self.current()
        if span is None:
            self.say("No span selected.")
            return
        tokens = self.session.token_bounds()
        starts = [t[0] for t in tokens]
        ends = [t[1] for t in tokens]
        start, end = span.start, span.end
        if side == "end" and grow:
            at = bisect.bisect_right(ends, end)
            end = ends[at] if at < len(ends) else end
        elif side == "end":
            at = bisect.bisect_left(ends, end) - 1
            end = ends[at] if at >= 0 and ends[at] > start else end
        elif side == "start" and grow:
            at = bisect.bisect_left(starts, start) - 1
            start = starts[at] if at >= 0 else start
        else:
            at = bisect.bisect_right(starts, start)
            start = starts[at] if at < len(starts) and starts[at] < end else start
        if (start, end) == (span.start, span.end):
            self.say("The span cannot change that way.")
            return
        self.session.run(
            "Resize span",
            lambda layer: self.project.apply(
                layer, [ed.UpdateSpan.of(span.uid, start=start, end=end, state=State.ACCEPTED)]
            ),
        )

    # navigation ------------------------------------------------------------------

    def _targets(self) -> list[Span]:
        layer = self.session.layer
        if layer is None:
            return []
        pending = [s for s in layer.spans if s.state is State.PENDING]
        chosen = pending or [s for s in layer.spans if s.state is not State.REJECTED]
        return sorted(chosen, key=lambda s: (s.start, s.end))

    def first_pending(self) -> str:
        layer = self.session.layer
        pending = [s for s in layer.spans if s.state is State.PENDING] if layer else []
        return min(pending, key=lambda s: (s.start, s.end)).uid if pending else ""

    def next_pending(self, backwards: bool = False) -> None:
        targets = self._targets()
        if not targets:
            self.view.set_current("")
            self.say("No spans in this document.")
            return
        here = self.current()
        key = (here.start, here.end) if here else (-1, -1)
        if backwards:
            before = [s for s in targets if (s.start, s.end) < key] if here else targets
            chosen = before[-1] if before else targets[-1]
        else:
            after = [s for s in targets if (s.start, s.end) > key]
            chosen = after[0] if after else targets[0]
        self.view.set_current(chosen.uid)
        self.remember_event(chosen.uid)

    def next_same_label(self, backwards: bool = False) -> None:
        """The next (previous) span with the current span's label, rejected ones aside."""
        here = self.current()
        layer = self.session.layer
        if here is None or layer is None:
            self.say("Select a span first: Alt+Down then goes to the next one of its label.")
            return
        same = sorted(
            (s for s in layer.spans if s.label == here.label and s.state is not State.REJECTED),
            key=lambda s: (s.start, s.end),
        )
        key = (here.start, here.end)
        if backwards:
            before = [s for s in same if (s.start, s.end) < key]
            chosen = before[-1] if before else same[-1]
        else:
            after = [s for s in same if (s.start, s.end) > key]
            chosen = after[0] if after else same[0]
        if chosen.uid == here.uid:
            self.say(f"This is the only {here.label} span.")
            return
        self.view.set_current(chosen.uid)
        self.remember_event(chosen.uid)

    def next_low_confidence(self) -> None:
        """The pending suggestion the suggester was least sure of (then the next least)."""
        layer = self.session.layer
        pending = [s for s in layer.spans if s.state is State.PENDING] if layer else []
        if not pending:
            self.say("No pending suggestions left.")
            return

        def order(span: Span) -> tuple[float, int, int]:
            confidence = span.confidence if span.confidence is not None else 1.0
            return (confidence, span.start, span.end)

        pending.sort(key=order)
        here = self.current()
        after = [s for s in pending if here is None or order(s) > order(here)]
        chosen = after[0] if after else pending[0]
        self.view.set_current(chosen.uid)
        self.remember_event(chosen.uid)
        confidence = f"{chosen.confidence:.0%}" if chosen.confidence is not None else "unknown"
        self.say(f"{chosen.label} suggestion, confidence {confidence}.")

    # events ----------------------------------------------------------------------

    def link_role(self, role: str) -> None:
        """Link the current span as ``role`` of the last selected event trigger."""
        span = self.current()
        event = self.session.span(self.anchor_event)
        if span is None or event is None:
            self.say("Select an event trigger, then the argument span, then R and a role key.")
            return
        if span.uid == event.uid:
            self.say("An event cannot be its own argument: select the argument span first.")
            return
        if not self.project.schema.role_fits(role, span.label):
            allowed = "/".join(self.project.schema.role_types[role])
            self.say(f"A {span.label} cannot be the {role} of an event: {role} takes {allowed}.")
            return
        layer = self.session.layer
        assert layer is not None
        between = [
            a for a in layer.arguments if (a.event_uid, a.argument_uid) == (event.uid, span.uid)
        ]
        if any(a.role == role for a in between):
            self.say(f"Already linked as {role}.")
            return
        argument = EventArgument(event.uid, span.uid, role)
        edits: list[ed.Edit] = [ed.RemoveArgument(a.uid) for a in between]  # a new role
        edits.append(ed.AddArgument(argument))
        self.session.run(f"Link {role}", lambda layer: self.project.apply(layer, edits))

    # tags and status ---------------------------------------------------------------

    def toggle_tag(self, label: str) -> None:
        """Accept a tag (keeping a suggestion's evidence), or reject an accepted one."""
        layer = self.session.layer
        if layer is None:
            return
        old = [t for t in layer.tags if t.label == label]
        state = State.REJECTED if old and old[0].state is State.ACCEPTED else State.ACCEPTED
        verb = "Untag" if state is State.REJECTED else "Tag"
        self.session.run(f"{verb} {label}", lambda layer: self.project.set_tag(layer, label, state))

    def tag_key(self, label: str) -> None:
        """An issue key: with text selected, the selection becomes evidence of the tag (the
        tag accepted; selecting existing evidence again takes it away); else toggle it."""
        selection = self.view.selection()
        layer, document = self.session.layer, self.session.document
        if selection is None or layer is None or document is None:
            self.toggle_tag(label)
            return
        start, end = selection
        text = document.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            self.toggle_tag(label)
            return
        old = [t for t in layer.tags if t.label == label]
        tag = old[0] if old else DocTag(label=label)
        here = Evidence(start, end)
        if here in tag.evidence:
            evidence = tuple(e for e in tag.evidence if e != here)
            verb = f"Took evidence away from {label}"
        else:
            evidence = tuple(sorted((*tag.evidence, here), key=lambda e: (e.start, e.end)))
            verb = f"Evidence {evidence.index(here) + 1} of {len(evidence)} for {label}"
        new = replace(tag, state=State.ACCEPTED, evidence=evidence)
        changes = self.session.run(verb, lambda layer: self.project.apply(layer, [ed.SetTag(new)]))
        if changes is not None:
            self.view.clear_selection()
            self.say(f"{verb}.")

    def accept_all_tags(self) -> None:
        """Tick every suggested tag still pending (the tags' counterpart of accept-all)."""
        layer = self.session.layer
        pending = [t for t in layer.tags if t.state is State.PENDING] if layer else []
        if not pending:
            self.say("No pending tag suggestions left.")
            return
        self.session.run(
            f"Accept {len(pending)} suggested tags",
            lambda layer: self.project.decide_pending(layer, State.ACCEPTED, spans=False),
        )

    def undecided(self) -> tuple[int, int]:
        """(pending spans, pending tags) of the open layer."""
        layer = self.session.layer
        if layer is None:
            return 0, 0
        spans = sum(1 for s in layer.spans if s.state is State.PENDING)
        return spans, sum(1 for t in layer.tags if t.state is State.PENDING)

    def mark_done(self, rest: State | None = None) -> bool:
        """Mark the layer done; ``rest`` decides what is still pending in the same transaction.

        Accepting the rest accepts the suggested spans but rejects the pending tags, which
        the tag panel shows unticked: an unticked tag never becomes an accepted one.
        """
        layer = self.session.layer
        if layer is None:
            return False
        edits: list[ed.Edit] = []
        if rest is not None:
            edits += [
                ed.UpdateSpan.of(s.uid, state=rest) for s in layer.spans if s.state is State.PENDING
            ]
            edits += [
                ed.SetTag(replace(t, state=State.REJECTED))
                for t in layer.tags
                if t.state is State.PENDING
            ]
        verb = {None: "Mark done", State.ACCEPTED: "Done, accepting the rest"}.get(
            rest, "Done, rejecting the rest"
        )
        edits.append(ed.SetStatus(LayerStatus.DONE))
        changes = self.session.run(verb, lambda layer: self.project.apply(layer, edits))
        return changes is not None
