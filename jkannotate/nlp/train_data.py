"""Is there enough corrected data to train? Counts per component, a message that says
exactly what is missing (instead of a failure deep inside spaCy), and the labels too rare
to learn (trained anyway, and reported).

Pure Python over ``core`` objects; no spaCy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, LabelKind

#: What each trainable component learns from: entity spans, all spans, or issue tags.
COMPONENT_DATA = {"ner": "entities", "spancat": "spans", "textcat_multilabel": "tags"}


def count_examples(docs: Sequence[AnnotatedDocument], layer: str) -> dict[str, Counter[str]]:
    """Examples per label of each kind (entities, spans, tags) in the chosen layer.

    Only decided items count: a pending suggestion nobody accepted is no example.
    """
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ("entities", "spans", "tags")}
    for item in docs:
        chosen = item.layer(layer)
        if chosen is None:
            continue
        chosen = chosen.decided()
        for span in chosen.kept_spans():
            counts["spans"][span.label] += 1
            if span.kind is LabelKind.ENTITY:
                counts["entities"][span.label] += 1
        for tag in chosen.kept_tags():
            counts["tags"][tag.label] += 1
    return counts


def check_document_count(total: int, layer: str, min_docs: int) -> None:
    """At least ``min_docs`` finished documents, and two at the very least (train + held out)."""
    needed = max(min_docs, 2)
    if total < needed:
        raise InputError(
            f"only {total} done document{'s' if total != 1 else ''} in layer {layer!r}; "
            f"training needs at least {needed} (mark {needed - total} more done"
            + (", or lower --min-docs)" if min_docs > 2 else ")"))


def check_training_data(train_docs: Sequence[AnnotatedDocument], layer: str,
                        components: Sequence[str], min_examples: int) -> dict[str, dict[str, int]]:
    """Per component, the examples per label in the training split (returned); a component
    with no labels at all raises an InputError naming it. Labels with fewer than
    ``min_examples`` are trained all the same: :func:`rare_labels` lists them for a warning."""
    counts = count_examples(train_docs, layer)
    problems: list[str] = []
    used: dict[str, dict[str, int]] = {}
    for component in components:
        kind = COMPONENT_DATA[component]
        used[kind] = dict(sorted(counts[kind].items()))
        if not counts[kind]:
            problems.append(f"{component}: no {kind} in the training split")
    if problems:
        raise InputError(
            f"nothing to learn in the training split of layer {layer!r}: " + "; ".join(problems)
            + ". Annotate more or drop the component")
    return used


def rare_labels(used: dict[str, dict[str, int]], min_examples: int) -> dict[str, dict[str, int]]:
    """Labels with fewer than ``min_examples`` training examples, per kind: too rare for the
    model to learn reliably (trained anyway, reported in metrics.json and by the command)."""
    rare = {kind: {label: n for label, n in sorted(per_label.items()) if n < min_examples}
            for kind, per_label in used.items()}
    return {kind: labels for kind, labels in rare.items() if labels}
