"""The annotation domain as plain dataclasses: documents, layers, spans, event arguments, tags.

Offsets are Python code-point offsets into ``Document.text``; ``end`` is exclusive.
Nothing here knows about Qt, SQL or spaCy.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field, replace
from enum import StrEnum


class LabelKind(StrEnum):
    ENTITY = "entity"
    EVENT = "event"
    ISSUE = "issue"


class LayerKind(StrEnum):
    SUGGESTION = "suggestion"
    ANNOTATOR = "annotator"
    GOLD = "gold"


class LayerStatus(StrEnum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    REVIEWED = "reviewed"


class Origin(StrEnum):
    SUGGESTED = "suggested"
    MANUAL = "manual"


class State(StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Role(StrEnum):
    ANNOTATOR = "annotator"
    REVIEWER = "reviewer"
    ADMIN = "admin"


SUGGESTER_OWNER = "suggester"
GOLD_OWNER = "gold"


def new_uid() -> str:
    """A short random identifier that stays with a span or tag through every format."""
    return uuid.uuid4().hex[:16]


def content_hash(text: str) -> str:
    """The identity of a document's text: re-importing the same text is a no-op."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled character range: an entity or an event trigger."""

    start: int
    end: int
    label: str
    kind: LabelKind = LabelKind.ENTITY
    origin: Origin = Origin.MANUAL
    state: State = State.ACCEPTED
    confidence: float | None = None
    source: str | None = None
    uid: str = field(default_factory=new_uid)
    kb_id: str | None = None  # the linked actor (resources/actors.yml id)
    norm: str | None = None  # a DATE's normalised value (core/temporal.py)

    @property
    def key(self) -> tuple[int, int, str]:
        """What two annotators must agree on for an exact match."""
        return (self.start, self.end, self.label)

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class EventArgument:
    """A role linking an event trigger span to an argument span (both by uid)."""

    event_uid: str
    argument_uid: str
    role: str
    uid: str = field(default_factory=new_uid)


@dataclass(frozen=True, slots=True)
class Evidence:
    """A character range that justifies a document tag."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocTag:
    """A document-level issue label with its state and evidence."""

    label: str
    origin: Origin = Origin.MANUAL
    state: State = State.ACCEPTED
    confidence: float | None = None
    source: str | None = None
    evidence: tuple[Evidence, ...] = ()
    uid: str = field(default_factory=new_uid)


@dataclass(frozen=True, slots=True)
class Comment:
    """A note on a layer (document) or on one span of it; ``parent_uid`` threads replies."""

    author: str
    text: str
    created: str
    span_uid: str | None = None
    parent_uid: str | None = None
    uid: str = field(default_factory=new_uid)


@dataclass(slots=True)
class Document:
    """An article. ``text`` never changes after storing: offsets point into it."""

    text: str
    title: str = ""
    outlet: str | None = None
    url: str | None = None
    published: str | None = None  # ISO YYYY-MM-DD
    byline: str | None = None
    meta: dict[str, object] = field(default_factory=dict)
    id: int | None = None
    duplicate_group: int | None = None
    hash: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)


@dataclass(slots=True)
class Layer:
    """One view of one document: the suggester's, an annotator's, or gold."""

    document_id: int | None
    kind: LayerKind
    owner: str
    status: LayerStatus = LayerStatus.TODO
    spans: list[Span] = field(default_factory=list)
    arguments: list[EventArgument] = field(default_factory=list)
    tags: list[DocTag] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    notes: str = ""  # what people wrote about this document
    model: str = ""  # a suggestion layer's: the model that made its suggestions
    version: int = 0
    created: str | None = None
    updated: str | None = None
    id: int | None = None

    @property
    def name(self) -> str:
        """How commands name a layer: ``gold``, ``suggestion`` or the annotator's name."""
        if self.kind is LayerKind.GOLD:
            return GOLD_OWNER
        if self.kind is LayerKind.SUGGESTION:
            return "suggestion"
        return self.owner

    def span(self, uid: str) -> Span:
        for span in self.spans:
            if span.uid == uid:
                return span
        raise KeyError(uid)

    def entities(self) -> list[Span]:
        return [s for s in self.spans if s.kind is LabelKind.ENTITY]

    def events(self) -> list[Span]:
        return [s for s in self.spans if s.kind is LabelKind.EVENT]

    def decided(self) -> Layer:
        """This layer with only what a person decided: pending spans (with their
        arguments) and pending tags go, accepted and rejected items stay. Take it first
        wherever only people's decisions may count: export, training, agreement,
        adjudication, review figures."""
        pending = {s.uid for s in self.spans if s.state is State.PENDING}
        tags = [t for t in self.tags if t.state is not State.PENDING]
        if not pending and len(tags) == len(self.tags):
            return self
        return replace(
            self,
            spans=[s for s in self.spans if s.uid not in pending],
            arguments=[a for a in self.arguments
                       if a.event_uid not in pending and a.argument_uid not in pending],
            tags=tags,
        )

    def kept_spans(self) -> list[Span]:
        """Spans not rejected, pending suggestions included (see :meth:`decided`)."""
        return [s for s in self.spans if s.state is not State.REJECTED]

    def kept_tags(self) -> list[DocTag]:
        return [t for t in self.tags if t.state is not State.REJECTED]


@dataclass(slots=True)
class AnnotatedDocument:
    """A document with the layers an exporter, importer or reviewer works on."""

    document: Document
    layers: list[Layer] = field(default_factory=list)

    def layer(self, name: str) -> Layer | None:
        for layer in self.layers:
            if layer.name == name:
                return layer
        return None
