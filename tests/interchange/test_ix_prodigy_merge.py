"""Prodigy spans (ner.manual) and tags (choice) on the same texts arrive as two files: they merge
into one layer by text, in one import or two; a different version of the same kind is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ix_helpers import layers_by_hash, run

TEXTS = ["Prime Minister Fumio Kishida met President Yoon Suk Yeol in Tokyo on Thursday.",
         "Seoul lifted its export curbs on Japanese chemicals after the summit."]


def write_rows(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows))
    return path


def spans_file(tmp_path: Path) -> Path:
    rows = [{"text": TEXTS[0], "answer": "accept", "_view_id": "ner_manual",
             "spans": [{"start": 15, "end": 28, "label": "PERSON"},
                       {"start": 71, "end": 76, "label": "GPE"}]},
            {"text": TEXTS[1], "answer": "accept", "_view_id": "ner_manual",
             "spans": [{"start": 0, "end": 5, "label": "GPE"}]}]
    return write_rows(tmp_path / "spans.jsonl", rows)


def tags_file(tmp_path: Path, name: str = "tags.jsonl",
              accepted: tuple[str, ...] = ("SUMMIT_DIPLOMACY",)) -> Path:
    options = [{"id": x, "text": x} for x in ("SUMMIT_DIPLOMACY", "EXPORT_CONTROLS")]
    rows = [{"text": text, "options": options, "accept": list(accepted), "answer": "accept",
             "_view_id": "choice"} for text in TEXTS]
    return write_rows(tmp_path / name, rows)


def layer_contents(db: Path, name: str) -> dict[str, tuple[set[tuple[int, int, str]], set[str]]]:
    return {text: ({(s.start, s.end, s.label) for s in layer.spans},
                   {t.label for t in layer.tags})
            for text, layer in layers_by_hash(db, name).values()}


@pytest.mark.parametrize("together", [True, False], ids=["one-import", "two-imports"])
def test_spans_and_tags_files_merge_into_one_layer(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, together: bool
) -> None:
    db = tmp_path / "p.db"
    spans, tags = spans_file(tmp_path), tags_file(tmp_path)
    if together:
        code, out, err = run(capsys, "import", spans, tags, "--format", "prodigy", "--db", db,
                             "--annotator", "alice", "--no-suggest")
        assert code == 0, err
        assert out.startswith("2 documents, 3 spans, 2 tags")
    else:
        for path in (spans, tags):
            code, out, err = run(capsys, "import", path, "--format", "prodigy", "--db", db,
                                 "--annotator", "alice", "--no-suggest")
            assert code == 0, err
        assert "2 existing layer(s) completed" in out and "existing layers kept" not in out
    contents = layer_contents(db, "alice")
    assert contents[TEXTS[0]] == ({(15, 28, "PERSON"), (71, 76, "GPE")}, {"SUMMIT_DIPLOMACY"})
    assert contents[TEXTS[1]] == ({(0, 5, "GPE")}, {"SUMMIT_DIPLOMACY"})
    code, out, _ = run(capsys, "docs", "--db", db, "--json")
    assert len(json.loads(out)) == 2


def test_a_conflicting_version_of_the_same_kind_is_reported_and_the_first_kept(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    db = tmp_path / "p.db"
    first = tags_file(tmp_path)
    other = tags_file(tmp_path, "other.jsonl", ("EXPORT_CONTROLS",))
    assert run(capsys, "import", first, "--format", "prodigy", "--db", db, "--annotator", "alice",
               "--no-suggest")[0] == 0
    code, out, err = run(capsys, "import", other, "--format", "prodigy", "--db", db,
                         "--annotator", "alice", "--no-suggest")
    assert code == 0, err
    assert "2 conflict(s)" in out and "tags differ (EXPORT_CONTROLS here, SUMMIT_DIPLOMACY kept)" \
        in out
    assert all(tags == {"SUMMIT_DIPLOMACY"} for _, tags in layer_contents(db, "alice").values())
