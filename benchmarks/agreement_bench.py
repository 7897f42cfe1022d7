"""Agreement report speed: 3 annotators × 1,000 documents × ~40 spans and 3 tags each.

Bar: the full report (spans exact/overlap, per label, token kappa, tags, events)
in under 5 s. Also times adjudication, the consistency check and the dashboard.
Prints figures as it goes; the last line is one JSON object.

    python benchmarks/agreement_bench.py [--documents 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import time

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.core.offsets import token_bounds
from jkannotate.review import (
    adjudicate,
    agreement_report,
    consistency_check,
    dashboard,
    render_report_html,
)

ENTITIES = ["PERSON", "ORG", "GPE", "NORP", "LOC", "DATE", "LAW", "MONEY", "EVENT"]
EVENTS = ["MEETING", "AGREEMENT", "LEGAL_ACTION", "TRADE_MEASURE", "MILITARY_ACTION", "STATEMENT"]
ISSUES = ["FORCED_LABOUR", "COMFORT_WOMEN", "TREATY_1965", "EXPORT_CONTROLS", "TRADE_DISPUTE",
          "NORTH_KOREA", "SECURITY_COOPERATION", "TERRITORIAL_DISPUTE", "CHINA", "HISTORY_APOLOGY",
          "PUBLIC_OPINION", "SUMMIT_DIPLOMACY", "ECONOMIC_TIES"]  # fmt: skip
WORDS = (
    "Seoul Tokyo Moon Abe Kishida Yoon summit talks ministry court ruling export controls "
    "semiconductor Dokdo Takeshima apology compensation labourers Mitsubishi Pyongyang missile "
    "launch drills alliance GSOMIA trilateral Washington treaty agreement protest the a of and "
    "in on said officials government president minister foreign trade on Monday 2019 won yen"
).split()
ANNOTATORS = ("ana", "ben", "chloe")


def make_corpus(documents: int, seed: int) -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    corpus = []
    for doc_id in range(1, documents + 1):
        text = " ".join(rng.choice(WORDS) for _ in range(320)) + "."
        tokens = token_bounds(text)
        starts = sorted(rng.sample(range(0, len(tokens) - 3, 2), 40))
        truth = []
        for first in starts:
            last = first + rng.choice([0, 0, 1])
            event = rng.random() < 0.2
            label = rng.choice(EVENTS if event else ENTITIES)
            truth.append((tokens[first][0], tokens[last][1], label, event))
        tags = rng.sample(ISSUES, 3)
        layers = []
        for owner in ANNOTATORS:
            spans = []
            for start, end, label, event in truth:
                roll = rng.random()
                if roll < 0.05:
                    continue
                if roll < 0.12:
                    label = rng.choice(EVENTS if event else ENTITIES)
                elif roll < 0.17:
                    end = next(e for _s, e in tokens if e > end) if end < tokens[-1][1] else end
                kind = LabelKind.EVENT if event else LabelKind.ENTITY
                spans.append(Span(start, end, label, kind))
            entities = [s for s in spans if s.kind is LabelKind.ENTITY]
            arguments = [
                EventArgument(s.uid, rng.choice(entities[:4]).uid, "participant")
                for s in spans
                if s.kind is LabelKind.EVENT and entities
            ]
            own_tags = [DocTag(t) for t in tags if rng.random() > 0.1]
            if rng.random() < 0.2:
                own_tags.append(DocTag(rng.choice(ISSUES)))
            layers.append(
                Layer(doc_id, LayerKind.ANNOTATOR, owner, LayerStatus.DONE, spans=spans,
                      arguments=arguments, tags=own_tags,
                      created="2024-05-01T09:00:00", updated="2024-05-01T09:20:00")
            )  # fmt: skip
        corpus.append(AnnotatedDocument(Document(text, id=doc_id), layers))
    return corpus


def timed(what: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    print(f"{what:<28} {seconds:8.3f} s", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()

    corpus, build_s = timed("build corpus", make_corpus, options.documents, options.seed)
    spans = sum(len(layer.spans) for doc in corpus for layer in doc.layers)
    print(f"{options.documents} documents, {len(ANNOTATORS)} annotators, {spans} spans")
    report, report_s = timed("agreement report", agreement_report, corpus, issue_labels=ISSUES)
    data = report.to_json()
    print(report.to_table())
    _, adjudicate_s = timed(
        "adjudicate (majority)", lambda: [adjudicate(doc, "majority") for doc in corpus]
    )
    _, check_s = timed("consistency check", consistency_check, corpus, {"Kishida": "PERSON"})
    board, dashboard_s = timed("dashboard", dashboard, corpus)
    page, html_s = timed("render HTML", render_report_html, board, report)
    figures = {
        "documents": data["documents"],
        "annotators": len(ANNOTATORS),
        "spans": spans,
        "agreement_report_s": round(report_s, 3),
        "under_5_s": report_s < 5.0,
        "adjudicate_s": round(adjudicate_s, 3),
        "consistency_check_s": round(check_s, 3),
        "dashboard_s": round(dashboard_s, 3),
        "render_html_s": round(html_s, 3),
        "html_kb": round(len(page.encode()) / 1024, 1),
        "exact_f1": data["spans"]["exact"]["f1"],
        "overlap_f1": data["spans"]["overlap"]["f1"],
        "token_kappa": data["spans"]["token_kappa"],
    }
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
