"""Provenance of every suggestion, the ``suggest --jsonl`` shape, and lazy spaCy import."""

from __future__ import annotations

import json
import subprocess
import sys

from jkannotate.core.model import LabelKind, Origin, State
from jkannotate.nlp import Suggester, suggestion_json

TEXTS = [
    "Japan and South Korea agreed on Friday to restore GSOMIA, Yonhap reported.",
    "",
    "Kim Jong Un watched the missile launch, KCNA said on Saturday. 🚀 North Korea 北朝鮮 "
    "fired again.",
]


def test_every_suggestion_is_pending_with_source_and_confidence(rules: Suggester) -> None:
    suggestions = list(rules.suggest(TEXTS, batch_size=2))
    assert len(suggestions) == len(TEXTS)
    assert suggestions[1].spans == [] and suggestions[1].tags == []
    spans = [span for s in suggestions for span in s.spans]
    assert spans
    for span in spans:
        assert span.origin is Origin.SUGGESTED and span.state is State.PENDING
        assert span.confidence is not None and 0.0 <= span.confidence <= 1.0
        assert span.source is not None and span.source.startswith("rule:")
    sources = {span.source for span in spans}
    assert "rule:gazetteer:kim_jong_un" in sources
    assert any(source.startswith("rule:trigger:") for source in sources)
    assert any(source.startswith("rule:pattern:") for source in sources)
    for tag in (tag for s in suggestions for tag in s.tags):
        assert tag.origin is Origin.SUGGESTED and tag.state is State.PENDING
        assert tag.confidence is not None and 0.0 <= tag.confidence <= 1.0 and tag.evidence


def test_arguments_link_spans_of_the_same_suggestion(rules: Suggester) -> None:
    suggestion = rules.suggest_one(TEXTS[2])
    uids = {span.uid: span for span in suggestion.spans}
    assert suggestion.arguments
    for argument in suggestion.arguments:
        assert uids[argument.event_uid].kind is LabelKind.EVENT
        assert uids[argument.argument_uid].kind is LabelKind.ENTITY


def test_suggestion_json_has_the_contract_shape(rules: Suggester) -> None:
    text = TEXTS[2]
    data = suggestion_json("launch.txt", text, rules.suggest_one(text))
    assert list(data) == ["id", "text", "spans", "tags"]
    assert data["id"] == "launch.txt" and data["text"] == text
    json.dumps(data)  # plain JSON types only
    kinds = {span["kind"] for span in data["spans"]}
    assert kinds == {"entity", "event"}
    for span in data["spans"]:
        expected = {"start", "end", "label", "kind", "confidence", "source", "kb_id", "norm"}
        assert set(span) == (expected | {"args"} if span["kind"] == "event" else expected)
        assert 0 <= span["start"] < span["end"] <= len(text)
        for argument in span.get("args", []):
            assert set(argument) == {"role", "start", "end"}
    # code-point offsets: the emoji and the CJK text before "North Korea" do not shift it
    assert any(text[s["start"]:s["end"]] == "North Korea" and s["label"] == "GPE"
               for s in data["spans"])
    launch = next(s for s in data["spans"] if text[s["start"]:s["end"]] == "missile launch")
    assert {"role": "agent", "start": 0, "end": len("Kim Jong Un")} in launch["args"]
    for tag in data["tags"]:
        assert set(tag) == {"label", "confidence", "evidence"}
        assert all(set(e) == {"start", "end"} for e in tag["evidence"])


def test_importing_the_package_does_not_import_spacy() -> None:
    code = ("import sys, jkannotate.nlp; from jkannotate.nlp import Suggestion, suggestion_json; "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
