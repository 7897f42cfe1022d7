"""``import --format``: the summary it prints, labels outside the schema, folders, re-imports,
and the lossless project JSONL round trip."""

from __future__ import annotations

import json
from pathlib import Path

from ix_helpers import error_lines, layers_by_hash, run, snapshot, span_keys

from jkannotate.core.schema import load_schema

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"


def test_import_prints_documents_spans_per_label_and_what_was_added(capsys,
                                                                    tmp_path: Path) -> None:
    sample = DATA / "doccano_label_shape.jsonl"
    rows = [json.loads(line) for line in sample.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    labels: dict[str, int] = {}
    for row in rows:
        for _start, _end, label in row["label"]:
            labels[label] = labels.get(label, 0) + 1
    db = tmp_path / "project.db"
    code, stdout, err = run(capsys, "import", sample, "--format", "doccano", "--db", db,
                            "--annotator", "carol", "--no-suggest")
    assert code == 0, err
    lines = stdout.splitlines()
    assert lines[0] == f"{len(rows)} documents, {sum(labels.values())} spans, 0 tags"
    per_label = ", ".join(f"{k} {v}" for k, v in sorted(labels.items()))
    assert f"spans per label: {per_label}" in lines
    assert any(line.startswith(f"{len(rows)} added, 0 already in the project, {len(rows)} "
                               "layers added") for line in lines)
    assert len(layers_by_hash(db, "carol")) == len(rows)  # --annotator names the layer


def test_labels_outside_the_schema_are_imported_with_a_warning(capsys, tmp_path: Path) -> None:
    schema = load_schema()
    sample = DATA / "conll2003_iob1.conll"
    tags = {line.split()[-1][2:] for line in sample.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("-DOCSTART-") and line.split()[-1] != "O"}
    foreign = sorted(label for label in tags if not schema.has(label))
    assert foreign  # CoNLL-2003 has PER and MISC; our schema says PERSON
    db = tmp_path / "project.db"
    code, stdout, err = run(capsys, "import", sample, "--format", "conll", "--layer", "gold",
                            "--db", db, "--no-suggest")
    assert code == 0 and "added" in stdout
    warnings = [line for line in error_lines(err) if "schema" in line]
    assert len(warnings) == 1 and all(label in warnings[0] for label in foreign)
    assert not any(label in warnings[0] for label in tags - set(foreign))
    imported = {span[2] for _, layer in layers_by_hash(db, "gold").values()
                for span in span_keys(layer)}
    assert set(foreign) <= imported  # kept, not dropped


def test_unknown_issue_tag_is_named_too(capsys, tmp_path: Path) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text(json.dumps({"text": "Seoul and Tokyo agreed on Friday.",
                                "label": ["WHALING_DISPUTE"]}) + "\n", encoding="utf-8")
    code, _, err = run(capsys, "import", rows, "--format", "doccano", "--db",
                       tmp_path / "p.db", "--no-suggest")
    assert code == 0 and "WHALING_DISPUTE (1 tag)" in err


def test_a_folder_stands_for_its_files(capsys, alice_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "split"
    assert run(capsys, "export", out, "--format", "prodigy", "--db", alice_db, "--split", "0.6",
               "--seed", "3")[0] == 0
    assert sorted(p.name for p in out.iterdir()) == ["dev.jsonl", "train.jsonl"]
    code, stdout, err = run(capsys, "import", out, "--format", "prodigy", "--layer", "gold",
                            "--db", tmp_path / "fresh.db", "--no-suggest")
    assert code == 0, err
    assert stdout.startswith("5 documents") and "5 added" in stdout
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "import", empty, "--format", "prodigy", "--db",
                       tmp_path / "fresh.db")
    assert code == 1 and len(error_lines(err)) == 1 and ".jsonl" in err and "empty" in err


def test_an_empty_file_is_an_error(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "nothing.jsonl"
    empty.write_text("\n")
    code, stdout, err = run(capsys, "import", empty, "--format", "doccano", "--db",
                            tmp_path / "p.db")
    assert code == 1 and "added" not in stdout
    assert len(error_lines(err)) == 1 and "nothing.jsonl" in err


def test_importing_the_same_file_again_says_the_layers_were_kept(capsys, alice_db: Path,
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    assert run(capsys, "export", out, "--format", "doccano", "--db", alice_db)[0] == 0
    db = tmp_path / "fresh.db"
    first = run(capsys, "import", out, "--format", "doccano", "--layer", "gold", "--db", db,
                "--no-suggest")
    assert first[0] == 0 and "note:" not in first[2]
    before = snapshot(db)
    code, stdout, err = run(capsys, "import", out, "--format", "doccano", "--layer", "gold",
                            "--db", db, "--no-suggest")
    assert code == 0 and "0 added, 5 already in the project" in stdout
    assert "5 imported layer(s) not applied" in err
    assert snapshot(db) == before


def test_suggestion_is_not_an_import_layer(capsys, alice_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "corpus.jsonl"
    assert run(capsys, "export", out, "--format", "doccano", "--db", alice_db)[0] == 0
    db = tmp_path / "fresh.db"
    code, _, err = run(capsys, "import", out, "--format", "doccano", "--layer", "suggestion",
                       "--db", db)
    assert code == 1 and len(error_lines(err)) == 1 and "suggestion" in err


def test_project_jsonl_round_trip_is_byte_identical(capsys, alice_db: Path,
                                                    tmp_path: Path) -> None:
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    assert run(capsys, "export", first, "--format", "jsonl", "--db", alice_db)[0] == 0
    db = tmp_path / "empty.db"
    code, stdout, err = run(capsys, "import", first, "--format", "jsonl", "--db", db)
    assert code == 0 and "5 added" in stdout, err
    assert run(capsys, "export", second, "--format", "jsonl", "--db", db)[0] == 0
    assert first.read_bytes() == second.read_bytes()
    rows = [json.loads(line) for line in first.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5
    assert snapshot(db) == snapshot(alice_db)
    code, _, err = run(capsys, "import", first, "--format", "jsonl", "--layer", "gold",
                       "--db", tmp_path / "other.db", "--no-suggest")
    assert code == 0 and "project JSONL brings its own layers" in err


def test_import_into_the_same_project_matches_documents_by_text(capsys, alice_db: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "brat"
    assert run(capsys, "export", out, "--format", "brat", "--db", alice_db)[0] == 0
    code, stdout, err = run(capsys, "import", out, "--format", "brat", "--annotator", "dan",
                            "--db", alice_db)
    assert code == 0, err
    assert "0 added, 5 already in the project, 5 layers added" in stdout
    alice, dan = layers_by_hash(alice_db, "alice"), layers_by_hash(alice_db, "dan")
    assert set(dan) == set(alice)
    assert all(span_keys(dan[h][1]) == span_keys(alice[h][1]) for h in alice)


def test_conll_reimport_matches_the_stored_documents_by_tokens(
    capsys, alice_db: Path, tmp_path: Path
) -> None:
    from ix_helpers import layers_by_hash

    out = tmp_path / "corpus.conll"
    assert run(capsys, "export", out, "--format", "conll", "--db", alice_db)[0] == 0
    code, stdout, err = run(capsys, "import", out, "--format", "conll", "--db", alice_db,
                            "--layer", "gold", "--no-suggest")
    assert code == 0, err
    assert "0 added, 5 already in the project" in stdout
    assert "5 CoNLL document(s) matched stored documents by their tokens" in stdout
    gold = layers_by_hash(alice_db, "gold")
    alice = layers_by_hash(alice_db, "alice")
    assert set(gold) == set(alice)
    for doc_hash, (text, layer) in gold.items():
        assert layer.spans
        original = {(s.start, s.end, s.label) for s in alice[doc_hash][1].kept_spans()}
        # every span lands on the stored text, on offsets alice had (CoNLL keeps the outer ones)
        assert {(s.start, s.end, s.label) for s in layer.spans} <= original
        assert all(text[s.start:s.end].strip() == text[s.start:s.end] for s in layer.spans)
