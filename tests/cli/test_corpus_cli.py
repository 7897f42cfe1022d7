"""The import/docs/stats contract, run through the real CLI against SQLite files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jkannotate.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("document", "layer", "span", "doc_tag")
        }


def test_importing_the_seeds_twice_keeps_five_documents(capsys, db_path, seeds_dir) -> None:
    assert run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")[0] == 0
    code, out, _ = run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")
    assert code == 0 and "0 added, 5 already in the project" in out
    code, out, _ = run(capsys, "docs", "--db", db_path, "--json")
    docs = json.loads(out)
    assert len(docs) == 5
    assert {"id", "title", "outlet", "date", "chars", "duplicate_group", "status"} <= set(docs[0])
    assert all(d["chars"] > 500 for d in docs)


def test_stats_json_reports_counts_and_duplicate_groups(capsys, db_path, seeds_dir) -> None:
    run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")
    code, out, _ = run(capsys, "stats", "--db", db_path, "--json")
    stats = json.loads(out)
    assert code == 0 and stats["documents"] == 5
    assert {"layers", "spans", "tags", "duplicate_groups"} <= set(stats)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("bad.jsonl", b'{"text": "Seoul and Tokyo."}\n{"text": "ok"}\n{not json\n', "bad.jsonl:3"),
        ("empty.txt", b"", "empty.txt"),
        ("broken.txt", b"\x81\xff\xfe\x00\xc3" * 40 + b"\x00\x00\xff" * 50, "broken.txt"),
    ],
)
def test_bad_input_exits_with_one_line_and_changes_nothing(
    capsys, tmp_path, db_path, seeds_dir, name, content, expected
) -> None:
    run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")
    before = table_counts(db_path)
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Seoul and Tokyo agreed on Friday to resume talks.\n\n" * 3)
    (folder / name).write_bytes(content)
    code, _, err = run(capsys, "import", folder, "--db", db_path, "--no-suggest")
    assert code != 0
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0]
    assert table_counts(db_path) == before


def test_skip_bad_imports_the_rest_and_lists_what_it_skipped(capsys, tmp_path, db_path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "good.txt").write_text("Seoul and Tokyo agreed on Friday to resume talks.\n")
    (folder / "empty.txt").write_bytes(b"")
    code, out, err = run(capsys, "import", folder, "--db", db_path, "--no-suggest", "--skip-bad")
    assert code == 0 and "1 added" in out and "1 skipped" in out
    assert "empty.txt" in err
    assert table_counts(db_path)["document"] == 1


def test_huge_file_and_empty_directory_are_refused(capsys, tmp_path, db_path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, _, err = run(capsys, "import", huge, "--db", db_path)
    assert code != 0 and "huge.txt" in err
    empty = tmp_path / "nothing"
    empty.mkdir()
    code, _, err = run(capsys, "import", empty, "--db", db_path)
    assert code != 0 and "nothing" in err


def test_db_from_environment_variable(capsys, tmp_path, monkeypatch, seeds_dir) -> None:
    target = tmp_path / "from-env.db"
    monkeypatch.setenv("JKANNOTATE_DB", str(target))
    assert run(capsys, "import", seeds_dir, "--no-suggest")[0] == 0
    assert table_counts(target)["document"] == 5


def test_default_database_lives_in_the_user_data_dir(capsys, seeds_dir) -> None:
    from jkannotate.store import default_db_path

    assert run(capsys, "import", seeds_dir, "--no-suggest")[0] == 0
    assert default_db_path().name == "default.db" and default_db_path().exists()


def test_help_does_not_import_spacy_or_qt() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from jkannotate.cli import main; main(['--help']);"
        "print('spacy' in sys.modules, 'PySide6' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "False False"


def test_near_duplicate_seeds_share_a_group_exactly_when_similar(
    capsys, db_path, seeds_dir
) -> None:
    from jkannotate.ingest import read_articles
    from jkannotate.ingest.duplicates import NEAR_DUPLICATE_THRESHOLD, signature, similarity

    run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")
    docs = {d["title"]: d for d in json.loads(run(capsys, "docs", "--db", db_path, "--json")[1])}
    articles = read_articles(sorted(seeds_dir.glob("*.txt"))).documents
    for first in articles:
        for second in articles:
            if first is second:
                continue
            similar = similarity(signature(first.text), signature(second.text))
            group_a = docs[first.title]["duplicate_group"]
            group_b = docs[second.title]["duplicate_group"]
            grouped = group_a is not None and group_a == group_b
            if similar >= NEAR_DUPLICATE_THRESHOLD:
                assert grouped, (first.title, second.title, similar)
    groups = [d["duplicate_group"] for d in docs.values()]
    assert len(set(groups)) > 1  # the seeds are not all one story
