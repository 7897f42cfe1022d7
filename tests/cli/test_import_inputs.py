"""import: JSONL key aliases, the outlet from a byline, guessing an annotated file's format,
--skip-bad with --format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def docs(capsys: pytest.CaptureFixture[str], db: Path) -> list[dict[str, object]]:
    code, out, err = run(capsys, "docs", "--db", db, "--json")
    assert code == 0, err
    return json.loads(out)


def test_jsonl_aliases_and_byline_outlet(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    rows = [{"body": "Seoul and Tokyo agreed to resume talks on Friday.", "publisher": "Yonhap"},
            {"content": "Japan lifted its export curbs on Monday.",
             "source": {"id": "x", "name": "Kyodo"}},
            {"text": "The two leaders met in Hiroshima.", "byline": "By Jane Doe, Reuters"},
            {"text": "Officials met again in Busan.", "byline": "By Kim Tong-hyung, Staff Writer"}]
    source = tmp_path / "feed.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", source, "--db", db, "--no-suggest")
    assert code == 0, err and out.startswith("4 added")
    outlets = sorted(str(d["outlet"]) for d in docs(capsys, db))
    assert outlets == ["Kyodo", "None", "Reuters", "Yonhap"]


def test_import_help_documents_the_jsonl_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "import", "--help")
    assert code == 0
    for key in ("text", "body", "content", "outlet", "source", "publisher", "published"):
        assert key in out


def test_an_annotated_file_is_recognised_without_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    text = "Seoul and Tokyo agreed to resume talks on Friday."
    source = tmp_path / "annotated.jsonl"
    source.write_text(json.dumps({"text": text, "answer": "accept",
                                  "spans": [{"start": 0, "end": 5, "label": "GPE"}]}) + "\n")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", source, "--db", db, "--annotator", "alice",
                         "--no-suggest")
    assert code == 0, err
    assert "reading prodigy annotations" in err and "1 spans" in out
    assert docs(capsys, db)[0]["status"] == {"alice": "done"}


def test_mixed_inputs_are_refused_with_a_reason(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Seoul and Tokyo agreed to resume talks on Friday.\n")
    annotated = tmp_path / "d.jsonl"
    annotated.write_text(json.dumps({"text": "x y", "label": [[0, 1, "GPE"]]}) + "\n")
    db = tmp_path / "p.db"
    code, _, err = run(capsys, "import", plain, annotated, "--db", db)
    assert code == 1 and "different kinds of data" in err and "--format" in err
    assert not db.exists()


def test_skip_bad_is_honoured_with_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "rows.jsonl"
    source.write_text(
        json.dumps({"text": "Seoul and Tokyo met.", "label": [[0, 5, "GPE"]]}) + "\n"
        + json.dumps({"text": "Tokyo replied.", "label": "GPE"}) + "\n"
        + "{not json\n"
        + json.dumps({"text": "Busan hosted the talks.", "label": [[0, 5, "GPE"]]}) + "\n")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", source, "--format", "doccano", "--db", db,
                         "--skip-bad", "--no-suggest", "--annotator", "alice")
    assert code == 0, err
    assert f"skipped {source}:2:" in err and f"skipped {source}:3:" in err
    assert "2 added" in out and "2 skipped" in out
    code, _, err = run(capsys, "import", source, "--format", "doccano", "--db", tmp_path / "q.db")
    assert code == 1 and f"{source}:2:" in err


def test_every_input_is_accounted_for_and_progress_has_a_total(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "twice.jsonl"
    body = "Seoul and Tokyo agreed to resume talks on Friday."
    source.write_text(json.dumps({"text": body}) + "\n" + json.dumps({"body": body}) + "\n"
                      + json.dumps({"text": "Another article about Busan."}) + "\n")
    db = tmp_path / "p.db"
    code, out, err = run(capsys, "import", source, "--db", db, "--no-suggest")
    assert code == 0, err
    assert "2 added, 0 already in the project, 1 repeating another input of this import" in out
    assert "Reading: 3/3 in " in err and "/s" in err  # one summary line when piped
    assert err.count("Reading") == 1
