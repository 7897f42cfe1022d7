"""Nothing undecided leaves as a decision: every export format leaves pending suggestions out
(and says how many), ``--include-pending`` puts them in; agreement ignores them too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ix_helpers import FORMATS, SUFFIX, copy_db, layers_by_hash, run, span_keys, tag_labels

from jkannotate.core.model import LayerStatus, State
from jkannotate.project import Project

#: formats whose re-import gives the exact spans back (CoNLL keeps entity spans only)
EXACT = ["spacy", "prodigy", "doccano", "brat", "jsonl"]


def decide_first_only(db: Path, user: str) -> tuple[int, int]:
    """As ``user``: accept the first suggested span and tag of each document, leave the rest
    pending, mark done. Returns (pending spans, pending tags) left."""
    pending_spans = pending_tags = 0
    with Project.open(db, user=user) as project:
        for summary in project.documents():
            layer = project.open_layer(summary.id)
            if layer.spans:
                project.accept(layer, [layer.spans[0].uid])
            if layer.tags:
                project.set_tag(layer, layer.tags[0].label)
            project.set_status(layer, LayerStatus.DONE)
            pending_spans += sum(s.state is State.PENDING for s in layer.spans)
            pending_tags += sum(t.state is State.PENDING for t in layer.tags)
    return pending_spans, pending_tags


@pytest.fixture(scope="module")
def _bob_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, int]:
    seeds = Path(__file__).resolve().parents[2] / "seeds"
    home = tmp_path_factory.mktemp("pending_home")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in (("HOME", home), ("XDG_DATA_HOME", home / "data"),
                            ("XDG_CONFIG_HOME", home / "config"), ("JKANNOTATE_USER", "tester")):
            patch.setenv(name, str(value))
        db = tmp_path_factory.mktemp("pending") / "bob.db"
        from jkannotate.cli import main

        assert main(["import", str(seeds), "--db", str(db)]) == 0
        spans, tags = decide_first_only(db, "bob")
    return db, spans, tags


@pytest.fixture
def bob_db(_bob_template: tuple[Path, int, int], tmp_path: Path) -> Path:
    return copy_db(_bob_template[0], tmp_path / "bob.db")


def test_the_fixture_leaves_pending_spans_and_tags(_bob_template) -> None:  # type: ignore[no-untyped-def]
    _, spans, tags = _bob_template
    assert spans > 20 and tags >= 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_pending_items_are_left_out_of_every_format(
    capsys: pytest.CaptureFixture[str], bob_db: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out{SUFFIX[fmt]}"
    code, stdout, err = run(capsys, "export", out, "--format", fmt, "--db", bob_db,
                            "--layer", "bob")
    assert code == 0, err
    stored = layers_by_hash(bob_db, "bob")
    decided_spans = {h: {k for k, s in zip(sorted(span_keys(layer)),
                                            sorted(layer.kept_spans(), key=lambda s: (
                                                s.start, s.end, s.label, s.kind.value)),
                                            strict=True)
                         if s.state is State.ACCEPTED}
                     for h, (_, layer) in stored.items()}
    decided_tags = {h: {t.label for t in layer.tags if t.state is State.ACCEPTED}
                    for h, (_, layer) in stored.items()}
    if fmt != "jsonl":
        assert "pending span(s)" in stdout and "left out" in stdout
    fresh = tmp_path / "fresh.db"
    code, _, err = run(capsys, "import", out, "--format", fmt, "--db", fresh, "--layer", "gold",
                       "--no-suggest")
    assert code == 0, err
    back = layers_by_hash(fresh, "bob" if fmt == "jsonl" else "gold")  # JSONL keeps its layers
    if fmt == "conll":  # the text comes back re-joined from tokens: compare counts
        assert len(back) == len(stored)
        assert all(s.state is not State.PENDING for _, layer in back.values() for s in layer.spans)
        assert sum(len(layer.spans) for _, layer in back.values()) <= sum(
            len(d) for d in decided_spans.values())
        return
    assert set(back) == set(stored)
    for doc_hash, (_, layer) in back.items():
        spans = span_keys(layer)
        if fmt == "jsonl":  # project JSONL keeps each item's state: pending stays pending
            assert spans == span_keys(stored[doc_hash][1])
            assert {s.state for s in layer.spans} == {s.state for s in stored[doc_hash][1].spans}
            continue
        assert all(s.state is not State.PENDING for s in layer.spans)
        assert spans == decided_spans[doc_hash]
        if fmt in ("spacy", "prodigy", "doccano", "jsonl"):
            assert tag_labels(layer) == decided_tags[doc_hash]


@pytest.mark.parametrize("fmt", ["prodigy", "doccano", "spacy", "brat"])
def test_include_pending_exports_them(
    capsys: pytest.CaptureFixture[str], bob_db: Path, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"out{SUFFIX[fmt]}"
    code, stdout, err = run(capsys, "export", out, "--format", fmt, "--db", bob_db,
                            "--layer", "bob", "--include-pending")
    assert code == 0, err and "pending" not in stdout
    stored = layers_by_hash(bob_db, "bob")
    fresh = tmp_path / "fresh.db"
    assert run(capsys, "import", out, "--format", fmt, "--db", fresh, "--layer", "gold",
               "--no-suggest")[0] == 0
    back = layers_by_hash(fresh, "gold")
    for doc_hash, (_, layer) in back.items():
        assert span_keys(layer) == span_keys(stored[doc_hash][1])


def test_pending_tags_are_not_accepted_in_the_prodigy_choice_rows(
    capsys: pytest.CaptureFixture[str], bob_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.jsonl"
    code = run(capsys, "export", out, "--format", "prodigy", "--db", bob_db, "--layer", "bob")[0]
    assert code == 0
    stored = layers_by_hash(bob_db, "bob")
    pending = {(text, t.label) for text, layer in stored.values() for t in layer.tags
               if t.state is State.PENDING}
    assert pending
    for line in out.read_text().splitlines():
        row = json.loads(line)
        if row["_view_id"] == "choice":
            assert not any((row["text"], label) in pending for label in row["accept"])


def test_agreement_ignores_pending_suggestions(
    capsys: pytest.CaptureFixture[str], bob_db: Path
) -> None:
    decide_first_only(bob_db, "carol")  # carol decides exactly what bob decided
    code, out, err = run(capsys, "agreement", "--db", bob_db, "--json")
    assert code == 0, err
    figures = json.loads(out)
    stored = layers_by_hash(bob_db, "bob")
    decided = sum(s.state is State.ACCEPTED for _, layer in stored.values() for s in layer.spans)
    support = sum(item["support"] for item in figures["spans"]["per_label"].values())
    assert support == 2 * decided  # both annotators' decided spans, no pending one
    code, out, _ = run(capsys, "agreement", "--db", bob_db, "--json", "--include-pending")
    with_pending = json.loads(out)
    assert sum(i["support"] for i in with_pending["spans"]["per_label"].values()) > support


@pytest.mark.parametrize("fmt", ["brat", "prodigy", "doccano", "spacy"])
def test_reimport_gives_accepted_states_in_every_format(
    capsys: pytest.CaptureFixture[str], bob_db: Path, tmp_path: Path, fmt: str
) -> None:
    """Even an export that included pending items comes back as decisions, the same way."""
    out = tmp_path / f"out{SUFFIX[fmt]}"
    assert run(capsys, "export", out, "--format", fmt, "--db", bob_db, "--layer", "bob",
               "--include-pending")[0] == 0
    fresh = tmp_path / "fresh.db"
    code, _, err = run(capsys, "import", out, "--format", fmt, "--db", fresh, "--layer", "gold",
                       "--no-suggest")
    assert code == 0, err
    states = {s.state for _, layer in layers_by_hash(fresh, "gold").values() for s in layer.spans}
    assert states == {State.ACCEPTED}
