"""Usage errors on the installed typer/click: one line, the option's real name, exit status 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["importt"], "No such command 'importt'"),
        (["import"], "Missing argument 'PATHS...'"),
        (["train", "m", "--annotator", "x"], "No such option: --annotator"),
        (["train", "m", "--max-steps", "abc"], "Invalid value for '--max-steps'"),
        (["export", "x.spacy"], "Missing option '--format'"),
        (["export", "x.spacy", "--format"], "Option '--format' requires an argument"),
        (["docs", "--json", "extra"], "unexpected extra argument"),
    ],
    ids=["unknown-command", "missing-argument", "unknown-option", "bad-int", "missing-option",
         "option-without-value", "extra-argument"],
)
def test_usage_error_is_one_line_with_the_real_name_and_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], expected: str
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("jkannotate"), err
    assert expected.lower() in err.lower()
    assert "Traceback" not in err and "fmt" not in err.replace("--format", "")
    assert "--help" in err  # where to look next


def test_help_still_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "export", "--help")
    assert code == 0 and "--format" in out and "{out}" not in out


def test_the_console_script_gives_the_same_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "jkannotate.cli", "export", "x.spacy"],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={"PYTHONPATH": str(Path(__file__).resolve().parents[2]),
                                 "HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "jkannotate export: Missing option '--format'. (see 'jkannotate export --help')"]
