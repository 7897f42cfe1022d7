"""Hostile JSONL lines get one line naming file:line; ``--skip-bad`` imports the rest; NUL
has one rule for every input and never reaches the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main
from jkannotate.store import Store

GOOD = json.dumps({"text": "Japan and South Korea agreed to resume talks in Seoul."})
BAD_LINES = {
    "surrogate": ('{"text": "Seoul \\ud800 talks"}', "lone surrogate (\\ud800)"),
    "surrogate in meta": ('{"text": "Seoul talks", "meta": {"x": ["\\udfff"]}}',
                          "'meta': a lone surrogate"),
    "deep": ('{"text": "Seoul talks", "meta": {"x": ' + "[" * 200_000 + "]" * 200_000 + "}}",
             "nested deeper than 32 levels"),
    "moderately deep": ('{"text": "Seoul talks", "meta": {"x": ' + "[" * 500 + "]" * 500 + "}}",
                        "nested deeper than 32 levels"),
    "digits": ('{"text": "Seoul talks", "meta": {"n": ' + "9" * 5000 + "}}",
               "a number of 5000 digits"),
    "huge float": ('{"text": "Seoul talks", "meta": {"n": 1e999}}', "too large"),
    "nan": ('{"text": "Seoul talks", "meta": {"n": NaN}}', "NaN is not a JSON value"),
    "nul": ('{"text": "Seoul\\u0000talks"}', "'text': NUL characters (\\u0000)"),
    "nul in title": ('{"text": "Seoul talks", "title": "a\\u0000b"}', "'title': NUL"),
}


def documents_in(db: str) -> int:
    store = Store(db)
    try:
        return store.documents.count()
    finally:
        store.close()


@pytest.mark.parametrize("case", sorted(BAD_LINES))
def test_a_hostile_line_is_one_line_and_skippable(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line, reason = BAD_LINES[case]
    source = tmp_path / "in.jsonl"
    source.write_text(f"{GOOD}\n{line}\n", encoding="utf-8")
    db = str(tmp_path / "p.db")
    assert main(["import", str(source), "--db", db, "--no-suggest"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    assert f"{source}:2: " in err[0] and reason in err[0]
    assert documents_in(db) == 0
    assert main(["import", str(source), "--db", db, "--no-suggest", "--skip-bad"]) == 0
    out = capsys.readouterr()
    assert f"{source}:2" in out.out + out.err and "Traceback" not in out.out + out.err
    assert documents_in(db) == 1


def test_nul_is_refused_from_txt_and_jsonl_alike_and_never_reaches_the_database(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_file = tmp_path / "a.txt"
    text_file.write_bytes(b"Seoul talks\x00resumed on Monday.\n")
    jsonl_file = tmp_path / "b.jsonl"
    jsonl_file.write_text('{"text": "Seoul talks\\u0000resumed on Monday."}\n', encoding="utf-8")
    reasons = []
    for path, where in ((text_file, f"{text_file}: "), (jsonl_file, f"{jsonl_file}:1: ")):
        assert main(["import", str(path), "--db", db_url, "--no-suggest"]) != 0
        (line,) = capsys.readouterr().err.strip().splitlines()
        assert line.startswith(f"jkannotate: {where}") or where in line
        reasons.append(line.split("NUL", 1)[1])
    assert reasons[0] == reasons[1]  # one rule, one wording
    assert documents_in(db_url) == 0


@pytest.mark.postgres
def test_nul_that_slips_past_a_reader_is_one_line_on_postgresql(pg_database: str) -> None:
    """The last guard: the driver's refusal becomes a StorageError, and nothing is stored."""
    db_url = pg_database
    from jkannotate.core.errors import StorageError
    from jkannotate.core.model import AnnotatedDocument, Document

    store = Store(db_url)
    try:
        with pytest.raises(StorageError, match=r"NUL characters \(\\u0000\)"):
            store.documents.add([AnnotatedDocument(Document("Seoul talks")),
                                    AnnotatedDocument(Document("Seoul\x00talks"))])
        assert store.documents.count() == 0
    finally:
        store.close()
