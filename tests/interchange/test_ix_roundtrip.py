"""Every format: export alice's accepted seeds, re-import as gold into a fresh project, compare."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from ix_helpers import (
    EXACT,
    FORMATS,
    SUFFIX,
    argument_keys,
    layers_by_hash,
    layers_in_order,
    run,
    span_keys,
    tag_labels,
)

from jkannotate.core.model import Layer, LayerKind, Span


def export(capsys, db: Path, out: Path, fmt: str, *extra: object) -> str:
    code, stdout, err = run(capsys, "export", out, "--format", fmt, "--db", db, *extra)
    assert code == 0, err
    # alice is the only annotator: her layer is the default (project JSONL keeps every layer)
    assert ("layer 'alice', the default" in err) is (fmt != "jsonl")
    return stdout


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_writes_the_file_and_reports_it(capsys, alice_db: Path, tmp_path: Path,
                                               fmt: str) -> None:
    out = tmp_path / f"corpus{SUFFIX[fmt]}"
    stdout = export(capsys, alice_db, out, fmt)
    assert out.exists()
    if fmt == "brat":
        assert out.is_dir() and (out / "annotation.conf").exists()
        assert len(list(out.glob("*.ann"))) == len(list(out.glob("*.txt"))) == 5
    else:
        assert out.is_file() and out.stat().st_size > 0
    first = stdout.splitlines()[0]
    alice = layers_by_hash(alice_db, "alice").values()
    spans = sum(len(layer.kept_spans()) for _, layer in alice)
    if fmt == "jsonl":  # the lossless format keeps every layer, suggestions included
        spans += sum(len(layer.kept_spans())
                     for _, layer in layers_by_hash(alice_db, "suggestion").values())
    assert first.startswith(f"{out}: 5 documents, {spans} spans")
    assert "spans per label:" in stdout


@pytest.mark.parametrize("fmt", EXACT)
def test_reimport_as_gold_gives_the_same_annotations(capsys, alice_db: Path, tmp_path: Path,
                                                     fmt: str) -> None:
    out = tmp_path / f"corpus{SUFFIX[fmt]}"
    # doccano's relation form keeps event arguments (its default, sequence labelling, cannot)
    export(capsys, alice_db, out, fmt, *(["--doccano-form", "relations"] * (fmt == "doccano")))
    fresh = tmp_path / "fresh.db"
    code, stdout, err = run(capsys, "import", out, "--format", fmt, "--layer", "gold",
                            "--db", fresh)
    assert code == 0, err
    assert "5 added" in stdout
    originals = layers_by_hash(alice_db, "alice")
    # project JSONL brings its own layers (alice's and the suggestions); the others become gold
    imported = layers_by_hash(fresh, "alice" if fmt == "jsonl" else "gold")
    assert set(imported) == set(originals)  # same texts, character for character
    for doc_hash, (_text, original) in originals.items():
        back = imported[doc_hash][1]
        assert span_keys(back) == span_keys(original)
        assert tag_labels(back) == tag_labels(original)
        assert argument_keys(back) == argument_keys(original)
        if fmt != "jsonl":
            assert back.kind is LayerKind.GOLD
    assert any(argument_keys(layer) for _, layer in originals.values())  # arguments were tested


def outermost(spans: list[Span]) -> list[Span]:
    """What a token-per-line format can hold: longest first, no overlaps."""
    kept: list[Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not any(span.overlaps(other) for other in kept):
            kept.append(span)
    return kept


def labelled_surfaces(text: str, layer: Layer) -> Counter[tuple[str, str]]:
    """(label, surface without whitespace): CoNLL rebuilds the text from its tokens."""
    return Counter((s.label, "".join(text[s.start:s.end].split())) for s in outermost(
        layer.kept_spans()))


@pytest.mark.parametrize("scheme", ["iob2", "iob1", "biluo"])
def test_conll_reimport_keeps_labels_and_surfaces(capsys, alice_db: Path, tmp_path: Path,
                                                  scheme: str) -> None:
    out = tmp_path / "corpus.conll"
    export(capsys, alice_db, out, "conll", "--scheme", scheme)
    if scheme == "iob2":
        assert any(line.split()[-1].startswith("B-") for line in out.read_text().splitlines()
                   if line.strip() and not line.startswith("-DOCSTART-"))
    fresh = tmp_path / "fresh.db"
    code, stdout, err = run(capsys, "import", out, "--format", "conll", "--layer", "gold",
                            "--db", fresh, "--no-suggest")
    assert code == 0, err
    assert "5 documents" in stdout and "rebuilt from tokens" in stdout
    originals = layers_in_order(alice_db, "alice")
    imported = layers_in_order(fresh, "gold")
    assert len(imported) == len(originals) == 5
    for (text, original), (new_text, back) in zip(originals, imported, strict=True):
        assert "".join(new_text.split()) == "".join(text.split())
        assert labelled_surfaces(new_text, back) == labelled_surfaces(text, original)
