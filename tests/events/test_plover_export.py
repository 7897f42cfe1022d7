"""`export --format plover` and `--format events-csv`, validated against PLOVER's fields."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.core.actors import shipped_actors
from jkannotate.core.plover_mapping import shipped_mapping
from jkannotate.formats import FORMATS, WriteOptions
from jkannotate.formats.events_csv import COLUMNS
from jkannotate.project import Project
from tests.events import plover_spec as spec

OWN_FIELDS = {"date_source", "document_id", "layer", "label"}


@pytest.fixture(scope="module")
def exported(tmp_path_factory, dev_docs):
    folder = tmp_path_factory.mktemp("plover")
    db = folder / "p.db"
    with Project.open(str(db)) as project:
        project.import_documents(dev_docs)
        texts = {d.id: d.text for d in (project.document(i) for i in range(1, 11))}
    out = folder / "events.jsonl"
    assert main(["export", str(out), "--format", "plover", "--db", str(db), "--layer", "gold",
                 "--status", "any"]) == 0
    table = folder / "events.csv"
    assert main(["export", str(table), "--format", "events-csv", "--db", str(db), "--layer",
                 "gold", "--status", "any"]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return records, texts, table


def check_entity(entity: dict) -> None:
    assert set(entity) <= spec.ENTITY_FIELDS | {"kb_id"}
    code = entity.get("code")
    assert code is None or re.fullmatch(r"[A-Z]{3}", code)
    assert entity.get("sector") is None or entity["sector"] in spec.SECTORS
    if entity.get("identifier_id") is not None:
        assert re.fullmatch(r"Q\d+", entity["identifier_id"])


def test_records_follow_the_plover_field_definitions(exported) -> None:
    records, texts, _ = exported
    assert len(records) >= 60
    assert len({r["id"] for r in records}) == len(records)
    for r in records:
        assert set(r) <= set(spec.RECORD_FIELDS) | OWN_FIELDS, set(r) - set(spec.RECORD_FIELDS)
        for name, required in spec.RECORD_FIELDS.items():
            if required:
                assert r.get(name) not in (None, []), (name, r["id"])
        date.fromisoformat(r["date"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])
        assert isinstance(r["actor"], list) and isinstance(r["recipient"], list)
        for entity in r["actor"] + r["recipient"]:
            check_entity(entity)
        assert len(r["event"]) == 1 and r["event"][0] in spec.EVENTS
        quad, modes = spec.EVENTS[r["event"][0]]
        assert r["quad_code"] == quad
        assert set(r["mode"]) <= modes
        assert set(r["context"]) <= spec.CONTEXTS
        if r["event_loc"] is not None:
            assert set(r["event_loc"]) <= spec.LOCATION_FIELDS
        assert set(r["cite_info"]) <= spec.CITE_INFO_FIELDS
        assert set(r["text_info"]) <= spec.TEXT_INFO_FIELDS | {"trigger"}
        text = texts[r["document_id"]]
        info = r["text_info"]
        assert r["event_text"] == [text[info["start"]:info["end"]]]
        trigger = info["trigger"]
        assert text[trigger["start"]:trigger["end"]] == trigger["text"]
        assert info["start"] <= trigger["start"] < trigger["end"] <= info["end"]


def test_the_kishida_moon_call_is_a_phone_consultation_between_coded_actors(exported) -> None:
    records, _, _ = exported
    calls = [r for r in records if r["event"] == ["CONSULT"] and r["mode"] == ["phone"]
             and r["date"] == "2021-10-15"]
    assert calls
    actors = {(e["code"], e.get("kb_id"), e["sector"], e.get("office")) for r in calls
              for e in r["actor"] + r["recipient"]}
    # prime minister from 2021-10-04: the office gives the sector on the event's day
    assert ("JPN", "jka:kishida-fumio", "GOV", "prime minister") in actors
    requests = [r for r in records if r["event"] == ["REQUEST"] and r["date"] == "2021-10-15"]
    assert {e["code"] for r in requests for e in r["recipient"]} == {"KOR"}
    japan = [e for r in records for e in r["actor"] if e.get("kb_id") == "jka:japan"]
    assert japan and japan[0]["identifier_id"] == "Q17"  # a checked QID travels along


def test_quads_cover_cooperation_and_conflict(exported) -> None:
    records, _, _ = exported
    assert {r["quad_code"] for r in records} >= {1, 3, 4}


def test_csv_has_one_row_per_record(exported) -> None:
    records, _, table = exported
    raw = table.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with table.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == len(records)
    assert [row["id"] for row in rows] == [r["id"] for r in records]
    first = rows[0]
    assert first["event"] == records[0]["event"][0]
    assert first["sentence"] == records[0]["event_text"][0]


def test_formats_table_and_mapping() -> None:
    assert FORMATS["plover"].read is None and FORMATS["events-csv"].read is None
    mapping = shipped_mapping()
    for label in ("MEETING", "AGREEMENT", "LEGAL_ACTION", "TRADE_MEASURE", "MILITARY_ACTION",
                  "STATEMENT"):
        event, mode = mapping.event_of(label, "")
        assert event in spec.EVENTS and (mode is None or mode in spec.EVENTS[event][1])
        for cue in mapping.labels[label].cues:
            assert cue.event in spec.EVENTS
            assert cue.mode is None or cue.mode in spec.EVENTS[cue.event][1]
    for event, quad in mapping.quad.items():
        assert spec.EVENTS[event][0] == quad
    assert mapping.event_of("LEGAL_ACTION", "seized") == ("COERCE", "seize")
    assert mapping.event_of("STATEMENT", "urged") == ("REQUEST", None)
    assert mapping.event_of("MEETING", "talks", "spoke by phone") == ("CONSULT", "phone")
    assert {c for cs in mapping.contexts.values() for c in cs} <= spec.CONTEXTS
    assert shipped_actors().get("jka:japan").qid == "Q17"


def test_no_events_no_records(tmp_path: Path) -> None:
    from jkannotate.formats import plover

    report = plover.write([], tmp_path / "e.jsonl", WriteOptions())
    assert (tmp_path / "e.jsonl").read_text() == "" and report.documents == 0


def test_undated_frames_take_their_groups_date_or_are_left_out(tmp_path: Path,
                                                              dev_docs) -> None:
    from dataclasses import replace

    from jkannotate.core.model import AnnotatedDocument
    from jkannotate.formats import plover

    call = [d for d in dev_docs if d.document.published == "2021-10-15"]
    undated = AnnotatedDocument(replace(call[0].document, published=None, duplicate_group=7),
                                call[0].layers)
    dated = AnnotatedDocument(replace(call[1].document, duplicate_group=7), call[1].layers)
    out = tmp_path / "e.jsonl"
    report = plover.write([undated, dated], out, WriteOptions(layer="gold"))
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    first = [r for r in records if r["document_id"] == undated.document.id]
    assert first and all(r["date"] == "2021-10-15" for r in first)
    assert {r["date_source"] for r in first} <= {"text", "duplicate group"}
    alone = plover.write([undated], out, WriteOptions(layer="gold"))
    kept = out.read_text(encoding="utf-8").splitlines()
    assert all(json.loads(line)["date_source"] == "text" for line in kept)
    assert alone.left_out and "no publication date" in alone.left_out[0]
    assert report.notes and "PLOVER event records" in report.notes[-1]
