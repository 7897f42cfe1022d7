"""One error boundary for every command: one line, traceback in the log file, nothing changed;
read-only commands never create a project; untrusted text is printed escaped."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
import typer

from jkannotate.cli import main
from jkannotate.commands._app import app


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def log_file() -> Path:
    import appdirs

    return Path(appdirs.user_log_dir("jkannotate")) / "jkannotate.log"


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                for t in ("document", "layer", "span", "doc_tag")}


@pytest.fixture
def exploding_command():  # type: ignore[no-untyped-def]
    """A command whose body fails the way an unforeseen bug would (removed afterwards)."""

    @app.command("explode-for-test")
    def explode(path: Path) -> None:
        raise RuntimeError(f"unforeseen\x1b]0;owned\x07 failure reading {path}\nsecond line")

    yield
    app.registered_commands[:] = [c for c in app.registered_commands
                                  if c.name != "explode-for-test"]


def test_an_unexpected_error_is_one_line_naming_the_input_and_logs_the_traceback(
    capsys: pytest.CaptureFixture[str], exploding_command: None
) -> None:
    code, out, err = run(capsys, "explode-for-test", "input.jsonl")
    assert code == 1 and out == ""
    assert err.count("\n") == 1
    assert "explode-for-test input.jsonl" in err and "RuntimeError" in err
    assert "\x1b" not in err and "\x07" not in err and "\\x1b" in err
    assert str(log_file()) in err
    logged = log_file().read_text()
    assert "Traceback (most recent call last)" in logged and "second line" in logged
    assert "'explode-for-test'" in logged


@pytest.mark.parametrize("command", ["docs", "stats", "export", "suggest", "agreement",
                                     "check", "train", "report", "adjudicate"])
def test_read_only_commands_do_not_create_a_project_at_a_mistyped_path(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str
) -> None:
    db = tmp_path / "no" / "such" / "p.db"
    extra = {"export": ["x.jsonl", "--format", "jsonl"], "train": ["model"],
             "report": ["r.html"]}.get(command, [])
    code, out, err = run(capsys, command, *extra, "--db", db)
    assert code == 1 and out == ""
    assert err.strip() == f"jkannotate: {db}: no project there " \
                          "(jkannotate import FILES --db PATH creates one)"
    assert not (tmp_path / "no").exists()


def test_the_default_project_is_not_created_by_docs(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from jkannotate.store.engine import default_db_path

    code, _, err = run(capsys, "docs")
    assert code == 1 and "no project there" in err
    assert not default_db_path().exists() and not default_db_path().parent.exists()


def test_a_failed_import_leaves_no_empty_database_or_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "Seoul and Tokyo met."}\n{not json\n')
    db = tmp_path / "new" / "p.db"
    code, _, err = run(capsys, "import", bad, "--db", db, "--no-suggest")
    assert code == 1 and f"{bad}:2" in err
    assert not db.exists() and not (tmp_path / "new").exists()


def test_a_failed_import_into_an_existing_project_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path, seeds_dir: Path
) -> None:
    assert run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")[0] == 0
    before = counts(db_path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "Seoul and Tokyo met on Friday.",
                               "meta": {"outlet": {"name": "Reuters"}}}) + "\n")
    code, _, err = run(capsys, "import", bad, "--format", "prodigy", "--db", db_path)
    assert code == 1 and err.count("\n") == 1 and f"{bad}:1" in err and "outlet" in err
    assert counts(db_path) == before


def test_docs_prints_hostile_titles_escaped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    rows = [{"text": "Seoul and Tokyo met on Friday in Busan.", "title": "[/bold] closing tag"},
            {"text": "Tokyo answered Seoul on Monday.", "title": "\x1b[31mred\x1b]0;title\x07"},
            {"text": "A third article about Seoul.", "title": "two\nlines"}]
    source = tmp_path / "hostile\nname.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, out, err = run(capsys, "import", source, "--db", db_path, "--no-suggest")
    assert code == 0, err
    code, out, err = run(capsys, "docs", "--db", db_path)
    assert code == 0, err
    assert "[/bold] closing tag" in out
    assert "\x1b" not in out and "\x07" not in out and "\\x1b[31mred" in out
    assert "two\\nlines" in out


def test_file_names_with_newlines_stay_on_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, db_path: Path
) -> None:
    source = tmp_path / "bad\nname.jsonl"
    source.write_text("{not json\n")
    code, _, err = run(capsys, "import", source, "--db", db_path, "--no-suggest")
    assert code == 1 and err.count("\n") == 1 and "bad\\nname.jsonl:1" in err


def test_typer_exit_codes_pass_through(capsys: pytest.CaptureFixture[str]) -> None:
    @app.command("exit-for-test")
    def exit_for_test() -> None:
        raise typer.Exit(3)

    try:
        assert run(capsys, "exit-for-test")[0] == 3
    finally:
        app.registered_commands[:] = [c for c in app.registered_commands
                                      if c.name != "exit-for-test"]
