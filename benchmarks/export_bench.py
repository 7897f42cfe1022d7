"""Export N annotated articles to a DocBin, against building the same DocBin with bare spaCy.

Articles are the seeds cycled (with a numbered line so every text differs), annotated with
pattern spans (entities, nested entities, event triggers with arguments) and issue tags.
Target: our export within 2x of the bare build. Memory: the peak traced memory (tracemalloc,
numpy included) of writing the file, ours (streamed in shards) against one whole DocBin, for
``--memory-n`` and four times as many documents: ours must not grow with the corpus.
Prints figures; the last line is one JSON object.

    python benchmarks/export_bench.py [--n 10000] [--memory-n 1000]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from jkannotate.core.model import (  # noqa: E402
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    Origin,
    Span,
)
from jkannotate.core.resources import seeds_dir  # noqa: E402
from jkannotate.core.schema import load_schema  # noqa: E402
from jkannotate.formats import FORMATS, WriteOptions  # noqa: E402

PATTERNS = {
    "GPE": (r"\b(?:South Korea|North Korea|Japan|Seoul|Tokyo|China)\b", LabelKind.ENTITY),
    "NORP": (r"\b(?:Japanese|South Korean|Korean)\b", LabelKind.ENTITY),
    "PERSON": (r"\b(?:Fumio Kishida|Kishida|Yoon|Moon Jae-in|Moon)\b", LabelKind.ENTITY),
    "MEETING": (r"\b(?:summit|talks|met|meeting)\b", LabelKind.EVENT),
}


def corpus(count: int) -> list[AnnotatedDocument]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted(Path(seeds_dir()).glob("*.txt"))]
    docs = []
    for index in range(count):
        text = f"Report {index}\n" + seeds[index % len(seeds)]
        spans = [Span(m.start(), m.end(), label, kind=kind, origin=Origin.SUGGESTED)
                 for label, (pattern, kind) in PATTERNS.items() for m in re.finditer(pattern, text)]
        spans += [Span(m.start(1), m.end(1), "GPE") for m in re.finditer(r"South (Korea)", text)]
        events = [s for s in spans if s.kind is LabelKind.EVENT]
        people = [s for s in spans if s.label == "PERSON"][:1]
        arguments = [EventArgument(e.uid, p.uid, "participant") for e in events for p in people]
        layer = Layer(index, LayerKind.GOLD, "gold", spans=spans, arguments=arguments,
                      tags=[DocTag("SUMMIT_DIPLOMACY"), DocTag("CHINA")])
        docs.append(AnnotatedDocument(Document(text=text, id=index, title=f"r{index}"), [layer]))
    return docs


def bare_spacy(docs: list[AnnotatedDocument], cat_labels: list[str], out: Path) -> None:
    """The same DocBin built directly with spaCy: the cost any exporter must pay."""
    import spacy
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    docbin = DocBin(store_user_data=True)
    for item in docs:
        doc = nlp.make_doc(item.document.text)
        layer = item.layers[0]
        spans = [doc.char_span(s.start, s.end, label=s.label, alignment_mode="expand")
                 for s in layer.spans]
        pairs = list(zip(spans, [s.kind for s in layer.spans], strict=True))
        doc.ents = filter_spans([s for s, k in pairs if k is LabelKind.ENTITY])
        doc.spans["sc"] = spans
        doc.spans["events"] = [s for s, k in pairs if k is LabelKind.EVENT]
        tags = {t.label for t in layer.tags}
        doc.cats = {label: float(label in tags) for label in cat_labels}
        doc.user_data["doc_id"] = item.document.id
        docbin.add(doc)
    out.write_bytes(docbin.to_bytes())


def peak_mb(write: object, folder: Path) -> float:
    """Peak traced memory (MB) above the start while ``write(folder)`` runs."""
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        write(folder)  # type: ignore[operator]
        return (tracemalloc.get_traced_memory()[1] - base) / 1e6
    finally:
        tracemalloc.stop()


def memory_figures(docs: list[AnnotatedDocument], schema: object) -> dict[str, float]:
    """Peak write memory, ours and one whole DocBin, for len(docs) and a quarter of them."""
    figures: dict[str, float] = {}
    for part in (docs[: len(docs) // 4], docs):
        with tempfile.TemporaryDirectory() as folder:
            ours = peak_mb(lambda f, part=part: FORMATS["spacy"].write(
                part, Path(f) / "ours.spacy", WriteOptions(schema=schema)), Path(folder))
            whole = peak_mb(lambda f, part=part: bare_spacy(
                part, schema.issue_labels, Path(f) / "bare.spacy"), Path(folder))  # type: ignore[attr-defined]
        figures[f"ours_mb_{len(part)}"] = round(ours, 1)
        figures[f"one_docbin_mb_{len(part)}"] = round(whole, 1)
        print(f"peak memory writing {len(part)} documents: ours {ours:.1f} MB, "
              f"one DocBin {whole:.1f} MB", flush=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--memory-n", type=int, default=1000)
    args = parser.parse_args()
    schema = load_schema()
    started = time.perf_counter()
    docs = corpus(args.n)
    spans = sum(len(d.layers[0].spans) for d in docs)
    chars = sum(len(d.document.text) for d in docs)
    print(f"corpus: {args.n} articles, {chars / 1e6:.1f} M characters, {spans} spans "
          f"(built in {time.perf_counter() - started:.1f} s)", flush=True)
    FORMATS["spacy"].write(docs[:50], Path(tempfile.mkdtemp()) / "warm.spacy",
                           WriteOptions(schema=schema))  # load spaCy outside the timings
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        bare_spacy(docs, schema.issue_labels, Path(folder) / "bare.spacy")
        bare = time.perf_counter() - started
        print(f"bare spaCy DocBin build: {bare:.2f} s ({args.n / bare:.0f} docs/s)", flush=True)
        started = time.perf_counter()
        report = FORMATS["spacy"].write(docs, Path(folder) / "ours.spacy",
                                        WriteOptions(schema=schema))
        ours = time.perf_counter() - started
        print(f"jkannotate export:       {ours:.2f} s ({args.n / ours:.0f} docs/s)", flush=True)
        sizes = {p.name: p.stat().st_size for p in Path(folder).iterdir()}
    ratio = ours / bare
    memory = memory_figures(corpus(args.memory_n), schema)
    print(f"ratio {ratio:.2f}x (target <= 2.0x); exported {report.documents} documents, "
          f"{sum(report.spans_by_label.values())} spans; files {sizes}")
    print(json.dumps({"benchmark": "export_docbin", "documents": args.n, "characters": chars,
                      "spans": spans, "bare_seconds": round(bare, 3),
                      "export_seconds": round(ours, 3), "ratio": round(ratio, 3),
                      "target_ratio": 2.0, "within_target": ratio <= 2.0,
                      "peak_memory_mb": memory}))


if __name__ == "__main__":
    main()
