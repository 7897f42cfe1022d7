"""Listings and counts over a whole project, without loading texts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jkannotate.core.model import LayerKind
from jkannotate.store.database import Database
from jkannotate.store.tables import DocTagRow, DocumentRow, LayerRow, SpanRow


@dataclass(slots=True)
class DocumentSummary:
    id: int
    title: str
    outlet: str | None
    published: str | None
    chars: int
    duplicate_group: int | None
    layers: dict[str, str]  # layer name -> status
    pending: int  # pending suggestions in the suggestion layer


class Statistics:
    """Document summaries and project statistics; every method is one transaction."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def summaries(self, offset: int = 0, limit: int | None = None) -> list[DocumentSummary]:
        """One line per document for listings, without loading texts."""
        with self.db.read() as session:
            query = (
                select(
                    DocumentRow.id,
                    DocumentRow.title,
                    DocumentRow.outlet,
                    DocumentRow.published,
                    func.length(DocumentRow.text),
                    DocumentRow.duplicate_group,
                )
                .order_by(DocumentRow.id)
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            rows = session.execute(query).all()
            if not rows:
                return []
            ids = [r[0] for r in rows]
            layers: dict[int, dict[str, str]] = {i: {} for i in ids}
            layer_rows = session.execute(
                select(LayerRow.document_id, LayerRow.kind, LayerRow.owner, LayerRow.status).where(
                    LayerRow.document_id.in_(ids)
                )
            )
            for doc_id, kind, owner, status in layer_rows:
                name = {"gold": "gold", "suggestion": "suggestion"}.get(kind, owner)
                layers[doc_id][name] = status
            pending_rows = session.execute(
                select(LayerRow.document_id, func.count(SpanRow.id))
                .join(SpanRow, SpanRow.layer_id == LayerRow.id)
                .where(
                    LayerRow.document_id.in_(ids),
                    LayerRow.kind == LayerKind.SUGGESTION.value,
                    SpanRow.state == "pending",
                )
                .group_by(LayerRow.document_id)
            )
            pending = dict(pending_rows.all())
            return [
                DocumentSummary(
                    r[0], r[1], r[2], r[3], r[4], r[5], layers[r[0]], pending.get(r[0], 0)
                )
                for r in rows
            ]

    def totals(self) -> dict[str, Any]:
        with self.db.read() as session:
            count = session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()
            layers: dict[str, dict[str, int]] = {}
            for kind, status, n in session.execute(
                select(LayerRow.kind, LayerRow.status, func.count()).group_by(
                    LayerRow.kind, LayerRow.status
                )
            ):
                layers.setdefault(kind, {})[status] = n
            spans: dict[str, dict[str, int]] = {}
            for label, state, n in session.execute(
                select(SpanRow.label, SpanRow.state, func.count()).group_by(
                    SpanRow.label, SpanRow.state
                )
            ):
                spans.setdefault(label, {})[state] = n
            tags: dict[str, dict[str, int]] = {}
            for label, state, n in session.execute(
                select(DocTagRow.label, DocTagRow.state, func.count()).group_by(
                    DocTagRow.label, DocTagRow.state
                )
            ):
                tags.setdefault(label, {})[state] = n
            groups = self._groups_portable(session)
            return {
                "documents": count,
                "layers": layers,
                "spans": spans,
                "tags": tags,
                "duplicate_groups": groups,
            }

    @staticmethod
    def _groups_portable(session: Session) -> list[dict[str, Any]]:
        grouped: dict[int, list[int]] = {}
        for doc_id, group in session.execute(
            select(DocumentRow.id, DocumentRow.duplicate_group)
            .where(DocumentRow.duplicate_group.is_not(None))
            .order_by(DocumentRow.id)
        ):
            grouped.setdefault(group, []).append(doc_id)
        return [{"group": g, "documents": ids} for g, ids in sorted(grouped.items())]
