"""Every format round-trips the seeds with accepted suggestions; splits and writes behave."""

from __future__ import annotations

from pathlib import Path

import pytest
from fmt_corpus import annotate, argument_keys, kept_keys, seed_corpus

from jkannotate.core.errors import InputError
from jkannotate.core.model import LayerKind, State
from jkannotate.core.schema import load_schema
from jkannotate.core.serialize import document_to_dict
from jkannotate.formats import FORMATS, ReadOptions, WriteOptions, write_split

SCHEMA = load_schema()
LOSSLESS_SPANS = ["spacy", "prodigy", "doccano", "brat", "jsonl"]


def out_path(tmp_path: Path, fmt: str) -> Path:
    return tmp_path / f"export{FORMATS[fmt].suffix}"


@pytest.mark.parametrize("fmt", LOSSLESS_SPANS)
def test_seeds_round_trip(tmp_path: Path, fmt: str) -> None:
    docs = seed_corpus()
    path = out_path(tmp_path, fmt)
    # doccano's relation form keeps event arguments; its default form cannot
    written = FORMATS[fmt].write(docs, path, WriteOptions(schema=SCHEMA, doccano_form="relations"))
    back, read_report = FORMATS[fmt].read(path, ReadOptions(schema=SCHEMA, owner="bob"))
    assert written.documents == read_report.documents == len(back) == len(docs)
    assert written.spans_by_label == read_report.spans_by_label
    for original, imported in zip(docs, back, strict=True):
        assert imported.document.text == original.document.text
        before, after = original.layers[0], imported.layers[0]
        assert kept_keys(after) == kept_keys(before)
        assert {(s.key, s.kind) for s in after.kept_spans()} == \
            {(s.key, s.kind) for s in before.kept_spans()}
        assert argument_keys(after) == argument_keys(before)
        assert {t.label for t in after.kept_tags()} == {t.label for t in before.kept_tags()}
        if fmt != "jsonl":
            assert after.owner == "bob" and after.kind is LayerKind.ANNOTATOR
    # the one rejected span per document is reported for the training formats
    if fmt in ("spacy", "prodigy", "doccano"):
        assert sum("rejected" in line for line in written.left_out) == len(docs)


def test_doccano_sequence_labelling_form_is_the_default(tmp_path: Path) -> None:
    import json

    docs = seed_corpus()
    path = tmp_path / "seq.jsonl"
    written = FORMATS["doccano"].write(docs, path, WriteOptions(schema=SCHEMA))
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert all("entities" not in row and "relations" not in row for row in rows)
    assert all(isinstance(row["label"], list) and all(
        isinstance(item, list) and len(item) == 3 for item in row["label"]) for row in rows)
    assert sum(len(row["label"]) for row in rows) == sum(written.spans_by_label.values()) > 0
    with_arguments = sum(bool(d.layers[0].arguments) for d in docs)
    assert sum("event argument(s) not in the sequence-labelling form" in line
               for line in written.left_out) == with_arguments > 0
    back, _ = FORMATS["doccano"].read(path, ReadOptions(schema=SCHEMA, owner="bob"))
    for original, imported in zip(docs, back, strict=True):
        assert kept_keys(imported.layers[0]) == kept_keys(original.layers[0])
        assert {t.label for t in imported.layers[0].tags} == \
            {t.label for t in original.layers[0].kept_tags()}


def test_doccano_relation_form_has_no_label_column(tmp_path: Path) -> None:
    import json

    path = tmp_path / "rel.jsonl"
    FORMATS["doccano"].write(seed_corpus(), path,
                             WriteOptions(schema=SCHEMA, doccano_form="relations"))
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    assert all("label" not in row and {"entities", "relations"} <= set(row) for row in rows)
    assert any(row["relations"] for row in rows)


def test_project_jsonl_is_lossless_and_byte_stable(tmp_path: Path) -> None:
    docs = seed_corpus()
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    FORMATS["jsonl"].write(docs, first, WriteOptions())
    back, _ = FORMATS["jsonl"].read(first, ReadOptions())
    FORMATS["jsonl"].write(back, second, WriteOptions())
    assert first.read_bytes() == second.read_bytes()
    assert [document_to_dict(d) for d in back] == [document_to_dict(d) for d in docs]
    assert any(s.state is State.REJECTED for s in back[0].layers[0].spans)


def test_conll_round_trip_keeps_outer_spans_and_reports_the_rest(tmp_path: Path) -> None:
    docs = seed_corpus()
    for scheme in ("iob2", "iob1", "biluo"):
        path = tmp_path / f"{scheme}.conll"
        report = FORMATS["conll"].write(docs, path, WriteOptions(schema=SCHEMA, scheme=scheme))
        back, _ = FORMATS["conll"].read(path, ReadOptions(schema=SCHEMA))
        assert len(back) == len(docs)
        overlaps = [line for line in report.left_out if "overlaps" in line]
        kept = sum(len(d.layers[0].kept_spans()) for d in docs)
        assert sum(report.spans_by_label.values()) + len(overlaps) == kept
        assert sum(len(d.layers[0].spans) for d in back) == sum(report.spans_by_label.values())
        assert any("'Korea'" in line and "overlaps GPE" in line for line in overlaps)
        for original, imported in zip(docs, back, strict=True):
            words = {("".join(original.document.text[s.start:s.end].split()), s.label)
                     for s in original.layers[0].kept_spans()}
            got = {("".join(imported.document.text[s.start:s.end].split()), s.label)
                   for s in imported.layers[0].spans}
            assert got <= words and len(got) >= len(words) // 2


def test_layer_choice_and_missing_layer_is_reported(tmp_path: Path) -> None:
    docs = seed_corpus()[:2]
    path = tmp_path / "gold.jsonl"
    report = FORMATS["doccano"].write(docs, path, WriteOptions(layer="gold"))
    assert report.documents == 0 and len(report.left_out) == 2
    assert "has no layer 'gold'" in report.summary()
    report = FORMATS["doccano"].write(docs, path, WriteOptions(layer="alice"))
    assert report.documents == 2


@pytest.mark.parametrize("fmt", [f for f, spec in FORMATS.items() if spec.read is not None])
def test_split_is_deterministic_and_complete(tmp_path: Path, fmt: str) -> None:
    docs = [annotate(f"Seoul and Tokyo met on Monday, report {i}.", doc_id=i) for i in range(10)]
    first = write_split(docs, tmp_path / "a", fmt, WriteOptions(schema=SCHEMA), split=0.8, seed=3)
    again = write_split(list(reversed(docs)), tmp_path / "b", fmt, WriteOptions(schema=SCHEMA),
                        split=0.8, seed=3)
    assert ["train" in p.name for p, _r in first] == [True, False]
    assert ["dev" in p.name for p, _r in first] == [False, True]
    assert [r.documents for _p, r in first] == [8, 2]
    for (path_a, _ra), (path_b, _rb) in zip(first, again, strict=True):
        read_a, _ = FORMATS[fmt].read(path_a, ReadOptions())
        read_b, _ = FORMATS[fmt].read(path_b, ReadOptions())
        assert [d.document.text for d in read_a] == [d.document.text for d in read_b]


def test_split_rejects_a_bad_fraction(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="between 0 and 1"):
        write_split(seed_corpus(), tmp_path / "x", "jsonl", split=1.5, seed=0)


def test_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.conll"
    FORMATS["conll"].write(seed_corpus()[:1], path, WriteOptions())
    before = path.read_bytes()
    with pytest.raises(InputError, match="scheme"):
        FORMATS["conll"].write(seed_corpus(), path, WriteOptions(scheme="bioes"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["out.conll"]


def test_brat_refuses_to_replace_a_foreign_directory(tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not an earlier export"):
        FORMATS["brat"].write(seed_corpus()[:1], target, WriteOptions())
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]
    FORMATS["brat"].write(seed_corpus()[:1], tmp_path / "export", WriteOptions())
    FORMATS["brat"].write(seed_corpus()[:2], tmp_path / "export", WriteOptions())  # replaces
    assert len(list((tmp_path / "export").glob("*.ann"))) == 2


def test_importing_the_formats_does_not_import_spacy() -> None:
    import subprocess
    import sys

    code = "import sys, jkannotate.formats; print('spacy' in sys.modules, 'thinc' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=Path(__file__).resolve().parents[2])
    assert done.stdout.split() == ["False", "False"]
