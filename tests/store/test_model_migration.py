"""Migration 0008: a suggestion layer's model moves out of its notes into ``layer.model``."""

from __future__ import annotations

import sqlalchemy as sa

from jkannotate.core.model import LayerKind, content_hash
from jkannotate.core.serialize import layer_from_dict, layer_to_dict
from jkannotate.store import Store
from jkannotate.store.engine import make_engine
from tests.harness.revisions import at_revision

MODEL = "en_core_web_sm+rules"


def _project_at_0007(url: str) -> None:
    """A document with a suggestion layer (its model in the notes) and an annotator's layer
    with notes of their own, as schema 0007 stored them."""
    at_revision(url, "0007")
    engine = make_engine(url)
    text = "Seoul and Tokyo resume talks."
    with engine.begin() as connection:
        doc_id = connection.execute(
            sa.text("INSERT INTO document (hash, title, text, meta, created) "
                    "VALUES (:h, 't', :text, '{}', '') RETURNING id"),
            {"h": content_hash(text), "text": text},
        ).scalar_one()
        for kind, owner, notes in (("suggestion", "suggester", MODEL),
                                   ("annotator", "alice", "check the date")):
            connection.execute(
                sa.text("INSERT INTO layer (document_id, kind, owner, status, notes, version, "
                        "created, updated) VALUES (:d, :k, :o, 'done', :n, 1, '', '')"),
                {"d": doc_id, "k": kind, "o": owner, "n": notes},
            )
    engine.dispose()


def _notes_and_models(url: str) -> dict[str, tuple[str, str | None]]:
    engine = make_engine(url)
    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("layer")}
        model = "model" if "model" in columns else "NULL"
        rows = connection.execute(sa.text(f"SELECT owner, notes, {model} FROM layer")).all()
    engine.dispose()
    return {owner: (notes, model_name) for owner, notes, model_name in rows}


def test_upgrade_moves_the_model_out_of_the_notes_and_downgrade_back(db_url: str) -> None:
    _project_at_0007(db_url)
    store = Store(db_url)
    assert store.migrated_from == "0007"
    suggestion = store.layers.get(1, LayerKind.SUGGESTION, "suggester")
    mine = store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert suggestion is not None and (suggestion.model, suggestion.notes) == (MODEL, "")
    assert mine is not None and (mine.model, mine.notes) == ("", "check the date")
    assert store.layers.suggestion_models() == {1: MODEL}
    store.close()
    at_revision(db_url, "0007", down=True)
    assert _notes_and_models(db_url) == {
        "suggester": (MODEL, None),
        "alice": ("check the date", None),
    }


def test_json_of_a_suggestion_layer_keeps_its_model_and_reads_older_files() -> None:
    layer = layer_from_dict({"kind": "suggestion", "owner": "suggester", "notes": MODEL})
    assert (layer.model, layer.notes) == (MODEL, "")  # written before the model had a key
    again = layer_from_dict(layer_to_dict(layer))
    assert (again.model, again.notes) == (MODEL, "")
    annotator = layer_from_dict({"kind": "annotator", "owner": "alice", "notes": "a note"})
    assert (annotator.model, annotator.notes) == ("", "a note")
