"""The ``jk_events`` spaCy component: event triggers from ``resources/triggers.yml`` and arguments.

Arguments come from the dependency parse when the pipeline has one (subject -> agent or
participant, object -> target, "in"/"at" + place, dates in the clause -> time), else from the
trigger's own clause: the nearest actor before it, the first actor after it, every person of a
meeting or agreement, a place introduced by "in"/"at", and the nearest date of the clause
(delimited by punctuation and clause-joining words, see :mod:`jkannotate.nlp.clauses`) or of
a fronted date phrase ("On Friday, ...") that opens the sentence. Results go to
``doc.user_data["jk_events"]`` as
``(start_char, end_char, label, source, confidence, [(role, start_char, end_char), ...])``.
Roles are checked against the scheme (:data:`EVENT_ROLES`, :data:`ROLE_TYPES`): a place is a
GPE or LOC, a time a DATE, an agent, participant or target a PERSON, ORG, GPE or NORP.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from jkannotate.nlp.candidates import PATTERN, Candidate, resolve
from jkannotate.nlp.clauses import _boundaries, clause_dates, clause_of
from jkannotate.nlp.lexicons import TriggerPattern, load_lexicons

EVENT_INFO = "jk_events"
ACTORS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
PLACES = frozenset({"GPE", "LOC"})
PLACE_PREPOSITIONS = frozenset({"in", "at", "into", "over", "near", "from", "to"})
# for these labels the actor before the trigger acts on the one after it
DIRECTED = frozenset({"STATEMENT", "LEGAL_ACTION", "TRADE_MEASURE", "MILITARY_ACTION"})
WITH_PLACE = frozenset({"MEETING", "MILITARY_ACTION"})
TARGET_WINDOW = 8  # tokens after a trigger in which its target may stand
# the roles each event label takes (resources/schema.yml guidelines) and the entity labels each
# role accepts: a place is GPE/LOC, a time is DATE, an agent/participant/target an actor
EVENT_ROLES = {
    "MEETING": frozenset({"participant", "time", "place"}),
    "AGREEMENT": frozenset({"participant", "time"}),
    "LEGAL_ACTION": frozenset({"agent", "target", "time"}),
    "TRADE_MEASURE": frozenset({"agent", "target", "time"}),
    "MILITARY_ACTION": frozenset({"agent", "place", "time"}),
    "STATEMENT": frozenset({"agent", "target", "time"}),
}
ROLE_TYPES = {
    "participant": ACTORS, "agent": ACTORS, "target": ACTORS,
    "time": frozenset({"DATE"}), "place": PLACES,
}


def typed(label: str, args: list[Argument], labels: dict[tuple[int, int], str]
          ) -> list[Argument]:
    """The arguments whose role the event label takes and whose entity type fits the role
    (``labels``: (start_char, end_char) -> entity label of the document's entities)."""
    roles = EVENT_ROLES.get(label)
    return [(role, start, end) for role, start, end in args
            if (roles is None or role in roles)
            and labels.get((start, end)) in ROLE_TYPES.get(role, ACTORS)]
Argument = tuple[str, int, int]


def _after_preposition(ent: Span) -> bool:
    """"in Tokyo", "into the Sea of Japan": a place introduced by a preposition."""
    i = ent.start - 1
    if i >= 0 and ent.doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and ent.doc[i].lower_ in PLACE_PREPOSITIONS


def _roles(label: str) -> tuple[str, str]:
    return ("agent", "target") if label in DIRECTED else ("participant", "participant")


class EventTriggers:
    """Rule triggers and their arguments; ``use_rules=False`` suggests no rule events."""

    def __init__(self, nlp: Language, name: str, resources: str, use_rules: bool = True) -> None:
        self.name = name
        self.use_rules = use_rules
        self.patterns: dict[str, TriggerPattern] = {}
        self.matcher = Matcher(nlp.vocab)
        for pattern in load_lexicons(resources or None).triggers:
            key = f"{pattern.label}|{pattern.name}"
            self.patterns[key] = pattern
            self.matcher.add(key, [pattern.pattern])

    def __call__(self, doc: Doc) -> Doc:
        if not self.use_rules:
            doc.user_data[EVENT_INFO] = []
            return doc
        strings = doc.vocab.strings
        entity_tokens = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ != "DATE":
                entity_tokens[ent.start:ent.end] = b"\x01" * len(ent)
        candidates: list[Candidate] = []
        for match_id, start, end in self.matcher(doc):
            pattern = self.patterns[strings[match_id]]
            if pattern.trigger is not None:
                window = range(start, end)[slice(*pattern.trigger)]
                start, end = window.start, window.stop
            if not self._fires(doc, pattern, start, end) or any(entity_tokens[start:end]):
                continue
            candidates.append(Candidate(start, end, pattern.label,
                                        f"rule:trigger:{pattern.name}", pattern.confidence,
                                        PATTERN))
        parsed = doc.has_annotation("DEP")
        labels = {(e.start_char, e.end_char): e.label_ for e in doc.ents}
        events = []
        for cand in resolve(candidates, len(doc)):
            trigger = doc[cand.start:cand.end]
            args = self.parse_arguments(cand.label, trigger) if parsed else []
            if not args:
                args = self.window_arguments(cand.label, trigger)
            args = typed(cand.label, args, labels)
            events.append((trigger.start_char, trigger.end_char, cand.label, cand.source,
                           cand.confidence, args))
        doc.user_data[EVENT_INFO] = events
        return doc

    @staticmethod
    def _fires(doc: Doc, pattern: TriggerPattern, start: int, end: int) -> bool:
        if pattern.not_next and end < len(doc) and doc[end].lower_ in pattern.not_next:
            return False
        if pattern.not_prev and start > 0 and doc[start - 1].lower_ in pattern.not_prev:
            return False
        if pattern.context:
            sentence = doc[start].sent
            return any(token.lower_ in pattern.context for token in sentence)
        return True

    @staticmethod
    def window_arguments(label: str, trigger: Span) -> list[Argument]:
        before_role, after_role = _roles(label)
        sentence = trigger.sent
        ents = [e for e in sentence.ents]
        args: list[Argument] = []
        clause_start, clause_end = clause_of(trigger, _boundaries(sentence, []))
        before = [e for e in ents if e.end <= trigger.start and e.label_ in ACTORS
                  and e.start >= clause_start]
        if before:
            actor = before[-1]
            args.append((before_role, actor.start_char, actor.end_char))
        after = [e for e in ents if trigger.end <= e.start <= trigger.end + TARGET_WINDOW
                 and e.label_ in ACTORS and e.label_ != "NORP"
                 and e.end <= clause_end]
        if after and (label in DIRECTED or after[0].label_ == "PERSON"):
            args.append((after_role, after[0].start_char, after[0].end_char))
        if label not in DIRECTED:  # every person of the clause takes part: "X and Y met"
            args += [("participant", e.start_char, e.end_char) for e in ents
                     if e.label_ == "PERSON" and clause_start <= e.start and e.end <= clause_end
                     and ("participant", e.start_char, e.end_char) not in args]
        dates = clause_dates(trigger, [e for e in ents if e.label_ == "DATE"])
        if dates:
            date = min(dates, key=lambda e: abs(e.start - trigger.start))
            args.append(("time", date.start_char, date.end_char))
        if label in WITH_PLACE:
            places = [e for e in ents if e.label_ in PLACES and _after_preposition(e)]
            if places:
                place = min(places, key=lambda e: abs(e.start - trigger.start))
                args.append(("place", place.start_char, place.end_char))
        return args

    @staticmethod
    def parse_arguments(label: str, trigger: Span) -> list[Argument]:
        doc = trigger.doc
        head = trigger.root
        verb = head if head.pos_ in ("VERB", "AUX") or head.dep_ == "ROOT" else head.head
        subject_role, object_role = _roles(label)
        args: list[Argument] = []

        def entity_of(token_index: int) -> Span | None:
            for ent in doc.ents:
                if ent.start <= token_index < ent.end:
                    return ent
            return None

        for child in verb.children:
            role = None
            if child.dep_ in ("nsubj", "nsubjpass"):
                role = subject_role
            elif child.dep_ in ("dobj", "pobj", "dative"):
                role = object_role
            elif child.dep_ == "prep":
                for grandchild in child.children:
                    ent = entity_of(grandchild.i) if grandchild.dep_ == "pobj" else None
                    if ent is None:
                        continue
                    if ent.label_ == "DATE":
                        args.append(("time", ent.start_char, ent.end_char))
                    elif ent.label_ in PLACES and child.lower_ in PLACE_PREPOSITIONS \
                            and label in WITH_PLACE:
                        args.append(("place", ent.start_char, ent.end_char))
                    elif child.lower_ == "with":
                        args.append(("participant", ent.start_char, ent.end_char))
            elif child.dep_ == "npadvmod":
                ent = entity_of(child.i)
                if ent is not None and ent.label_ == "DATE":
                    args.append(("time", ent.start_char, ent.end_char))
            if role is not None:
                ent = entity_of(child.i)
                if ent is not None and ent.label_ in ACTORS:
                    args.append((role, ent.start_char, ent.end_char))
        return list(dict.fromkeys(args))


@Language.factory("jk_events", default_config={"resources": "", "use_rules": True})
def make_event_triggers(nlp: Language, name: str, resources: str,
                        use_rules: bool) -> EventTriggers:
    return EventTriggers(nlp, name, resources, use_rules)
