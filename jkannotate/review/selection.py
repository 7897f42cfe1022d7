"""Which layers and documents a review compares."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from jkannotate.core.model import AnnotatedDocument, Layer, LayerKind, LayerStatus, Span

FINISHED: tuple[str, ...] = (LayerStatus.DONE.value, LayerStatus.REVIEWED.value)


def status_values(statuses: Iterable[str | LayerStatus]) -> frozenset[str]:
    return frozenset(s.value if isinstance(s, LayerStatus) else str(s) for s in statuses)


def annotator_layers(
    doc: AnnotatedDocument, statuses: Iterable[str | LayerStatus] | None = FINISHED
) -> dict[str, Layer]:
    """The document's annotator layers by owner, keeping those whose status is listed.

    ``statuses=None`` keeps every annotator layer. Should an owner have two layers,
    the most recently updated one is used.
    """
    wanted = None if statuses is None else status_values(statuses)
    found: dict[str, Layer] = {}
    for layer in doc.layers:
        if layer.kind is not LayerKind.ANNOTATOR:
            continue
        if wanted is not None and layer.status.value not in wanted:
            continue
        previous = found.get(layer.owner)
        if previous is None or (layer.updated or "") >= (previous.updated or ""):
            found[layer.owner] = layer
    return found


def annotator_names(
    docs: Iterable[AnnotatedDocument], statuses: Iterable[str | LayerStatus] | None = FINISHED
) -> list[str]:
    """Every annotator owning a (finished) layer in ``docs``, sorted."""
    names: set[str] = set()
    for doc in docs:
        names.update(annotator_layers(doc, statuses))
    return sorted(names)


@dataclass(slots=True)
class ComparedDocument:
    """A document every compared annotator has finished, with their layers in order."""

    doc: AnnotatedDocument
    layers: list[Layer]


def compared_documents(
    docs: Iterable[AnnotatedDocument],
    annotators: Sequence[str],
    statuses: Iterable[str | LayerStatus] | None = FINISHED,
) -> tuple[list[ComparedDocument], int]:
    """Documents finished by all ``annotators``, and how many others some of them touched.

    A document counts as skipped when at least one of the annotators has a layer on
    it (of any status) but not all of them have a finished one.
    """
    compared: list[ComparedDocument] = []
    skipped = 0
    wanted = set(annotators)
    for doc in docs:
        finished = annotator_layers(doc, statuses)
        if all(name in finished for name in annotators):
            compared.append(ComparedDocument(doc, [finished[name] for name in annotators]))
        elif any(
            layer.kind is LayerKind.ANNOTATOR and layer.owner in wanted for layer in doc.layers
        ):
            skipped += 1
    return compared, skipped


def kept_spans(layer: Layer, label: str | None = None) -> list[Span]:
    spans = layer.kept_spans()
    return spans if label is None else [s for s in spans if s.label == label]


def argument_keys(layer: Layer, label: str | None = None) -> list[tuple[int, int, str, int, int]]:
    """Event arguments as (trigger start, trigger end, role, argument start, argument end).

    Arguments pointing at a rejected or missing span do not count.
    """
    kept = {span.uid: span for span in layer.kept_spans()}
    keys = []
    for argument in layer.arguments:
        trigger = kept.get(argument.event_uid)
        target = kept.get(argument.argument_uid)
        if trigger is None or target is None:
            continue
        if label is not None and trigger.label != label:
            continue
        keys.append((trigger.start, trigger.end, argument.role, target.start, target.end))
    return keys
