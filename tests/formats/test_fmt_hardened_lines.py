"""Every JSONL reader of annotations (Prodigy, doccano, project JSONL) reads its lines as
article JSONL does: the same limits and one-line reasons, skippable with --skip-bad, and a
line split only at a newline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind, Span, State
from jkannotate.formats import ReadOptions, WriteOptions, doccano, jsonl, prodigy

GOOD = {"text": "Seoul protested.", "spans": [{"start": 0, "end": 5, "label": "GPE"}],
        "label": [[0, 5, "GPE"]]}
HOSTILE = [
    ('{"text": "Seoul talks", "meta": {"n": 1e999}}', "too large"),
    ('{"text": "Seoul talks", "n": ' + "9" * 200 + "}", "a number of 200 digits"),
    ('{"text": "Seoul\\u0000 talks"}', "NUL characters"),
    ('{"text": "Seoul \\ud800 talks"}', "lone surrogate"),
    ('{"text": "Seoul talks", "n": NaN}', "NaN is not a JSON value"),
    ("[" * 40 + "]" * 40, "nested deeper than 32 levels"),
    ("{not json", "not valid JSON"),
]
READERS = [prodigy, doccano]


@pytest.mark.parametrize("reader", READERS + [jsonl], ids=lambda r: r.__name__.split(".")[-1])
@pytest.mark.parametrize(("line", "reason"), HOSTILE, ids=[r for _, r in HOSTILE])
def test_a_hostile_line_is_refused_with_its_place_and_reason(
    tmp_path: Path, reader, line: str, reason: str  # type: ignore[no-untyped-def]
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(GOOD) + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        reader.read(path, ReadOptions())
    assert str(caught.value).startswith(f"{path}:2: ") and reason in str(caught.value)


@pytest.mark.parametrize("reader", READERS, ids=lambda r: r.__name__.split(".")[-1])
def test_skip_bad_lists_the_line_and_keeps_the_rest(tmp_path: Path, reader) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "in.jsonl"
    path.write_bytes(json.dumps(GOOD).encode() + b"\n\xff\xfe broken\n")
    docs, report = reader.read(path, ReadOptions(skip_bad=True))
    assert [d.document.text for d in docs] == ["Seoul protested."]
    assert report.skipped == [f"{path}:2: the line is not valid UTF-8"]


def test_a_line_separator_inside_a_string_does_not_split_the_line(tmp_path: Path) -> None:
    text = "Seoul\u2028protested\u2029again."  # str.splitlines would cut the JSON line here
    layer = Layer(None, LayerKind.GOLD, "gold", spans=[Span(0, 5, "GPE", state=State.ACCEPTED)])
    path = tmp_path / "p.jsonl"
    jsonl.write([AnnotatedDocument(Document(text, title="t"), [layer])], path, WriteOptions())
    assert "\u2028" in path.read_text(encoding="utf-8")  # written raw, as JSON allows
    docs, _ = jsonl.read(path, ReadOptions())
    assert docs[0].document.text == text and docs[0].layers[0].spans[0].end == 5
    for reader in READERS:
        raw = tmp_path / f"{reader.__name__}.jsonl"
        raw.write_text(json.dumps({**GOOD, "text": text}, ensure_ascii=False) + "\n",
                       encoding="utf-8")
        assert reader.read(raw, ReadOptions())[0][0].document.text == text
