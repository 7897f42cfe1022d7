"""The dyad timeline: events Japan→Korea and Korea→Japan by month, by PLOVER quad class.

Built from registry events, so an event reported by five outlets counts once. A directed
event (``JPN>KOR``) goes in its lane; an undirected one (a meeting or agreement between
the two, ``JPN+KOR``) is an interaction of both and goes in both lanes, as dyadic event
data records it. Beneath each month: the issue tags of the documents reporting its events.
:func:`timeline_svg` draws it as inline SVG (well-formed XML) for the HTML report; the
window draws the same :class:`Timeline` with Qt.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from jkannotate.core.plover_mapping import QUAD_NAMES, PloverMapping, shipped_mapping
from jkannotate.review.registry import RegisteredEvent

DYADS = (("JPN", "KOR"), ("KOR", "JPN"))
# Okabe-Ito: cooperation in blues/greens, conflict in orange/vermillion; safe for colour-blindness
QUAD_COLOURS = {1: "#56B4E9", 2: "#009E73", 3: "#E69F00", 4: "#D55E00"}


@dataclass(slots=True)
class TimelinePoint:
    """The events of one month, one direction, one quad class."""

    month: str
    source: str
    target: str
    quad: int
    events: list[str] = field(default_factory=list)
    documents: set[int] = field(default_factory=set)

    @property
    def count(self) -> int:
        return len(self.events)

    @property
    def direction(self) -> str:
        return f"{self.source}→{self.target}"


@dataclass(slots=True)
class Timeline:
    months: list[str]
    points: list[TimelinePoint]
    tags: dict[str, Counter[str]]  # month -> issue tags of the documents reporting events

    def lane(self, source: str, target: str) -> list[TimelinePoint]:
        return [p for p in self.points if (p.source, p.target) == (source, target)]


def _directions(actors: str) -> set[tuple[str, str]]:
    if ">" in actors:
        sources, targets = actors.split(">", 1)
        return {(s, t) for s in sources.split(",") if s for t in targets.split(",") if t}
    members = [m for m in actors.split("+") if m]
    return {(a, b) for a in members for b in members if a != b}


def _months(first: str, last: str) -> list[str]:
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def dyad_timeline(events: Iterable[RegisteredEvent], dyads: Sequence[tuple[str, str]] = DYADS,
                  mapping: PloverMapping | None = None) -> Timeline:
    """Count registry events per month, direction and quad class."""
    mapping = mapping or shipped_mapping()
    wanted = set(dyads)
    points: dict[tuple[str, str, str, int], TimelinePoint] = {}
    tags: dict[str, Counter[str]] = {}
    for event in events:
        quad = mapping.quad_of(event.event)
        day = event.dates[0]
        if quad is None or not day:
            continue
        month = day[:7]
        for source, target in _directions(event.actors) & wanted:
            point = points.setdefault((month, source, target, quad),
                                      TimelinePoint(month, source, target, quad))
            point.events.append(event.id)
            point.documents.update(event.documents)
            counter = tags.setdefault(month, Counter())
            for frame in {f.document_id: f for f in event.frames}.values():
                counter.update(frame.tags)
    ordered = sorted(points.values(), key=lambda p: (p.month, p.source, p.quad))
    months = _months(ordered[0].month, ordered[-1].month) if ordered else []
    return Timeline(months, ordered, tags)


def timeline_svg(timeline: Timeline, dyads: Sequence[tuple[str, str]] = DYADS,
                 document_link: str = "#doc-{id}") -> str:
    """The timeline as inline SVG: a lane per direction, a dot per (month, quad) sized by
    count, a link from each dot to its first document, issue tags beneath each month."""
    months = timeline.months or ["—"]
    step = max(28, min(70, 840 // max(1, len(months))))
    left, lane_height, top = 90, 70, 34
    width = left + step * len(months) + 20
    tags_top = top + lane_height * len(dyads) + 26
    height = tags_top + 16 * 3 + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="dyad timeline">',
        "<title>Events by month: Japan→Korea and Korea→Japan, coloured by PLOVER quad "
        "class</title>",
    ]
    for k, (quad, name) in enumerate(QUAD_NAMES.items()):
        x = left + k * 170
        parts.append(f'<circle cx="{x}" cy="12" r="6" fill="{QUAD_COLOURS[quad]}"/>'
                     f'<text x="{x + 10}" y="16">{escape(name)}</text>')
    offsets = {1: -12, 2: -4, 3: 4, 4: 12}
    for row, (source, target) in enumerate(dyads):
        y = top + lane_height * row + lane_height // 2
        parts.append(f'<text x="4" y="{y + 4}">{source}→{target}</text>'
                     f'<line x1="{left - 6}" y1="{y}" x2="{width - 10}" y2="{y}" '
                     f'stroke="#ddd"/>')
        for point in timeline.lane(source, target):
            if point.month not in timeline.months:
                continue
            x = left + step * timeline.months.index(point.month) + step // 2
            radius = min(4 + 2.5 * point.count, step / 2 - 2)
            first = min(point.documents) if point.documents else 0
            tip = (f"{point.month} {point.direction}: {point.count} "
                   f"{QUAD_NAMES[point.quad]} event(s), documents "
                   f"{', '.join(map(str, sorted(point.documents)))}")
            parts.append(
                f'<a href="{escape(document_link.format(id=first))}">'
                f'<circle cx="{x}" cy="{y + offsets[point.quad]}" r="{radius:.1f}" '
                f'fill="{QUAD_COLOURS[point.quad]}" fill-opacity="0.85" stroke="#333" '
                f'stroke-width="0.5"><title>{escape(tip)}</title></circle></a>'
            )
    for index, month in enumerate(timeline.months):
        x = left + step * index + step // 2
        label = month[2:] if step < 50 else month
        parts.append(f'<text x="{x}" y="{tags_top - 8}" text-anchor="middle" '
                     f'fill="#555">{label}</text>')
        for line, (tag, _count) in enumerate(timeline.tags.get(month, Counter()).most_common(3)):
            short = tag.replace("_", " ").lower()
            short = short if len(short) <= 14 else short[:13] + "…"
            parts.append(f'<text x="{x}" y="{tags_top + 12 + 14 * line}" text-anchor="middle" '
                         f'font-size="9" fill="#777">{escape(short)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def timeline_section(timeline: Timeline, registry_size: int, merged: int) -> str:
    """The report's section: the chart and one sentence on what it counts."""
    return (
        "<h2>Event timeline (Japan ↔ Korea)</h2>"
        f'<p class="muted">{registry_size} events in the registry, {merged} reported by more '
        "than one document (counted once); meetings and agreements count in both lanes.</p>"
        + timeline_svg(timeline)
    )
