"""Event frames as a flat CSV table: one event per row, for a spreadsheet.

Classic event-data columns (date, source, target, event) with the PLOVER coding beside
our own (label, trigger, actor ids), the sentence and the citation. UTF-8 with a byte-order
mark so spreadsheet programs read Hangul and kanji correctly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats.base import FormatReport, WriteOptions, atomic_write_text
from jkannotate.formats.plover import records

COLUMNS = ("id", "date", "date_source", "event", "mode", "quad_code", "label", "trigger",
           "source_text", "source_code", "source_sector", "source_kb_id", "source_qid",
           "target_text", "target_code", "target_sector", "target_kb_id", "target_qid",
           "place", "place_code", "context", "sentence", "start", "end", "document_id",
           "layer", "outlet", "title", "url", "citation")


def _joined(entities: list[dict], field: str) -> str:
    return "; ".join(str(e.get(field) or "") for e in entities)


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write the CSV (atomically)."""
    report = FormatReport()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for r in records(docs, options, report):
        place = r["event_loc"] or {}
        cite = r["cite_info"]
        writer.writerow([
            r["id"], r["date"], r["date_source"], "; ".join(r["event"]), "; ".join(r["mode"]),
            r["quad_code"] or "", r["label"], r["text_info"]["trigger"]["text"],
            _joined(r["actor"], "entity_text"), _joined(r["actor"], "code"),
            _joined(r["actor"], "sector"), _joined(r["actor"], "kb_id"),
            _joined(r["actor"], "identifier_id"),
            _joined(r["recipient"], "entity_text"), _joined(r["recipient"], "code"),
            _joined(r["recipient"], "sector"), _joined(r["recipient"], "kb_id"),
            _joined(r["recipient"], "identifier_id"),
            place.get("extracted_place") or "", place.get("country_code") or "",
            "; ".join(r["context"]), r["event_text"][0], r["text_info"]["start"],
            r["text_info"]["end"], r["document_id"], r["layer"], cite["publication"] or "",
            cite["title"] or "", cite["url"] or "", cite["citation"],
        ])
    atomic_write_text(Path(out), "\ufeff" + buffer.getvalue())
    return report
