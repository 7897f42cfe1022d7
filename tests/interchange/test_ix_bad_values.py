"""Bad values in Prodigy and doccano files are refused with file:line, and nothing is stored."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from jkannotate.cli import main

TEXT = "Seoul and Tokyo met in Busan on Friday."


def counts(db: Path) -> tuple[int, int, int]:
    with sqlite3.connect(db) as connection:
        return tuple(connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("document", "layer", "span"))  # type: ignore[return-value]


@pytest.mark.parametrize(
    ("fmt", "row", "reason"),
    [
        ("doccano", {"text": TEXT, "label": "GPE"}, "'label' must be a list"),
        ("doccano", {"text": TEXT, "label": [[0.0, 5, "GPE"]]}, "whole number"),
        ("doccano", {"text": TEXT, "entities": [
            {"id": 1, "start_offset": 0, "end_offset": 5.5, "label": "GPE"}]}, "whole number"),
        ("doccano", {"text": TEXT, "meta": {"published": ["2024"]}}, "meta.published"),
        ("prodigy", {"text": ""}, "the text is empty"),
        ("prodigy", {"text": TEXT, "spans": [{"start": 0.0, "end": 5, "label": "GPE"}]},
         "whole number"),
        ("prodigy", {"text": TEXT, "tokens": [{"text": "Seoul", "start": 0, "end": 5, "id": 0}],
                     "spans": [{"token_start": -1, "token_end": 0, "label": "GPE"}]},
         "token_start..token_end -1..0"),
        ("prodigy", {"text": TEXT, "meta": {"outlet": {"name": "Reuters"}}}, "meta.outlet"),
        ("prodigy", {"text": TEXT, "meta": {"published": ["2024", "05"]}}, "meta.published"),
    ],
    ids=["doccano-label-string", "doccano-float-label-offset", "doccano-float-entity-offset",
         "doccano-published-list", "prodigy-empty-text", "prodigy-float-offset",
         "prodigy-negative-token", "prodigy-outlet-dict", "prodigy-published-list"],
)
def test_bad_value_is_refused_with_file_and_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, seeds_dir: Path, fmt: str,
    row: dict[str, object], reason: str,
) -> None:
    db = tmp_path / "p.db"
    assert main(["import", str(seeds_dir), "--db", str(db), "--no-suggest"]) == 0
    before = counts(db)
    source = tmp_path / f"in.{fmt}.jsonl"
    good = {"text": "Tokyo and Seoul spoke again on Monday."}
    source.write_text(json.dumps(good) + "\n" + json.dumps(row) + "\n")
    capsys.readouterr()
    code = main(["import", str(source), "--format", fmt, "--db", str(db), "--annotator", "ann"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.count("\n") == 1 and f"{source}:2:" in err and reason in err, err
    assert counts(db) == before
