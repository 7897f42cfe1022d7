"""Annotation window speed, offscreen.

1. A 100,000-character article with 5,000 spans: time to first paint, and time to
   relabel one span through the project (one transaction) and repaint it.
2. Articles without paragraph breaks (2,000 and 100,000 characters): time to open each.
3. Accept-all on 3,000 pending suggestions through the window, and its undo.
4. A project of 100,000 documents: time to open the window (first queue page shown) and
   resident memory afterwards.

Prints figures as it goes; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402

from jkannotate.core.model import (  # noqa: E402
    AnnotatedDocument,
    Document,
    Layer,
    LayerKind,
    Origin,
    Span,
    State,
)
from jkannotate.gui.app import application, open_window  # noqa: E402
from jkannotate.project import Project  # noqa: E402

WORDS = (
    "Seoul Tokyo talks summit export curbs ministry court ruling Kishida Yoon "
    "official said Friday agreement security 北朝鮮 🇰🇷 the of and on in"
).split()


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def long_article(chars: int, spans: int, rng: random.Random) -> tuple[str, list[Span]]:
    parts: list[str] = []
    length = 0
    while length < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + ". "
        if rng.random() < 0.25:
            sentence += "\n\n"
        parts.append(sentence)
        length += len(sentence)
    text = "".join(parts)[:chars]
    step = chars // spans
    found = []
    for n in range(spans):
        start = n * step
        end = min(start + rng.randint(3, step - 1), chars)
        state = State.PENDING if n % 3 else State.ACCEPTED
        found.append(
            Span(
                start,
                end,
                rng.choice(["GPE", "PERSON", "ORG", "DATE"]),
                origin=Origin.SUGGESTED,
                state=state,
            )
        )
    return text, found


def bench_article(folder: Path) -> dict[str, float]:
    rng = random.Random(5)
    text, spans = long_article(100_000, 5_000, rng)
    db = folder / "article.db"
    with Project.open(db, user="bench") as project:
        layer = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
        project.import_documents([AnnotatedDocument(Document(text, title="Long"), [layer])])
        project.open_layer(1)  # the annotator layer exists, as on a second visit
    app = application()
    with Project.open(db, user="bench") as project:
        window = open_window(
            project, None, QSettings(str(folder / "a.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1460, 900)
        window.show()
        app.processEvents()
        paints = []
        for _ in range(5):
            started = time.perf_counter()
            window.pane.show_document(window.session.document, window.session.layer)
            window.view.viewport().repaint()
            paints.append((time.perf_counter() - started) * 1000)
        open_total = time.perf_counter()
        window.open_document(1)
        window.view.viewport().repaint()
        open_ms = (time.perf_counter() - open_total) * 1000
        paint_ms = statistics.median(paints)
        print(
            f"article 100,000 chars / 5,000 spans: set text + first paint {paint_ms:.1f} ms "
            f"(median of 5); whole document open incl. database and panels {open_ms:.1f} ms"
        )
        visible = window.view.index.overlapping(0, 2000)
        relabels, repaints = [], []
        for n in range(30):
            uid = visible[n % len(visible)].span.uid
            label = "ORG" if n % 2 else "PERSON"
            started = time.perf_counter()
            window.session.run(
                "Relabel", lambda layer, u=uid, lb=label: project.relabel(layer, u, lb)
            )
            app.processEvents()  # the repaint of the changed span's rectangle happens here
            relabels.append((time.perf_counter() - started) * 1000)
            entry = window.view.index.by_uid[uid]
            started = time.perf_counter()
            window.view.span_changed(entry.span)
            app.processEvents()
            repaints.append((time.perf_counter() - started) * 1000)
        relabel_ms = statistics.median(relabels)
        repaint_ms = statistics.median(repaints)
        print(
            f"relabel one span (transaction + panels + repaint): {relabel_ms:.2f} ms median; "
            f"view update + repaint alone: {repaint_ms:.2f} ms"
        )
        started = time.perf_counter()
        window.view.viewport().repaint()
        full_ms = (time.perf_counter() - started) * 1000
        print(f"(for comparison, repainting the whole viewport: {full_ms:.2f} ms)")
        window.close()
        window.deleteLater()
        app.processEvents()
    return {
        "first_paint_ms": round(paint_ms, 1),
        "open_document_ms": round(open_ms, 1),
        "relabel_repaint_ms": round(relabel_ms, 2),
        "repaint_only_ms": round(repaint_ms, 2),
    }


def one_paragraph(chars: int, rng: random.Random) -> str:
    """Text as JSONL from other tools or PDF extraction gives it: no paragraph breaks at all."""
    parts: list[str] = []
    length = 0
    while length < chars:
        sentence = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 20))) + ". "
        parts.append(sentence)
        length += len(sentence)
    return "".join(parts)[:chars].rstrip()


def bench_no_paragraphs(folder: Path, long_chars: int = 100_000) -> dict[str, float]:
    """Open time of an article without paragraph breaks, long against short."""
    rng = random.Random(11)
    db = folder / "flat.db"
    texts = [one_paragraph(2_000, rng), one_paragraph(long_chars, rng)]
    items = []
    for text in texts:  # a suggestion every 25 characters, as on a busy news article
        spans = [
            Span(at, at + 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING)
            for at in range(0, len(text) - 5, 25)
        ]
        suggestion = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
        items.append(AnnotatedDocument(Document(text, title=f"flat {len(text)}"), [suggestion]))
    with Project.open(db, user="bench") as project:
        project.import_documents(items)
    app = application()
    figures = {}
    with Project.open(db, user="bench") as project:
        window = open_window(
            project, 1, QSettings(str(folder / "f.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1460, 900)
        window.show()
        app.processEvents()
        for doc_id, name in ((1, "short"), (2, "long"), (1, "short"), (2, "long")):
            started = time.perf_counter()
            window.open_document(doc_id)
            window.view.viewport().repaint()
            app.processEvents()
            figures[f"flat_{name}_open_ms"] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        window.view.verticalScrollBar().setValue(window.view.verticalScrollBar().maximum())
        window.view.viewport().repaint()
        figures["flat_long_scroll_to_end_ms"] = round((time.perf_counter() - started) * 1000, 1)
        window.close()
        window.deleteLater()
        app.processEvents()
    print(
        "no paragraph breaks, a suggestion every 25 characters: "
        f"open {len(texts[0]):,} chars {figures['flat_short_open_ms']} ms, "
        f"{len(texts[1]):,} chars {figures['flat_long_open_ms']} ms "
        f"(scroll to its end {figures['flat_long_scroll_to_end_ms']} ms)"
    )
    return figures


def bench_accept_all(folder: Path, count: int = 3_000) -> dict[str, float]:
    """Accept-all on ``count`` pending suggestions through the window, and its undo."""
    rng = random.Random(3)
    text, spans = long_article(count * 30, count, rng)
    spans = [
        Span(s.start, s.end, s.label, origin=Origin.SUGGESTED, state=State.PENDING) for s in spans
    ]
    db = folder / "accept.db"
    with Project.open(db, user="bench") as project:
        layer = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
        project.import_documents([AnnotatedDocument(Document(text, title="Many"), [layer])])
    app = application()
    with Project.open(db, user="bench") as project:
        window = open_window(
            project, 1, QSettings(str(folder / "c.ini"), QSettings.Format.IniFormat)
        )
        window.resize(1460, 900)
        window.show()
        app.processEvents()
        started = time.perf_counter()
        window.editor.accept_all()
        app.processEvents()
        accept_ms = (time.perf_counter() - started) * 1000
        accepted = sum(s.state is State.ACCEPTED for s in window.session.layer.spans)
        started = time.perf_counter()
        window.undo()
        app.processEvents()
        undo_ms = (time.perf_counter() - started) * 1000
        pending = sum(s.state is State.PENDING for s in window.session.layer.spans)
        window.close()
        window.deleteLater()
        app.processEvents()
    assert accepted == count and pending == count, (accepted, pending)
    print(f"accept all {count:,} suggestions: {accept_ms:.0f} ms; its undo: {undo_ms:.0f} ms")
    return {"accept_all_ms": round(accept_ms, 1), "accept_all_undo_ms": round(undo_ms, 1)}


def bench_big_project(folder: Path, count: int = 100_000) -> dict[str, float]:
    db = folder / "big.db"
    rng = random.Random(7)
    started = time.perf_counter()
    with Project.open(db, user="bench") as project:
        batch = []
        for n in range(count):
            body = " ".join(rng.choice(WORDS) for _ in range(60))
            batch.append(
                AnnotatedDocument(
                    Document(
                        f"{n} {body}",
                        title=f"Article {n}",
                        outlet=rng.choice(["Kyodo", "Yonhap"]),
                        published=f"20{10 + n % 14}-01-01",
                    )
                )
            )
            if len(batch) == 10_000:
                project.store.documents.add(batch)
                batch = []
        if batch:
            project.store.documents.add(batch)
    print(f"built a {count:,}-document project in {time.perf_counter() - started:.1f} s")
    app = application()
    before = rss_mb()
    started = time.perf_counter()
    project = Project.open(db, user="bench")
    window = open_window(
        project, None, QSettings(str(folder / "b.ini"), QSettings.Format.IniFormat)
    )
    window.show()
    app.processEvents()
    open_s = time.perf_counter() - started
    rss = rss_mb()
    loaded = window.queue.model.rowCount()
    print(
        f"{count:,} documents: window open in {open_s:.2f} s; RSS {rss:.0f} MB "
        f"(process before opening: {before:.0f} MB); queue rows loaded {loaded}"
    )
    window.close()
    window.deleteLater()
    app.processEvents()
    project.close()
    return {"big_project_open_s": round(open_s, 2), "rss_mb": round(rss, 1), "documents": count}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        figures = bench_article(folder)
        figures.update(bench_no_paragraphs(folder, int(os.environ.get("GUI_BENCH_FLAT", "100000"))))
        figures.update(bench_accept_all(folder, int(os.environ.get("GUI_BENCH_ACCEPT", "3000"))))
        figures.update(bench_big_project(folder, int(os.environ.get("GUI_BENCH_DOCS", "100000"))))
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
