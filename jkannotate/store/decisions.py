"""People's span and tag decisions over a whole project, for the project memory."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from jkannotate.core.model import LayerKind, State
from jkannotate.store.database import Database
from jkannotate.store.loading import CHUNK
from jkannotate.store.tables import DocTagRow, DocumentRow, LayerRow, SpanRow

_DECIDING = (LayerKind.ANNOTATOR.value, LayerKind.GOLD.value)
_DECIDED = (State.ACCEPTED.value, State.REJECTED.value)


@dataclass(frozen=True, slots=True)
class SpanDecision:
    surface: str
    label: str
    kind: str
    state: str


def _layer_filter(owners: Collection[str] | None, gold: bool):
    kinds = _DECIDING if gold else (LayerKind.ANNOTATOR.value,)
    condition = LayerRow.kind.in_(kinds)
    if owners is not None:
        mine = (LayerRow.kind == LayerKind.ANNOTATOR.value) & LayerRow.owner.in_(
            list(owners)
        )
        condition = (LayerRow.kind == LayerKind.GOLD.value) | mine if gold else mine
    return condition


def _stamp(
    db: Database, owners: Collection[str] | None = None, *, gold: bool = True
) -> tuple[int, int]:
    """Changes whenever a deciding layer changes: (layers, sum of their versions)."""
    with db.read() as session:
        count, versions = session.execute(
            select(func.count(LayerRow.id), func.coalesce(func.sum(LayerRow.version), 0)).where(
                _layer_filter(owners, gold)
            )
        ).one()
    return int(count), int(versions)


def _spans(
    db: Database, owners: Collection[str] | None = None, *, gold: bool = True
) -> list[SpanDecision]:
    """Accepted and rejected spans of annotator layers (only ``owners``' when given) and gold,
    with the text they cover (cut out by the database, so texts are not loaded)."""
    surface = func.substr(DocumentRow.text, SpanRow.start + 1, SpanRow.end - SpanRow.start)
    # a suggestion rejected beside an accepted span of its label that overlaps it was a
    # boundary correction ("Nippon Steel" → "Nippon Steel Corp."), not a verdict on the string
    fixed = aliased(SpanRow)
    boundary_fix = (
        select(fixed.id)
        .where(
            fixed.layer_id == SpanRow.layer_id,
            fixed.state == State.ACCEPTED.value,
            fixed.label == SpanRow.label,
            fixed.start < SpanRow.end,
            SpanRow.start < fixed.end,
        )
        .exists()
    )
    query = (
        select(surface, SpanRow.label, SpanRow.kind, SpanRow.state)
        .join(LayerRow, LayerRow.id == SpanRow.layer_id)
        .join(DocumentRow, DocumentRow.id == LayerRow.document_id)
        .where(
            _layer_filter(owners, gold),
            (SpanRow.state == State.ACCEPTED.value)
            | ((SpanRow.state == State.REJECTED.value) & ~boundary_fix),
        )
    )
    with db.read() as session:
        return [SpanDecision(*row) for row in session.execute(query)]


@dataclass(frozen=True, slots=True)
class TagDecision:
    label: str
    state: str
    evidence: tuple[str, ...]  # the text of each evidence range


def _tags(
    db: Database, owners: Collection[str] | None = None, *, gold: bool = True
) -> list[TagDecision]:
    """Accepted and rejected tags that carry evidence, with the evidence texts (only the
    texts of documents that have such tags are read)."""
    query = (
        select(LayerRow.document_id, DocTagRow.label, DocTagRow.state, DocTagRow.evidence)
        .join(LayerRow, LayerRow.id == DocTagRow.layer_id)
        .where(
            _layer_filter(owners, gold),
            DocTagRow.state.in_(_DECIDED),
            DocTagRow.evidence != "[]",
        )
    )
    with db.read() as session:
        rows = session.execute(query).all()
        ids = sorted({row[0] for row in rows})
        texts: dict[int, str] = {}
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            query_texts = select(DocumentRow.id, DocumentRow.text).where(
                DocumentRow.id.in_(chunk)
            )
            texts.update((doc_id, text) for doc_id, text in session.execute(query_texts))
    decisions = []
    for doc_id, label, state, evidence in rows:
        text = texts[doc_id]
        ranges = json.loads(evidence or "[]")
        decisions.append(TagDecision(label, state, tuple(text[s:e] for s, e in ranges)))
    return decisions


class Decisions:
    """People's decisions, read for the project memory; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def stamp(self, owners: Collection[str] | None = None, *, gold: bool = True) -> tuple[int, int]:
        """Changes whenever a deciding layer changes: (layers, sum of their versions)."""
        return _stamp(self.db, owners, gold=gold)

    def spans(
        self, owners: Collection[str] | None = None, *, gold: bool = True
    ) -> list[SpanDecision]:
        """Accepted and rejected spans of annotator layers (only ``owners``') and gold."""
        return _spans(self.db, owners, gold=gold)

    def tags(
        self, owners: Collection[str] | None = None, *, gold: bool = True
    ) -> list[TagDecision]:
        """Accepted and rejected tags that carry evidence, with the evidence texts."""
        return _tags(self.db, owners, gold=gold)
