"""Export conventions: the umask decides permissions, existing files need --force, split names."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from ix_helpers import run


@pytest.fixture
def umask_022():  # type: ignore[no-untyped-def]
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.mark.parametrize("fmt", ["prodigy", "spacy", "brat"])
def test_exports_get_the_umask_permissions(
    capsys: pytest.CaptureFixture[str], alice_db: Path, tmp_path: Path, fmt: str, umask_022: None
) -> None:
    out = tmp_path / ("out" if fmt == "brat" else f"out.{'jsonl' if fmt == 'prodigy' else fmt}")
    assert run(capsys, "export", out, "--format", fmt, "--db", alice_db)[0] == 0
    files = [out] if out.is_file() else [p for p in out.rglob("*") if p.is_file()]
    assert files and {stat.S_IMODE(p.stat().st_mode) for p in files} == {0o644}


def test_an_existing_export_needs_force(
    capsys: pytest.CaptureFixture[str], alice_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("mine\n")
    code, _, err = run(capsys, "export", out, "--format", "prodigy", "--db", alice_db)
    assert code == 1 and "already exists; --force replaces it" in err
    assert out.read_text() == "mine\n"
    code, _, err = run(capsys, "export", out, "--format", "prodigy", "--db", alice_db, "--force")
    assert code == 0, err and out.read_text() != "mine\n"


@pytest.mark.parametrize(("name", "expected"), [
    ("corpus.spacy", ("corpus-train.spacy", "corpus-dev.spacy")),
    ("train.spacy", ("train.spacy", "dev.spacy")),
    ("data", ("data/train.spacy", "data/dev.spacy")),
])
def test_split_names_are_what_users_expect(
    capsys: pytest.CaptureFixture[str], alice_db: Path, tmp_path: Path, name: str,
    expected: tuple[str, str],
) -> None:
    code, out, err = run(capsys, "export", tmp_path / name, "--format", "spacy", "--db",
                         alice_db, "--split", "0.6")
    assert code == 0, err
    for path in expected:
        assert (tmp_path / path).is_file()
        assert f"{tmp_path / path}: " in out
