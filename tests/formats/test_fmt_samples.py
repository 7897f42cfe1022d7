"""Real samples of each foreign format, in their documented shapes, read by our readers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.core.model import LabelKind, LayerKind, State
from jkannotate.core.schema import load_schema
from jkannotate.formats import FORMATS, ReadOptions

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"
SCHEMA = load_schema()


def read(fmt: str, name: str, **options: object):
    return FORMATS[fmt].read(DATA / name, ReadOptions(schema=SCHEMA, **options))  # type: ignore


def texts(item) -> list[tuple[str, str]]:
    text = item.document.text
    return sorted((text[s.start:s.end], s.label) for s in item.layers[0].kept_spans())


def test_conll2003_iob1_reads_entities_and_documents() -> None:
    docs, report = read("conll", "conll2003_iob1.conll")
    assert len(docs) == report.documents == 2
    first = texts(docs[0])
    assert ("Kim Young-sam", "PER") in first and ("Ryutaro Hashimoto", "PER") in first
    assert ("South Korea", "LOC") in first and ("South Korean", "MISC") in first
    # IOB1 "I-LOC B-LOC": two adjacent entities of one type, not one
    assert ("Japan", "LOC") in texts(docs[1]) and ("Korea", "LOC") in texts(docs[1])
    assert report.spans_by_label["PER"] == 2
    assert docs[0].document.text.splitlines()[0] == "SEOUL , South Korea 1996-08-22"


def test_prodigy_ner_manual_answers() -> None:
    docs, report = read("prodigy", "prodigy_ner_manual.jsonl", owner="pat")
    assert len(docs) == 2  # rows with the same text merge; the ignored row is left out
    assert any("ignore" in line for line in report.left_out)
    moon = docs[0].layers[0]
    assert moon.owner == "pat" and moon.kind is LayerKind.ANNOTATOR
    assert texts(docs[0]) == [("Abe", "PERSON"), ("Moon Jae-in", "PERSON"), ("Tokyo", "GPE")]
    rejected = [(s.label, s.state) for s in moon.spans if s.state is State.REJECTED]
    assert rejected == [("ORG", State.REJECTED)]
    seoul = docs[1].layers[0]
    assert texts(docs[1]) == [("Friday", "DATE"), ("Seoul", "GPE")]  # token-only span resolved
    tags = {(t.label, t.state) for t in seoul.tags}
    assert tags == {("FORCED_LABOUR", State.ACCEPTED), ("TRADE_DISPUTE", State.REJECTED)}


def test_doccano_both_shapes_and_classification() -> None:
    old, _ = read("doccano", "doccano_label_shape.jsonl")
    assert texts(old[0]) == [("British", "NORP"), ("EU", "ORG"), ("German", "NORP")]
    assert ("도쿄", "GPE") in texts(old[1]) and ("talks", "MEETING") in texts(old[1])
    assert [s.kind for s in old[1].layers[0].spans if s.label == "MEETING"] == [LabelKind.EVENT]
    new, _ = read("doccano", "doccano_relation_shape.jsonl")
    layer = new[0].layers[0]
    by_uid = {s.uid: new[0].document.text[s.start:s.end] for s in layer.spans}
    assert sorted((by_uid[a.event_uid], a.role, by_uid[a.argument_uid]) for a in layer.arguments) \
        == [("met", "participant", "Kishida"), ("met", "participant", "Yoon"),
            ("met", "place", "Tokyo"), ("met", "time", "Thursday")]
    classified, report = read("doccano", "doccano_classification.jsonl")
    assert [sorted(t.label for t in d.layers[0].tags) for d in classified] == \
        [["EXPORT_CONTROLS", "TRADE_DISPUTE"], ["PUBLIC_OPINION"]]
    assert report.tags_by_label["PUBLIC_OPINION"] == 1


def test_brat_events_attributes_notes_and_tags() -> None:
    docs, report = read("brat", "brat_events")
    first = docs[0].layers[0]
    text = docs[0].document.text
    spans = {s.uid: s for s in first.spans}
    links = sorted((text[spans[a.event_uid].start:spans[a.event_uid].end], a.role,
                    text[spans[a.argument_uid].start:spans[a.argument_uid].end])
                   for a in first.arguments)
    assert ("agreed", "participant", "South Korea") in links  # "participant2" read as a role
    assert ("welcomed", "target", "agreed") in links  # an event as an argument
    assert {s.label for s in first.spans if s.kind is LabelKind.EVENT} == {"AGREEMENT", "STATEMENT"}
    # "Seoul" is marked pending in the file: an imported layer holds decisions (accepted)
    assert not [s for s in first.spans if s.state is State.PENDING]
    assert [s.state for s in first.spans if text[s.start:s.end] == "Seoul"] == [State.ACCEPTED]
    assert any("1 annotation(s) marked pending imported as accepted" in n for n in report.notes)
    assert first.comments[0].text.startswith("General Security")
    second = docs[1].layers[0]
    assert [(t.label, len(t.evidence)) for t in second.tags] == [("TERRITORIAL_DISPUTE", 1)]
    assert texts(docs[1]) == [("Dokdo", "LOC"), ("Takeshima", "LOC")]


@pytest.mark.parametrize(("fmt", "name", "content", "line"), [
    ("prodigy", "bad.jsonl", '{"text": "ok", "spans": []}\n{"text": "Seoul", "spans": '
     '[{"start": 0, "end": 9, "label": "GPE"}]}\n', 2),
    ("prodigy", "bad.jsonl", '{"text": "a", "answer": "maybe"}\n', 1),
    ("doccano", "bad.jsonl", '{"text": "Seoul", "label": [[0, 5, "GPE"]]}\n{"text": 3}\n', 2),
    ("doccano", "bad.jsonl", '{"text": "Seoul", "entities": [{"id": 1, "label": "GPE", '
     '"start_offset": 0, "end_offset": 5}], "relations": [{"from_id": 1, "to_id": 9, '
     '"type": "x"}]}\n', 1),
    ("conll", "bad.conll", "Seoul B-GPE\nsaid\n", 2),
    ("conll", "bad.conll", "Seoul X-GPE\n", 1),
    ("jsonl", "bad.jsonl", '{"text": "Seoul", "layers": [{"spans": [{"start": 0, "end": 99, '
     '"label": "GPE"}]}]}\n', 1),
    ("jsonl", "bad.jsonl", "not json\n", 1),
])
def test_malformed_input_names_file_and_line(tmp_path: Path, fmt: str, name: str, content: str,
                                            line: int) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        FORMATS[fmt].read(path, ReadOptions())
    assert caught.value.line == line and caught.value.path == str(path)


def test_brat_offsets_that_do_not_slice_to_their_text_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Seoul and Tokyo", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tGPE 0 5\tSeoul\nT2\tGPE 9 14\tTokyo\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        FORMATS["brat"].read(tmp_path, ReadOptions())
    assert caught.value.line == 2


def test_damaged_docbin_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "broken.spacy"
    path.write_bytes(b"\x00not a docbin" * 10)
    with pytest.raises(InputError, match="DocBin"):
        FORMATS["spacy"].read(path, ReadOptions())


def test_samples_are_valid_json_lines() -> None:
    for path in DATA.glob("*.jsonl"):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert rows and all("text" in row for row in rows), path
