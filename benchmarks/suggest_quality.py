"""Suggestion quality on real published news: benchmarks/data/news/ (dev and sealed test).

The corpus is 46 excerpts (headline as the first paragraph, then the first paragraphs) of
articles about Japan-South Korea relations from many outlets, 2012-2025, annotated by hand
with the conventions of resources/schema.yml. Gold spans are written as surface strings (with
an occurrence index where not every occurrence is meant) and turned into offsets here; a
surface that is not found, or an argument that is not a gold entity, stops the benchmark.

The split into dev and test is a fixed hash of each URL (sha256, first 8 hex digits, mod 100
< 60: dev), made before any rule work; ``TEST_IDS`` and ``TEST_SHA256`` pin it, and the
benchmark refuses to run when the test split changed. Rules are tuned on dev only; the test
split's errors are never printed (``--errors`` accepts dev only).

Printed per split and pipeline (rules alone; rules over each installed en_core_web_* model;
that model alone): entities per label P/R/F1 (exact span + label), event triggers P/R/F1
(exact, and overlapping with the same label), event arguments P/R/F1 (trigger, argument span,
role), issue tags P/R/F1 at confidence >= 0.5 and a calibration table (precision of the tags
suggested in each confidence bin). The last line is one JSON object with the figures.

    python benchmarks/suggest_quality.py [--model NAME|DIR] [--splits dev,test] [--errors dev]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jkannotate.core.model import LabelKind  # noqa: E402
from jkannotate.nlp import Suggester  # noqa: E402
from jkannotate.nlp.pipeline import PREFERRED_MODELS  # noqa: E402

NEWS = ROOT / "benchmarks" / "data" / "news"
TAG_THRESHOLD = 0.5
DEV_SHARE = 60  # percent of the hash space that is dev
TEST_IDS = (
    "n02", "n04", "n06", "n07", "n08", "n09", "n17", "n18", "n22", "n23", "n24", "n26",
    "n32", "n38", "n39", "n41", "n42", "n44", "n45", "n48", "n49", "n51", "n53", "n54",
)
TEST_SHA256 = "71ef7aba7a664b8103ecb0acf4fa6273be60e5e767f482e551b29f6321349716"
CALIBRATION_BINS = ((0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01))


class GoldError(ValueError):
    """A gold annotation that does not fit its text."""


@dataclass
class GoldDoc:
    id: str
    text: str
    entities: set[tuple[int, int, str]]
    events: set[tuple[int, int, str]]
    arguments: set[tuple[int, int, int, int, str]]  # trigger start/end, argument start/end, role
    tags: set[str]
    meta: dict = field(default_factory=dict)


def occurrences(text: str, surface: str) -> list[tuple[int, int]]:
    """Every whole-word occurrence of ``surface`` (case-sensitive), in text order."""
    pattern = re.compile(r"(?<!\w)" + re.escape(surface) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def article_text(article: dict) -> str:
    """The annotated text: the headline as the first paragraph, then the body."""
    return f"{article['headline']}\n\n{article['body']}"


def resolve_entities(doc_id: str, text: str, entries: list[list]) -> set[tuple[int, int, str]]:
    """Offsets of ``[surface, label]`` (every occurrence not inside a longer gold span) and
    ``[surface, label, k or [k, ...]]`` (those occurrences); longer surfaces are placed first."""
    placed: list[tuple[int, int, str]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or e <= start for s, e, _ in placed)

    for entry in sorted(entries, key=lambda item: -len(item[0])):
        surface, label = entry[0], entry[1]
        found = occurrences(text, surface)
        if not found:
            raise GoldError(f"{doc_id}: entity {surface!r} not found in the text")
        if len(entry) == 2:
            hits = [span for span in found if free(*span)]
            if not hits:
                raise GoldError(f"{doc_id}: every {surface!r} lies inside another gold span")
        else:
            wanted = entry[2] if isinstance(entry[2], list) else [entry[2]]
            hits = []
            for k in wanted:
                if k >= len(found):
                    raise GoldError(f"{doc_id}: {surface!r} has no occurrence {k}")
                if not free(*found[k]):
                    raise GoldError(f"{doc_id}: {surface!r} #{k} overlaps another gold span")
                hits.append(found[k])
        placed += [(start, end, label) for start, end in hits]
    return set(placed)


def read_corpus() -> list[GoldDoc]:
    articles = {a["id"]: a for a in yaml.safe_load((NEWS / "articles.yml").read_text("utf-8"))}
    docs: list[GoldDoc] = []
    for number, line in enumerate((NEWS / "gold.jsonl").read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        gold = json.loads(line)
        article = articles.get(gold["id"])
        if article is None:
            raise GoldError(f"gold.jsonl:{number}: no article {gold['id']!r}")
        text = article_text(article)
        entities = resolve_entities(gold["id"], text, gold["entities"])
        spans = {(s, e) for s, e, _ in entities}
        events, arguments = set(), set()
        for event in gold.get("events", []):
            surface, label, k = event[0], event[1], event[2]
            found = occurrences(text, surface)
            if k >= len(found):
                raise GoldError(f"{gold['id']}: trigger {surface!r} #{k} not found")
            start, end = found[k]
            events.add((start, end, label))
            for role, arg_surface, arg_k in event[3] if len(event) > 3 else []:
                arg = occurrences(text, arg_surface)
                if arg_k >= len(arg) or arg[arg_k] not in spans:
                    raise GoldError(f"{gold['id']}: argument {arg_surface!r} #{arg_k} of "
                                    f"{surface!r} is not a gold entity")
                arguments.add((start, end, *arg[arg_k], role))
        meta = {key: article[key] for key in ("url", "outlet", "date")}
        docs.append(GoldDoc(gold["id"], text, entities, events, arguments, set(gold["tags"]),
                            meta))
    return docs


def split_of(url: str) -> str:
    return "dev" if int(hashlib.sha256(url.encode()).hexdigest()[:8], 16) % 100 < DEV_SHARE \
        else "test"


def test_fingerprint(docs: list[GoldDoc]) -> str:
    """sha256 over the test split's URL, text and gold line (the seal of the test split)."""
    articles = {a["id"]: a for a in yaml.safe_load((NEWS / "articles.yml").read_text("utf-8"))}
    gold = {json.loads(line)["id"]: line
            for line in (NEWS / "gold.jsonl").read_text("utf-8").splitlines() if line.strip()}
    digest = hashlib.sha256()
    for doc_id in TEST_IDS:
        article = articles[doc_id]
        digest.update((f"{article['url']}\n{article['headline']}\n{article['body']}\n"
                       f"{gold[doc_id]}\n").encode())
    return digest.hexdigest()


def splits(docs: list[GoldDoc]) -> dict[str, list[GoldDoc]]:
    by_split: dict[str, list[GoldDoc]] = {"dev": [], "test": []}
    for doc in docs:
        by_split[split_of(doc.meta["url"])].append(doc)
    if tuple(doc.id for doc in by_split["test"]) != TEST_IDS:
        raise GoldError("the dev/test split differs from the recorded one")
    if test_fingerprint(docs) != TEST_SHA256:
        raise GoldError("the sealed test split changed (its sha256 differs)")
    return by_split


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

    def add(self, gold: set, predicted: set, label_of=lambda key: key[-1]) -> None:
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


def overlapping(gold: set, predicted: set) -> tuple[int, int, int]:
    """Trigger matches that overlap with the same label (one-to-one, greedy)."""
    unmatched = set(gold)
    tp = 0
    for start, end, label in sorted(predicted):
        hit = next((g for g in sorted(unmatched) if g[2] == label and g[0] < end and start < g[1]),
                   None)
        if hit is not None:
            unmatched.discard(hit)
            tp += 1
    return tp, len(predicted) - tp, len(unmatched)


def evaluate(suggester: Suggester, docs: list[GoldDoc], show_errors: bool) -> dict:
    entities, triggers, arguments, tags = Tally(), Tally(), Tally(), Tally()
    loose = [0, 0, 0]
    calibration = [[0, 0] for _ in CALIBRATION_BINS]  # per bin: suggested, right
    for doc, suggestion in zip(docs, suggester.suggest([d.text for d in docs]), strict=True):
        text = doc.text
        pred_ents = {s.key for s in suggestion.spans if s.kind is LabelKind.ENTITY}
        entities.add(doc.entities, pred_ents)
        pred_events = {s.key for s in suggestion.spans if s.kind is LabelKind.EVENT}
        triggers.add(doc.events, pred_events)
        for i, value in enumerate(overlapping(doc.events, pred_events)):
            loose[i] += value
        by_uid = {s.uid: s for s in suggestion.spans}
        pred_args = {(by_uid[a.event_uid].start, by_uid[a.event_uid].end,
                      by_uid[a.argument_uid].start, by_uid[a.argument_uid].end, a.role)
                     for a in suggestion.arguments
                     if a.event_uid in by_uid and a.argument_uid in by_uid}
        arguments.add(doc.arguments, pred_args)
        pred_tags = {t.label for t in suggestion.tags if (t.confidence or 0) >= TAG_THRESHOLD}
        tags.add({(t,) for t in doc.tags}, {(t,) for t in pred_tags})
        for tag in suggestion.tags:
            for i, (low, high) in enumerate(CALIBRATION_BINS):
                if low <= (tag.confidence or 0) < high:
                    calibration[i][0] += 1
                    calibration[i][1] += tag.label in doc.tags
        if show_errors:
            for start, end, label in sorted(pred_ents - doc.entities):
                print(f"  FP {doc.id} {label:7} {text[start:end]!r}")
            for start, end, label in sorted(doc.entities - pred_ents):
                print(f"  FN {doc.id} {label:7} {text[start:end]!r}")
            for start, end, label in sorted(pred_events - doc.events):
                print(f"  trigger FP {doc.id} {label:15} {text[start:end]!r}")
            for start, end, label in sorted(doc.events - pred_events):
                print(f"  trigger FN {doc.id} {label:15} {text[start:end]!r}")
            for ts, te, s, e, role in sorted(pred_args ^ doc.arguments):
                kind = "FP" if (ts, te, s, e, role) in pred_args else "FN"
                print(f"  arg {kind} {doc.id} {text[ts:te]!r} {role} {text[s:e]!r}")
            for tag in sorted(suggestion.tags, key=lambda t: t.label):
                mark = "ok" if tag.label in doc.tags else "WRONG"
                print(f"  tag {doc.id} {tag.label} {tag.confidence:.2f} {mark}")
            for label in sorted(doc.tags - pred_tags):
                print(f"  tag FN {doc.id} {label}")
    return {"entities": entities, "triggers": triggers, "arguments": arguments, "tags": tags,
            "triggers_overlap": prf(*loose), "calibration": calibration}


def report(title: str, result: dict) -> dict:
    print(f"\n== {title}")
    entities: Tally = result["entities"]
    print(f"  {'entity label':14} {'P':>6} {'R':>6} {'F1':>6}   tp  fp  fn")
    for label in entities.labels():
        p, r, f = prf(entities.tp[label], entities.fp[label], entities.fn[label])
        print(f"  {label:14} {p:6.3f} {r:6.3f} {f:6.3f}  {entities.tp[label]:3} "
              f"{entities.fp[label]:3} {entities.fn[label]:3}")
    figures: dict = {}
    for key in ("entities", "triggers", "arguments", "tags"):
        p, r, f = result[key].micro()
        print(f"  {key + ' (micro)':22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
        figures[key] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
    p, r, f = result["triggers_overlap"]
    print(f"  {'triggers (overlap)':22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}")
    figures["triggers_overlap"] = {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4)}
    figures["entities_per_label_f1"] = {
        label: round(prf(entities.tp[label], entities.fp[label], entities.fn[label])[2], 4)
        for label in entities.labels()
    }
    print("  tag calibration     suggested  right  precision")
    table = []
    for (low, high), (count, right) in zip(CALIBRATION_BINS, result["calibration"], strict=True):
        precision = right / count if count else None
        shown = f"{precision:.3f}" if precision is not None else "  -  "
        print(f"    [{low:.1f}, {min(high, 1.0):.1f}{']' if high > 1 else ')'}"
              f"{count:14} {right:6}  {shown}")
        table.append({"bin": [low, min(high, 1.0)], "n": count, "right": right})
    for threshold in (0.5, 0.9):
        count = sum(n for (low, _), (n, _) in zip(CALIBRATION_BINS, result["calibration"],
                                                   strict=True) if low >= threshold)
        right = sum(k for (low, _), (_, k) in zip(CALIBRATION_BINS, result["calibration"],
                                                   strict=True) if low >= threshold)
        precision = right / count if count else 0.0
        print(f"    precision of tags >= {threshold}: {precision:.3f} ({right}/{count})")
        figures[f"tag_precision_at_{threshold}"] = round(precision, 4)
    figures["calibration"] = table
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", action="append", default=[], help="extra model NAME or DIR")
    parser.add_argument("--splits", default="dev,test", help="comma-separated: dev, test")
    parser.add_argument("--errors", choices=["dev"], help="list the errors of the dev split")
    options = parser.parse_args()
    import spacy.util

    docs = read_corpus()
    by_split = splits(docs)
    chosen = {name: by_split[name] for name in options.splits.split(",")}
    print("real-news corpus: " + ", ".join(f"{name} {len(items)} articles"
                                           for name, items in chosen.items())
          + f"; test split sha256 {TEST_SHA256[:16]}… verified")
    models: list[str] = [name for name in PREFERRED_MODELS if spacy.util.is_package(name)]
    models += options.model
    if not models:
        print("no statistical English model installed: measuring the rules alone")
    pipelines: list[Suggester] = [Suggester.load_rules()]
    for model in models:
        pipelines.append(Suggester.load(model))
        pipelines.append(Suggester.load(model, rules=False))
    summary: dict[str, dict] = {}
    for suggester in pipelines:
        for warning in suggester.warnings:
            print(f"warning: {warning}")
        for name, items in chosen.items():
            result = evaluate(suggester, items, options.errors == name)
            summary[f"{suggester.name}/{name}"] = report(f"{suggester.name} on {name}", result)
    print(json.dumps(summary, sort_keys=True))


if __name__ == "__main__":
    main()
