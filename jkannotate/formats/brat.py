"""brat standoff: a directory with ``NAME.txt`` + ``NAME.ann`` per document and an
``annotation.conf``/``visual.conf`` generated from the label scheme.

``.ann`` lines: ``T`` text-bound spans (split into fragments at line breaks, as brat does),
``E`` events (trigger + role arguments), ``A`` attributes (``State`` of pending/rejected
spans; ``IssueTag`` marks issue tags: their evidence, or the headline as a placeholder),
``#`` AnnotatorNotes (span comments). Every span is written, with its state; origin,
confidence and source are not kept. Reading also takes ``R`` relations as event arguments.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, DocTag, LabelKind, Layer, State
from jkannotate.formats import brat_conf, temporaries
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    WriteOptions,
    atomic_write_text,
    doc_name,
    select_layer,
    span_name,
)
from jkannotate.formats.brat_read import read_document

CONF = "annotation.conf"
MANIFEST = ".jkannotate-export"  # the files an export wrote, so a later one replaces only those
_FRAGMENT = re.compile(r"[^\r\n]+")


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of a range between line breaks (a brat text field holds no newline)."""
    return [(start + m.start(), start + m.end()) for m in _FRAGMENT.finditer(text[start:end])]


class _AnnWriter:
    """Numbers T/E/A/# lines for one document."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = []
        self.counts = {"T": 0, "E": 0, "A": 0, "#": 0}

    def add(self, prefix: str, body: str) -> str:
        self.counts[prefix] += 1
        ident = f"{prefix}{self.counts[prefix]}"
        self.lines.append(f"{ident}\t{body}")
        return ident

    def text_bound(self, label: str, pieces: list[tuple[int, int]]) -> str:
        offsets = ";".join(f"{s} {e}" for s, e in pieces)
        shown = " ".join(self.text[s:e] for s, e in pieces)
        return self.add("T", f"{label} {offsets}\t{shown}")


def document_ann(item: AnnotatedDocument, layer: Layer, report: FormatReport) -> str:
    """The ``.ann`` text of one document's layer."""
    text, where = item.document.text, doc_name(item.document)
    ann = _AnnWriter(text)
    ids: dict[str, str] = {}  # span uid -> T id (entities) or E id (events)
    triggers: dict[str, str] = {}
    for span in layer.spans:
        pieces = fragments(text, span.start, span.end)
        if not pieces:
            report.left_out.append(f"{where}: {span_name(text, span)}: holds only line breaks")
            continue
        if (pieces[0][0], pieces[-1][1]) != (span.start, span.end):
            report.snapped.append(f"{where}: {span_name(text, span)} -> "
                                  f"{pieces[0][0]}..{pieces[-1][1]} (line breaks at its ends)")
        ids[span.uid] = triggers[span.uid] = ann.text_bound(span.label, pieces)
        if span.state is not State.REJECTED:
            report.count_span(span.label)
    for span in layer.spans:
        if span.kind is LabelKind.EVENT and span.uid in ids:
            roles: dict[str, int] = {}
            parts = [f"{span.label}:{triggers[span.uid]}"]
            for argument in (a for a in layer.arguments if a.event_uid == span.uid):
                if argument.argument_uid not in ids:
                    report.left_out.append(f"{where}: argument {argument.role!r} links a span "
                                           "that is not exported")
                    continue
                roles[argument.role] = roles.get(argument.role, 0) + 1
                number = roles[argument.role]
                parts.append(f"{argument.role}{number if number > 1 else ''}:"
                             f"{{{argument.argument_uid}}}")
            ids[span.uid] = ann.add("E", " ".join(parts))
    # arguments may point at events declared after them: resolve uids once all ids exist
    ann.lines = [re.sub(r"\{([^{}\s]+)\}", lambda m: ids[m.group(1)], line)
                 if line.startswith("E") else line for line in ann.lines]
    for span in layer.spans:
        if span.uid in ids and span.state is not State.ACCEPTED:
            ann.add("A", f"{brat_conf.STATE_ATTRIBUTE} {ids[span.uid]} {span.state.value}")
    for tag in layer.tags:
        _write_tag(ann, tag, item, report)
    for comment in layer.comments:
        target = triggers.get(comment.span_uid or "")
        if target is None:
            report.left_out.append(f"{where}: a document comment by {comment.author} "
                                   "(brat notes belong to an annotation)")
            continue
        ann.add("#", f"AnnotatorNotes {target}\t{' '.join(comment.text.split())}")
    return "".join(line + "\n" for line in ann.lines)


def _write_tag(ann: _AnnWriter, tag: DocTag, item: AnnotatedDocument,
               report: FormatReport) -> None:
    text = item.document.text
    ranges = [(e.start, e.end) for e in tag.evidence]
    kind = "evidence"
    if not ranges:
        first = _FRAGMENT.search(text)
        if first is None:
            report.left_out.append(f"{doc_name(item.document)}: issue tag {tag.label}: "
                                   "the text has no line to hold it")
            return
        ranges, kind = [(first.start(), first.end())], "document"
    for start, end in ranges:
        pieces = fragments(text, start, end)
        if not pieces:
            continue
        ident = ann.text_bound(tag.label, pieces)
        ann.add("A", f"{brat_conf.ISSUE_ATTRIBUTE} {ident} {kind}")
        if tag.state is not State.ACCEPTED:
            ann.add("A", f"{brat_conf.STATE_ATTRIBUTE} {ident} {tag.state.value}")
    if tag.state is not State.REJECTED:
        report.count_tag(tag.label)


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write a brat directory: built in a temp dir beside ``out``, then moved into place.

    A folder that holds anything but an earlier export of ours is refused unless
    ``options.force``; then only the files of this export are replaced in it (and those
    an earlier export wrote there), every other file is kept.
    """
    out = Path(out)
    check_target(out, options)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporaries.clean_stale(out)
    report = FormatReport(notes=["brat keeps span state but not origin, confidence or source"])
    seen: dict[LabelKind, set[str]] = {kind: set() for kind in LabelKind}
    roles: set[str] = set()
    built = temporaries.temp_dir(out)
    try:
        names = [CONF, "visual.conf"]
        for index, item in enumerate(docs):
            layer = select_layer(item, options, report)
            if layer is None:
                continue
            stem = f"{index:05d}" + (f"_doc{item.document.id}" if item.document.id is not None
                                     else f"_{item.document.hash[:8]}")
            (built / f"{stem}.txt").write_bytes(item.document.text.encode("utf-8"))
            (built / f"{stem}.ann").write_bytes(document_ann(item, layer, report).encode("utf-8"))
            names += [f"{stem}.txt", f"{stem}.ann"]
            for span in layer.spans:
                seen[span.kind].add(span.label)
            seen[LabelKind.ISSUE].update(tag.label for tag in layer.tags)
            roles.update(argument.role for argument in layer.arguments)
            report.documents += 1
        atomic_write_text(built / "visual.conf", brat_conf.visual_conf(options.schema))
        atomic_write_text(built / CONF, brat_conf.annotation_conf(options.schema, seen, roles))
        atomic_write_text(built / MANIFEST, "".join(name + "\n" for name in names))
        place(built, out)
    finally:
        temporaries.remove(built)
    return report


def _written_before(folder: Path) -> set[str]:
    """The files an earlier export wrote into ``folder`` (from its manifest)."""
    try:
        listed = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return set()
    return {name for name in listed if name and "/" not in name and not name.startswith(".")}


def only_ours(folder: Path) -> bool:
    """Whether ``folder`` is empty or holds nothing but the files of an earlier export."""
    ours = _written_before(folder) | {MANIFEST}
    return all(entry.name in ours and entry.is_file() for entry in folder.iterdir())


def check_target(out: Path, options: WriteOptions) -> None:
    """Refuse an output that is not a folder, or a folder of other files without ``force``."""
    out = Path(out)
    if not (out.exists() or out.is_symlink()):
        return
    if not out.is_dir() or out.is_symlink():
        raise InputError("exists and is not a folder; not replacing it", str(out))
    if not options.force and not only_ours(out):
        raise InputError("holds files that are not an earlier export; --force writes the "
                         "export into it, replacing only the files of the export and keeping "
                         "the others", str(out))


def place(built: Path, out: Path) -> None:
    """Move a built export into ``out``: the whole folder when ``out`` holds nothing else,
    else file by file, leaving every file the export did not write."""
    if not out.exists():
        os.replace(built, out)
        return
    if only_ours(out):
        temporaries.commit_all([(built, out)])
        return
    new = {entry.name for entry in built.iterdir()}
    for name in sorted(_written_before(out) - new):  # an earlier export's, not in this one
        stale = out / name
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    for name in sorted(new - {MANIFEST}):
        target = out / name
        if target.is_dir() and not target.is_symlink():
            raise InputError(f"a folder {name!r} stands where the export writes a file; "
                             "not replacing it", str(out))
        os.replace(built / name, target)
    os.replace(built / MANIFEST, out / MANIFEST)  # last: it lists what is now ours


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read a brat directory (or one ``.txt``/``.ann`` pair); documents in file-name order."""
    path = Path(path)
    if path.is_dir():
        texts = sorted(path.glob("*.txt"))
    elif path.suffix in (".txt", ".ann"):
        texts = [path.with_suffix(".txt")]
    else:
        raise InputError("brat input is a directory of .txt/.ann files", str(path))
    if not texts:
        raise InputError("no .txt files in this brat directory", str(path))
    report = FormatReport()
    documents = [read_document(text_path, options, report) for text_path in texts]
    return documents, report
