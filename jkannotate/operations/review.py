"""The review operations of a project: agreement, adjudication into gold, the next
document to review, the dashboard report and the consistency check.

The figures come from :mod:`jkannotate.review` (pure functions); this module picks
the documents and layers through the project, checks who may do what, and writes.
Users, assignment and blind annotation live in :mod:`jkannotate.operations.team`.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.history import ADJUDICATE
from jkannotate.core.model import (
    GOLD_OWNER,
    AnnotatedDocument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Role,
)
from jkannotate.core.resources import resource_path
from jkannotate.operations.team import require_role
from jkannotate.project import Rewrite
from jkannotate.review import (
    STRATEGIES,
    AgreementReport,
    Inconsistency,
    adjudicate,
    agreement_report,
    dashboard,
    has_disagreements,
    render_report_html,
)
from jkannotate.review.consistency import label_conflicts, unlabelled_gazetteer_names
from jkannotate.review.selection import FINISHED

if TYPE_CHECKING:
    from jkannotate.project import Project

Progress = Callable[[int, int | None], None]
BATCH_SIZE = 64
GAZETTEER_FILE = "gazetteer.yml"
ADJUDICATION_SOURCE = "adjudication:"
_NOT_ANNOTATORS = frozenset({GOLD_OWNER, "suggestion"})  # layer names in DocumentSummary


# reading documents for review --------------------------------------------------------


def _annotated_ids(
    project: Project, annotators: Iterable[str] | None = None, *, finished: int = 1
) -> list[int]:
    """Documents where at least ``finished`` of the annotators (any, when None) have a
    finished layer; with ``finished=0``, where any of them has a layer at all."""
    wanted = None if annotators is None else set(annotators)
    found = []
    for summary in project.summaries():
        owners = {
            name: status
            for name, status in summary.layers.items()
            if name not in _NOT_ANNOTATORS and (wanted is None or name in wanted)
        }
        done = sum(1 for status in owners.values() if status in FINISHED)
        if (done >= finished) if finished else bool(owners):
            found.append(summary.id)
    return found


def _load(project: Project, doc_ids: Sequence[int]) -> list[AnnotatedDocument]:
    """The documents with all their layers, read in bulk (one query per table per batch)."""
    return project.annotated_many(doc_ids)


def _check_label(project: Project, label: str | None) -> None:
    if label is not None and not project.schema.has(label):
        raise InputError(f"unknown label {label!r}")


def agreement(
    project: Project, annotators: Sequence[str] | None = None, label: str | None = None,
    *, include_pending: bool = False,
) -> AgreementReport:
    """Agreement of ``annotators`` (default: everyone with a finished layer) over the
    documents they all finished; issue tags nobody used there are not listed."""
    _check_label(project, label)
    wanted = list(annotators) if annotators else None
    docs = _load(project, _annotated_ids(project, wanted, finished=0))
    return agreement_report(docs, annotators=wanted, label=label,
                            include_pending=include_pending)


# adjudication ------------------------------------------------------------------------


@dataclass(slots=True)
class AdjudicationSummary:
    strategy: str
    written: list[int] = field(default_factory=list)  # documents whose gold was (re)built
    unchanged: int = 0  # gold already what the strategy gives
    kept_reviewed: list[int] = field(default_factory=list)
    kept_edited: list[int] = field(default_factory=list)  # gold holding a reviewer's own work
    complete: int = 0  # documents the strategy decided entirely
    undecided: int = 0  # items left for a reviewer, over all documents

    def to_json(self) -> dict[str, Any]:
        return {
            "strategy": self.strategy,
            "written": len(self.written),
            "unchanged": self.unchanged,
            "kept_reviewed": len(self.kept_reviewed),
            "kept_edited": len(self.kept_edited),
            "complete": self.complete,
            "undecided_items": self.undecided,
        }

    def line(self) -> str:
        return (
            f"{self.strategy}: gold written for {len(self.written)} documents "
            f"({self.complete} fully decided, {self.undecided} items left for a reviewer), "
            f"{self.unchanged} unchanged, {len(self.kept_reviewed)} reviewed and "
            f"{len(self.kept_edited)} hand-edited gold layers kept"
        )


def _made_by_adjudication(gold: Layer) -> bool:
    sources = [s.source for s in gold.spans] + [t.source for t in gold.tags]
    return all((source or "").startswith(ADJUDICATION_SOURCE) for source in sources)


def _same_gold(old: Layer, new: Layer) -> bool:
    def content(layer: Layer) -> tuple[Any, ...]:
        spans = {s.uid: s.key for s in layer.spans}
        return (
            layer.status,
            sorted((s.key, s.source or "") for s in layer.spans),
            sorted((t.label, t.state.value) for t in layer.tags),
            sorted(
                (spans.get(a.event_uid), a.role, spans.get(a.argument_uid)) for a in layer.arguments
            ),
        )

    return content(old) == content(new)


def adjudicate_project(
    project: Project,
    strategy: str = "majority",
    *,
    progress: Progress | None = None,
    batch_size: int = BATCH_SIZE,
) -> AdjudicationSummary:
    """Build gold wherever two or more annotators finished a document.

    Gold a reviewer marked reviewed, or edited by hand (also while this runs), is left
    as it is. Each batch of gold layers is written in one transaction, logged as the
    reviewer's ``adjudicate`` edit (undoable like their own). Reviewers and admins only.
    """
    if strategy not in STRATEGIES:
        raise InputError(f"unknown strategy {strategy!r}; use one of {', '.join(STRATEGIES)}")
    require_role(project, (Role.REVIEWER, Role.ADMIN), "adjudicate")
    project.check_can_write(LayerKind.GOLD, GOLD_OWNER)
    summary = AdjudicationSummary(strategy)
    doc_ids = _annotated_ids(project, finished=2)
    for start in range(0, len(doc_ids), batch_size):
        rewrites: list[Rewrite] = []
        for doc in _load(project, doc_ids[start : start + batch_size]):
            doc_id = doc.document.id
            assert doc_id is not None
            old = doc.layer(GOLD_OWNER)
            if old is not None and old.status is LayerStatus.REVIEWED:
                summary.kept_reviewed.append(doc_id)
                continue
            if old is not None and not _made_by_adjudication(old):
                summary.kept_edited.append(doc_id)
                continue
            result = adjudicate(doc, strategy, previous=old)  # type: ignore[arg-type]
            summary.undecided += len(result.undecided)
            summary.complete += not result.undecided
            if old is not None and _same_gold(old, result.gold):
                summary.unchanged += 1
                continue
            rewrites.append(Rewrite(old, result.gold, result.made_from))
        # gold a reviewer opened or edited while the batch was computed stays as it is:
        # each layer is written only at the version it was read with
        done = project.rewrite_layers(rewrites, action=ADJUDICATE, skip_conflicts=True)
        summary.written += [layer.document_id for layer in done.layers if layer.document_id]
        summary.kept_edited += [c.wanted.document_id for c in done.conflicts
                                if c.wanted.document_id]
        if progress:
            progress(min(start + batch_size, len(doc_ids)), len(doc_ids))
    return summary


def next_document_with_disagreements(
    project: Project, after_id: int, annotators: Sequence[str] | None = None
) -> int | None:
    """The next document (by id, wrapping around, ``after_id`` itself last) whose
    finished annotator layers disagree and whose gold is not reviewed yet."""
    candidates = []
    for summary in project.summaries():
        if summary.layers.get(GOLD_OWNER) == LayerStatus.REVIEWED.value:
            continue
        finished = [
            name
            for name, status in summary.layers.items()
            if name not in _NOT_ANNOTATORS
            and status in FINISHED
            and (annotators is None or name in annotators)
        ]
        if len(finished) >= 2:
            candidates.append(summary.id)
    ordered = [i for i in candidates if i > after_id] + [i for i in candidates if i <= after_id]
    for start in range(0, len(ordered), BATCH_SIZE):
        for doc in _load(project, ordered[start : start + BATCH_SIZE]):
            if has_disagreements(doc, annotators):
                return doc.document.id
    return None


# report and check -----------------------------------------------------------------------


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path`` and move it into place."""
    folder = path.parent
    if not folder.is_dir():
        raise InputError(f"the folder {folder} does not exist")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def report(project: Project, out_path: str | os.PathLike[str]) -> Path:
    """The dashboard and agreement page as one self-contained HTML file."""
    path = Path(out_path)
    docs = _load(project, _annotated_ids(project, finished=0))
    board = dashboard(docs, project.assignments() or None)
    board.documents = project.count_documents()
    try:
        figures: AgreementReport | None = agreement_report(docs)
    except InputError:  # fewer than two annotators: no agreement section
        figures = None
    from jkannotate.operations.events import timeline_report_section

    write_atomically(path, render_report_html(board, figures, title="jkannotate review",
                                              extra_sections=timeline_report_section(project)))
    return path


def _entry_names(entry: Any) -> list[str]:
    if isinstance(entry, str):
        return [part.strip() for part in entry.split("|")]
    if isinstance(entry, list | tuple):
        return [str(part).strip() for part in entry if isinstance(part, str)]
    if isinstance(entry, dict):
        names = [entry.get("name")] + list(entry.get("aliases") or [])
        return [n.strip() for n in names if isinstance(n, str)]
    return []


def gazetteer_aliases(
    project: Project, path: Path | None = None
) -> tuple[dict[str, str], list[str]]:
    """Alias → entity label from ``resources/gazetteer.yml`` (``LABEL: [entries]``, an
    entry ``"Name | alias | ..."``), and warnings. A missing or unreadable file gives
    no aliases; an alias listed under two labels is left out."""
    path = path or resource_path(GAZETTEER_FILE)
    if not path.is_file():
        return {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        return {}, [f"gazetteer not used: {path}: {str(error).splitlines()[0]}"]
    if not isinstance(data, dict):
        return {}, [f"gazetteer not used: {path} is not a mapping of labels to names"]
    found: dict[str, set[str]] = {}
    warnings = []
    for label, entries in data.items():
        if not isinstance(label, str) or not project.schema.has(label, LabelKind.ENTITY):
            warnings.append(f"gazetteer: {label!r} is not an entity label of the project; skipped")
            continue
        for entry in entries if isinstance(entries, list) else []:
            for alias in _entry_names(entry):
                if len(alias) >= 2:
                    found.setdefault(alias, set()).add(label)
    return {alias: labels.pop() for alias, labels in found.items() if len(labels) == 1}, warnings


def unlabelled_names(
    docs: Sequence[AnnotatedDocument], aliases: dict[str, str]
) -> list[Inconsistency]:
    """What :func:`consistency_check` finds about gazetteer names, much faster.

    Each document is matched only against the aliases its text contains: one regex
    of hundreds of alternatives costs seconds per hundred documents, and an alias
    that is not a substring of a text cannot match in it, so the findings are the same.
    """
    merged: dict[str, Inconsistency] = {}
    for doc in docs:
        text = doc.document.text
        present = {alias: label for alias, label in aliases.items() if alias in text}
        for item in unlabelled_gazetteer_names([doc], present) if present else []:
            if item.surface in merged:
                merged[item.surface].occurrences.extend(item.occurrences)
            else:
                merged[item.surface] = item
    return sorted(merged.values(), key=lambda item: (-len(item.occurrences), item.surface))


def check(project: Project) -> tuple[list[Inconsistency], list[str]]:
    """Likely inconsistencies in finished layers (label conflicts first, then unlabelled
    gazetteer names), and warnings about the gazetteer."""
    aliases, warnings = gazetteer_aliases(project)
    finished_ids = [
        s.id
        for s in project.summaries()
        if any(n != "suggestion" and st in FINISHED for n, st in s.layers.items())
    ]
    docs = _load(project, finished_ids)
    return label_conflicts(docs) + unlabelled_names(docs, aliases), warnings
