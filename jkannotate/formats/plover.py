"""PLOVER event records (JSONL), one per event frame of the exported layer.

Fields follow the PLOVER manual's JSON tables (github.com/openeventdata/PLOVER): ``id``,
``date`` (YYYY-MM-DD), ``actor`` and ``recipient`` (the roles earlier event data called
source and target: lists of entity objects with ``code``, ``sector``, ``entity_text``,
``identifier_id`` = the Wikidata QID, ``identifier_text``, ``office``), ``event``, ``mode``,
``context``, ``quad_code``, ``event_loc``, ``event_text`` with ``text_info`` offsets and
``cite_info``; plus named fields of our own (PLOVER allows them): ``kb_id`` on entities,
``date_source``, ``document_id``, ``layer``, ``label`` (our event label).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jkannotate.core.actors import ActorKB, shipped_actors
from jkannotate.core.frames import EventFrame, Mention, frames_of_layer
from jkannotate.core.model import AnnotatedDocument, Layer
from jkannotate.core.plover_mapping import PloverMapping, shipped_mapping
from jkannotate.formats.base import FormatReport, WriteOptions, atomic_write_text, select_layer

CODER = "jkannotate (human-checked annotation)"
CODEBOOK = "plover-base; jkannotate resources/plover_mapping.yml"


def layer_for(item: AnnotatedDocument, options: WriteOptions,
              report: FormatReport) -> Layer | None:
    """The layer to export: the named one, else the document's only (or gold) layer."""
    if options.layer is not None:
        return select_layer(item, options, report)
    if len(item.layers) == 1:
        return item.layers[0]
    return item.layer("gold") or (item.layers[0] if item.layers else None)


def entity(mention: Mention, kb: ActorKB, day: str | None) -> dict[str, Any]:
    """A PLOVER entity object for an argument (country code and sector from the KB)."""
    actor = kb.get(mention.kb_id)
    data: dict[str, Any] = {"code": None, "sector": None, "entity_text": mention.text,
                            "identifier_id": None, "identifier_text": None, "kb_id": None}
    if actor is not None:
        office = actor.office_on(day)
        data.update(code=actor.code, sector=actor.sector_on(day), identifier_id=actor.qid,
                    identifier_text=actor.name, kb_id=actor.id)
        if office is not None:
            data["office"] = office.office
    return data


def location(mention: Mention | None, kb: ActorKB) -> dict[str, Any] | None:
    if mention is None:
        return None
    actor = kb.get(mention.kb_id)
    return {"extracted_place": mention.text,
            "resolved_place": actor.name if actor else None,
            "country_code": actor.code if actor else None}


def record(frame: EventFrame, kb: ActorKB, mapping: PloverMapping,
           group_day: str | None = None) -> dict[str, Any]:
    """The PLOVER record of one frame (``group_day``: its near-duplicate group's date, for a
    frame with no date of its own)."""
    event, mode = mapping.event_of(frame.label, frame.trigger.text, frame.sentence_text) or (
        None, None)
    day = frame.date or group_day
    source = ("text" if not frame.date_is_published else
              "published" if frame.date else "duplicate group")
    actors = [entity(m, kb, day) for m in frame.sources] or [
        {"code": None, "sector": "UNK", "entity_text": None}]
    return {
        "id": f"jka-{frame.key}",
        "date": day,
        "date_source": source,
        "actor": actors,
        "recipient": [entity(m, kb, day) for m in frame.targets],
        "event": [event] if event else [],
        "mode": [mode] if mode else [],
        "context": mapping.contexts_of(frame.tags),
        "quad_code": mapping.quad_of(event) if event else None,
        "event_loc": location(frame.place, kb),
        "event_text": [frame.sentence_text],
        "text_info": {"start": frame.sentence[0], "end": frame.sentence[1],
                      "trigger": {"text": frame.trigger.text, "start": frame.trigger.start,
                                  "end": frame.trigger.end}},
        "cite_info": {"corpus": "jkannotate", "citation": citation(frame), "url": frame.url,
                      "title": frame.title, "language": "en", "publication": frame.outlet,
                      "coder": CODER, "codebook": CODEBOOK},
        "coder": CODER,
        "document_id": frame.document_id,
        "layer": frame.layer,
        "label": frame.label,
    }


def citation(frame: EventFrame) -> str:
    parts = [frame.outlet or "", f"“{frame.title}”" if frame.title else "",
             frame.published or "", frame.url or ""]
    return ", ".join(p for p in parts if p) or f"document {frame.document_id}"


def group_days(docs: Sequence[AnnotatedDocument]) -> dict[int, str]:
    """The earliest publication date of each near-duplicate group among ``docs``."""
    days: dict[int, str] = {}
    for item in docs:
        group, day = item.document.duplicate_group, item.document.published
        if group is not None and day and (group not in days or day < days[group]):
            days[group] = day
    return days


def records(docs: Sequence[AnnotatedDocument], options: WriteOptions,
            report: FormatReport) -> list[dict[str, Any]]:
    """The records of every frame that has a date (PLOVER requires one); the rest are
    reported as left out."""
    kb, mapping = shipped_actors(), shipped_mapping()
    groups = group_days(docs)
    result, unknown_actor, by_publication = [], 0, 0
    for item in docs:
        layer = layer_for(item, options, report)
        if layer is None:
            continue
        report.documents += 1
        group_day = groups.get(item.document.duplicate_group or -1)
        for frame in frames_of_layer(item, layer):
            data = record(frame, kb, mapping, group_day)
            if data["date"] is None:
                report.left_out.append(f"{frame.key} ({frame.trigger.text!r}): no date in the "
                                       "text, no publication date")
                continue
            report.count_span(frame.label)
            result.append(data)
            unknown_actor += not frame.sources
            by_publication += data["date_source"] != "text"
    report.notes.append(f"{len(result)} PLOVER event records; {by_publication} dated by "
                        f"publication, {unknown_actor} without an agent or participant "
                        "(actor sector UNK)")
    return result


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write one PLOVER record per event frame (JSONL, atomically)."""
    report = FormatReport()
    lines = [json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n"
             for r in records(docs, options, report)]
    atomic_write_text(Path(out), "".join(lines))
    return report
