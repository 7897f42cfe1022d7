"""People's span decisions over a whole project, for the project memory: one query, no texts."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, select

from jkannotate.core.model import LayerKind, State
from jkannotate.store.store import Store
from jkannotate.store.tables import DocumentRow, LayerRow, SpanRow

_DECIDING = (LayerKind.ANNOTATOR.value, LayerKind.GOLD.value)
_DECIDED = (State.ACCEPTED.value, State.REJECTED.value)


@dataclass(frozen=True, slots=True)
class SpanDecision:
    surface: str
    label: str
    kind: str
    state: str


def _layer_filter(owners: Collection[str] | None, gold: bool):  # type: ignore[no-untyped-def]
    kinds = _DECIDING if gold else (LayerKind.ANNOTATOR.value,)
    condition = LayerRow.kind.in_(kinds)  # type: ignore[attr-defined]
    if owners is not None:
        mine = (LayerRow.kind == LayerKind.ANNOTATOR.value) & LayerRow.owner.in_(  # type: ignore[attr-defined]
            list(owners)
        )
        condition = (LayerRow.kind == LayerKind.GOLD.value) | mine if gold else mine
    return condition


def decisions_stamp(
    store: Store, owners: Collection[str] | None = None, *, gold: bool = True
) -> tuple[int, int]:
    """Changes whenever a deciding layer changes: (layers, sum of their versions)."""
    with store.read() as session:
        count, versions = session.execute(
            select(func.count(LayerRow.id), func.coalesce(func.sum(LayerRow.version), 0)).where(
                _layer_filter(owners, gold)
            )
        ).one()
    return int(count), int(versions)


def span_decisions(
    store: Store, owners: Collection[str] | None = None, *, gold: bool = True
) -> list[SpanDecision]:
    """Accepted and rejected spans of annotator layers (only ``owners``' when given) and gold,
    with the text they cover (cut out by the database, so texts are not loaded)."""
    surface = func.substr(DocumentRow.text, SpanRow.start + 1, SpanRow.end - SpanRow.start)
    query = (
        select(surface, SpanRow.label, SpanRow.kind, SpanRow.state)
        .join(LayerRow, LayerRow.id == SpanRow.layer_id)
        .join(DocumentRow, DocumentRow.id == LayerRow.document_id)
        .where(_layer_filter(owners, gold), SpanRow.state.in_(_DECIDED))  # type: ignore[attr-defined]
    )
    with store.read() as session:
        return [SpanDecision(*row) for row in session.execute(query)]
