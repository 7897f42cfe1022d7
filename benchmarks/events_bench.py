"""Event registry and dyad timeline speed: 10,000 documents, ~6 event frames each.

Bar: frames read off the layers, the registry built and the timeline (with its SVG) drawn
for 10,000 documents in under 10 s. Outlets report the same events (a quarter of the
documents rewrite another one's events a day or two later), so the registry has merging to
do. Measured twice: on the documents in memory, and as the window and the report do it —
from a SQLite project holding them (``--no-project`` skips that; storing is not timed).
For comparison, the naive way — every pair of frames compared — on 1,000 documents.
Prints figures as it goes; the last line is one JSON object.

    python benchmarks/events_bench.py [--documents 10000] [--seed 0] [--no-project]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from dataclasses import replace
from datetime import date, timedelta

from jkannotate.core.frames import frames_of_layer
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    Span,
)
from jkannotate.operations.events import collector_paused
from jkannotate.review.registry import Registry, actor_key
from jkannotate.review.timeline import dyad_timeline, timeline_svg

ACTORS = [("Japan", "GPE", "jka:japan"), ("South Korea", "GPE", "jka:south-korea"),
          ("Fumio Kishida", "PERSON", "jka:kishida-fumio"),
          ("Yoon Suk Yeol", "PERSON", "jka:yoon-suk-yeol"), ("Tokyo", "GPE", "jka:tokyo"),
          ("Seoul", "GPE", "jka:seoul"), ("China", "GPE", "jka:china"),
          ("North Korea", "GPE", "jka:north-korea"),
          ("United States", "GPE", "jka:united-states")]
EVENTS = [("met", "MEETING", "participant"), ("agreed", "AGREEMENT", "participant"),
          ("urged", "STATEMENT", "agent"), ("ruled", "LEGAL_ACTION", "agent"),
          ("restricted exports", "TRADE_MEASURE", "agent"), ("fired", "MILITARY_ACTION", "agent")]
TAGS = ["FORCED_LABOUR", "EXPORT_CONTROLS", "NORTH_KOREA", "SUMMIT_DIPLOMACY", "COMFORT_WOMEN"]
START = date(2018, 1, 1)


def sentence(rng: random.Random, stories: list[tuple]) -> tuple[str, tuple]:
    story = rng.choice(stories)
    return story


def make_story(rng: random.Random) -> tuple:
    trigger, label, role = rng.choice(EVENTS)
    first, second = rng.sample(ACTORS, 2)
    return trigger, label, role, first, second


def document(number: int, stories: list[tuple], day: date, rng: random.Random) -> AnnotatedDocument:
    parts, spans, arguments = [], [], []
    offset = 0
    for trigger, label, role, first, second in stories:
        text = f"{first[0]} {trigger} {second[0]} on Friday. "
        a = Span(offset, offset + len(first[0]), first[1], kb_id=first[2])
        t_start = offset + len(first[0]) + 1
        t = Span(t_start, t_start + len(trigger), label, LabelKind.EVENT)
        b_start = t_start + len(trigger) + 1
        b = Span(b_start, b_start + len(second[0]), second[1], kb_id=second[2])
        d_start = b_start + len(second[0]) + 4
        when = Span(d_start, d_start + 6, "DATE", norm=day.isoformat())
        spans += [a, t, b, when]
        other = "participant" if role == "participant" else "target"
        arguments += [EventArgument(t.uid, a.uid, role), EventArgument(t.uid, b.uid, other),
                      EventArgument(t.uid, when.uid, "time")]
        parts.append(text)
        offset += len(text)
    parts.append(f"Report {number}.")  # every text its own (a copy would not be stored)
    tags = [DocTag(tag) for tag in rng.sample(TAGS, 2)]
    layer = Layer(number, LayerKind.GOLD, "gold", spans=spans, arguments=arguments, tags=tags)
    doc = Document("".join(parts), title=f"doc {number}", outlet=f"outlet {number % 12}",
                   published=day.isoformat(), id=number)
    return AnnotatedDocument(doc, [layer])


def corpus(size: int, seed: int) -> list[AnnotatedDocument]:
    rng = random.Random(seed)
    docs: list[AnnotatedDocument] = []
    originals: list[tuple[list[tuple], date]] = []
    for number in range(1, size + 1):
        if originals and rng.random() < 0.25:  # another outlet's report of the same events
            stories, day = rng.choice(originals)
            day = day + timedelta(days=rng.randint(0, 2))
        else:
            stories = [make_story(rng) for _ in range(6)]
            day = START + timedelta(days=rng.randint(0, 5 * 365))
            originals.append((stories, day))
        docs.append(document(number, stories, day, rng))
    return docs


def naive_pairs(frames, registry: Registry, window: int) -> int:
    """Every pair compared: the quadratic baseline (same rule)."""
    keyed = [(registry.event_type(f),
              actor_key(f, registry.event_type(f), registry.kb, registry.codes),
              date.fromisoformat(f.date), f.document_id) for f in frames]
    links = 0
    for i, (event, actors, day, doc) in enumerate(keyed):
        for other_event, other_actors, other_day, other_doc in keyed[i + 1:]:
            if (event == other_event and actors == other_actors and doc != other_doc
                    and abs((day - other_day).days) <= window):
                links += 1
    return links


def reference_seconds() -> float:
    """A fixed pure-Python loop (about 0.15 s on an idle 3 GHz core), to read the figures
    against how loaded the machine was."""
    began = time.perf_counter()
    sum(i * i for i in range(3_000_000))
    return time.perf_counter() - began


def from_project(docs: list[AnnotatedDocument]) -> dict[str, float]:
    """The window's and the report's path: the documents stored in a SQLite project (the
    import is not timed), then frames read, registry built and timeline drawn from it."""
    from jkannotate.operations.events import build_registry
    from jkannotate.project import Project

    with tempfile.TemporaryDirectory() as folder, Project.open(f"{folder}/b.db") as project:
        t0 = time.perf_counter()
        for start in range(0, len(docs), 2000):
            batch = [AnnotatedDocument(replace(d.document, id=None), d.layers)
                     for d in docs[start:start + 2000]]
            project.import_documents(batch)
        stored = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        events = build_registry(project)
        svg = timeline_svg(dyad_timeline(events))
        total, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(f"from a SQLite project ({stored:.1f} s to store, not timed): registry + timeline "
          f"{total:.2f} s ({cpu:.2f} s of CPU) for {len(events)} events "
          f"({len(svg) // 1024} KiB SVG) (bar: 10 s)")
    return {"project_store_s": round(stored, 2), "project_total_s": round(total, 3),
            "project_cpu_s": round(cpu, 3), "project_passed": total < 10}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--project", action=argparse.BooleanOptionalAction, default=True,
                        help="also the real path: the same documents in a SQLite project")
    args = parser.parse_args()
    reference_before = reference_seconds()
    docs = corpus(args.documents, args.seed)
    registry = Registry()
    registry.event_type(frames_of_layer(docs[0], docs[0].layers[0])[0])  # load KB and mapping
    began, cpu_began = time.perf_counter(), time.process_time()
    with collector_paused():  # as operations.events.build_registry does
        frames = [f for item in docs for f in frames_of_layer(item, item.layers[0])]
        read = time.perf_counter()
        events = registry.build(frames)
    built = time.perf_counter()
    timeline = dyad_timeline(events)
    svg = timeline_svg(timeline)
    drawn = time.perf_counter()
    total, cpu = drawn - began, time.process_time() - cpu_began
    shared = sum(1 for e in events if e.cross_outlet)
    print(f"{len(docs)} documents, {len(frames)} frames -> {len(events)} registry events, "
          f"{shared} reported by more than one document")
    print(f"frames {read - began:.2f} s, registry {built - read:.2f} s, "
          f"timeline + SVG {drawn - built:.2f} s ({len(timeline.months)} months, "
          f"{len(svg) // 1024} KiB): total {total:.2f} s ({cpu:.2f} s of CPU) (bar: 10 s)")
    small = [f for f in frames if f.document_id <= 1000]
    t0 = time.perf_counter()
    Registry().build(small)
    fast = time.perf_counter() - t0
    t0 = time.perf_counter()
    naive_pairs(small, registry, registry.window)
    slow = time.perf_counter() - t0
    print(f"1,000 documents: registry {fast:.3f} s, every pair compared {slow:.2f} s")
    stored = from_project(docs) if args.project else {}
    reference = reference_seconds()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    print(f"reference loop {reference_before:.2f} s before, {reference:.2f} s after (idle: "
          f"~0.15 s), load average {load}; wall times on a shared machine vary with its load, "
          "CPU seconds much less")
    print(json.dumps({"reference_loop_s": round(reference, 3),
                      "reference_loop_before_s": round(reference_before, 3), "load_average": load,
                      "documents": len(docs), "frames": len(frames), "events": len(events),
                      "cross_outlet": shared, "frames_s": round(read - began, 3),
                      "registry_s": round(built - read, 3),
                      "timeline_s": round(drawn - built, 3), "total_s": round(total, 3),
                      "cpu_s": round(cpu, 3),
                      "bar_s": 10, "passed": total < 10, "registry_1000_s": round(fast, 4),
                      "naive_pairs_1000_s": round(slow, 3), **stored}))


if __name__ == "__main__":
    main()
