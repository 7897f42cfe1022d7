"""``jkannotate train`` from the command line: one-line refusals, a figures table on success."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main
from tests.train.conftest import make_project


def test_too_little_data_is_one_line_and_exit_1(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    make_project(tmp_path / "p.db", count=5).close()
    code = main(["train", str(tmp_path / "m"), "--db", str(tmp_path / "p.db")])
    err = capsys.readouterr().err
    assert code == 1
    assert err == ("jkannotate: only 5 done documents in layer 'gold'; training needs at least "
                   "20 (mark 15 more done, or lower --min-docs)\n")
    assert not (tmp_path / "m").exists()


def test_train_writes_the_model_and_prints_the_comparison(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_project(tmp_path / "p.db", count=12).close()
    out = tmp_path / "cli model"
    code = main(["train", str(out), "--db", str(tmp_path / "p.db"), "--max-steps", "5",
                 "--min-docs", "10", "--min-examples", "2", "--no-use"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = captured.out.splitlines()
    assert lines[0].startswith("trained en_cli_model-1.0.1 in ")
    assert "(5 steps)" in lines[0] and "current suggester (rules)" in lines[0]
    assert lines[1].split() == ["label", "new", "new+rules", "current", "(entity", "F1)"]
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    gpe = [line.split() for line in lines if line.startswith("GPE ")][0]
    assert float(gpe[3]) == metrics["current_suggester"]["entities"]["per_label"]["GPE"]["f"]
    assert lines[-1] == f"metrics: {out / 'metrics.json'}"
    assert "step 5/5" in captured.err  # evaluation lines when stderr is not a terminal
