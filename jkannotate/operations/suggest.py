"""Pre-annotation of a project: run the suggester and save its layer, resumably.

Re-suggesting never touches accepted, rejected or manual work: the suggestion
layer is replaced, and in annotators' unfinished layers only *pending*
suggestions of older runs are swapped for the new ones, through a version-checked
write: a layer an annotator changed meanwhile is read again and recomputed, or
left as it is and reported. A document the pipeline fails on is reported and
skipped; the others are suggested all the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from jkannotate.core.history import SUGGEST
from jkannotate.core.model import (
    SUGGESTER_OWNER,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    State,
)
from jkannotate.project import Rewrite

if TYPE_CHECKING:
    from jkannotate.nlp import Suggester, Suggestion
    from jkannotate.project import Project

BATCH_SIZE = 32
# how often an annotator layer that changed under a running suggest is read again
CONFLICT_RETRIES = 3
MODEL_SETTING = "suggester.model"
Cancel = Callable[[], bool]


@dataclass(slots=True)
class SuggestSummary:
    suggested: int = 0
    skipped: int = 0  # already had current suggestions
    cancelled: bool = False
    model: str = ""
    warnings: list[str] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)  # documents the pipeline failed on
    # (document id, annotator) whose layer kept changing meanwhile: left as it was
    busy_layers: list[tuple[int, str]] = field(default_factory=list)

    def line(self) -> str:
        text = f"suggested {self.suggested} documents with {self.model}"
        if self.skipped:
            text += f", {self.skipped} already up to date"
        if self.failed:
            text += f", {len(self.failed)} failed and skipped (see warnings)"
        if self.busy_layers:
            text += (f", {len(self.busy_layers)} annotator layers edited meanwhile "
                     "kept as they were")
        if self.cancelled:
            text += " (cancelled; finished batches are saved)"
        return text


def load_suggester(project: Project, model: str | None = None, *, rules: bool = True) -> Suggester:
    """The suggester for ``model``, else the project's current model, else the default."""
    from jkannotate.nlp import Suggester

    return Suggester.load(model or project.setting(MODEL_SETTING) or None, rules=rules)


def suggestion_layer(doc_id: int, suggestion: Suggestion, model_name: str) -> Layer:
    """The suggester's layer for one document, naming the model that made it."""
    return Layer(
        document_id=doc_id,
        kind=LayerKind.SUGGESTION,
        owner=SUGGESTER_OWNER,
        status=LayerStatus.DONE,
        spans=list(suggestion.spans),
        arguments=list(suggestion.arguments),
        tags=list(suggestion.tags),
        model=model_name,
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
        model=layer.model,
        version=layer.version,
        id=layer.id,
    )


def documents_needing_suggestions(project: Project, model_name: str, force: bool) -> list[int]:
    """Documents without a suggestion layer from ``model_name`` (all of them with ``force``)."""
    ids = project.document_ids()
    if force:
        return ids
    current = project.suggestion_models()
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
        summary.skipped = project.count_documents() - len(wanted)
    total = len(wanted)
    done = 0
    for start in range(0, total, BATCH_SIZE):
        if cancel and cancel():
            summary.cancelled = True
            break
        batch = wanted[start : start + BATCH_SIZE]
        by_id = project.texts(batch)
        suggestions = _suggest_batch(suggester, batch, by_id, summary)
        published = project.publication_dates(batch)
        layers = [
            suggestion_layer(doc_id, dated(suggestion, by_id[doc_id], published.get(doc_id)),
                             suggester.name)
            for doc_id, suggestion in suggestions
        ]
        busy = save_suggestions(project, layers)
        summary.busy_layers += busy
        summary.warnings += [
            f"document {doc_id}: {owner}'s layer kept changing while suggesting; "
            "its pending suggestions were left as they were" for doc_id, owner in busy
        ]
        summary.suggested += len(layers)
        done += len(batch)
        if progress:
            progress(done, total)
    if model:
        project.set_setting(MODEL_SETTING, model)
    return summary


def dated(suggestion: Suggestion, text: str, published: str | None) -> Suggestion:
    """The suggestion with its DATE spans resolved against the publication date."""
    from jkannotate.nlp.linking import link_spans

    suggestion.spans = link_spans(text, suggestion.spans, published)
    return suggestion


def _suggest_batch(
    suggester: Suggester, batch: Sequence[int], texts: dict[int, str], summary: SuggestSummary
) -> list[tuple[int, Suggestion]]:
    """(document id, suggestion) for the batch; when the pipeline fails, the batch is run
    one document at a time and the documents that fail are reported and left out."""
    try:
        return list(zip(batch, suggester.suggest([texts[i] for i in batch]), strict=True))
    except Exception:  # noqa: BLE001 - any pipeline error: find the document that causes it
        pass
    results: list[tuple[int, Suggestion]] = []
    for doc_id in batch:
        try:
            (suggestion,) = suggester.suggest([texts[doc_id]])  # the same path as a batch
            results.append((doc_id, suggestion))
        except Exception as error:  # noqa: BLE001 - one document never stops the others
            reason = " ".join(str(error).split())[:200] or type(error).__name__
            summary.failed.append(doc_id)
            summary.warnings.append(f"document {doc_id} skipped: {reason}")
    return results


def save_suggestions(project: Project, layers: Sequence[Layer]) -> list[tuple[int, str]]:
    """Replace suggestion layers and refresh pending items of annotators' open layers,
    through the project's bulk write path: one transaction, version-checked, logged as
    a ``suggest`` run of the working user.

    A layer changed meanwhile is read again and recomputed (up to
    :data:`CONFLICT_RETRIES` times), else left as it is. Returns (document id, layer
    name) of the layers left as they were.
    """
    fresh_by_doc = {layer.document_id: layer for layer in layers if layer.document_id}
    rewrites: list[Rewrite] = []
    for doc in project.annotated_many(list(fresh_by_doc)):
        doc_id = doc.document.id
        assert doc_id is not None
        fresh = fresh_by_doc[doc_id]
        rewrites.append(Rewrite(doc.layer("suggestion"), fresh))
        rewrites += _refreshed(doc.layers, fresh)
    conflicts = project.rewrite_layers(rewrites, action=SUGGEST, skip_conflicts=True).conflicts
    for _attempt in range(CONFLICT_RETRIES):
        if not conflicts:
            break
        again: list[Rewrite] = []
        for conflict in conflicts:
            wanted = conflict.wanted
            assert wanted.document_id is not None
            fresh = fresh_by_doc[wanted.document_id]
            now = project.layer(wanted.document_id, wanted.name)
            if wanted.kind is LayerKind.SUGGESTION:
                again.append(Rewrite(now, fresh))
            elif now is not None:
                again += _refreshed([now], fresh)
        conflicts = project.rewrite_layers(again, action=SUGGEST, skip_conflicts=True).conflicts
    return [(c.wanted.document_id or 0, c.wanted.name) for c in conflicts]


def _refreshed(layers: Sequence[Layer], fresh: Layer) -> list[Rewrite]:
    """The annotator layers among ``layers`` with their pending suggestions refreshed."""
    rewrites = []
    for layer in layers:
        if layer.kind is LayerKind.ANNOTATOR:
            updated = refresh_pending(layer, fresh)
            if updated is not None:
                rewrites.append(Rewrite(layer, updated))
    return rewrites
