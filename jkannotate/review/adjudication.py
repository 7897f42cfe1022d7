"""Disagreements between annotators on one document, and automatic adjudication into gold.

An *item* is what annotators vote on: a span (start, end, label), a document tag
(label) or an event argument (trigger span, role, argument span). Each annotator
votes once per item, by having it among their kept (non-rejected) annotations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    DocTag,
    EventArgument,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
    new_uid,
)

from .selection import FINISHED, annotator_layers

Strategy = Literal["majority", "unanimous"]
STRATEGIES: tuple[str, ...] = ("majority", "unanimous")
SpanKey = tuple[int, int, str]
ArgumentKey = tuple[SpanKey, str, SpanKey]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One item some annotators have and others lack; ``rivals`` are the others' versions.

    For a span, a rival is an overlapping span with a different key in the layer of
    an annotator who lacks the item: ``(annotator, label, start, end)``.
    """

    kind: Literal["span", "tag", "argument"]
    label: str
    has: tuple[str, ...]
    lacks: tuple[str, ...]
    start: int | None = None
    end: int | None = None
    role: str | None = None
    key: tuple[Any, ...] = ()
    rivals: tuple[tuple[str, str, int, int], ...] = ()

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": self.kind, "label": self.label}
        if self.start is not None:
            data.update(start=self.start, end=self.end)
        if self.role is not None:
            data["role"] = self.role
        data.update(has=list(self.has), lacks=list(self.lacks))
        if self.rivals:
            data["rivals"] = [
                {"annotator": a, "label": label, "start": s, "end": e}
                for a, label, s, e in self.rivals
            ]
        return data


@dataclass(slots=True)
class _Votes:
    """Who voted for each item, with one annotator's copy to build gold from."""

    spans: dict[SpanKey, tuple[list[str], Span]] = field(default_factory=dict)
    tags: dict[str, tuple[list[str], DocTag]] = field(default_factory=dict)
    arguments: dict[ArgumentKey, list[str]] = field(default_factory=dict)
    span_uids: dict[SpanKey, dict[str, None]] = field(default_factory=dict)  # every version's


def _collect(layers: dict[str, Layer]) -> _Votes:
    votes = _Votes()
    for owner, layer in layers.items():
        layer = layer.decided()  # a pending suggestion nobody decided is nobody's vote
        kept = {span.uid: span for span in layer.kept_spans()}
        for span in kept.values():
            span_voters = votes.spans.setdefault(span.key, ([], span))[0]
            if owner not in span_voters:
                span_voters.append(owner)
            votes.span_uids.setdefault(span.key, {})[span.uid] = None
        for tag in layer.kept_tags():
            tag_voters = votes.tags.setdefault(tag.label, ([], tag))[0]
            if owner not in tag_voters:
                tag_voters.append(owner)
        for argument in layer.arguments:
            trigger, target = kept.get(argument.event_uid), kept.get(argument.argument_uid)
            if trigger is None or target is None:
                continue
            voters = votes.arguments.setdefault((trigger.key, argument.role, target.key), [])
            if owner not in voters:
                voters.append(owner)
    return votes


def _layers_for(
    doc: AnnotatedDocument, annotators: Iterable[str] | None, statuses: Sequence[str] | None
) -> dict[str, Layer]:
    finished = annotator_layers(doc, statuses)
    if annotators is None:
        return dict(sorted(finished.items()))
    return {name: finished[name] for name in annotators if name in finished}


def _disagreement_list(layers: dict[str, Layer], votes: _Votes, keys: _Keys) -> list[Disagreement]:
    names = tuple(layers)
    found: list[Disagreement] = []
    for key in keys.spans:
        voters, span = votes.spans[key]
        lacks = tuple(n for n in names if n not in voters)
        rivals = tuple(
            (name, other.label, other.start, other.end)
            for name in lacks
            for other in layers[name].kept_spans()
            if other.overlaps(span) and other.key != key
        )
        found.append(
            Disagreement(
                "span", span.label, tuple(voters), lacks, span.start, span.end, None, key, rivals
            )
        )
    for label in keys.tags:
        voters = votes.tags[label][0]
        lacks = tuple(n for n in names if n not in voters)
        found.append(Disagreement("tag", label, tuple(voters), lacks, key=(label,)))
    for arg_key in keys.arguments:
        voters = votes.arguments[arg_key]
        trigger, role, target = arg_key
        lacks = tuple(n for n in names if n not in voters)
        found.append(
            Disagreement(
                "argument", trigger[2], tuple(voters), lacks, target[0], target[1], role, arg_key
            )
        )
    return found


@dataclass(slots=True)
class _Keys:
    spans: list[SpanKey] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    arguments: list[ArgumentKey] = field(default_factory=list)


def _split(votes: _Votes, total: int, strategy: str) -> tuple[_Keys, _Keys]:
    """Items the strategy takes into gold, and items it leaves undecided."""
    taken, undecided = _Keys(), _Keys()

    def decide(count: int) -> str:
        if count == total:
            return "take"
        if strategy == "unanimous":
            return "undecided"
        if 2 * count > total:
            return "take"
        return "drop" if 2 * count < total else "undecided"

    groups: list[tuple[list[Any], list[Any], dict[Any, Any]]] = [
        (taken.spans, undecided.spans, {k: v[0] for k, v in votes.spans.items()}),
        (taken.tags, undecided.tags, {k: v[0] for k, v in votes.tags.items()}),
        (taken.arguments, undecided.arguments, votes.arguments),
    ]
    for take, leave, voters_by_key in groups:
        for key in sorted(voters_by_key):
            verdict = decide(len(voters_by_key[key]))
            if verdict == "take":
                take.append(key)
            elif verdict == "undecided":
                leave.append(key)
    return taken, undecided


@dataclass(slots=True)
class AdjudicationResult:
    """The gold layer a strategy built, and the items it left for a reviewer.

    ``made_from`` maps a gold span's uid to the uids of the annotators' versions it was
    built from, when it could not take their uid (see :func:`gold_span_uids`).
    """

    gold: Layer
    undecided: list[Disagreement]
    annotators: list[str]
    strategy: str
    made_from: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "document_id": self.gold.document_id,
            "strategy": self.strategy,
            "annotators": self.annotators,
            "gold_spans": len(self.gold.spans),
            "gold_tags": len(self.gold.tags),
            "gold_arguments": len(self.gold.arguments),
            "undecided": [item.to_json() for item in self.undecided],
        }


def gold_span_uids(
    versions: Mapping[SpanKey, Iterable[str]], previous: Layer | None = None
) -> tuple[dict[SpanKey, str], dict[str, tuple[str, ...]]]:
    """The uid of each gold span to build (by key, from the uids of the annotators'
    versions of it), and what each uid not theirs was made from.

    Where every version has the same uid (a suggestion the annotators accepted keeps its
    uid in their layers) gold takes it, so the span's history runs on in gold. Otherwise
    the span keeps its uid in ``previous`` gold (adjudication run again), or gets a new
    one, recorded as made from the versions' uids. No two gold spans share a uid.
    """
    kept = {s.key: s.uid for s in previous.spans} if previous is not None else {}
    sources = {key: tuple(dict.fromkeys(uids)) for key, uids in versions.items()}
    chosen: dict[SpanKey, str] = {}
    taken: set[str] = set()
    for key, uids in sources.items():  # shared uids first: no other span takes them
        if len(uids) == 1 and uids[0] not in taken:
            chosen[key] = uids[0]
            taken.add(uids[0])
    made_from: dict[str, tuple[str, ...]] = {}
    for key, uids in sources.items():
        if key in chosen:
            continue
        uid = kept.get(key)
        if uid is None or uid in taken:
            uid = new_uid()
        chosen[key], made_from[uid] = uid, uids
        taken.add(uid)
    return {key: chosen[key] for key in sources}, made_from


def adjudicate(
    doc: AnnotatedDocument,
    strategy: Strategy,
    annotators: Sequence[str] | None = None,
    *,
    statuses: Sequence[str] | None = FINISHED,
    previous: Layer | None = None,
) -> AdjudicationResult:
    """Build gold from the annotators' finished layers of ``doc``.

    ``majority`` takes an item more than half of the annotators have, drops one
    fewer than half have and leaves ties undecided; ``unanimous`` takes only what
    everyone has and leaves every partly shared item undecided. The gold layer is
    ``done`` when nothing is left undecided, else ``in_progress``. Gold spans take
    their uids as :func:`gold_span_uids` gives them (``previous``: the gold layer
    this one replaces).
    """
    if strategy not in STRATEGIES:
        raise InputError(f"unknown adjudication strategy {strategy!r}; use majority or unanimous")
    layers = _layers_for(doc, annotators, statuses)
    votes = _collect(layers)
    taken, undecided = _split(votes, len(layers), strategy)
    source = f"adjudication:{strategy}"
    uids, made_from = gold_span_uids({k: votes.span_uids[k] for k in taken.spans}, previous)
    gold_spans: dict[SpanKey, Span] = {}
    for key in taken.spans:
        original = votes.spans[key][1]
        gold_spans[key] = Span(
            original.start,
            original.end,
            original.label,
            original.kind,
            Origin.MANUAL,
            State.ACCEPTED,
            None,
            source,
            uid=uids[key],
            kb_id=original.kb_id,
            norm=original.norm,
        )
    arguments = [
        EventArgument(gold_spans[trigger].uid, gold_spans[target].uid, role)
        for trigger, role, target in taken.arguments
        if trigger in gold_spans and target in gold_spans
    ]
    tags = []
    for label in taken.tags:
        original_tag = votes.tags[label][1]
        tags.append(
            DocTag(label, Origin.MANUAL, State.ACCEPTED, None, source, original_tag.evidence)
        )
    left = _disagreement_list(layers, votes, undecided)
    gold = Layer(
        document_id=doc.document.id,
        kind=LayerKind.GOLD,
        owner=GOLD_OWNER,
        status=LayerStatus.IN_PROGRESS if left else LayerStatus.DONE,
        spans=list(gold_spans.values()),
        arguments=arguments,
        tags=tags,
    )
    return AdjudicationResult(gold, left, list(layers), strategy, made_from)


def disagreements(
    doc: AnnotatedDocument,
    annotators: Sequence[str] | None = None,
    *,
    statuses: Sequence[str] | None = FINISHED,
) -> list[Disagreement]:
    """Every span, tag or argument that some but not all annotators of ``doc`` have."""
    layers = _layers_for(doc, annotators, statuses)
    votes = _collect(layers)
    total = len(layers)
    partial = _Keys(
        spans=sorted(k for k, (v, _s) in votes.spans.items() if len(v) < total),
        tags=sorted(k for k, (v, _t) in votes.tags.items() if len(v) < total),
        arguments=sorted(k for k, v in votes.arguments.items() if len(v) < total),
    )
    return _disagreement_list(layers, votes, partial)


def has_disagreements(doc: AnnotatedDocument, annotators: Sequence[str] | None = None) -> bool:
    """For "next document with disagreements" in review mode."""
    return bool(disagreements(doc, annotators))
