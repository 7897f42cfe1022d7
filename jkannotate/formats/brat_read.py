"""Reading one brat document (``.txt`` + ``.ann``) into an annotated document.

Every T offset must slice to the text brat shows for it; anything malformed raises
:class:`InputError` naming the file and line, so nothing is half-imported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    Comment,
    DocTag,
    Document,
    EventArgument,
    Evidence,
    LabelKind,
    Span,
    State,
)
from jkannotate.formats import brat_conf
from jkannotate.formats.base import FormatReport, ReadOptions, kind_for, new_layer, read_text_file

_ROLE_NUMBER = re.compile(r"\d+$")


@dataclass
class _TextBound:
    label: str
    start: int
    end: int
    line: int


@dataclass
class _Ann:
    bounds: dict[str, _TextBound] = field(default_factory=dict)
    events: dict[str, tuple[str, list[tuple[str, str]], int]] = field(default_factory=dict)
    relations: list[tuple[str, str, str, int]] = field(default_factory=list)
    attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)


def _parse_bound(body: str, shown: str, text: str, where: str, number: int) -> _TextBound:
    label, _, offsets = body.partition(" ")
    try:
        pieces = [tuple(int(x) for x in piece.split()) for piece in offsets.split(";")]
        if any(len(p) != 2 or not 0 <= p[0] <= p[1] <= len(text) for p in pieces):
            raise ValueError
    except ValueError:
        raise InputError(f"bad offsets {offsets!r} for a text of {len(text)} characters",
                         where, number) from None
    expected = " ".join(text[s:e] for s, e in pieces)
    if shown != expected:
        raise InputError(f"offsets {offsets} show {expected[:40]!r}, the .ann says {shown[:40]!r}",
                         where, number)
    return _TextBound(label, pieces[0][0], pieces[-1][1], number)


def parse_ann(ann_text: str, text: str, where: str, report: FormatReport) -> _Ann:
    parsed = _Ann()
    for number, line in enumerate(ann_text.splitlines(), 1):
        if not line.strip():
            continue
        ident, _, rest = line.partition("\t")
        body, _, shown = rest.partition("\t")
        kind = ident[:1]
        if kind == "T":
            parsed.bounds[ident] = _parse_bound(body, shown, text, where, number)
        elif kind == "E":
            parts = body.split()
            if not parts or ":" not in parts[0]:
                raise InputError("an event line is 'E1<TAB>TYPE:T1 Role:T2 …'", where, number)
            label, trigger = parts[0].split(":", 1)
            arguments = [tuple(p.split(":", 1)) for p in parts[1:]]
            if any(len(a) != 2 for a in arguments):
                raise InputError("event arguments are written 'Role:ID'", where, number)
            parsed.events[ident] = (trigger, [(_ROLE_NUMBER.sub("", r), t) for r, t in arguments],
                                    number)
            parsed.bounds.setdefault(trigger, _TextBound(label, -1, -1, number))
        elif kind == "R":
            parts = body.split()
            args = dict(p.split(":", 1) for p in parts[1:] if ":" in p)
            if len(parts) != 3 or {"Arg1", "Arg2"} - set(args):
                raise InputError("a relation line is 'R1<TAB>Type Arg1:T1 Arg2:T2'", where, number)
            parsed.relations.append((parts[0], args["Arg1"], args["Arg2"], number))
        elif kind in "AM":
            parts = body.split()
            if len(parts) not in (2, 3):
                raise InputError("an attribute line is 'A1<TAB>Name ID [Value]'", where, number)
            parsed.attributes.setdefault(parts[1], {})[parts[0]] = parts[2] if len(parts) == 3 \
                else "true"
        elif kind == "#":
            target = body.split()[1] if len(body.split()) > 1 else ""
            parsed.notes.append((target, shown))
        elif kind == "N":
            report.left_out.append(f"{where}:{number}: normalisation {ident} is not imported")
        else:
            raise InputError(f"unknown brat annotation {ident!r}", where, number)
    return parsed


def read_document(text_path: Path, options: ReadOptions, report: FormatReport) -> AnnotatedDocument:
    """One document from ``NAME.txt`` and (when present) ``NAME.ann``."""
    text = read_text_file(text_path, encoding="utf-8")
    ann_path = text_path.with_suffix(".ann")
    ann_text = read_text_file(ann_path) if ann_path.exists() else ""
    parsed = parse_ann(ann_text, text, str(ann_path), report)
    layer = new_layer(options)
    uids: dict[str, str] = {}  # T or E id -> span uid
    triggers = {trigger for trigger, _args, _line in parsed.events.values()}
    tags: dict[str, DocTag] = {}
    pending_read = [0]
    for ident, (trigger, _args, _line) in parsed.events.items():  # E attributes describe the T
        parsed.attributes.setdefault(trigger, {}).update(parsed.attributes.get(ident, {}))
    for ident, bound in parsed.bounds.items():
        if bound.start < 0:
            raise InputError(f"event trigger {ident} has no T line", str(ann_path), bound.line)
        attributes = parsed.attributes.get(ident, {})
        try:
            state = State(attributes.get(brat_conf.STATE_ATTRIBUTE, "accepted"))
        except ValueError:
            raise InputError(f"{ident} has an unknown State value", str(ann_path),
                             bound.line) from None
        if state is State.PENDING:  # an imported layer holds decisions, as from every format
            state = State.ACCEPTED
            pending_read[0] += 1
        if brat_conf.ISSUE_ATTRIBUTE in attributes:
            evidence = () if attributes[brat_conf.ISSUE_ATTRIBUTE] == "document" \
                else (Evidence(bound.start, bound.end),)
            old = tags.get(bound.label)
            tags[bound.label] = DocTag(label=bound.label, state=state, evidence=(
                old.evidence if old else ()) + evidence)
            continue
        kind = LabelKind.EVENT if ident in triggers else kind_for(bound.label, options.schema)
        span = Span(start=bound.start, end=bound.end, label=bound.label, kind=kind, state=state)
        layer.spans.append(span)
        uids[ident] = span.uid
        if state is not State.REJECTED:
            report.count_span(span.label)
    for ident, (trigger, _arguments, _line) in parsed.events.items():
        uids[ident] = uids[trigger]
    links = [(ident, role, target, line) for ident, (_t, arguments, line) in parsed.events.items()
             for role, target in arguments]
    links += [(arg1, role, arg2, line) for role, arg1, arg2, line in parsed.relations]
    for event, role, target, line in links:
        if event not in uids or target not in uids:
            raise InputError(f"{role} links an unknown annotation", str(ann_path), line)
        layer.arguments.append(EventArgument(uids[event], uids[target], role))
    for target, note in parsed.notes:
        if target in uids:
            layer.comments.append(Comment(author="brat", text=note, created="",
                                          span_uid=uids[target]))
    layer.tags = list(tags.values())
    for tag in layer.kept_tags():
        report.count_tag(tag.label)
    if pending_read[0]:
        report.notes.append(f"{text_path.name}: {pending_read[0]} annotation(s) marked pending "
                            "imported as accepted (an imported layer holds decisions)")
    report.documents += 1
    return AnnotatedDocument(Document(text=text, meta={"brat_file": text_path.stem}), [layer])
