"""The suggest contract: JSON lines for files, resumable project suggestions, work kept."""

from __future__ import annotations

import json
from pathlib import Path

from jkannotate.cli import main
from jkannotate.core.model import LayerKind, Origin, State
from jkannotate.project import Project


def run(capsys, *args):
    code = main([str(a) for a in args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_suggest_jsonl_prints_one_object_per_document_in_input_order(
    capsys, tmp_path, seeds_dir
) -> None:
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        json.dumps({"text": "Yoon Suk Yeol met Fumio Kishida in Tokyo on Thursday. 😀 한국"})
        + "\n"
        + json.dumps({"text": "North Korea fired a ballistic missile into the East Sea."})
        + "\n",
        encoding="utf-8",
    )
    files = [*sorted(seeds_dir.glob("*.txt"))[:2], extra]
    code, out, _ = run(capsys, "suggest", *files, "--jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in rows] == [
        files[0].name,
        files[1].name,
        "extra.jsonl:1",
        "extra.jsonl:2",
    ]
    for row in rows:
        assert set(row) >= {"id", "text", "spans", "tags"}
        for span in row["spans"]:
            assert 0 <= span["start"] < span["end"] <= len(row["text"])
            assert span["kind"] in ("entity", "event") and 0 <= span["confidence"] <= 1
            assert span["source"]
            for argument in span.get("args", []):
                assert 0 <= argument["start"] < argument["end"] <= len(row["text"])
        for tag in row["tags"]:
            assert 0 <= tag["confidence"] <= 1
            assert all(0 <= e["start"] < e["end"] <= len(row["text"]) for e in tag["evidence"])
    emoji_row = rows[2]
    names = {emoji_row["text"][s["start"] : s["end"]] for s in emoji_row["spans"]}
    assert {"Yoon Suk Yeol", "Fumio Kishida", "Tokyo"} <= names  # code-point offsets
    assert any(t["label"] == "NORTH_KOREA" for t in rows[3]["tags"])


def test_an_explicit_model_that_is_not_installed_is_an_error(capsys, tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Seoul and Tokyo agreed on Friday to restore GSOMIA.\n", encoding="utf-8")
    code, out, err = run(capsys, "suggest", article, "--jsonl", "--model", "en_core_web_lg")
    assert code == 1 and out == ""
    assert err.count("\n") == 1 and "'en_core_web_lg' is not installed" in err
    assert "--model rules" in err


def test_a_missing_model_is_not_remembered_and_rules_resets(capsys, db_path, seeds_dir) -> None:
    from jkannotate.operations.suggest import MODEL_SETTING

    assert run(capsys, "import", seeds_dir, "--db", db_path, "--no-suggest")[0] == 0
    code, _, err = run(capsys, "suggest", "--db", db_path, "--model", "en_core_web_lg")
    assert code == 1 and "not installed" in err
    with Project.open(db_path) as project:
        assert not project.store.settings.get(MODEL_SETTING)
        project.store.settings.set(MODEL_SETTING, "some/old/pipeline")  # remembered before
    code, out, err = run(capsys, "suggest", "--db", db_path, "--model", "rules")
    assert code == 0, err and "5" in out
    with Project.open(db_path) as project:
        assert not project.store.settings.get(MODEL_SETTING)
    code, out, err = run(capsys, "suggest", "--db", db_path)  # the default again: no warning
    assert code == 0 and "warning" not in err


def test_no_rules_without_a_model_refuses_instead_of_wiping(capsys, db_path, seeds_dir) -> None:
    assert run(capsys, "import", seeds_dir, "--db", db_path)[0] == 0  # suggests
    with Project.open(db_path) as project:
        before = sum(len(project.layer(s.id, "suggestion").spans) for s in project.documents())
    code, _, err = run(capsys, "suggest", "--db", db_path, "--no-rules", "--force")
    assert code == 1 and "--no-rules needs a statistical model" in err
    with Project.open(db_path) as project:
        after = sum(len(project.layer(s.id, "suggestion").spans) for s in project.documents())
    assert after == before > 0


def test_project_suggestions_resume_and_never_touch_decided_work(
    capsys, db_path, seeds_dir
) -> None:
    assert run(capsys, "import", seeds_dir, "--db", db_path)[0] == 0
    with Project.open(db_path, user="alice") as project:
        layer = project.open_layer(1)
        first, second = layer.spans[0], layer.spans[1]
        project.accept(layer, [first.uid])
        project.reject(layer, [second.uid])
        manual = project.add_span(layer, first.start, first.end, "ORG", exact=True)
        before = {
            s.uid: (s.state, s.label)
            for s in project.open_layer(1).spans
            if s.state is not State.PENDING
        }
    code, out, _ = run(capsys, "suggest", "--db", db_path)
    assert code == 0 and "5 already up to date" in out
    code, out, _ = run(capsys, "suggest", "--db", db_path, "--force")
    assert code == 0 and "suggested 5" in out
    with Project.open(db_path, user="alice") as project:
        layer = project.open_layer(1)
        after = {s.uid: (s.state, s.label) for s in layer.spans if s.state is not State.PENDING}
        assert after == before
        assert manual.span_uids <= set(after)
        pending = [s for s in layer.spans if s.state is State.PENDING]
        assert pending and all(s.origin is Origin.SUGGESTED for s in pending)
        decided = {(s.start, s.end, s.label) for s in layer.spans if s.state is not State.PENDING}
        assert not any((s.start, s.end, s.label) in decided for s in pending)
        suggestion = project.store.layers.get(1, LayerKind.SUGGESTION, "suggester")
        assert suggestion is not None and suggestion.model == "rules"


def test_suggest_requires_jsonl_for_files(capsys, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Seoul.\n", encoding="utf-8")
    code, _, err = run(capsys, "suggest", article)
    assert code == 1 and "--jsonl" in err
