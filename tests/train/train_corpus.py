"""Generated news-like documents with exact gold spans and tags, for training tiny pipelines.

The fictional names (Kelvania, Zorbin Quell, Drovasi, Marlow Trading) are unknown to the
rules, so anything a trained model suggests for them was learned from the annotations.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)

PEOPLE = ["Zorbin Quell", "Moon Jae-in", "Fumio Kishida", "Yoon Suk Yeol", "Park Jin"]
PLACES = ["Kelvania", "Japan", "South Korea", "Tokyo", "Seoul"]
GROUPS = ["Drovasi", "Japanese", "Korean"]
ORGS = ["Marlow Trading", "Samsung", "the Foreign Ministry"]
DATES = ["Monday", "Tuesday", "March 2023", "last week"]

# Each template: text with {slots}; slot kinds give the entity label; tags for the document.
TEMPLATES: list[tuple[str, dict[str, str], tuple[str, ...]]] = [
    ("{p} met officials from {g} on {d}.", {"p": "PERSON", "g": "GPE", "d": "DATE"},
     ("SUMMIT_DIPLOMACY",)),
    ("The {n} delegation arrived in {g} for trade talks.", {"n": "NORP", "g": "GPE"},
     ("TRADE_DISPUTE",)),
    ("{o} said exports to {g} fell sharply.", {"o": "ORG", "g": "GPE"}, ("TRADE_DISPUTE",)),
    ("Leaders of {g} and {h} spoke by phone on {d}.", {"g": "GPE", "h": "GPE", "d": "DATE"},
     ("SUMMIT_DIPLOMACY",)),
    ("{p} told {n} reporters that the dispute was over.", {"p": "PERSON", "n": "NORP"}, ()),
]

POOLS = {"PERSON": PEOPLE, "GPE": PLACES, "NORP": GROUPS, "ORG": ORGS, "DATE": DATES}


@dataclass
class Generated:
    text: str
    entities: list[tuple[int, int, str]] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)


def _fill(template: str, slots: dict[str, str], rng: random.Random) -> tuple[str, list]:
    text, spans, rest, used = "", [], template, set()
    while "{" in rest:
        before, _, after = rest.partition("{")
        slot, _, rest = after.partition("}")
        text += before
        label = slots[slot]
        surface = rng.choice([name for name in POOLS[label] if name not in used])
        used.add(surface)
        start = len(text)
        if surface.startswith("the "):
            start += 4  # the entity is "Foreign Ministry", not the article
        text += surface
        spans.append((start, len(text), label))
    return text + rest, spans


def generate(count: int, seed: int = 0, sentences: int = 4) -> list[Generated]:
    """``count`` documents of ``sentences`` sentences; each mentions Kelvania at least once."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        doc = Generated("")
        chosen = [TEMPLATES[1]] + [rng.choice(TEMPLATES) for _ in range(sentences - 1)]
        for template, slots, tags in chosen:
            sentence, spans = _fill(template, slots, rng)
            offset = len(doc.text)
            doc.entities += [(s + offset, e + offset, label) for s, e, label in spans]
            doc.tags.update(tags)
            doc.text += sentence + " "
        doc.text += "Kelvania was mentioned again."
        where = doc.text.rindex("Kelvania")
        doc.entities.append((where, where + len("Kelvania"), "GPE"))
        docs.append(doc)
    return docs


def annotated(docs: list[Generated], owner: str = "gold",
              status: LayerStatus = LayerStatus.DONE) -> list[AnnotatedDocument]:
    """The generated documents with their gold as one layer (gold or an annotator's)."""
    kind = LayerKind.GOLD if owner == "gold" else LayerKind.ANNOTATOR
    items = []
    for doc in docs:
        layer = Layer(None, kind, owner, status=status,
                      spans=[Span(s, e, label, LabelKind.ENTITY) for s, e, label in doc.entities],
                      tags=[DocTag(label) for label in sorted(doc.tags)])
        items.append(AnnotatedDocument(Document(doc.text, title=doc.text[:30]), [layer]))
    return items
