"""Review mode as application functions: what a reviewer compares, and the edits that
take an annotator's version into gold or keep it out.

Everything here is Qt-free. The window runs the edits through its one write path
(:meth:`Project.apply`, one undo command per operation); seeding a missing gold layer
from the majority vote goes through the bulk path (:meth:`Project.rewrite_layers`).
A span taken into gold keeps the annotators' uid where they share one, or records the
uids it was made from, so its history goes on from theirs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Literal

from jkannotate.core import edits as ed
from jkannotate.core.history import ADJUDICATE
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    Comment,
    DocTag,
    Document,
    EventArgument,
    Layer,
    LayerKind,
    Origin,
    Role,
    Span,
    State,
)
from jkannotate.operations.team import visible_layers
from jkannotate.project import Rewrite
from jkannotate.review import adjudicate, disagreements
from jkannotate.review.selection import FINISHED

if TYPE_CHECKING:
    from jkannotate.project import Project

REVIEW_SOURCE = "review:"
VersionState = Literal["in_gold", "rejected", "open"]


def can_review(project: Project) -> bool:
    """Reviewers and admins (everyone in a single-user project) adjudicate into gold."""
    return project.role_of() is not Role.ANNOTATOR


@dataclass(frozen=True, slots=True)
class Version:
    """One annotator-distinct version of a span, tag or event argument that not everyone has."""

    kind: Literal["span", "tag", "argument"]
    label: str
    has: tuple[str, ...]
    lacks: tuple[str, ...]
    start: int | None = None
    end: int | None = None
    role: str | None = None
    key: tuple[object, ...] = ()

    @property
    def ident(self) -> str:
        return f"{self.kind}:{self.key!r}"


@dataclass(slots=True)
class ReviewDocument:
    """A document as a reviewer sees it: the compared annotator layers and their disputes."""

    document: Document
    layers: dict[str, Layer]  # annotator -> layer, in display order
    versions: list[Version] = field(default_factory=list)

    @property
    def annotators(self) -> list[str]:
        return list(self.layers)

    def spans_of(self, key: tuple[object, ...]) -> list[Span]:
        return [s for layer in self.layers.values() for s in layer.kept_spans() if s.key == key]


def load_review(project: Project, doc_id: int) -> ReviewDocument:
    """The annotator layers ``project.user`` may see (blind annotation respected), compared
    as :func:`compare_layers` compares them."""
    return compare_layers(project.document(doc_id), visible_layers(project, doc_id))


def compare_layers(document: Document, layers: Sequence[Layer]) -> ReviewDocument:
    """The annotators' versions of a document: over their finished layers when two are
    finished, else over all of their layers (other kinds of layer are ignored)."""
    by_owner = {  # what each annotator decided: a pending suggestion is nobody's version
        layer.owner: layer.decided()
        for layer in sorted(layers, key=lambda lay: lay.owner)
        if layer.kind is LayerKind.ANNOTATOR
    }
    finished = [name for name, layer in by_owner.items() if layer.status.value in FINISHED]
    compared = finished if len(finished) >= 2 else list(by_owner)
    doc = AnnotatedDocument(document, [by_owner[name] for name in compared])
    found = disagreements(doc, compared, statuses=None) if len(compared) >= 2 else []
    versions = [
        Version(d.kind, d.label, d.has, d.lacks, d.start, d.end, d.role, tuple(d.key))
        for d in found
    ]
    versions.sort(key=lambda v: (v.kind == "tag", v.start or 0, v.end or 0, v.label, v.role or ""))
    return ReviewDocument(document, {name: by_owner[name] for name in compared}, versions)


def seed_gold(project: Project, review: ReviewDocument) -> Layer | None:
    """Create gold from the majority vote when the document has none yet (one transaction);
    returns the stored gold layer, or None when the user may not write gold."""
    doc_id = review.document.id
    assert doc_id is not None
    existing = project.layer(doc_id, GOLD_OWNER)
    if existing is not None or not can_review(project):
        return existing
    project.check_can_write(LayerKind.GOLD, GOLD_OWNER)
    doc = AnnotatedDocument(review.document, list(review.layers.values()))
    result = adjudicate(doc, "majority", review.annotators, statuses=None)
    done = project.rewrite_layers(
        [Rewrite(None, result.gold, result.made_from)], action=ADJUDICATE, skip_conflicts=True
    )
    if done.layers:
        return done.layers[0]
    return project.layer(doc_id, GOLD_OWNER)  # another reviewer seeded it meanwhile


# where a version stands in gold ----------------------------------------------------------


def _gold_span(gold: Layer, key: tuple[object, ...]) -> Span | None:
    return next((s for s in gold.spans if s.key == key), None)


def _gold_argument(gold: Layer, key: tuple[object, ...]) -> EventArgument | None:
    trigger_key, role, target_key = key
    kept = {s.uid: s.key for s in gold.kept_spans()}
    for argument in gold.arguments:
        if (kept.get(argument.event_uid), argument.role, kept.get(argument.argument_uid)) == (
            trigger_key,
            role,
            target_key,
        ):
            return argument
    return None


def version_state(gold: Layer | None, version: Version) -> VersionState:
    if gold is None:
        return "open"
    if version.kind == "span":
        span = _gold_span(gold, version.key)
        if span is None:
            return "open"
        return "rejected" if span.state is State.REJECTED else "in_gold"
    if version.kind == "tag":
        tag = next((t for t in gold.tags if t.label == version.label), None)
        if tag is None:
            return "open"
        return "rejected" if tag.state is State.REJECTED else "in_gold"
    return "in_gold" if _gold_argument(gold, version.key) is not None else "open"


def gold_span_uid(gold: Layer | None, version: Version) -> str:
    """The gold span a span version is (or the trigger of an argument), for selection."""
    if gold is None or version.kind == "tag":
        return ""
    key = version.key if version.kind == "span" else version.key[0]
    span = _gold_span(gold, key)  # type: ignore[arg-type]
    return span.uid if span is not None else ""


# the edits -----------------------------------------------------------------------------


def _copy_for_gold(original: Span, who: str, state: State = State.ACCEPTED) -> Span:
    return Span(
        original.start,
        original.end,
        original.label,
        original.kind,
        Origin.MANUAL,
        state,
        None,
        f"{REVIEW_SOURCE}{who}",
        kb_id=original.kb_id,
        norm=original.norm,
    )


def _add_to_gold(
    gold: Layer, originals: list[Span], who: str, edits: list[ed.Edit],
    state: State = State.ACCEPTED,
) -> ed.AddSpan:
    """The edit that adds the annotators' version ``originals`` to gold: with their uid
    when they share one that gold does not hold (nor an edit of ``edits`` adds), so the
    span's history runs on in gold, else with a new one made from theirs."""
    span = _copy_for_gold(originals[0], who, state)
    sources = tuple(dict.fromkeys(s.uid for s in originals))
    held = {s.uid for s in gold.spans} | {e.span.uid for e in edits if isinstance(e, ed.AddSpan)}
    if len(sources) == 1 and sources[0] not in held:
        return ed.AddSpan(replace(span, uid=sources[0]))
    return ed.AddSpan(span, sources)


def _competitors(gold: Layer, span: Span) -> list[Span]:
    """Gold spans a taken version replaces: the same range with another label, or the
    same label over another range. Nested spans with other labels stay."""
    return [
        other
        for other in gold.kept_spans()
        if other.key != span.key
        and other.kind is span.kind
        and other.overlaps(span)
        and ((other.start, other.end) == (span.start, span.end) or other.label == span.label)
    ]


def _ensure_span(
    gold: Layer, review: ReviewDocument, key: tuple[object, ...], who: str, edits: list[ed.Edit]
) -> str | None:
    """Edits that make the span ``key`` accepted in gold; returns its gold uid."""
    present = _gold_span(gold, key)
    if present is not None:
        if present.state is not State.ACCEPTED:
            edits.append(ed.UpdateSpan.of(present.uid, state=State.ACCEPTED))
        taken = present
    else:
        originals = review.spans_of(key)
        if not originals:
            return None
        added = _add_to_gold(gold, originals, who, edits)
        taken = added.span
        edits.append(added)
    edits.extend(
        ed.UpdateSpan.of(other.uid, state=State.REJECTED) for other in _competitors(gold, taken)
    )
    return taken.uid


def take_edits(gold: Layer, review: ReviewDocument, version: Version) -> list[ed.Edit]:
    """Edits that put ``version`` into gold (and set aside the gold versions it replaces)."""
    who = version.has[0] if version.has else "reviewer"
    edits: list[ed.Edit] = []
    if version.kind == "span":
        _ensure_span(gold, review, version.key, who, edits)
    elif version.kind == "tag":
        original = next(
            (
                t
                for name in version.has
                for t in review.layers[name].kept_tags()
                if t.label == version.label
            ),
            DocTag(version.label),
        )
        edits.append(
            ed.SetTag(
                DocTag(
                    version.label,
                    Origin.MANUAL,
                    State.ACCEPTED,
                    None,
                    f"{REVIEW_SOURCE}{who}",
                    original.evidence,
                )
            )
        )
    elif _gold_argument(gold, version.key) is None:
        trigger_key, role, target_key = version.key
        trigger = _ensure_span(gold, review, trigger_key, who, edits)  # type: ignore[arg-type]
        target = _ensure_span(gold, review, target_key, who, edits)  # type: ignore[arg-type]
        if trigger and target:
            edits.append(ed.AddArgument(EventArgument(trigger, target, str(role))))
    return edits


def reject_edits(gold: Layer, review: ReviewDocument, version: Version) -> list[ed.Edit]:
    """Edits that keep ``version`` out of gold and record the decision (a rejected span
    or tag in gold; an argument is simply removed)."""
    who = version.has[0] if version.has else "reviewer"
    if version.kind == "span":
        present = _gold_span(gold, version.key)
        if present is not None:
            if present.state is State.REJECTED:
                return []
            return [ed.UpdateSpan.of(present.uid, state=State.REJECTED)]
        originals = review.spans_of(version.key)
        return [_add_to_gold(gold, originals, who, [], State.REJECTED)] if originals else []
    if version.kind == "tag":
        old = next((t for t in gold.tags if t.label == version.label), None)
        tag = (
            replace(old, state=State.REJECTED)
            if old
            else DocTag(version.label, Origin.MANUAL, State.REJECTED, None, f"{REVIEW_SOURCE}{who}")
        )
        return [] if old is not None and old.state is State.REJECTED else [ed.SetTag(tag)]
    argument = _gold_argument(gold, version.key)
    return [ed.RemoveArgument(argument.uid)] if argument is not None else []


def new_comment(
    author: str, text: str, span_uid: str | None = None, parent: Comment | None = None
) -> ed.AddComment:
    """A comment (a reply when ``parent`` is given, on the parent's span) stamped now."""
    if parent is not None:
        span_uid = parent.span_uid
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    return ed.AddComment(
        Comment(author, text.strip(), stamp, span_uid, parent.uid if parent else None)
    )


def comment_threads(comments: list[Comment]) -> list[tuple[Comment, int]]:
    """Comments in thread order with their depth: each reply under its parent, by time."""
    children: dict[str | None, list[Comment]] = {}
    known = {c.uid for c in comments}
    for comment in sorted(comments, key=lambda c: (c.created, c.uid)):
        parent = comment.parent_uid if comment.parent_uid in known else None
        children.setdefault(parent, []).append(comment)
    ordered: list[tuple[Comment, int]] = []

    def walk(parent: str | None, depth: int) -> None:
        for comment in children.get(parent, []):
            ordered.append((comment, depth))
            walk(comment.uid, depth + 1)

    walk(None, 0)
    return ordered


def dashboard_html(project: Project) -> str:
    """The review dashboard page (as ``jkannotate report`` writes it) for the window."""
    from jkannotate.core.errors import InputError
    from jkannotate.review import agreement_report, dashboard, render_report_html

    summaries = project.summaries()
    ids = [s.id for s in summaries if set(s.layers) - {GOLD_OWNER, "suggestion"}]
    docs = project.annotated_many(ids)
    board = dashboard(docs, project.assignments() or None)
    board.documents = len(summaries)
    try:
        figures = agreement_report(docs)
    except InputError:  # fewer than two annotators: no agreement section
        figures = None
    return render_report_html(board, figures, title="Review dashboard")
