"""What the suggester returns for one text, and its JSON form for ``suggest --jsonl``.

No spaCy here: the store, the CLI and the GUI can use these without loading a pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jkannotate.core.model import DocTag, EventArgument, LabelKind, Span


@dataclass(slots=True)
class Suggestion:
    """Pending suggestions for one text: entity and event spans, event arguments, issue tags."""

    spans: list[Span] = field(default_factory=list)
    arguments: list[EventArgument] = field(default_factory=list)
    tags: list[DocTag] = field(default_factory=list)

    def entities(self) -> list[Span]:
        return [span for span in self.spans if span.kind is LabelKind.ENTITY]

    def events(self) -> list[Span]:
        return [span for span in self.spans if span.kind is LabelKind.EVENT]


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def suggestion_json(doc_id: str, text: str, suggestion: Suggestion) -> dict[str, Any]:
    """The contract shape of one ``jkannotate suggest FILE --jsonl`` line.

    Each span: start, end, label, kind, confidence, source, kb_id (the actor it is linked
    to, or null), norm (a DATE's TIMEX3 value, or null), and args for an event trigger.
    """
    by_uid = {span.uid: span for span in suggestion.spans}
    args_of: dict[str, list[dict[str, Any]]] = {}
    for argument in suggestion.arguments:
        target = by_uid.get(argument.argument_uid)
        if target is not None:
            args_of.setdefault(argument.event_uid, []).append(
                {"role": argument.role, "start": target.start, "end": target.end}
            )
    spans: list[dict[str, Any]] = []
    for span in sorted(suggestion.spans, key=lambda s: (s.start, s.end, s.kind.value, s.label)):
        item: dict[str, Any] = {
            "start": span.start,
            "end": span.end,
            "label": span.label,
            "kind": span.kind.value,
            "confidence": _rounded(span.confidence),
            "source": span.source,
            "kb_id": span.kb_id,  # the linked actor (resources/actors.yml), "NIL" or null
            "norm": span.norm,  # a DATE's value resolved against the publication date
        }
        if span.kind is LabelKind.EVENT:
            item["args"] = args_of.get(span.uid, [])
        spans.append(item)
    tags = [
        {
            "label": tag.label,
            "confidence": _rounded(tag.confidence),
            "evidence": [{"start": e.start, "end": e.end} for e in tag.evidence],
        }
        for tag in suggestion.tags
    ]
    return {"id": doc_id, "text": text, "spans": spans, "tags": tags}
