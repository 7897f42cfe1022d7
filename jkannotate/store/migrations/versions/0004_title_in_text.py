"""Schema 4: the headline is the first paragraph of every document's annotatable text.

Older versions kept the headline only in ``document.title``, outside the text that offsets
point into. Here each document whose text does not already open with its title as a
paragraph of its own gets ``title + "\\n\\n"`` in front of its text, and every offset that
points into that text moves by the same amount: spans (entities and event triggers) of
every layer, and the evidence ranges of document tags. Event arguments link spans by uid
and move with them; comments hold no offsets. The content hash follows the new text (kept
as it was in the rare case that another document already has the new text's hash). On
SQLite the search index's update trigger re-queues each changed document, so the index
stays exact; PostgreSQL searches the text itself. Documents whose title was derived from
their first sentence (``meta.title_derived``) are left alone: their text holds it already.

The downgrade takes the headline paragraph out again, moving offsets back; annotations
inside the headline cannot exist in the older schema and are deleted.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import hashlib
import json

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEPARATOR = "\n\n"

_document = sa.table("document", sa.column("id"), sa.column("title"), sa.column("text"),
                     sa.column("meta"), sa.column("hash"))
_layer = sa.table("layer", sa.column("id"), sa.column("document_id"))
_span = sa.table("span", sa.column("id"), sa.column("layer_id"), sa.column("uid"),
                 sa.column("start"), sa.column("end"))
_argument = sa.table("event_argument", sa.column("id"), sa.column("layer_id"),
                     sa.column("event_uid"), sa.column("argument_uid"))
_tag = sa.table("doc_tag", sa.column("id"), sa.column("layer_id"), sa.column("evidence"))


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def title_opens_text(title: str, text: str) -> bool:
    """True when the text's first paragraph is the title (nothing to move)."""
    title = title.strip()
    first = text.lstrip().split("\n", 1)[0].strip()
    return not title or first == title


def _derived(meta: str | None) -> bool:
    try:
        return bool(json.loads(meta or "{}").get("title_derived"))
    except (ValueError, AttributeError):
        return False


def _move(connection: sa.Connection, document_id: int, shift: int, limit: int = 0) -> None:
    """Shift every offset of one document by ``shift``; with a negative shift, first delete
    spans and evidence that start before ``limit`` (inside the removed headline)."""
    layers = sa.select(_layer.c.id).where(_layer.c.document_id == document_id)
    if shift < 0:
        doomed = connection.execute(
            sa.select(_span.c.layer_id, _span.c.uid)
            .where(_span.c.layer_id.in_(layers), _span.c.start < limit)).all()
        for layer_id, uid in doomed:
            connection.execute(_argument.delete().where(
                _argument.c.layer_id == layer_id,
                sa.or_(_argument.c.event_uid == uid, _argument.c.argument_uid == uid)))
        connection.execute(_span.delete().where(_span.c.layer_id.in_(layers),
                                                _span.c.start < limit))
    connection.execute(
        _span.update().where(_span.c.layer_id.in_(layers))
        .values({_span.c.start: _span.c.start + shift, _span.c["end"]: _span.c["end"] + shift}))
    tags = connection.execute(
        sa.select(_tag.c.id, _tag.c.evidence).where(_tag.c.layer_id.in_(layers))).all()
    for tag_id, evidence in tags:
        ranges = json.loads(evidence or "[]")
        if not ranges:
            continue
        moved = [[start + shift, end + shift] for start, end in ranges if start >= limit]
        connection.execute(_tag.update().where(_tag.c.id == tag_id)
                           .values(evidence=json.dumps(moved)))


def _rewrite(connection: sa.Connection, changes: list[tuple[int, str, str, str, int, int]]) -> None:
    """Store new texts and hashes, then move offsets; ``changes`` holds
    ``(id, old_hash, new_text, new_hash, shift, limit)``."""
    taken = {row[0] for row in connection.execute(sa.select(_document.c.hash))}
    for document_id, old_hash, new_text, new_hash, shift, limit in changes:
        if new_hash in taken:
            new_hash = old_hash  # another document has this text already: keep identity
        else:
            taken.discard(old_hash)
            taken.add(new_hash)
        connection.execute(_document.update().where(_document.c.id == document_id)
                           .values(text=new_text, hash=new_hash))
        _move(connection, document_id, shift, limit)


def upgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_document.c.id, _document.c.title, _document.c.text,
                                        _document.c.meta, _document.c.hash)).all()
    changes = []
    for document_id, title, text, meta, old_hash in rows:
        title = (title or "").strip()
        if title_opens_text(title, text) or _derived(meta):
            continue
        head = title + SEPARATOR
        changes.append((document_id, old_hash, head + text, _hash(head + text), len(head), 0))
    _rewrite(connection, changes)


def downgrade() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_document.c.id, _document.c.title, _document.c.text,
                                        _document.c.meta, _document.c.hash)).all()
    changes = []
    for document_id, title, text, meta, old_hash in rows:
        title = (title or "").strip()
        head = title + SEPARATOR
        if not title or _derived(meta) or not text.startswith(head) or len(text) == len(head):
            continue
        rest = text[len(head):]
        changes.append((document_id, old_hash, rest, _hash(rest), -len(head), len(head)))
    _rewrite(connection, changes)
