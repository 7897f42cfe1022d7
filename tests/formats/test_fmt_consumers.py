"""The exports are accepted by the real consumers: `spacy train`, `spacy convert`, seqeval, brat."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fmt_corpus import seed_corpus

from jkannotate.core.schema import load_schema
from jkannotate.formats import FORMATS, WriteOptions, write_split

SCHEMA = load_schema()


def run(*args: str, cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.slow
def test_docbin_trains_ner_spancat_textcat(tmp_path: Path) -> None:
    import spacy

    parts = write_split(seed_corpus(), tmp_path / "corpus", "spacy",
                        WriteOptions(schema=SCHEMA), split=0.6, seed=0)
    (train, _), (dev, _) = parts
    run("spacy", "init", "config", "config.cfg", "--lang", "en", "--pipeline",
        "ner,spancat,textcat_multilabel", "--optimize", "efficiency", cwd=tmp_path)
    log = run("spacy", "train", "config.cfg", "--output", "model", "--paths.train", str(train),
              "--paths.dev", str(dev), "--training.max_steps", "4",
              "--training.eval_frequency", "2", cwd=tmp_path)
    assert "Saved pipeline" in log
    nlp = spacy.load(tmp_path / "model" / "model-last")
    assert {"GPE", "PERSON"} <= set(nlp.get_pipe("ner").labels)
    assert "MEETING" not in nlp.get_pipe("ner").labels  # event triggers stay out of doc.ents
    assert {"GPE", "MEETING"} <= set(nlp.get_pipe("spancat").labels)
    assert set(SCHEMA.issue_labels) <= set(nlp.get_pipe("textcat_multilabel").labels)
    doc = nlp("Seoul and Tokyo agreed to hold a summit on Monday.")
    assert set(doc.cats) == set(nlp.get_pipe("textcat_multilabel").labels)


@pytest.mark.parametrize("scheme", ["iob2", "iob1"])
def test_conll_reads_with_spacy_convert_and_seqeval(tmp_path: Path, scheme: str) -> None:
    from seqeval.metrics.sequence_labeling import get_entities
    from spacy.tokens import DocBin
    from spacy.vocab import Vocab

    path = tmp_path / "export.conll"
    report = FORMATS["conll"].write(seed_corpus(), path, WriteOptions(scheme=scheme))
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("-DOCSTART-"):
            if sentences[-1]:
                sentences.append([])
            continue
        sentences[-1].append(line.split()[-1])
    seqeval_count = sum(len(get_entities(tags)) for tags in sentences if tags)
    run("spacy", "convert", str(path), str(tmp_path), "--converter", "ner", cwd=tmp_path)
    docs = list(DocBin().from_disk(tmp_path / "export.spacy").get_docs(Vocab()))
    spacy_count = sum(len(doc.ents) for doc in docs)
    assert len(docs) == report.documents == 5
    assert spacy_count == seqeval_count == sum(report.spans_by_label.values())


def test_brat_offsets_slice_to_their_text(tmp_path: Path) -> None:
    docs = seed_corpus()
    FORMATS["brat"].write(docs, tmp_path / "brat", WriteOptions(schema=SCHEMA))
    checked = 0
    for ann in sorted((tmp_path / "brat").glob("*.ann")):
        text = ann.with_suffix(".txt").read_bytes().decode("utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if line.startswith("T"):
                _ident, body, shown = line.split("\t")
                pieces = [tuple(map(int, p.split())) for p in body.split(" ", 1)[1].split(";")]
                assert " ".join(text[s:e] for s, e in pieces) == shown
                checked += 1
    assert checked >= sum(len(d.layers[0].spans) for d in docs)
    conf = (tmp_path / "brat" / "annotation.conf").read_text(encoding="utf-8")
    for section in ("[entities]", "[relations]", "[events]", "[attributes]"):
        assert section in conf
    for label in SCHEMA.event_labels:
        assert f"\n{label}\t" in conf
    assert "\nGPE\n" in conf and "\nFORCED_LABOUR\n" in conf
