"""Build the gold project JSONL (dev, test, blind) from the hand annotations in sources/.

Each source file lists, per article, the entity and event-trigger surfaces with their labels
(written by hand following the guidelines of resources/schema.yml), the arguments of each
event and the document's issue tags. Every whole-word occurrence of a listed surface is
annotated, longest surfaces first, without overlaps inside one kind; ``[LABEL, surface, n]``
marks only the n-th occurrence. Seeds take their text from seeds/ through the ingest
module (``read_articles([path]).documents[0].text``), exactly what the project stores and
annotators see, so gold offsets point into the same text as a project's spans.

Run: python tests/data/gold/build_gold.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from jkannotate.core.model import (  # noqa: E402
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.core.schema import load_schema  # noqa: E402
from jkannotate.core.serialize import document_to_dict  # noqa: E402

HERE = Path(__file__).resolve().parent


def article_text(spec: dict) -> str:
    """The written text, or a seed's text as ingest stores it."""
    if "seed" not in spec:
        return spec["text"]
    from jkannotate.ingest import read_articles

    result = read_articles([ROOT / "seeds" / spec["seed"]])
    if len(result.documents) != 1:
        raise SystemExit(f"{spec['seed']}: ingest gave {len(result.documents)} documents")
    return result.documents[0].text


def mark(text: str, items: list, kind: LabelKind, uid_prefix: str, where: str = "") -> list[Span]:
    """Spans for every listed surface, longest first, no overlaps within the kind."""
    taken: list[Span] = []
    for number, item in sorted(enumerate(items), key=lambda pair: -len(str(pair[1][1]))):
        label, surface = item[0], str(item[1])
        wanted = int(item[2]) if len(item) > 2 and not isinstance(item[2], dict) else None
        found = 0
        for match in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            start, end = match.span()
            if any(s.start < end and start < s.end for s in taken):
                continue
            found += 1
            if wanted is not None and found != wanted:
                continue
            taken.append(
                Span(start, end, label, kind, Origin.MANUAL, State.ACCEPTED, None, "gold",
                     uid=f"{uid_prefix}{number}_{start}")
            )
        if found == 0:
            raise SystemExit(f"{where} {kind.value}: {surface!r} not found")
    return sorted(taken, key=lambda s: (s.start, s.end))


def nearest(entities: list[Span], text: str, surface: str, trigger: Span) -> Span:
    candidates = [e for e in entities if text[e.start:e.end] == surface]
    if not candidates:
        raise SystemExit(f"argument {surface!r} is not a gold entity")
    return min(candidates, key=lambda e: abs(e.start - trigger.start))


def build(spec: dict) -> tuple[str, AnnotatedDocument]:
    schema = load_schema()
    text = article_text(spec)
    for label, *_ in spec.get("entities", []):
        assert schema.has(label, LabelKind.ENTITY), label
    for label, *_ in spec.get("events", []):
        assert schema.has(label, LabelKind.EVENT), label
    for label in spec.get("tags", []):
        assert schema.has(label, LabelKind.ISSUE), label
    entities = mark(text, spec.get("entities", []), LabelKind.ENTITY, "e", spec["id"])
    events = mark(text, spec.get("events", []), LabelKind.EVENT, "v", spec["id"])
    arguments: list[EventArgument] = []
    roles_by_surface = {str(item[1]): item[2] for item in spec.get("events", [])
                        if len(item) > 2 and isinstance(item[2], dict)}
    for event in events:
        for role, surface in roles_by_surface.get(text[event.start:event.end], {}).items():
            argument = nearest(entities, text, str(surface), event)
            arguments.append(EventArgument(event.uid, argument.uid, role,
                                           uid=f"a{event.uid}_{argument.uid}"))
    tags = [DocTag(label, Origin.MANUAL, State.ACCEPTED, None, "gold", uid=f"t_{label}")
            for label in spec.get("tags", [])]
    layer = Layer(None, LayerKind.GOLD, "gold", LayerStatus.DONE,
                  spans=entities + events, arguments=arguments, tags=tags)
    document = Document(text=text, title=spec.get("title", ""), outlet=spec.get("outlet"),
                        published=str(spec.get("published") or "") or None,
                        meta={"gold_id": spec["id"], "split": spec["split"]})
    return spec["split"], AnnotatedDocument(document, [layer])


def main() -> None:
    out: dict[str, list[str]] = {"dev": [], "test": [], "blind": [], "blind2": []}
    for path in sorted((HERE / "sources").glob("*.yml")):
        split, item = build(yaml.safe_load(path.read_text(encoding="utf-8")))
        out[split].append(json.dumps(document_to_dict(item), ensure_ascii=False, sort_keys=True))
    for split, lines in out.items():
        (HERE / f"{split}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{split}: {len(lines)} documents")


if __name__ == "__main__":
    main()
