"""Opening a long article in the window: where the time goes, short against long.

Two articles without paragraph breaks (2,000 and 100,000 characters, a suggestion every
25 characters, so 80 and 4,000 spans; emoji flags among the words, so offsets need UTF-16
conversion) are opened in turn, each five times; the best time of each step is kept
(the machine is shared, so the best is the figure least disturbed by other work).
Steps: the database load of the layer (``EditSession.open``; also in CPU time, which a
loaded machine inflates less), the span index, the text layout (``setPlainText``), the
first paint, and the whole ``open_document``.

Prints figures; the last line is one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QSettings  # noqa: E402

from benchmarks.gui_bench import one_paragraph  # noqa: E402
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
from jkannotate.gui.display_text import display_text  # noqa: E402
from jkannotate.gui.span_index import SpanIndex  # noqa: E402
from jkannotate.project import Project  # noqa: E402

RUNS = 5


def best_ms(action: Callable[[], object], clock: Callable[[], float] = time.perf_counter) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = clock()
        action()
        best = min(best, clock() - started)
    return round(best * 1000, 1)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    rng = random.Random(11)
    texts = [one_paragraph(2_000, rng), one_paragraph(100_000, rng)]
    items = []
    for text in texts:
        spans = [
            Span(at, at + 5, "GPE", origin=Origin.SUGGESTED, state=State.PENDING)
            for at in range(0, len(text) - 5, 25)
        ]
        suggestion = Layer(None, LayerKind.SUGGESTION, "suggester", spans=spans)
        items.append(AnnotatedDocument(Document(text, title=f"flat {len(text)}"), [suggestion]))
    db = folder / "flat.db"
    with Project.open(db, user="bench") as project:
        project.import_documents(items)
    app = application()
    figures: dict[str, float] = {}
    with Project.open(db, user="bench") as project:
        settings = QSettings(str(folder / "b.ini"), QSettings.Format.IniFormat)
        window = open_window(project, 1, settings)
        window.resize(1460, 900)
        window.show()
        app.processEvents()
        for doc_id, name in ((1, "short"), (2, "long")):
            window.open_document(doc_id)  # warm: the layer exists, fonts are cached
            app.processEvents()
            document, layer = window.session.document, window.session.layer
            assert document is not None and layer is not None

            def whole(doc_id: int = doc_id) -> None:
                window.open_document(doc_id)
                window.view.viewport().repaint()
                app.processEvents()

            figures[f"{name}_open_ms"] = best_ms(whole)
            figures[f"{name}_load_layer_ms"] = best_ms(lambda d=doc_id: window.session.open(d))
            figures[f"{name}_load_layer_cpu_ms"] = best_ms(  # what other work cannot inflate
                lambda d=doc_id: window.session.open(d), time.process_time
            )
            figures[f"{name}_span_index_ms"] = best_ms(
                lambda d=document, sp=layer.spans: SpanIndex(d.text, sp)
            )
            figures[f"{name}_layout_ms"] = best_ms(
                lambda d=document: window.view.setPlainText(display_text(d.text))
            )
            window.open_document(doc_id)
            figures[f"{name}_paint_ms"] = best_ms(window.view.viewport().repaint)
            figures[f"{name}_spans"] = len(layer.spans)
        window.close()
    figures["extra_open_ms"] = round(figures["long_open_ms"] - figures["short_open_ms"], 1)
    figures["extra_without_database_ms"] = round(
        figures["extra_open_ms"]
        - (figures["long_load_layer_ms"] - figures["short_load_layer_ms"]),
        1,
    )
    for name in ("short", "long"):
        print(
            f"{name}: open {figures[f'{name}_open_ms']} ms ({figures[f'{name}_spans']:.0f} spans:"
            f" database {figures[f'{name}_load_layer_ms']} ms"
            f" ({figures[f'{name}_load_layer_cpu_ms']} ms of CPU), span index"
            f" {figures[f'{name}_span_index_ms']} ms, layout {figures[f'{name}_layout_ms']} ms,"
            f" paint {figures[f'{name}_paint_ms']} ms)"
        )
    print(
        f"100,000 characters cost {figures['extra_open_ms']} ms more than 2,000 "
        f"({figures['extra_without_database_ms']} ms of it outside the database load); goal < 100"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
