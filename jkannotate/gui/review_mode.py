"""Review mode: the window edits gold while the annotators' versions are marked over the text.

The controller between the window model, the article view's overlay and the review panel.
It holds no window: it writes through the :class:`EditSession` it is given and talks to the
window through the :class:`WindowModel` (open a document, show a span, repaint the marks,
say something). Every decision (take, reject, reviewed) is a project operation through the
session, so it is saved at once and undoable; comments are recorded without an undo entry
(a discussion is not undone). How the window looks in review mode (overlay, right panel,
queue) is the window's, on ``model.mode_changed``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from jkannotate.core.errors import JkError
from jkannotate.core.model import GOLD_OWNER, LayerKind, LayerStatus
from jkannotate.gui.done_dialog import count
from jkannotate.gui.keyed_dialog import Answer, KeyedDialog
from jkannotate.gui.review_marks import ReviewMarks
from jkannotate.gui.review_panel import ReviewPanel
from jkannotate.operations.review_window import (
    ReviewDocument,
    Version,
    can_review,
    gold_span_uid,
    load_review,
    new_comment,
    reject_edits,
    seed_gold,
    take_edits,
    version_state,
)
from jkannotate.project import Changes

if TYPE_CHECKING:
    from jkannotate.gui.session import EditSession
    from jkannotate.gui.window_model import WindowModel
    from jkannotate.project import Project


class ReviewMode:
    """Whether the window is reviewing, what it compares, and the reviewer's keys."""

    def __init__(self, project: Project, model: WindowModel, session: EditSession) -> None:
        self.project = project
        self.model = model
        self.session = session
        self.marks = ReviewMarks()
        self.panel = ReviewPanel(self.marks)
        self.active = False
        self.review: ReviewDocument | None = None
        self.current = -1
        self.gold_here = False  # gold opened for this document (annotators' layers exist)
        self.ask: KeyedDialog | None = None  # the open "reviewed with open disagreements?"
        self.offline = False  # the server is away: nothing is read from it
        self._reviewer: bool | None = None  # may write gold (the role, read per document)
        self._role_just_read = False  # set while switching on reopens the document
        self.panel.version_chosen.connect(lambda index: self.choose(index))
        self.panel.take_requested.connect(self.take)
        self.panel.reject_requested.connect(self.reject)
        self.panel.reviewed_requested.connect(self.reviewed_and_next)
        self.panel.comments.posted.connect(self.post_comment)
        self.panel.comments.input.leave.connect(model.focus_article)
        self.model.document_opened.connect(lambda _doc_id: self.opened())
        self.model.layer_changed.connect(self.on_changes)
        self.model.offline_changed.connect(self._offline_changed)

    @property
    def writes_gold(self) -> bool:
        return self.active and bool(self._reviewer)

    def _offline_changed(self, offline: bool) -> None:
        self.offline = offline
        self.panel.offline.setVisible(offline)

    def layer_owner(self) -> str | None:
        """The layer the session opens: gold for a reviewer in review mode, else my own."""
        return GOLD_OWNER if self.writes_gold and self.gold_here else None

    # switching -------------------------------------------------------------------

    def toggle(self) -> None:
        self.set_active(not self.active)

    def set_active(self, active: bool) -> None:
        if self.offline:  # switching reopens the document: its layers are on the server
            self.model.say("Review mode switches once the server is back "
                           "(your edits are kept on this computer meanwhile).")
            self.model.set_review_mode(self.active, self.writes_gold)  # the button as it was
            return
        if active:
            try:
                self._reviewer = can_review(self.project)  # read once: the role may change
            except JkError as error:  # the server is away: the others' layers cannot be read
                self.model.say(f"Review mode needs the server: {error}")
                return
        self.active = active
        self.model.set_review_mode(active, self.writes_gold)
        doc_id = self._document_id()
        if doc_id is not None:
            self._role_just_read = active  # the document reopened now needs no second read
            try:
                self.model.open_document(doc_id)
            finally:
                self._role_just_read = False
        if active and not self._reviewer:
            self.model.say("Compare view: annotators see others' layers once theirs is done.")

    # opening a document ------------------------------------------------------------

    def prepare(self, doc_id: int) -> None:
        """Before the session opens ``doc_id``: load what to compare, seed gold if missing."""
        self.gold_here = False
        if not self.active:
            self.review = None
            return
        self._read_role()
        self.review = load_review(self.project, doc_id)
        if self.writes_gold and self.review.layers:
            self.gold_here = seed_gold(self.project, self.review) is not None

    def _read_role(self) -> None:
        """The role again for each document opened in review mode: one given or taken on
        the server counts from the next document, without switching review mode."""
        if self._role_just_read:
            return
        try:
            reviewer = can_review(self.project)
        except JkError:  # the server is away: the role last read stands
            return
        if reviewer != self._reviewer:
            self._reviewer = reviewer
            self.model.set_review_mode(True, self.writes_gold)
            self.model.say("Your role changed: you now write gold in review mode." if reviewer
                           else "Your role changed: review mode now compares versions.")

    def opened(self) -> None:
        """After the session opened the document: show the versions, select the first open one."""
        if not self.active or self.review is None:
            return
        if self.writes_gold and self.review.document.id is not None:  # gold may be new
            self.model.stored(self.review.document.id)
        self.current = -1
        self.refresh()
        states = self._states()
        first = next(
            (i for i, v in enumerate(self.review.versions) if states[v.ident] == "open"),
            0 if self.review.versions else -1,
        )
        if first >= 0:
            self.choose(first)

    def _document_id(self) -> int | None:
        document = self.session.document
        return document.id if document is not None else None

    def _gold(self):  # type: ignore[no-untyped-def]
        layer = self.session.layer
        return layer if layer is not None and layer.kind is LayerKind.GOLD else None

    def _states(self) -> dict[str, str]:
        gold = self._gold()
        versions = self.review.versions if self.review else []
        return {v.ident: version_state(gold, v) for v in versions}

    def refresh(self) -> None:
        if self.review is None:
            return
        states = self._states()
        self.marks.set_review(self.review.annotators, self.review.versions, states)  # type: ignore[arg-type]
        self.panel.show_review(self.review, self._gold(), states, self.writes_gold)  # type: ignore[arg-type]
        if 0 <= self.current < len(self.review.versions):
            self.panel.select(self.current)
        self._show_comments()
        self.model.marks_changed.emit()

    def on_changes(self, changes: Changes) -> None:
        if self.active and self.review is not None:
            self.refresh()

    # moving between versions ---------------------------------------------------------

    def version(self) -> Version | None:
        if self.review is None or not 0 <= self.current < len(self.review.versions):
            return None
        return self.review.versions[self.current]

    def choose(self, index: int) -> None:
        if self.review is None or not 0 <= index < len(self.review.versions):
            return
        self.current = index
        version = self.review.versions[index]
        self.marks.current = version
        self.panel.select(index)
        self.model.show_span(gold_span_uid(self._gold(), version), version.start, version.end)
        self.panel.comments.set_span_target(*self._comment_target(version))
        self.model.say(
            f"{version.label}: {', '.join(version.has)} · not {', '.join(version.lacks)}"
        )

    def step(self, step: int) -> None:
        if not self._usable():
            return
        assert self.review is not None
        if not self.review.versions:
            self.model.say("No disagreements in this document.")
            return
        self.choose((self.current + step) % len(self.review.versions))

    def _usable(self) -> bool:
        if not self.active:
            self.model.say("Review mode is off (Ctrl+R).")
            return False
        return self.review is not None

    # decisions ---------------------------------------------------------------------

    def _decide(self, verb: str, build) -> None:  # type: ignore[no-untyped-def]
        if not self._usable():
            return
        gold, version = self._gold(), self.version()
        if not self.writes_gold or gold is None:
            self.model.say("Only reviewers write gold: this is a comparison view.")
            return
        if version is None:
            self.model.say("No disagreement selected (J moves to the next one).")
            return
        edits = build(gold, self.review, version)
        if not edits:
            self.model.say(f"Gold already holds that decision ({version.label}).")
        else:
            text = f"{verb} {version.label} ({', '.join(version.has)})"
            self.session.run(text, lambda layer: self.project.apply(layer, edits))
        self._next_open()

    def take(self) -> None:
        self._decide("Take", take_edits)

    def reject(self) -> None:
        self._decide("Reject", reject_edits)

    def _next_open(self) -> None:
        assert self.review is not None
        states = self._states()
        count = len(self.review.versions)
        for offset in range(1, count + 1):
            index = (self.current + offset) % count
            if states[self.review.versions[index].ident] == "open":
                self.choose(index)
                return
        self.choose(self.current)  # all decided: stay

    def reviewed_and_next(self) -> None:
        """Mark gold reviewed and open the next document whose annotators disagree."""
        doc_id = self._document_id()
        if not self._usable() or doc_id is None:
            return
        if not self.writes_gold or self._gold() is None:
            self.model.say("Only reviewers mark gold reviewed.")
            return
        assert self.review is not None
        states = self._states()
        versions = self.review.versions
        still_open = [i for i, v in enumerate(versions) if states[v.ident] == "open"]
        if not still_open:
            self._mark_reviewed(doc_id)
            return
        verb = "is" if len(still_open) == 1 else "are"
        self.ask = KeyedDialog(
            self.panel,  # a dialog over the window the panel is in
            "Open disagreements",
            f"{len(still_open)} of {count(len(versions), 'disagreement')} in this document"
            f" {verb} still open (neither taken into gold nor rejected).\n"
            "Mark gold reviewed anyway?",
            [
                Answer(Qt.Key.Key_G, "Go to the first open one", "first"),
                Answer(Qt.Key.Key_Y, "Mark reviewed anyway", "reviewed"),
            ],
            cancel="cancel",
            default="first",
        )
        self.ask.setObjectName("reviewedDialog")
        self.ask.chosen.connect(lambda answer: self._reviewed_answer(doc_id, answer, still_open[0]))
        self.ask.finished.connect(lambda _result: self.model.focus_article())
        self.ask.open()

    def _reviewed_answer(self, doc_id: int, answer: object, first_open: int) -> None:
        if self._document_id() != doc_id:
            return
        if answer == "first":
            self.choose(first_open)
        elif answer == "reviewed":
            self._mark_reviewed(doc_id)

    def _mark_reviewed(self, doc_id: int) -> None:
        changes = self.session.run(
            "Mark gold reviewed",
            lambda layer: self.project.set_status(layer, LayerStatus.REVIEWED),
        )
        if changes is None:
            return
        from jkannotate.operations.review import next_document_with_disagreements  # numpy, yaml

        try:
            following = None if self.offline else next_document_with_disagreements(
                self.project, doc_id)
        except JkError:
            following = None
            self.offline = True
        if self.offline:
            self.model.say(f"Gold of #{doc_id} reviewed (kept on this computer). The next "
                           "document with disagreements is found once the server is back.")
            return
        if following is None:
            self.model.say("Gold reviewed. No other document has open disagreements.")
            return
        self.model.open_document(following)
        self.model.say(f"Gold of #{doc_id} reviewed; now #{following}.")

    # comments ----------------------------------------------------------------------

    def _comment_target(self, version: Version) -> tuple[str, str]:
        if version.kind == "tag" or version.start is None or self.review is None:
            return "", ""
        uid = gold_span_uid(self._gold(), version)
        if not uid:
            key = version.key if version.kind == "span" else version.key[0]
            found = self.review.spans_of(key)  # type: ignore[arg-type]
            uid = found[0].uid if found else ""
        surface = self.review.document.text[version.start : version.end]
        return uid, f"“{surface}” {version.label}"

    def start_comment(self) -> None:
        if not self._usable():
            return
        self.panel.comments.start()

    def post_comment(self, text: str, parent) -> None:  # type: ignore[no-untyped-def]
        session = self.session
        if session.layer is None:
            return
        span_uid = self.panel.comments.span_target or None
        changes = session.apply_edits([new_comment(self.project.user, text, span_uid, parent)])
        if changes is not None:
            self._show_comments()
            self.model.say("Comment saved.")
            self.model.focus_article()

    def _show_comments(self) -> None:
        layer = self.session.layer
        if layer is None or self.review is None:
            return
        text = self.review.document.text
        names = {}
        for source in [layer, *self.review.layers.values()]:
            for span in source.spans:
                names[span.uid] = f"“{text[span.start : span.end]}” {span.label}"
        self.panel.comments.show_comments(layer.comments, names)
