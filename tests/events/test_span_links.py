"""Linked actor ids and normalised dates on spans: store, edits, migration, JSONL, suggester."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from jkannotate.core import edits as ed
from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.formats import ReadOptions, WriteOptions, jsonl
from jkannotate.nlp.linking import Linker, link_spans
from jkannotate.project import Project
from jkannotate.store import Store

TEXT = ("Japan's Foreign Ministry summoned an envoy after Moon Jae-in spoke with Fumio Kishida "
        "on Friday. Moon said South Korea's Foreign Ministry would reply. Japanese officials "
        "flew to Seoul last month.")
PUBLISHED = "2021-10-13"
DATA = Path(__file__).resolve().parents[1] / "data"


def span_of(text: str, surface: str, label: str, occurrence: int = 0) -> Span:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return Span(start, start + len(surface), label, LabelKind.ENTITY)


def test_linker_uses_country_cues_coreference_and_types() -> None:
    spans = [span_of(TEXT, "Foreign Ministry", "ORG"), span_of(TEXT, "Moon Jae-in", "PERSON"),
             span_of(TEXT, "Fumio Kishida", "PERSON"), span_of(TEXT, "Friday", "DATE"),
             span_of(TEXT, "Moon", "PERSON", 1), span_of(TEXT, "South Korea", "GPE"),
             span_of(TEXT, "Foreign Ministry", "ORG", 1), span_of(TEXT, "Japanese", "NORP"),
             span_of(TEXT, "Seoul", "GPE"), span_of(TEXT, "last month", "DATE")]
    linked = {TEXT[s.start:s.end] + f"#{i}": (s.kb_id, s.norm)
              for i, s in enumerate(link_spans(TEXT, spans, PUBLISHED))}
    assert linked == {
        "Foreign Ministry#0": ("jka:jpn-mofa", None),
        "Moon Jae-in#1": ("jka:moon-jae-in", None),
        "Fumio Kishida#2": ("jka:kishida-fumio", None),
        "Friday#3": (None, "2021-10-08"),  # "spoke ... on Friday": the Friday before
        "Moon#4": ("jka:moon-jae-in", None),
        "South Korea#5": ("jka:south-korea", None),
        "Foreign Ministry#6": ("jka:kor-mofa", None),
        "Japanese#7": ("jka:japan", None),
        "Seoul#8": ("jka:seoul", None),
        "last month#9": (None, "2021-09"),
    }


def test_unknown_or_ambiguous_mentions_stay_unlinked() -> None:
    text = "The Foreign Ministry said Kim and Park met Smith."
    spans = [span_of(text, "Foreign Ministry", "ORG"), span_of(text, "Kim", "PERSON"),
             span_of(text, "Park", "PERSON"), span_of(text, "Smith", "PERSON")]
    assert [s.kb_id for s in link_spans(text, spans)] == [None, None, None, None]


def test_family_name_follows_the_full_name_in_the_document() -> None:
    text = "Speaker Moon Hee-sang proposed a fund. Moon said victims agreed."
    spans = [span_of(text, "Moon Hee-sang", "PERSON"), span_of(text, "Moon", "PERSON", 1)]
    assert [s.kb_id for s in link_spans(text, spans)] == ["jka:moon-hee-sang"] * 2


def test_an_annotators_link_is_kept() -> None:
    span = Span(0, 4, "PERSON", kb_id="jka:moon-hee-sang")
    assert link_spans("Moon said", [span])[0].kb_id == "jka:moon-hee-sang"
    assert link_spans("Moon said", [span], overwrite=True)[0].kb_id == "jka:moon-jae-in"


@pytest.fixture
def project(db_url: str):
    project = Project.open(db_url, user="alice")
    project.import_documents([AnnotatedDocument(Document(TEXT, title="t", published=PUBLISHED))])
    yield project
    project.close()


def test_links_are_stored_edited_and_undone(project: Project) -> None:
    layer = project.open_layer(1)
    span = Span(49, 60, "PERSON", kb_id="jka:moon-jae-in")
    date = Span(89, 95, "DATE", norm="2021-10-08")
    project.apply(layer, [ed.AddSpan(span), ed.AddSpan(date)])
    stored = project.store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert {(s.kb_id, s.norm) for s in stored.spans} == {("jka:moon-jae-in", None),
                                                          (None, "2021-10-08")}
    changes = project.apply(stored, [ed.UpdateSpan.of(span.uid, kb_id="jka:moon-hee-sang")])
    again = project.store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert again.span(span.uid).kb_id == "jka:moon-hee-sang"
    project.apply(again, changes.undo)
    assert project.store.layers.get(1, LayerKind.ANNOTATOR, "alice").span(span.uid).kb_id == (
        "jka:moon-jae-in")
    many = project.annotated_many([1], None)
    loaded = next(iter(many)).layer("alice")
    assert loaded.span(date.uid).norm == "2021-10-08"


def test_jsonl_round_trip_keeps_links_and_old_shape(tmp_path: Path) -> None:
    linked = Span(49, 60, "PERSON", kb_id="jka:moon-jae-in", uid="a1")
    plain = Span(0, 5, "GPE", uid="b2")
    doc = AnnotatedDocument(Document(TEXT, published=PUBLISHED),
                            [Layer(None, LayerKind.GOLD, "gold", spans=[linked, plain])])
    out = tmp_path / "p.jsonl"
    jsonl.write([doc], out, WriteOptions())
    first = out.read_text(encoding="utf-8")
    spans = json.loads(first)["layers"][0]["spans"]
    assert spans[0]["kb_id"] == "jka:moon-jae-in" and "kb_id" not in spans[1]
    assert "norm" not in spans[0]
    docs, _ = jsonl.read(out, ReadOptions())
    assert docs[0].layers[0].spans == [linked, plain]
    jsonl.write(docs, out, WriteOptions())
    assert out.read_text(encoding="utf-8") == first


def test_older_database_gets_the_columns(tmp_path: Path) -> None:
    copy = tmp_path / "old.db"
    shutil.copy(DATA / "schema_v1.db", copy)
    store = Store(str(copy))
    layer = store.layers.get(1, LayerKind.ANNOTATOR, "alice")
    assert [s.kb_id for s in layer.spans] == [None, None]
    store.close()


def test_suggest_documents_links_and_dates(project: Project) -> None:
    from jkannotate.operations.suggest import suggest_documents

    suggest_documents(project, [1], force=True, suggester=None)
    layer = project.store.layers.get(1, LayerKind.SUGGESTION, "suggester")
    by_text = {TEXT[s.start:s.end]: s for s in layer.spans if s.kind is LabelKind.ENTITY}
    assert by_text["Fumio Kishida"].kb_id == "jka:kishida-fumio"
    assert by_text["Fumio Kishida"].state is State.PENDING
    assert by_text["Friday"].norm == "2021-10-08"
    opened = project.open_layer(1)  # the annotator's layer starts with the links
    assert any(s.kb_id == "jka:kishida-fumio" and s.origin is Origin.SUGGESTED
               for s in opened.spans)
    assert Linker().kb.get("jka:kishida-fumio").name == "Fumio Kishida"


def test_a_headline_family_name_links_to_the_full_name_below() -> None:
    text = "Lee visits islets\n\nSouth Korean President Lee Myung-bak on Friday visited."
    spans = [span_of(text, "Lee", "PERSON"), span_of(text, "Lee Myung-bak", "PERSON")]
    assert [s.kb_id for s in link_spans(text, spans)] == ["jka:lee-myung-bak"] * 2


def test_country_cue_reaches_past_modifiers() -> None:
    text = "South Korea’s main opposition Democratic Party said no."
    assert link_spans(text, [span_of(text, "Democratic Party", "ORG")])[0].kb_id == "jka:kor-dpk"
