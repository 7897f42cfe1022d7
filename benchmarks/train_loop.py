"""Does training from corrections help? Train on the hand gold's dev split, score on its test split.

Trains a blank ``ner`` pipeline for a fixed step budget through the same code path as
``jkannotate train`` (DocBin export, spaCy config, ``spacy.training.loop``), then reports entity
micro-F1 (exact span + label) on tests/data/gold/test.jsonl for: the rules alone, the trained
model alone, and the trained model under the rules (what suggestions would be). Wall times of
training and of the bare ``spacy.training.loop`` call are printed; the last line is one JSON
object with the figures.

    python benchmarks/train_loop.py [--max-steps 600] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.core.model import AnnotatedDocument  # noqa: E402
from jkannotate.core.serialize import document_from_dict  # noqa: E402
from jkannotate.formats import WriteOptions, get_format  # noqa: E402
from jkannotate.nlp import Suggester  # noqa: E402
from jkannotate.nlp.train import TrainSettings, train_pipeline  # noqa: E402
from jkannotate.nlp.train_eval import model_sets, suggester_sets  # noqa: E402
from jkannotate.nlp.train_scores import gold_sets, score_documents  # noqa: E402

GOLD = ROOT / "tests" / "data" / "gold"


def read_gold(split: str) -> list[AnnotatedDocument]:
    path = GOLD / f"{split}.jsonl"
    return [document_from_dict(json.loads(line), str(path))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-steps", type=int, default=600)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    train_docs, test_docs = read_gold("dev"), read_gold("test")
    texts = [item.document.text for item in test_docs]
    gold = [gold_sets(item.layer("gold")) for item in test_docs]  # type: ignore[arg-type]
    print(f"train: {len(train_docs)} gold documents (dev); test: {len(test_docs)} (test)")

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        spacy_format = get_format("spacy")
        options = WriteOptions(layer="gold")
        spacy_format.write(train_docs, work / "train.spacy", options)
        # spaCy picks its best checkpoint on this file: the training documents themselves,
        # so the test split stays unseen until the final scoring.
        spacy_format.write(train_docs, work / "dev.spacy", options)
        settings = TrainSettings(max_steps=args.max_steps, seed=args.seed, name="bench")
        started = time.perf_counter()
        trained = train_pipeline(work / "train.spacy", work / "dev.spacy", work / "out", settings)
        wall = time.perf_counter() - started
        print(f"trained ner for {trained.steps} steps in {wall:.1f} s "
              f"({wall / max(trained.steps, 1) * 1000:.0f} ms/step incl. config and evaluations)")

        runs = {
            "rules": suggester_sets(Suggester.load_rules(), texts),
            "trained": model_sets(trained.model_dir, texts),
            "trained+rules": suggester_sets(Suggester.load(str(trained.model_dir)), texts),
        }
    scores = {name: score_documents(gold, found, kinds=("entities",))["entities"]
              for name, found in runs.items()}
    labels = sorted({label for s in scores.values() for label in s["per_label"]})
    print(f"{'entity F1':<12}" + "".join(f"{name:>15}" for name in scores))
    for label in labels:
        row = [scores[name]["per_label"].get(label, {}).get("f", 0.0) for name in scores]
        print(f"{label:<12}" + "".join(f"{f:>15.3f}" for f in row))
    micro = {name: s["micro"] for name, s in scores.items()}
    print(f"{'micro':<12}" + "".join(f"{m['f']:>15.3f}" for m in micro.values()))
    for name, m in micro.items():
        print(f"  {name}: P {m['p']:.3f} R {m['r']:.3f} F1 {m['f']:.3f} "
              f"(tp {m['tp']}, fp {m['fp']}, fn {m['fn']})")
    print(json.dumps({
        "train_docs": len(train_docs), "test_docs": len(test_docs), "steps": trained.steps,
        "train_wall_s": round(wall, 2),
        "entity_f1_rules": micro["rules"]["f"], "entity_f1_trained": micro["trained"]["f"],
        "entity_f1_trained_rules": micro["trained+rules"]["f"],
    }))


if __name__ == "__main__":
    main()
