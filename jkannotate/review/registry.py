"""The cross-outlet event registry: frames from different documents proposed as one event.

Near-duplicate groups find reprints; the registry goes further. Two frames are candidates for
the same real-world event when they have the same PLOVER event type, the same actors (the
countries of their source and target actors, or of all participants for a meeting or an
agreement, which have no direction) and dates at most ``window`` days apart. Candidates are
joined transitively within a (type, actors) bucket, in date order, so the work is a sort,
not a comparison of every pair: 10,000 documents take well under a second.

A frame with no date of its own (no time argument, no publication date) takes the earliest
publication date of its near-duplicate group, when it has one; otherwise it stays alone.

Reviewers decide with :class:`Decision` records: ``confirm`` marks the frames as one event,
``split`` takes frames out into an event of their own (they never rejoin the others).
Decisions are data, kept by the caller (the project stores them as a setting).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from jkannotate.core.actors import ActorKB, shipped_actors
from jkannotate.core.frames import EventFrame, Mention
from jkannotate.core.plover_mapping import PloverMapping, shipped_mapping

DEFAULT_WINDOW = 3  # days: a reaction reported the next day, a weekend, a time zone
UNDIRECTED = {"CONSULT", "AGREE", "COOPERATE"}


@dataclass(frozen=True, slots=True)
class Decision:
    """A reviewer's decision on frames (by :attr:`EventFrame.key`)."""

    op: str  # "confirm" or "split"
    frames: tuple[str, ...]
    who: str = ""

    def to_dict(self) -> dict[str, object]:
        return {"op": self.op, "frames": list(self.frames), "who": self.who}

    @staticmethod
    def from_dict(data: dict) -> Decision:
        return Decision(str(data["op"]), tuple(data["frames"]), str(data.get("who", "")))


@dataclass(slots=True)
class RegisteredEvent:
    """One real-world event: its frames, from one or more documents."""

    id: str
    event: str
    actors: str
    frames: list[EventFrame] = field(default_factory=list)
    confirmed: bool = False
    first_day: str = ""
    last_day: str = ""

    @property
    def documents(self) -> list[int]:
        return sorted({f.document_id for f in self.frames if f.document_id is not None})

    @property
    def cross_outlet(self) -> bool:
        return len(self.documents) > 1

    @property
    def dates(self) -> tuple[str, str]:
        """The first and last day its frames give (a borrowed group date counts)."""
        if not self.first_day:
            days = sorted(f.date for f in self.frames if f.date)
            return (days[0], days[-1]) if days else ("", "")
        return self.first_day, self.last_day

    @property
    def outlets(self) -> list[str]:
        return sorted({f.outlet or "?" for f in self.frames})


class CountryCodes:
    """Actor id → its country code (None without one), looked up in the KB once per id."""

    def __init__(self, kb: ActorKB) -> None:
        self.kb = kb
        self.known: dict[str | None, str | None] = {}

    def __call__(self, mentions: Iterable[Mention]) -> frozenset[str]:
        known, codes = self.known, set()
        for mention in mentions:
            kb_id = mention.kb_id
            code = known[kb_id] if kb_id in known else self._look_up(kb_id)
            if code:
                codes.add(code)
        return frozenset(codes)

    def _look_up(self, kb_id: str | None) -> str | None:
        actor = self.kb.get(kb_id)
        code = self.known[kb_id] = actor.code if actor is not None and actor.code else None
        return code


def actor_key(frame: EventFrame, event: str, kb: ActorKB,
              codes: CountryCodes | None = None) -> str | None:
    """"JPN>KOR" for a directed event, "JPN+KOR" for an undirected one; None without actors.
    ``codes`` (over ``kb``) remembers the ids it looked up, for many frames."""
    _codes = codes or CountryCodes(kb)
    sources, targets = _codes(frame.sources), _codes(frame.targets)
    if event in UNDIRECTED:
        # a meeting held in a country involves its host: Yoon's visit to Tokyo is KOR+JPN
        host = _codes([frame.place]) if frame.place is not None else frozenset()
        everyone = sorted(sources | targets | host)
        return "+".join(everyone) if everyone else None
    if not sources:
        return None
    return ",".join(sorted(sources)) + ">" + ",".join(sorted(targets))


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _event_id(frames: Sequence[EventFrame]) -> str:
    first = min(f.key for f in frames)
    return "ev-" + hashlib.sha1(first.encode()).hexdigest()[:10]


class Registry:
    """Builds the registry from frames; :meth:`build` is pure and deterministic."""

    def __init__(self, window: int = DEFAULT_WINDOW, kb: ActorKB | None = None,
                 mapping: PloverMapping | None = None) -> None:
        self.window = window
        self._days: dict[str, date | None] = {}
        self._by_trigger: dict[tuple[str, str], str] = {}
        self._by_clause: dict[tuple[str, str, str], str] = {}
        self.kb = kb or shipped_actors()
        self.codes = CountryCodes(self.kb)
        self.mapping = mapping or shipped_mapping()

    def event_type(self, frame: EventFrame) -> str:
        trigger_key = (frame.label, frame.trigger.text)
        known = self._by_trigger.get(trigger_key)
        if known is not None:  # the trigger alone decided it before
            return known
        found = self.mapping.event_of(frame.label, frame.trigger.text)
        if found is None:
            return frame.label
        rule = self.mapping.labels[frame.label]
        if found != (rule.event, rule.mode):  # a cue in the trigger itself: always this type
            self._by_trigger[trigger_key] = found[0]
            return found[0]
        clause_key = (frame.label, frame.trigger.text, frame.sentence_text)
        known = self._by_clause.get(clause_key)
        if known is None:  # reprints repeat their sentences: each is searched once
            found = self.mapping.event_of(*clause_key)
            known = self._by_clause[clause_key] = found[0] if found else frame.label
        return known

    def _day(self, value: str | None) -> date | None:
        """ISO day → date, memoised: a corpus has a few thousand distinct days."""
        if not value:
            return None
        found = self._days.get(value)
        if found is None and value not in self._days:
            found = self._days[value] = _day(value)
        return found

    def build(
        self, frames: Iterable[EventFrame], decisions: Sequence[Decision] = (),
        group_dates: dict[int, str] | None = None, group_of: dict[int, int] | None = None,
    ) -> list[RegisteredEvent]:
        """Events proposed from ``frames`` after the reviewers' ``decisions``.

        ``group_of`` maps a document to its near-duplicate group and ``group_dates`` a group
        to its earliest publication date (for frames without a date).
        """
        split_of: dict[str, int] = {}
        for number, decision in enumerate(decisions):
            if decision.op == "split":
                for key in decision.frames:
                    split_of[key] = number
        buckets: dict[tuple[str, str, int], list[tuple[date, EventFrame]]] = {}
        alone: list[tuple[str, EventFrame]] = []
        for frame in frames:
            event = self.event_type(frame)
            actors = actor_key(frame, event, self.kb, self.codes)
            day = self._day(frame.date)
            if day is None and group_of and group_dates and frame.document_id in group_of:
                day = self._day(group_dates.get(group_of[frame.document_id]))
            if actors is None or day is None:
                alone.append((event, frame))
                continue
            bucket = (event, actors, split_of.get(frame.key, -1))
            buckets.setdefault(bucket, []).append((day, frame))
        events: list[RegisteredEvent] = []
        for (event, actors, _split), dated in buckets.items():
            dated.sort(key=lambda pair: (pair[0], pair[1].document_id or 0, pair[1].trigger.start))
            current: list[EventFrame] = []
            first: date | None = None
            last: date | None = None
            for day, frame in dated:
                if last is not None and (day - last).days > self.window:
                    events.append(RegisteredEvent(_event_id(current), event, actors, current,
                                                  first_day=str(first), last_day=str(last)))
                    current, first = [], None
                current.append(frame)
                first = first or day
                last = day
            events.append(RegisteredEvent(_event_id(current), event, actors, current,
                                          first_day=str(first), last_day=str(last)))
        for event, frame in alone:
            events.append(RegisteredEvent(_event_id([frame]), event, "", [frame]))
        confirmed = [set(d.frames) for d in decisions if d.op == "confirm"]
        for registered in events if confirmed else ():
            keys = {f.key for f in registered.frames}
            registered.confirmed = any(keys <= chosen or chosen <= keys for chosen in confirmed
                                       if chosen & keys)
        events.sort(key=lambda e: (e.dates[0], e.id))
        return events


def cross_outlet(events: Iterable[RegisteredEvent]) -> list[RegisteredEvent]:
    """The events reported by more than one document: the registry's proposals."""
    return [e for e in events if e.cross_outlet]
