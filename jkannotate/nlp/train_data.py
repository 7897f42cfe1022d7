"""Is there enough corrected data to train? Counts per component, and a message that says
exactly what is missing (instead of a failure deep inside spaCy).

Pure Python over ``core`` objects; no spaCy.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, LabelKind, State

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
        for span in chosen.kept_spans():
            if span.state is State.PENDING:
                continue
            counts["spans"][span.label] += 1
            if span.kind is LabelKind.ENTITY:
                counts["entities"][span.label] += 1
        for tag in chosen.kept_tags():
            if tag.state is not State.PENDING:
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
    """Per component, labels in the training split with fewer than ``min_examples`` examples
    (or no labels at all) raise an InputError naming them; returns the counts used."""
    counts = count_examples(train_docs, layer)
    problems: list[str] = []
    used: dict[str, dict[str, int]] = {}
    for component in components:
        kind = COMPONENT_DATA[component]
        per_label = counts[kind]
        used[kind] = dict(sorted(per_label.items()))
        if not per_label:
            problems.append(f"{component}: no {kind} in the training split")
            continue
        few = sorted((label, n) for label, n in per_label.items() if n < min_examples)
        if few:
            listed = ", ".join(f"{label} {n}" for label, n in few)
            problems.append(f"{component}: {listed}")
    if problems:
        raise InputError(
            f"too few examples in the training split of layer {layer!r} "
            f"(need at least {min_examples} per label): " + "; ".join(problems)
            + ". Annotate more, drop the component, or lower --min-examples")
    return used
