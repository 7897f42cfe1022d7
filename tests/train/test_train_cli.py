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


def test_rare_labels_warn_and_a_worse_model_needs_use(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from jkannotate.operations.suggest import MODEL_SETTING
    from jkannotate.project import Project

    make_project(tmp_path / "p.db", count=12).close()
    out = tmp_path / "weak"
    code = main(["train", str(out), "--db", str(tmp_path / "p.db"), "--max-steps", "2",
                 "--min-docs", "10", "--min-examples", "8"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "warning: too rare to learn reliably (fewer than 8 entities" in captured.err
    assert "ORG (4)" in captured.err
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    overall = metrics["overall_f1"]["entities"]
    worse = overall["new_model_with_rules"] < overall["current_suggester"]
    # made current only when it scores at least as well as the current suggester
    assert ("not made current" in captured.err) is worse
    assert ("suggestions now come from" in captured.out) is not worse
    with Project.open(tmp_path / "p.db") as project:
        assert (project.store.settings.get(MODEL_SETTING) == str(out)) is not worse
    code = main(["train", str(tmp_path / "kept"), "--db", str(tmp_path / "p.db"),
                 "--max-steps", "2", "--min-docs", "10", "--no-use"])
    assert code == 0 and "suggestions now come from" not in capsys.readouterr().out
    code = main(["train", str(tmp_path / "forced"), "--db", str(tmp_path / "p.db"),
                 "--max-steps", "2", "--min-docs", "10", "--use"])
    assert code == 0 and "suggestions now come from" in capsys.readouterr().out
    with Project.open(tmp_path / "p.db") as project:
        assert project.store.settings.get(MODEL_SETTING) == str(tmp_path / "forced")
