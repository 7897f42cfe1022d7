"""Migration 0004: the headline becomes the first paragraph of stored texts; offsets follow."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import sqlalchemy as sa

from jkannotate.core.model import LayerKind, content_hash
from jkannotate.store import Store, search_index
from jkannotate.store.engine import make_engine
from tests.harness.revisions import at_revision

DATA = Path(__file__).resolve().parents[1] / "data"

MOVED_TITLE = "Seoul and Tokyo agree to talks"
MOVED_TEXT = "Yoon and Kishida met in Tokyo on Thursday.\n\nThey agreed to meet again."
KEPT_TITLE = "Summit in Hiroshima"
KEPT_TEXT = "Summit in Hiroshima\n\nThe G7 leaders met in Hiroshima."
DERIVED_TEXT = "Japan protested on Friday. Seoul said nothing."


def _insert(connection: sa.Connection, table: str, **values: object) -> int:
    columns = ", ".join(f'"{name}"' for name in values)
    marks = ", ".join(f":{name}" for name in values)
    result = connection.execute(sa.text(f'INSERT INTO "{table}" ({columns}) VALUES ({marks}) '
                                        "RETURNING id"), values)
    return int(result.scalar_one())


def _document(connection: sa.Connection, title: str, text: str, meta: dict) -> int:
    return _insert(connection, "document", hash=content_hash(text), title=title, text=text,
                   meta=json.dumps(meta), created="2024-01-01")


def _layer(connection: sa.Connection, document_id: int, owner: str, kind: str) -> int:
    return _insert(connection, "layer", document_id=document_id, kind=kind, owner=owner,
                   status="in_progress", notes="", version=3, created="", updated="")


def _span(connection: sa.Connection, layer: int, uid: str, text: str, word: str,
          label: str, kind: str = "entity") -> None:
    start = text.index(word)
    _insert(connection, "span", layer_id=layer, uid=uid, start=start, end=start + len(word),
            label=label, kind=kind, origin="manual", state="accepted")


def _old_project(url: str) -> dict[str, int]:
    """A database at revision 0003 with spans, an event argument and tag evidence."""
    at_revision(url, "0003")
    engine = make_engine(url)
    with engine.begin() as connection:
        moved = _document(connection, MOVED_TITLE, MOVED_TEXT, {})
        kept = _document(connection, KEPT_TITLE, KEPT_TEXT, {})
        derived = _document(connection, "Japan protested on Friday", DERIVED_TEXT,
                            {"title_derived": True})
        for owner, kind in (("alice", "annotator"), ("suggester", "suggestion")):
            layer = _layer(connection, moved, owner, kind)
            _span(connection, layer, f"{owner}-yoon", MOVED_TEXT, "Yoon", "PERSON")
            _span(connection, layer, f"{owner}-tokyo", MOVED_TEXT, "Tokyo", "GPE")
            _span(connection, layer, f"{owner}-met", MOVED_TEXT, "met", "MEETING", "event")
            _insert(connection, "event_argument", layer_id=layer, uid=f"{owner}-arg",
                    event_uid=f"{owner}-met", argument_uid=f"{owner}-tokyo", role="place")
            evidence = [[MOVED_TEXT.index("agreed"), MOVED_TEXT.index("agreed") + 6]]
            _insert(connection, "doc_tag", layer_id=layer, uid=f"{owner}-tag",
                    label="DIPLOMACY", origin="manual", state="accepted",
                    evidence=json.dumps(evidence))
        layer = _layer(connection, kept, "alice", "annotator")
        _span(connection, layer, "kept-g7", KEPT_TEXT, "G7", "ORG")
        layer = _layer(connection, derived, "alice", "annotator")
        _span(connection, layer, "derived-seoul", DERIVED_TEXT, "Seoul", "GPE")
        if connection.dialect.name == "sqlite":
            search_index.catch_up(connection)  # the old texts are in the index
    engine.dispose()
    return {"moved": moved, "kept": kept, "derived": derived}


def _covered(text: str, layer) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return sorted((text[s.start:s.end], s.label) for s in layer.spans)


def test_titles_move_into_texts_and_every_offset_follows(db_url: str) -> None:
    ids = _old_project(db_url)
    store = Store(db_url)
    assert store.migrated_from == "0003"

    moved = store.documents.get(ids["moved"])
    assert moved.text == MOVED_TITLE + "\n\n" + MOVED_TEXT
    assert moved.title == MOVED_TITLE
    assert moved.hash == content_hash(moved.text)
    for owner, kind in (("alice", LayerKind.ANNOTATOR), ("suggester", LayerKind.SUGGESTION)):
        layer = store.layers.get(ids["moved"], kind, owner)
        assert layer is not None and layer.version == 3
        assert _covered(moved.text, layer) == [
            ("Tokyo", "GPE"), ("Yoon", "PERSON"), ("met", "MEETING")]
        shift = len(MOVED_TITLE) + 2
        assert sorted(s.start for s in layer.spans) == sorted(
            MOVED_TEXT.index(w) + shift for w in ("Yoon", "Tokyo", "met"))
        (argument,) = layer.arguments
        assert (argument.event_uid, argument.argument_uid) == (f"{owner}-met", f"{owner}-tokyo")
        (tag,) = layer.tags
        assert [moved.text[e.start:e.end] for e in tag.evidence] == ["agreed"]

    kept = store.documents.get(ids["kept"])  # opened with its title already: untouched
    assert kept.text == KEPT_TEXT and kept.hash == content_hash(KEPT_TEXT)
    layer = store.layers.get(ids["kept"], LayerKind.ANNOTATOR, "alice")
    assert layer is not None and _covered(kept.text, layer) == [("G7", "ORG")]

    derived = store.documents.get(ids["derived"])  # its title is its own first sentence
    assert derived.text == DERIVED_TEXT
    store.close()

    if db_url.startswith("sqlite"):
        engine = make_engine(db_url)
        with engine.begin() as connection:
            search_index.catch_up(connection)
            connection.exec_driver_sql(
                "INSERT INTO document_fts(document_fts) VALUES('integrity-check')")
            found = connection.exec_driver_sql(
                "SELECT rowid FROM document_fts WHERE document_fts MATCH 'text:talks'").all()
        engine.dispose()
        assert found == [(ids["moved"],)]


def test_downgrade_takes_the_headline_out_again(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'project.db'}"
    ids = _old_project(url)
    Store(url).close()
    at_revision(url, "0003", down=True)
    with sqlite3.connect(tmp_path / "project.db") as connection:
        text, hash_ = connection.execute(
            "SELECT text, hash FROM document WHERE id = ?", (ids["moved"],)).fetchone()
        starts = connection.execute(
            "SELECT s.start FROM span s JOIN layer l ON l.id = s.layer_id "
            "WHERE l.document_id = ? ORDER BY s.start", (ids["moved"],)).fetchall()
    assert text == MOVED_TEXT and hash_ == content_hash(MOVED_TEXT)
    assert [s for (s,) in starts] == sorted(
        2 * [MOVED_TEXT.index(w) for w in ("Yoon", "Tokyo", "met")])


def test_database_of_version_1_gets_its_titles_in_the_text(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v1.db", copy)
    store = Store(str(copy))
    document = store.documents.get(1)
    assert document.text == "Seoul and Tokyo agree\n\nSeoul and Tokyo agreed on Friday."
    layer = store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert layer is not None
    assert [document.text[s.start:s.end] for s in layer.spans] == ["Seoul", "Tokyo"]
    store.close()
