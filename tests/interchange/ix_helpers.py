"""Helpers for the export/import CLI tests: run the real CLI, annotate through the project API,
and read back what a database holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.model import Layer, LayerStatus, State
from jkannotate.core.serialize import document_to_dict
from jkannotate.project import Project

#: every format the export command offers, with the files it writes
FORMATS = ["spacy", "prodigy", "doccano", "conll", "brat", "jsonl"]
SUFFIX = {"spacy": ".spacy", "prodigy": ".jsonl", "doccano": ".jsonl", "conll": ".conll",
          "brat": "", "jsonl": ".jsonl"}
#: formats whose import restores the exact text and every kept span
EXACT = ["spacy", "prodigy", "doccano", "brat", "jsonl"]

SpanKey = tuple[int, int, str, str]


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """The CLI's exit code, stdout and stderr."""
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def copy_db(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    for extra in ("-wal", "-shm"):
        if Path(f"{source}{extra}").exists():
            shutil.copyfile(f"{source}{extra}", f"{target}{extra}")
    return target


def accept_everything(db: Path, user: str, tag: str = "SUMMIT_DIPLOMACY",
                      reject_first: bool = True) -> None:
    """As ``user``: open each document's layer from the suggestions, reject the first span
    (so rejection is exercised), accept the rest, set one issue tag and mark it done."""
    with Project.open(db, user=user) as project:
        for summary in project.documents():
            layer = project.open_layer(summary.id)
            if reject_first and layer.spans:
                project.reject(layer, [layer.spans[0].uid])
            project.accept_all(layer)
            project.set_tag(layer, tag)
            project.set_status(layer, LayerStatus.DONE)


def set_status(db: Path, user: str, doc_id: int, status: LayerStatus) -> None:
    with Project.open(db, user=user) as project:
        project.set_status(project.open_layer(doc_id), status)


def span_keys(layer: Layer) -> set[SpanKey]:
    return {(s.start, s.end, s.label, s.kind.value) for s in layer.kept_spans()}


def tag_labels(layer: Layer) -> set[str]:
    """The tags someone decided (pending suggestions are not exported as decisions)."""
    return {t.label for t in layer.kept_tags() if t.state is not State.PENDING}


def argument_keys(layer: Layer) -> set[tuple[SpanKey, SpanKey, str]]:
    by_uid = {s.uid: (s.start, s.end, s.label, s.kind.value) for s in layer.kept_spans()}
    return {(by_uid[a.event_uid], by_uid[a.argument_uid], a.role) for a in layer.arguments
            if a.event_uid in by_uid and a.argument_uid in by_uid}


def layers_by_hash(db: Path, name: str) -> dict[str, tuple[str, Layer]]:
    """Each document's layer ``name``, keyed by the text hash: (text, layer)."""
    found: dict[str, tuple[str, Layer]] = {}
    with Project.open(db, user="checker") as project:
        for summary in project.documents():
            layer = project.layer(summary.id, name)
            if layer is not None:
                document = project.document(summary.id)
                found[document.hash] = (document.text, layer)
    return found


def layers_in_order(db: Path, name: str) -> list[tuple[str, Layer]]:
    with Project.open(db, user="checker") as project:
        result = []
        for summary in project.documents():
            layer = project.layer(summary.id, name)
            if layer is not None:
                result.append((project.document(summary.id).text, layer))
        return result


def snapshot(db: Path) -> list[dict[str, object]]:
    """Everything the database holds, document by document (to prove nothing changed)."""
    with Project.open(db, user="checker") as project:
        return [document_to_dict(project.annotated(s.id)) for s in project.documents()]


def pending_count(layer: Layer) -> int:
    return sum(1 for s in layer.spans if s.state is State.PENDING)
