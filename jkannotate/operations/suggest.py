"""Pre-annotation of a project: run the suggester and save its layer, resumably.

Re-suggesting never touches accepted, rejected or manual work: the suggestion
layer is replaced, and in annotators' unfinished layers only *pending*
suggestions of older runs are swapped for the new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jkannotate.core.model import (
    SUGGESTER_OWNER,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    State,
)
from jkannotate.store import bulk

if TYPE_CHECKING:
    from jkannotate.nlp import Suggester, Suggestion
    from jkannotate.project import Project

BATCH_SIZE = 32
MODEL_SETTING = "suggester.model"
Cancel = Callable[[], bool]


@dataclass(slots=True)
class SuggestSummary:
    suggested: int = 0
    skipped: int = 0  # already had current suggestions
    cancelled: bool = False
    model: str = ""
    warnings: list[str] = field(default_factory=list)

    def line(self) -> str:
        text = f"suggested {self.suggested} documents with {self.model}"
        if self.skipped:
            text += f", {self.skipped} already up to date"
        if self.cancelled:
            text += " (cancelled; finished batches are saved)"
        return text


def load_suggester(project: Project, model: str | None = None, *, rules: bool = True) -> Suggester:
    """The suggester for ``model``, else the project's current model, else the default."""
    from jkannotate.nlp import Suggester

    return Suggester.load(model or project.store.get_setting(MODEL_SETTING) or None, rules=rules)


def suggestion_layer(doc_id: int, suggestion: Suggestion, model_name: str) -> Layer:
    """The suggester's layer for one document; ``notes`` names the model that made it."""
    return Layer(
        document_id=doc_id,
        kind=LayerKind.SUGGESTION,
        owner=SUGGESTER_OWNER,
        status=LayerStatus.DONE,
        spans=list(suggestion.spans),
        arguments=list(suggestion.arguments),
        tags=list(suggestion.tags),
        notes=model_name,
    )


def refresh_pending(layer: Layer, fresh: Layer) -> Layer | None:
    """An annotator layer with its pending suggestions replaced by ``fresh`` ones.

    Returns ``None`` when the layer must not change (done/reviewed work).
    Suggestions at positions the annotator already decided on are not re-added.
    """
    if layer.status in (LayerStatus.DONE, LayerStatus.REVIEWED):
        return None

    def pending_suggestion(origin: Origin, state: State) -> bool:
        return origin is Origin.SUGGESTED and state is State.PENDING

    kept = [s for s in layer.spans if not pending_suggestion(s.origin, s.state)]
    decided = {(s.start, s.end, s.label) for s in kept}
    new_spans = [s for s in fresh.spans if s.key not in decided]
    spans = kept + new_spans
    uids = {s.uid for s in spans}
    arguments = [a for a in layer.arguments if a.event_uid in uids and a.argument_uid in uids]
    arguments += [a for a in fresh.arguments if a.event_uid in uids and a.argument_uid in uids]
    kept_tags = [t for t in layer.tags if not pending_suggestion(t.origin, t.state)]
    decided_tags = {t.label for t in kept_tags}
    tags = kept_tags + [t for t in fresh.tags if t.label not in decided_tags]
    return Layer(
        document_id=layer.document_id,
        kind=layer.kind,
        owner=layer.owner,
        status=layer.status,
        spans=spans,
        arguments=arguments,
        tags=tags,
        notes=layer.notes,
        version=layer.version,
        id=layer.id,
    )


def documents_needing_suggestions(project: Project, model_name: str, force: bool) -> list[int]:
    """Documents without a suggestion layer from ``model_name`` (all of them with ``force``)."""
    ids = project.store.document_ids()
    if force:
        return ids
    current = bulk.suggestion_models(project.store)
    return [doc_id for doc_id in ids if current.get(doc_id) != model_name]


def suggest_documents(
    project: Project,
    doc_ids: Sequence[int] | None = None,
    *,
    model: str | None = None,
    force: bool = False,
    rules: bool = True,
    progress: Callable[[int, int | None], None] | None = None,
    cancel: Cancel | None = None,
    suggester: Suggester | None = None,
) -> SuggestSummary:
    """Suggest for the given documents (default: every one lacking current suggestions).

    Batches go through ``nlp.pipe``; each batch is saved in its own transactions,
    so an interrupted run resumes where it stopped.
    """
    suggester = suggester or load_suggester(project, model, rules=rules)
    summary = SuggestSummary(model=suggester.name, warnings=list(suggester.warnings))
    wanted = documents_needing_suggestions(project, suggester.name, force)
    if doc_ids is not None:
        needed = set(wanted)
        wanted = [i for i in doc_ids if force or i in needed]
        summary.skipped = len(doc_ids) - len(wanted)
    else:
        summary.skipped = project.store.count_documents() - len(wanted)
    total = len(wanted)
    for start in range(0, total, BATCH_SIZE):
        if cancel and cancel():
            summary.cancelled = True
            break
        batch = wanted[start : start + BATCH_SIZE]
        by_id = bulk.texts(project.store, batch)
        published = bulk.publication_dates(project.store, batch)
        texts = [by_id[doc_id] for doc_id in batch]
        layers = [
            suggestion_layer(doc_id, dated(suggestion, by_id[doc_id], published.get(doc_id)),
                             suggester.name)
            for doc_id, suggestion in zip(batch, suggester.suggest(texts), strict=True)
        ]
        save_suggestions(project, layers)
        summary.suggested += len(batch)
        if progress:
            progress(summary.suggested, total)
    if model:
        project.store.set_setting(MODEL_SETTING, model)
    return summary


def dated(suggestion: Suggestion, text: str, published: str | None) -> Suggestion:
    """The suggestion with its DATE spans resolved against the publication date."""
    from jkannotate.nlp.linking import link_spans

    suggestion.spans = link_spans(text, suggestion.spans, published)
    return suggestion


def save_suggestions(project: Project, layers: Sequence[Layer]) -> None:
    """Replace suggestion layers and refresh pending items of annotators' open layers."""
    refreshed: list[Layer] = []
    annotated = bulk.documents_with_layers(
        project.store,
        [layer.document_id for layer in layers if layer.document_id],
        LayerKind.ANNOTATOR,
    )
    for fresh in layers:
        if fresh.document_id not in annotated:
            continue
        for layer in project.store.layers(fresh.document_id):
            if layer.kind is LayerKind.ANNOTATOR:
                updated = refresh_pending(layer, fresh)
                if updated is not None:
                    refreshed.append(updated)
    bulk.replace_layers(project.store, [*layers, *refreshed])
