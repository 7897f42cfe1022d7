"""Bad inputs: one line on stderr naming the problem (and the file), exit 1, nothing changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ix_helpers import SUFFIX, error_lines, run, snapshot

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

MALFORMED = {
    # format: (file name, bytes) — each broken in the way that format's files break
    "prodigy": ("tasks.jsonl", b'{"text": "Seoul and Tokyo met.", "spans": []}\n{"text": \n'),
    "doccano": ("rows.jsonl", b'{"text": "Seoul and Tokyo met.", "label": [[0, 5, "GPE"]]}\n'
                              b'{"text": "Tokyo.", "label": [[0, 99, "GPE"]]}\n'),
    "jsonl": ("project.jsonl", b'[1, 2, 3]\n'),
    "spacy": ("corpus.spacy", b"this is not msgpack at all"),
    "conll": ("corpus.conll", b"Seoul B-GPE\nand\n"),
}


@pytest.fixture
def seeded_db(capsys, tmp_path: Path) -> Path:
    db = tmp_path / "project.db"
    assert run(capsys, "import", SEEDS, "--db", db, "--no-suggest")[0] == 0
    return db


@pytest.mark.parametrize("fmt", sorted(MALFORMED))
def test_malformed_import_names_the_file_and_changes_nothing(capsys, seeded_db: Path,
                                                             tmp_path: Path, fmt: str) -> None:
    name, content = MALFORMED[fmt]
    good = tmp_path / f"good{SUFFIX[fmt] or '.jsonl'}"
    bad = tmp_path / name
    bad.write_bytes(content)
    before = snapshot(seeded_db)
    paths = [bad] if fmt in ("spacy", "conll") else [good, bad]
    if fmt != "spacy" and fmt != "conll":
        good.write_text(json.dumps({"text": "Seoul and Tokyo agreed on Friday."}) + "\n")
    code, stdout, err = run(capsys, "import", *paths, "--format", fmt, "--db", seeded_db)
    lines = error_lines(err)
    assert code == 1 and len(lines) == 1, err
    assert name in lines[0] and "Traceback" not in err
    assert "added" not in stdout
    assert snapshot(seeded_db) == before


def test_malformed_brat_names_the_ann_file(capsys, seeded_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "a.txt").write_text("Seoul and Tokyo met.", encoding="utf-8")
    (folder / "a.ann").write_text("T1\tGPE 0 5\tSeoul\nT2\tGPE 10 95\tTokyo\n", encoding="utf-8")
    before = snapshot(seeded_db)
    code, _, err = run(capsys, "import", folder, "--format", "brat", "--db", seeded_db)
    lines = error_lines(err)
    assert code == 1 and len(lines) == 1 and "a.ann" in lines[0]
    assert snapshot(seeded_db) == before


@pytest.mark.parametrize("command", ["export", "import"])
def test_unknown_format_lists_the_known_ones(capsys, seeded_db: Path, tmp_path: Path,
                                             command: str) -> None:
    target = tmp_path / "x.jsonl"
    if command == "import":
        target.write_text('{"text": "Seoul."}\n')
    before = snapshot(seeded_db)
    code, _, err = run(capsys, command, target, "--format", "label-studio", "--db", seeded_db)
    lines = error_lines(err)
    assert code == 1 and len(lines) == 1
    assert "label-studio" in lines[0] and "doccano" in lines[0] and "conll" in lines[0]
    assert snapshot(seeded_db) == before
    assert command == "import" or not target.exists()


@pytest.mark.parametrize(("extra", "expected"), [
    ((), "--layer suggestion"),  # nobody annotated yet
    (("--layer", "alice"), "alice"),  # no such layer
    (("--layer", "suggestion", "--split", "1.5"), "--split"),
    (("--status", "finished"), "--status"),
    (("--scheme", "bilou"), "--scheme"),
])
def test_nothing_to_export_or_bad_options(capsys, seeded_db: Path, tmp_path: Path,
                                          extra: tuple[str, ...], expected: str) -> None:
    out = tmp_path / "out.conll"
    code, stdout, err = run(capsys, "export", out, "--format", "conll", "--db", seeded_db, *extra)
    lines = error_lines(err)
    assert code == 1 and len(lines) == 1 and expected in lines[0], err
    assert stdout == ""
    assert list(tmp_path.glob("out*")) == []


def test_only_unfinished_work_is_nothing_to_export(capsys, alice_db: Path,
                                                   tmp_path: Path) -> None:
    from ix_helpers import set_status

    from jkannotate.core.model import LayerStatus
    from jkannotate.project import Project

    with Project.open(alice_db, user="alice") as project:
        ids = [s.id for s in project.documents()]
    for doc_id in ids:
        set_status(alice_db, "alice", doc_id, LayerStatus.IN_PROGRESS)
    out = tmp_path / "out.spacy"
    code, _, err = run(capsys, "export", out, "--format", "spacy", "--db", alice_db)
    lines = error_lines(err)
    assert code == 1 and len(lines) == 1 and "done" in lines[0] and not out.exists()
    code, stdout, _ = run(capsys, "export", out, "--format", "spacy", "--db", alice_db,
                          "--status", "any")
    assert code == 0 and stdout.startswith(f"{out}: 5 documents") and out.exists()


@pytest.mark.parametrize("split", [False, True])
def test_unwritable_output_is_one_line_not_a_traceback(capsys, alice_db: Path, tmp_path: Path,
                                                       split: bool) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    targets = [blocker / "corpus.jsonl"] if split else [folder, blocker / "corpus.jsonl"]
    for target in targets:
        extra = ("--split", "0.8") if split else ()
        code, stdout, err = run(capsys, "export", target, "--format", "doccano", "--db",
                                alice_db, *extra)
        lines = error_lines(err)
        assert code == 1 and stdout == "" and len(lines) == 1, err
        assert "cannot write" in lines[0] and "Traceback" not in err
        assert Path(lines[0].split(": ")[1]).name in (folder.name, blocker.name)
    assert list(folder.iterdir()) == [] and blocker.read_text() == "not a folder"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
