"""The project database: every public method is one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from jkannotate.core import edits as ed
from jkannotate.core.errors import ConflictError, JkError, NotFound
from jkannotate.core.groups import group_ids
from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind
from jkannotate.core.schema import Label, LabelSchema
from jkannotate.store import convert
from jkannotate.store.engine import is_sqlite, make_engine, mask_url, resolve_url, write_intent
from jkannotate.store.migrate import ensure_schema
from jkannotate.store.tables import (
    AssignmentRow,
    CommentRow,
    DocTagRow,
    DocumentRow,
    EventArgumentRow,
    LabelRow,
    LayerRow,
    SettingRow,
    SpanRow,
    UserRow,
)

LinkFinder = Callable[[list[int]], list[tuple[int, int]]]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class ImportOutcome:
    added: list[int] = field(default_factory=list)
    duplicates: list[int] = field(default_factory=list)  # ids of documents already stored
    layers_added: int = 0
    layers_kept: int = 0  # layers that existed already and were left as they were


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


class Store:
    """Opens (and migrates) a database given as a path or SQLAlchemy URL."""

    def __init__(self, db: str | None = None) -> None:
        self.url = resolve_url(db)
        self.display_url = mask_url(self.url)
        self.engine = make_engine(self.url)
        try:
            self.migrated_from = ensure_schema(self.engine, self.display_url)
        except OperationalError as error:
            self.engine.dispose()
            raise JkError(f"cannot open {self.display_url}: {error.orig}") from error

    def close(self) -> None:
        self.engine.dispose()

    @property
    def is_sqlite(self) -> bool:
        return is_sqlite(self.url)

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back entirely on any error."""
        with write_intent(), Session(self.engine) as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session

    # labels and settings -------------------------------------------------

    def ensure_labels(self, schema: LabelSchema) -> None:
        """Copy labels the project does not have yet; keep the project's own edits."""
        with self.write() as session:
            have = {(r.name, r.kind) for r in session.exec(select(LabelRow)).scalars()}
            rows = [
                {
                    "name": lb.name,
                    "kind": lb.kind.value,
                    "colour": lb.colour,
                    "key": lb.key,
                    "guideline": lb.guideline,
                }
                for lb in schema.labels
                if (lb.name, lb.kind.value) not in have
            ]
            if rows:
                session.execute(insert(LabelRow), rows)

    def labels(self) -> list[Label]:
        from jkannotate.core.model import LabelKind

        with self.read() as session:
            rows = session.exec(select(LabelRow).order_by(LabelRow.id)).scalars().all()
            return [Label(r.name, LabelKind(r.kind), r.colour, r.key, r.guideline) for r in rows]

    def get_setting(self, key: str) -> str | None:
        with self.read() as session:
            row = session.get(SettingRow, key)
            return row.value if row else None

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as session:
            row = session.get(SettingRow, key)
            if row:
                row.value = value
            else:
                session.add(SettingRow(key=key, value=value))

    # documents -----------------------------------------------------------

    def import_documents(
        self,
        items: Sequence[AnnotatedDocument],
        signatures: Sequence[bytes | None] | None = None,
        find_links: LinkFinder | None = None,
    ) -> ImportOutcome:
        """Insert new documents (and their layers) in one transaction.

        A document whose text is already stored is not inserted again; layers it
        brings are added only where that document has no such layer yet.
        ``find_links`` receives the new ids (in item order) and returns pairs of
        near-duplicate document ids, which are merged into duplicate groups.
        """
        outcome = ImportOutcome()
        stamp = now_iso()
        with self.write() as session:
            hashes = [item.document.hash for item in items]
            known: dict[str, int] = {}
            for chunk_start in range(0, len(hashes), 500):
                chunk = hashes[chunk_start : chunk_start + 500]
                query = select(DocumentRow.hash, DocumentRow.id).where(DocumentRow.hash.in_(chunk))
                known.update({h: i for h, i in session.execute(query)})
            fresh: list[int] = []
            seen: set[str] = set()
            for index, item in enumerate(items):
                doc_hash = item.document.hash
                if doc_hash in known or doc_hash in seen:
                    continue
                seen.add(doc_hash)
                fresh.append(index)
            rows = [
                convert.document_values(
                    items[i].document, signatures[i] if signatures else None, stamp
                )
                for i in fresh
            ]
            new_ids: list[int] = []
            if rows:
                result = session.execute(
                    insert(DocumentRow).returning(DocumentRow.id, sort_by_parameter_order=True),
                    rows,
                )
                new_ids = [row[0] for row in result]
            by_hash = dict(known)
            for index, doc_id in zip(fresh, new_ids, strict=True):
                by_hash[items[index].document.hash] = doc_id
                items[index].document.id = doc_id
            outcome.added = new_ids
            outcome.duplicates = sorted({known[h] for h in hashes if h in known})
            for item in items:
                doc_id = by_hash[item.document.hash]
                item.document.id = doc_id
                for layer in item.layers:
                    layer.document_id = doc_id
                    if self._find_layer(session, doc_id, layer.kind, layer.owner) is not None:
                        outcome.layers_kept += 1
                        continue
                    self._insert_layer(session, layer, stamp)
                    outcome.layers_added += 1
            if find_links and new_ids:
                self._merge_groups(session, find_links(new_ids))
        return outcome

    def _merge_groups(self, session: Session, links: list[tuple[int, int]]) -> None:
        if not links:
            return
        involved = sorted({i for pair in links for i in pair})
        existing = {
            doc_id: group
            for doc_id, group in session.execute(
                select(DocumentRow.id, DocumentRow.duplicate_group).where(
                    DocumentRow.id.in_(involved), DocumentRow.duplicate_group.is_not(None)
                )
            )
        }
        # documents already grouped with an involved one keep their group together
        groups = group_ids(links, existing)
        for doc_id, group in groups.items():
            session.execute(
                update(DocumentRow).where(DocumentRow.id == doc_id).values(duplicate_group=group)
            )
            old = existing.get(doc_id)
            if old is not None and old != group:
                session.execute(
                    update(DocumentRow)
                    .where(DocumentRow.duplicate_group == old)
                    .values(duplicate_group=group)
                )

    def signatures(self) -> Iterator[tuple[int, bytes]]:
        """Every stored near-duplicate signature, streamed."""
        with self.read() as session:
            query = select(DocumentRow.id, DocumentRow.signature).where(
                DocumentRow.signature.is_not(None)
            )
            yield from session.execute(query.execution_options(yield_per=2000))

    def document(self, doc_id: int) -> Document:
        with self.read() as session:
            row = session.get(DocumentRow, doc_id)
            if row is None:
                raise NotFound(f"no document {doc_id} in {self.display_url}")
            return convert.document_from_row(row)

    def document_ids(self) -> list[int]:
        with self.read() as session:
            return list(session.execute(select(DocumentRow.id).order_by(DocumentRow.id)).scalars())

    def count_documents(self) -> int:
        with self.read() as session:
            return session.execute(select(func.count()).select_from(DocumentRow)).scalar_one()

    def summaries(self, offset: int = 0, limit: int | None = None) -> list[DocumentSummary]:
        """One line per document for listings, without loading texts."""
        with self.read() as session:
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

    # layers --------------------------------------------------------------

    @staticmethod
    def _find_layer(session: Session, doc_id: int, kind: LayerKind, owner: str) -> LayerRow | None:
        return session.execute(
            select(LayerRow).where(
                LayerRow.document_id == doc_id, LayerRow.kind == kind.value, LayerRow.owner == owner
            )
        ).scalar_one_or_none()

    def _insert_layer(self, session: Session, layer: Layer, stamp: str) -> int:
        assert layer.document_id is not None
        row = LayerRow(
            document_id=layer.document_id,
            kind=layer.kind.value,
            owner=layer.owner,
            status=layer.status.value,
            notes=layer.notes,
            version=layer.version,
            created=layer.created or stamp,
            updated=layer.updated or stamp,
        )
        session.add(row)
        session.flush()
        assert row.id is not None
        layer.id = row.id
        self._insert_contents(session, row.id, layer)
        return row.id

    @staticmethod
    def _insert_contents(session: Session, layer_id: int, layer: Layer) -> None:
        if layer.spans:
            session.execute(
                insert(SpanRow), [convert.span_values(layer_id, s) for s in layer.spans]
            )
        if layer.arguments:
            session.execute(
                insert(EventArgumentRow),
                [convert.argument_values(layer_id, a) for a in layer.arguments],
            )
        if layer.tags:
            session.execute(
                insert(DocTagRow), [convert.tag_values(layer_id, t) for t in layer.tags]
            )
        if layer.comments:
            session.execute(
                insert(CommentRow), [convert.comment_values(layer_id, c) for c in layer.comments]
            )

    def _load_contents(self, session: Session, row: LayerRow) -> Layer:
        layer = convert.layer_header(row)
        layer.spans = [
            convert.span_from_row(r)
            for r in session.exec(
                select(SpanRow)
                .where(SpanRow.layer_id == row.id)
                .order_by(SpanRow.start, SpanRow.end)
            ).scalars()
        ]
        layer.arguments = [
            convert.argument_from_row(r)
            for r in session.exec(
                select(EventArgumentRow).where(EventArgumentRow.layer_id == row.id)
            ).scalars()
        ]
        layer.tags = [
            convert.tag_from_row(r)
            for r in session.exec(
                select(DocTagRow).where(DocTagRow.layer_id == row.id).order_by(DocTagRow.label)
            ).scalars()
        ]
        layer.comments = [
            convert.comment_from_row(r)
            for r in session.exec(
                select(CommentRow).where(CommentRow.layer_id == row.id).order_by(CommentRow.id)
            ).scalars()
        ]
        return layer

    def layer(self, doc_id: int, kind: LayerKind, owner: str) -> Layer | None:
        with self.read() as session:
            row = self._find_layer(session, doc_id, kind, owner)
            return self._load_contents(session, row) if row else None

    def layers(self, doc_id: int) -> list[Layer]:
        with self.read() as session:
            rows = (
                session.exec(
                    select(LayerRow).where(LayerRow.document_id == doc_id).order_by(LayerRow.id)
                )
                .scalars()
                .all()
            )
            return [self._load_contents(session, row) for row in rows]

    def create_layer(self, layer: Layer) -> Layer:
        """Insert a layer with its contents; an existing layer of that owner is returned instead."""
        with self.write() as session:
            assert layer.document_id is not None
            if session.get(DocumentRow, layer.document_id) is None:
                raise NotFound(f"no document {layer.document_id}")
            row = self._find_layer(session, layer.document_id, layer.kind, layer.owner)
            if row is not None:
                return self._load_contents(session, row)
            self._insert_layer(session, layer, now_iso())
            return layer

    def replace_layer(self, layer: Layer, expected_version: int | None = None) -> Layer:
        """Replace a layer's whole contents (create it if missing); bumps its version."""
        assert layer.document_id is not None
        with self.write() as session:
            row = self._find_layer(session, layer.document_id, layer.kind, layer.owner)
            if row is None:
                layer.version = 0
                self._insert_layer(session, layer, now_iso())
                return layer
            assert row.id is not None
            self._bump_version(session, row.id, expected_version, row.version)
            for table in (SpanRow, EventArgumentRow, DocTagRow):
                session.execute(delete(table).where(table.layer_id == row.id))  # type: ignore[attr-defined]
            session.execute(
                update(LayerRow)
                .where(LayerRow.id == row.id)
                .values(status=layer.status.value, notes=layer.notes)
            )
            self._insert_contents(
                session,
                row.id,
                Layer(
                    document_id=layer.document_id,
                    kind=layer.kind,
                    owner=layer.owner,
                    spans=layer.spans,
                    arguments=layer.arguments,
                    tags=layer.tags,
                ),
            )
            refreshed = session.get(LayerRow, row.id)
            assert refreshed is not None
            session.refresh(refreshed)
            return self._load_contents(session, refreshed)

    @staticmethod
    def _bump_version(session: Session, layer_id: int, expected: int | None, current: int) -> int:
        condition = LayerRow.id == layer_id
        if expected is not None:
            condition = condition & (LayerRow.version == expected)
        result = session.execute(
            update(LayerRow)
            .where(condition)
            .values(version=LayerRow.version + 1, updated=now_iso())
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise ConflictError(
                f"this layer was changed elsewhere (version {current}, you had {expected}); "
                "reload the document to see the other changes"
            )
        return (expected if expected is not None else current) + 1

    def apply_edits(
        self, layer_id: int, edits: Sequence[ed.Edit], expected_version: int | None = None
    ) -> int:
        """Apply edits to one layer in one transaction; returns the layer's new version."""
        with self.write() as session:
            row = session.get(LayerRow, layer_id)
            if row is None:
                raise NotFound(f"no layer {layer_id}")
            version = self._bump_version(session, layer_id, expected_version, row.version)
            for edit in edits:
                self._apply_one(session, layer_id, edit)
            return version

    @staticmethod
    def _apply_one(session: Session, layer_id: int, edit: ed.Edit) -> None:
        match edit:
            case ed.AddSpan(span):
                session.execute(insert(SpanRow), [convert.span_values(layer_id, span)])
            case ed.UpdateSpan(uid, changes):
                values: dict[str, Any] = {
                    k: (v.value if hasattr(v, "value") else v) for k, v in changes
                }
                result = session.execute(
                    update(SpanRow)
                    .where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                    .values(**values)
                )
                if result.rowcount != 1:  # type: ignore[attr-defined]
                    raise NotFound(f"no span {uid} in this layer")
            case ed.RemoveSpan(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id,
                        (EventArgumentRow.event_uid == uid)
                        | (EventArgumentRow.argument_uid == uid),
                    )
                )
                session.execute(
                    delete(SpanRow).where(SpanRow.layer_id == layer_id, SpanRow.uid == uid)
                )
            case ed.AddArgument(argument):
                session.execute(
                    insert(EventArgumentRow), [convert.argument_values(layer_id, argument)]
                )
            case ed.RemoveArgument(uid):
                session.execute(
                    delete(EventArgumentRow).where(
                        EventArgumentRow.layer_id == layer_id, EventArgumentRow.uid == uid
                    )
                )
            case ed.SetTag(tag):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == tag.label
                    )
                )
                session.execute(insert(DocTagRow), [convert.tag_values(layer_id, tag)])
            case ed.RemoveTag(label):
                session.execute(
                    delete(DocTagRow).where(
                        DocTagRow.layer_id == layer_id, DocTagRow.label == label
                    )
                )
            case ed.SetStatus(status):
                session.execute(
                    update(LayerRow).where(LayerRow.id == layer_id).values(status=status.value)
                )
            case ed.SetNotes(notes):
                session.execute(update(LayerRow).where(LayerRow.id == layer_id).values(notes=notes))
            case ed.AddComment(comment):
                session.execute(insert(CommentRow), [convert.comment_values(layer_id, comment)])

    # users and assignments -------------------------------------------------

    def set_user(self, name: str, role: str) -> None:
        with self.write() as session:
            row = session.get(UserRow, name)
            if row:
                row.role = role
            else:
                session.add(UserRow(name=name, role=role, created=now_iso()))

    def users(self) -> dict[str, str]:
        with self.read() as session:
            return {
                r.name: r.role
                for r in session.exec(select(UserRow).order_by(UserRow.name)).scalars()
            }

    def set_assignments(self, pairs: Sequence[tuple[int, str]]) -> None:
        with self.write() as session:
            session.execute(delete(AssignmentRow))
            if pairs:
                session.execute(
                    insert(AssignmentRow), [{"document_id": d, "annotator": a} for d, a in pairs]
                )

    def assignments(self) -> dict[str, set[int]]:
        with self.read() as session:
            result: dict[str, set[int]] = {}
            for doc_id, annotator in session.execute(
                select(AssignmentRow.document_id, AssignmentRow.annotator)
            ):
                result.setdefault(annotator, set()).add(doc_id)
            return result

    # statistics ------------------------------------------------------------

    def stats(self) -> dict[str, Any]:
        with self.read() as session:
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

    def integrity_check(self) -> str:
        """SQLite's ``PRAGMA integrity_check`` result ("ok" when healthy); "ok" elsewhere."""
        if not self.is_sqlite:
            return "ok"
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
