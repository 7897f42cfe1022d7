"""Which layer and which documents an export takes: default layer, --layer, --status, --split."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ix_helpers import (
    FORMATS,
    SUFFIX,
    accept_everything,
    error_lines,
    layers_by_hash,
    run,
    set_status,
    span_keys,
    tag_labels,
)

from jkannotate.core.model import LayerStatus, content_hash
from jkannotate.project import Project


def doccano_hashes(path: Path) -> list[str]:
    return [content_hash(json.loads(line)["text"])
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def reimported(capsys, out: Path, fmt: str, db: Path) -> dict[str, tuple[str, object]]:
    code, _, err = run(capsys, "import", out, "--format", fmt, "--layer", "gold", "--db", db,
                       "--no-suggest")
    assert code == 0, err
    return layers_by_hash(db, "gold")


def test_several_annotators_need_a_layer(capsys, alice_db: Path, tmp_path: Path) -> None:
    accept_everything(alice_db, "bob", tag="TRADE_DISPUTE", reject_first=False)
    out = tmp_path / "corpus.jsonl"
    code, stdout, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db)
    lines = error_lines(err)
    assert code == 1 and stdout == "" and not out.exists()
    assert len(lines) == 1 and "--layer" in lines[0] and "alice" in lines[0] and "bob" in lines[0]
    code, _, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db,
                       "--layer", "bob")
    assert code == 0, err
    back = reimported(capsys, out, "doccano", tmp_path / "fresh.db")
    bobs = layers_by_hash(alice_db, "bob")
    assert set(back) == set(bobs)
    for doc_hash, (_, layer) in bobs.items():
        assert span_keys(back[doc_hash][1]) == span_keys(layer)
        assert "TRADE_DISPUTE" in tag_labels(back[doc_hash][1])


def test_gold_is_preferred_where_it_exists(capsys, alice_db: Path, tmp_path: Path) -> None:
    accept_everything(alice_db, "bob", reject_first=False)
    with Project.open(alice_db, user="alice") as project:
        first = project.documents()[0].id
        gold = project.open_layer(first, "gold")
        project.accept_all(gold)
        project.reject(gold, [gold.spans[-1].uid])  # gold differs from alice and bob
        project.set_tag(gold, "HISTORY_APOLOGY")
        project.set_status(gold, LayerStatus.REVIEWED)
    out = tmp_path / "corpus.jsonl"
    code, stdout, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db)
    assert code == 0, err
    assert stdout.startswith(f"{out}: 1 documents")
    assert "layer 'gold', the default" in err  # the user learns why only one document came out
    back = reimported(capsys, out, "doccano", tmp_path / "fresh.db")
    golds = layers_by_hash(alice_db, "gold")
    assert set(back) == set(golds)
    (doc_hash, (_, gold_layer)), = golds.items()
    assert span_keys(back[doc_hash][1]) == span_keys(gold_layer)
    assert span_keys(gold_layer) != span_keys(layers_by_hash(alice_db, "alice")[doc_hash][1])


def test_status_filters_done_reviewed_any(capsys, alice_db: Path, tmp_path: Path) -> None:
    with Project.open(alice_db, user="alice") as project:
        ids = [s.id for s in project.documents()]
        hashes = {doc_id: project.document(doc_id).hash for doc_id in ids}
    set_status(alice_db, "alice", ids[0], LayerStatus.REVIEWED)
    set_status(alice_db, "alice", ids[1], LayerStatus.IN_PROGRESS)
    expected = {
        "done": {hashes[i] for i in ids if i != ids[1]},
        "reviewed": {hashes[ids[0]]},
        "any": set(hashes.values()),
    }
    for status, wanted in expected.items():
        out = tmp_path / f"{status}.jsonl"
        code, stdout, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db,
                                "--status", status)
        assert code == 0, err
        assert stdout.startswith(f"{out}: {len(wanted)} documents")
        assert set(doccano_hashes(out)) == wanted and len(doccano_hashes(out)) == len(wanted)


def test_suggestion_layer_exports_the_suggestions(capsys, alice_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "suggested.jsonl"
    code, _, err = run(capsys, "export", out, "--format", "prodigy", "--db", alice_db,
                       "--layer", "suggestion")
    assert code == 0, err
    back = reimported(capsys, out, "prodigy", tmp_path / "fresh.db")
    suggestions = layers_by_hash(alice_db, "suggestion")
    alice = layers_by_hash(alice_db, "alice")
    assert set(back) == set(suggestions) and len(back) == 5
    for doc_hash, (_, layer) in suggestions.items():
        assert span_keys(back[doc_hash][1]) == span_keys(layer)
    # alice rejected a suggestion in every document: her export would differ
    assert all(span_keys(suggestions[h][1]) != span_keys(alice[h][1]) for h in alice)


def tree_bytes(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))
            if p.is_file()}


def split_outputs(stdout: str) -> list[Path]:
    return [Path(line.split(": ", 1)[0]) for line in stdout.splitlines()
            if ": " in line and "documents" in line and not line.startswith(" ")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_split_is_deterministic(capsys, alice_db: Path, tmp_path: Path, fmt: str) -> None:
    written: list[list[Path]] = []
    for attempt in ("a", "b"):
        out = tmp_path / attempt / f"corpus{SUFFIX[fmt]}"
        code, stdout, err = run(capsys, "export", out, "--format", fmt, "--db", alice_db,
                                "--layer", "alice", "--split", "0.8", "--seed", "0")
        assert code == 0, err
        paths = split_outputs(stdout)
        assert [("train" in p.name, "dev" in p.name) for p in paths] == [(True, False),
                                                                         (False, True)]
        assert all(p.exists() for p in paths)
        written.append(paths)
    for first, second in zip(*written, strict=True):
        assert tree_bytes(first) == tree_bytes(second) and tree_bytes(first)
    # the two parts hold every annotated document once: read them back into one project
    fresh = tmp_path / "fresh.db"
    code, stdout, err = run(capsys, "import", tmp_path / "a" / f"corpus{SUFFIX[fmt]}"
                            if fmt == "brat" else written[0][0], *([] if fmt == "brat" else
                            [written[0][1]]), "--format", fmt, "--layer", "gold",
                            "--db", fresh, "--no-suggest")
    assert code == 0, err
    assert "5 documents" in stdout and "5 added" in stdout


def test_another_seed_gives_another_split(capsys, alice_db: Path, tmp_path: Path) -> None:
    dev_sets: list[frozenset[str]] = []
    for seed in range(6):
        out = tmp_path / f"seed{seed}.jsonl"
        code, _, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db,
                           "--split", "0.8", "--seed", seed)
        assert code == 0, err
        train = doccano_hashes(tmp_path / f"seed{seed}-train.jsonl")
        dev = doccano_hashes(tmp_path / f"seed{seed}-dev.jsonl")
        assert len(train) == 4 and len(dev) == 1 and not set(train) & set(dev)
        dev_sets.append(frozenset(dev))
    assert len(set(dev_sets)) > 1


def test_project_jsonl_filters_only_with_a_layer(capsys, alice_db: Path, tmp_path: Path) -> None:
    with Project.open(alice_db, user="alice") as project:
        first = project.documents()[0].id
        first_hash = project.document(first).hash
    set_status(alice_db, "alice", first, LayerStatus.REVIEWED)
    out = tmp_path / "all.jsonl"
    code, _, err = run(capsys, "export", out, "--format", "jsonl", "--db", alice_db,
                       "--status", "reviewed")
    assert code == 1 and len(error_lines(err)) == 1 and "--layer" in err and not out.exists()
    code, _, err = run(capsys, "export", out, "--format", "jsonl", "--db", alice_db,
                       "--status", "reviewed", "--layer", "alice")
    assert code == 0, err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [content_hash(row["text"]) for row in rows] == [first_hash]
    assert [layer["owner"] for layer in rows[0]["layers"]] == ["alice"]


def test_a_split_with_too_few_documents_warns(capsys, alice_db: Path, tmp_path: Path) -> None:
    with Project.open(alice_db, user="alice") as project:
        ids = [s.id for s in project.documents()]
    for doc_id in ids[1:]:
        set_status(alice_db, "alice", doc_id, LayerStatus.IN_PROGRESS)
    out = tmp_path / "corpus.spacy"
    code, stdout, err = run(capsys, "export", out, "--format", "spacy", "--db", alice_db,
                            "--split", "0.8")
    assert code == 0, err
    assert f"{tmp_path / 'corpus-train.spacy'}: 1 documents" in stdout
    assert f"{tmp_path / 'corpus-dev.spacy'}: 0 documents" in stdout
    assert "warning:" in err and "corpus-dev.spacy holds no documents" in err


def test_default_takes_gold_per_document_and_the_only_annotator_elsewhere(
    capsys, alice_db: Path, tmp_path: Path
) -> None:
    with Project.open(alice_db, user="alice") as project:
        first = project.documents()[0].id
        gold = project.open_layer(first, "gold")
        project.accept_all(gold)
        project.reject(gold, [gold.spans[-1].uid])
        project.set_status(gold, LayerStatus.REVIEWED)
    out = tmp_path / "corpus.jsonl"
    code, stdout, err = run(capsys, "export", out, "--format", "doccano", "--db", alice_db)
    assert code == 0, err
    assert stdout.startswith(f"{out}: 5 documents")
    assert "else 'alice' where gold is missing" in err
    back = reimported(capsys, out, "doccano", tmp_path / "fresh.db")
    golds = layers_by_hash(alice_db, "gold")
    alices = layers_by_hash(alice_db, "alice")
    assert set(back) == set(alices)
    for doc_hash, (_, layer) in back.items():
        source = golds.get(doc_hash, alices[doc_hash])[1]
        assert span_keys(layer) == span_keys(source)
