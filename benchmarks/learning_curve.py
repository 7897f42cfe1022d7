"""Do suggestions get better while people work? A learning curve on real news.

The hand gold of ``benchmarks/data/news`` stands in for the annotator. Documents of the dev
split are corrected one at a time in a fixed order (by id): the annotator sees the rule
suggestions revised by the project memory (exactly as ``Project.open_layer`` shows them),
corrects them to gold, and the memory learns each accepted and each rejected span. After
every 5 documents (and after 14, the point the targets name) suggestions are scored on the
sealed test split (never seen by the memory) and on the dev documents not yet corrected:

- entity micro-F1 (exact span + label) and event-trigger F1;
- corrections per document: spans added + removed + relabelled + boundary fixes needed to
  turn the suggestions into gold (entities and triggers).

Printed for the rules alone and for rules + memory; at 14 corrected documents and at the end
also for rules + memory + a model trained on the corrected documents (``jkannotate train``'s
code path, ``--model-steps`` steps; 0 skips it). The last line is one JSON object.

    python benchmarks/learning_curve.py [--every 5] [--model-steps 300]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from suggest_quality import GoldDoc, read_corpus, splits  # noqa: E402

from jkannotate.core.model import (  # noqa: E402
    AnnotatedDocument,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.formats import WriteOptions, get_format  # noqa: E402
from jkannotate.nlp import Suggester  # noqa: E402
from jkannotate.nlp.memory import Decision, ProjectMemory  # noqa: E402

Key = tuple[int, int, str]


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    corrections: int = 0
    docs: int = 0

    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    def per_doc(self) -> float:
        return self.corrections / self.docs if self.docs else 0.0


def corrections(predicted: set[Key], gold: set[Key]) -> int:
    """Edits that turn ``predicted`` into ``gold``: each relabel, boundary fix, removal and
    addition counts one."""
    unmatched_gold = set(gold - predicted)
    count = 0
    for start, end, _label in sorted(predicted - gold):
        same_place = next((g for g in unmatched_gold if g[:2] == (start, end)), None)
        overlap = same_place or next(
            (g for g in sorted(unmatched_gold) if g[0] < end and start < g[1]), None
        )
        if overlap is not None:
            unmatched_gold.discard(overlap)
        count += 1  # a relabel, a boundary fix, or a removal
    return count + len(unmatched_gold)


def keys(spans: list[Span], kind: LabelKind) -> set[Key]:
    return {(s.start, s.end, s.label) for s in spans if s.kind is kind}


def score(docs: list[GoldDoc], spans_of: dict[str, list[Span]]) -> tuple[Score, Score]:
    entities, triggers = Score(), Score()
    for doc in docs:
        for result, kind, gold in ((entities, LabelKind.ENTITY, doc.entities),
                                   (triggers, LabelKind.EVENT, doc.events)):
            predicted = keys(spans_of[doc.id], kind)
            result.tp += len(predicted & gold)
            result.fp += len(predicted - gold)
            result.fn += len(gold - predicted)
            result.corrections += corrections(predicted, gold)
            result.docs += 1
    return entities, triggers


def learn(memory: ProjectMemory, doc: GoldDoc, shown: list[Span]) -> None:
    """What correcting ``doc`` to gold teaches, as the store records it: gold spans accepted;
    suggestions that overlap no gold span rejected. A suggestion overlapping gold was
    relabelled or had its boundary fixed, which records the gold span only (see
    ``store.decisions``)."""
    gold = {LabelKind.ENTITY: doc.entities, LabelKind.EVENT: doc.events}
    for kind, spans in gold.items():
        for start, end, label in spans:
            memory.learn(Decision(doc.text[start:end], label, kind, True))
    for span in shown:
        if not any(s < span.end and span.start < e for s, e, _ in gold[span.kind]):
            memory.learn(Decision(doc.text[span.start : span.end], span.label, span.kind, False))


def model_spans(corrected: list[GoldDoc], docs: list[GoldDoc], steps: int) -> dict[str, list[Span]]:
    """Suggestions of rules over a model trained on the ``corrected`` documents' gold."""
    from jkannotate.nlp.train import TrainSettings, train_pipeline

    items = [
        AnnotatedDocument(Document(doc.text), [Layer(None, LayerKind.GOLD, "gold", spans=[
            Span(s, e, label, LabelKind.ENTITY) for s, e, label in sorted(doc.entities)
        ])])
        for doc in corrected
    ]
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        spacy_format = get_format("spacy")
        for name in ("train", "dev"):  # best checkpoint chosen on the corrected documents
            spacy_format.write(items, work / f"{name}.spacy", WriteOptions(layer="gold"))
        trained = train_pipeline(work / "train.spacy", work / "dev.spacy", work / "out",
                                 TrainSettings(max_steps=steps, seed=0, name="curve"))
        suggester = Suggester.load(str(trained.model_dir))
        return {
            doc.id: pending_spans(s.spans)
            for doc, s in zip(docs, suggester.suggest([d.text for d in docs]), strict=True)
        }


def pending_spans(suggestion_spans: list[Span]) -> list[Span]:
    return [s for s in suggestion_spans
            if s.origin is Origin.SUGGESTED and s.state is State.PENDING]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=5)
    parser.add_argument("--model-steps", type=int, default=300)
    args = parser.parse_args()

    by_split = splits(read_corpus())
    stream = sorted(by_split["dev"], key=lambda d: d.id)
    test = by_split["test"]
    suggester = Suggester.load_rules()
    everything = stream + test
    rules = {
        doc.id: pending_spans(s.spans)
        for doc, s in zip(everything, suggester.suggest([d.text for d in everything]),
                          strict=True)
    }
    print(f"stream: {len(stream)} dev documents in id order; evaluation: {len(test)} test "
          f"documents and the dev documents not yet corrected ({suggester.name})")

    memory = ProjectMemory()
    base_test = score(test, rules)
    points = [0, *range(args.every, len(stream) + 1, args.every), len(stream)]
    if 14 <= len(stream) and 14 not in points:
        points = sorted({*points, 14})
    header = (f"{'corrected':>9}  {'test ent F1':>11} {'+memory':>8}  {'trig F1':>7} "
              f"{'+memory':>8}  {'corr/doc':>8} {'+memory':>8}  {'unseen-dev ent F1':>17} "
              f"{'+memory':>8}  {'seen corr/doc':>13}")
    print(header)
    curve = []
    history = Score()  # corrections the annotator actually needed, document by document
    for step in range(len(stream) + 1):
        if step in points:
            revised = {d.id: memory.revise(d.text, rules[d.id]) for d in everything}
            t_ent, t_trig = score(test, revised)
            unseen = stream[step:]
            u_base, _ = score(unseen, rules)
            u_mem, _ = score(unseen, revised)
            base_corr = base_test[0].per_doc() + base_test[1].per_doc()
            mem_corr = t_ent.per_doc() + t_trig.per_doc()
            point = {
                "corrected": step,
                "test_entity_f1_rules": round(base_test[0].f1(), 4),
                "test_entity_f1_memory": round(t_ent.f1(), 4),
                "test_trigger_f1_rules": round(base_test[1].f1(), 4),
                "test_trigger_f1_memory": round(t_trig.f1(), 4),
                "test_corrections_per_doc_rules": round(base_corr, 3),
                "test_corrections_per_doc_memory": round(mem_corr, 3),
                "unseen_dev_entity_f1_rules": round(u_base.f1(), 4),
                "unseen_dev_entity_f1_memory": round(u_mem.f1(), 4),
                "history_corrections_per_doc": round(history.per_doc(), 3),
            }
            if args.model_steps and step in (14, len(stream)):
                with_model = model_spans(stream[:step], test, args.model_steps)
                m_ent, _ = score(test, {d.id: memory.revise(d.text, with_model[d.id])
                                        for d in test})
                point["test_entity_f1_memory_model"] = round(m_ent.f1(), 4)
                print(f"{'':>9}  rules + memory + model trained on {step}: test entity F1 "
                      f"{m_ent.f1():.3f}")
            curve.append(point)
            print(f"{step:>9}  {point['test_entity_f1_rules']:>11.3f} "
                  f"{point['test_entity_f1_memory']:>8.3f}  "
                  f"{point['test_trigger_f1_rules']:>7.3f} {point['test_trigger_f1_memory']:>8.3f}"
                  f"  {base_corr:>8.2f} {mem_corr:>8.2f}  {u_base.f1():>17.3f} "
                  f"{u_mem.f1():>8.3f}  {history.per_doc():>13.2f}")
        if step == len(stream):
            break
        doc = stream[step]
        shown = memory.revise(doc.text, rules[doc.id])
        ent, trig = score([doc], {doc.id: shown})
        history.corrections += ent.corrections + trig.corrections
        history.docs += 1
        learn(memory, doc, shown)

    at = next((p for p in curve if p["corrected"] == 14), curve[-1])
    gain = at["test_entity_f1_memory"] - at["test_entity_f1_rules"]
    fewer = 1 - at["test_corrections_per_doc_memory"] / max(at["test_corrections_per_doc_rules"],
                                                             1e-9)
    never_below = all(p["test_entity_f1_memory"] >= p["test_entity_f1_rules"] for p in curve)
    print(f"after {at['corrected']} corrected: entity F1 {gain:+.3f} over rules alone, "
          f"{fewer:.0%} fewer corrections per document; never below rules: {never_below}")
    print(json.dumps({
        "corrected_at": at["corrected"],
        "entity_f1_gain": round(gain, 4),
        "corrections_fewer_share": round(fewer, 4),
        "never_below_rules": never_below,
        "curve": curve,
    }))


if __name__ == "__main__":
    main()
