"""``suggest --jsonl`` carries each span's linked actor and each DATE's resolved value."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jkannotate.cli import main


def test_jsonl_spans_carry_kb_id_and_norm(capsys: pytest.CaptureFixture[str],
                                          tmp_path: Path) -> None:
    article = tmp_path / "a.jsonl"
    text = "Fumio Kishida met Yoon Suk Yeol in Tokyo on Friday."
    article.write_text(json.dumps({"text": text, "published": "2023-03-15"}) + "\n",
                       encoding="utf-8")
    assert main(["suggest", str(article), "--jsonl"]) == 0
    (row,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    spans = {text[s["start"]:s["end"]]: s for s in row["spans"]}
    assert spans["Fumio Kishida"]["kb_id"] == "jka:kishida-fumio"
    assert spans["Yoon Suk Yeol"]["kb_id"] == "jka:yoon-suk-yeol"
    assert spans["Tokyo"]["kb_id"] == "jka:tokyo"
    assert spans["Friday"]["norm"] == "2023-03-10"  # "met": the Friday before Wed 15 March
    for span in row["spans"]:  # the contract keys stay; the new ones are always present
        assert {"start", "end", "label", "kind", "confidence", "source", "kb_id",
                "norm"} <= set(span)
    met = next(s for s in row["spans"] if s["kind"] == "event")
    assert met["kb_id"] is None and "args" in met
