"""Suggestion quality against the hand-made gold in tests/data/gold/ (dev, test, blind, blind2).

Prints per-label precision/recall/F1 for entities (exact span + label), trigger F1 for events
(exact, and overlapping with the same label), argument F1, and micro-F1 for issue tags
(suggested with confidence >= 0.5), for the rules alone and for rules + each installed (or
``--model``-given) statistical pipeline. The last line is one JSON object with the figures.

    python benchmarks/suggest_quality.py [--model NAME|DIR] [--splits dev,test] [--errors dev]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.core.model import AnnotatedDocument, LabelKind  # noqa: E402
from jkannotate.core.serialize import document_from_dict  # noqa: E402
from jkannotate.nlp import Suggester  # noqa: E402
from jkannotate.nlp.pipeline import PREFERRED_MODELS  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"
TAG_THRESHOLD = 0.5


def read_gold(split: str) -> list[AnnotatedDocument]:
    path = GOLD / f"{split}.jsonl"
    return [document_from_dict(json.loads(line), str(path))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


class Tally:
    def __init__(self) -> None:
        self.tp: Counter[str] = Counter()
        self.fp: Counter[str] = Counter()
        self.fn: Counter[str] = Counter()

    def add(self, gold: set[tuple], predicted: set[tuple], label_of=lambda key: key[-1]) -> None:
        for key in predicted & gold:
            self.tp[label_of(key)] += 1
        for key in predicted - gold:
            self.fp[label_of(key)] += 1
        for key in gold - predicted:
            self.fn[label_of(key)] += 1

    def micro(self) -> tuple[float, float, float]:
        return prf(sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values()))

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))


def overlapping(gold: set[tuple], predicted: set[tuple]) -> tuple[int, int, int]:
    """Trigger matches that overlap with the same label (one-to-one, greedy)."""
    unmatched = set(gold)
    tp = 0
    for start, end, label in sorted(predicted):
        hit = next((g for g in unmatched if g[2] == label and g[0] < end and start < g[1]), None)
        if hit is not None:
            unmatched.discard(hit)
            tp += 1
    return tp, len(predicted) - tp, len(unmatched)


def evaluate(suggester: Suggester, docs: list[AnnotatedDocument], show_errors: bool) -> dict:
    entities, triggers, arguments, tags = Tally(), Tally(), Tally(), Tally()
    loose = [0, 0, 0]
    texts = [item.document.text for item in docs]
    for item, suggestion in zip(docs, suggester.suggest(texts), strict=True):
        text = item.document.text
        gold = item.layer("gold")
        assert gold is not None
        gold_ents = {s.key for s in gold.spans if s.kind is LabelKind.ENTITY}
        pred_ents = {s.key for s in suggestion.spans if s.kind is LabelKind.ENTITY}
        entities.add(gold_ents, pred_ents)
        gold_events = {s.key for s in gold.spans if s.kind is LabelKind.EVENT}
        pred_events = {s.key for s in suggestion.spans if s.kind is LabelKind.EVENT}
        triggers.add(gold_events, pred_events)
        for i, value in enumerate(overlapping(gold_events, pred_events)):
            loose[i] += value

        def arg_keys(spans, args) -> set[tuple]:
            by_uid = {s.uid: s for s in spans}
            return {(by_uid[a.event_uid].start, by_uid[a.argument_uid].key, a.role)
                    for a in args if a.event_uid in by_uid and a.argument_uid in by_uid}

        arguments.add(arg_keys(gold.spans, gold.arguments),
                      arg_keys(suggestion.spans, suggestion.arguments))
        gold_tags = {(t.label,) for t in gold.tags}
        pred_tags = {(t.label,) for t in suggestion.tags if (t.confidence or 0) >= TAG_THRESHOLD}
        tags.add(gold_tags, pred_tags)
        if show_errors:
            name = item.document.meta.get("gold_id")
            for start, end, label in sorted(pred_ents - gold_ents):
                print(f"  FP {name} {label:7} {text[start:end]!r}")
            for start, end, label in sorted(gold_ents - pred_ents):
                print(f"  FN {name} {label:7} {text[start:end]!r}")
            for (label,) in sorted(pred_tags ^ gold_tags):
                kind = "FP" if (label,) in pred_tags else "FN"
                print(f"  tag {kind} {name} {label}")
    return {"entities": entities, "triggers": triggers, "arguments": arguments, "tags": tags,
            "triggers_overlap": prf(*loose)}


def report(title: str, result: dict) -> dict:
    print(f"\n== {title}")
    entities: Tally = result["entities"]
    print(f"  {'entity label':14} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for label in entities.labels():
        p, r, f = prf(entities.tp[label], entities.fp[label], entities.fn[label])
        print(f"  {label:14} {p:6.3f} {r:6.3f} {f:6.3f}  {entities.tp[label]:3} "
              f"{entities.fp[label]:3} {entities.fn[label]:3}")
    figures = {}
    for key in ("entities", "triggers", "arguments", "tags"):
        p, r, f = result[key].micro()
        print(f"  {key + ' (micro)':22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        figures[f"{key}_f1"] = round(f, 4)
    p, r, f = result["triggers_overlap"]
    print(f"  {'triggers (overlap)':22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    figures["triggers_overlap_f1"] = round(f, 4)
    figures["entities_per_label_f1"] = {
        label: round(prf(entities.tp[label], entities.fp[label], entities.fn[label])[2], 4)
        for label in entities.labels()
    }
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", default=[], help="extra model NAME or DIR")
    parser.add_argument("--splits", default="dev,test,blind,blind2",
                        help="comma-separated gold splits to measure")
    parser.add_argument("--errors", choices=["dev", "test", "blind", "blind2"],
                        help="list the errors of a split")
    options = parser.parse_args()
    import spacy.util

    models: list[str | None] = [None]
    models += [name for name in PREFERRED_MODELS if spacy.util.is_package(name)]
    models += options.model
    splits = {split: read_gold(split) for split in options.splits.split(",")}
    print("gold: " + ", ".join(f"{split} {len(docs)} documents" for split, docs in splits.items()))
    if len(models) == 1:
        print("no statistical English model installed: measuring the rules alone")
    summary: dict[str, dict] = {}
    for model in models:
        suggester = Suggester.load(model) if model else Suggester.load_rules()
        for warning in suggester.warnings:
            print(f"warning: {warning}")
        for split, docs in splits.items():
            result = evaluate(suggester, docs, options.errors == split)
            summary[f"{suggester.name}/{split}"] = report(f"{suggester.name} on {split}", result)
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
