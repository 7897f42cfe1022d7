"""The ``jk_model_layer`` spaCy component: a trained pipeline's event spans and issue tags.

A pipeline trained by ``jkannotate train`` may carry ``spancat`` (``doc.spans["sc"]``: entity
and event-trigger spans) and ``textcat_multilabel`` (``doc.cats``: issue tags). This component
turns them into suggestions next to the rule components' results, with the model as source:

- events: spancat spans with an event label become events (confidence: the spancat score),
  with arguments linked like the rules' (parse, else the trigger's sentence window); where a
  rule trigger overlaps a model span, the rule trigger stays (rules know the trigger words);
- tags: every issue label whose cat score reaches ``tag_threshold``, with the sentences of the
  label's strongest rule cues as evidence (none when the text has no cue for it); where the
  rules also suggest the label, the more confident of the two stays, with the rule evidence.

Runs after ``jk_events`` and ``jk_issue_tags`` and edits their ``doc.user_data`` lists.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from jkannotate.core.model import LabelKind
from jkannotate.core.schema import load_schema
from jkannotate.nlp.events import EVENT_INFO, EventTriggers
from jkannotate.nlp.issue_tags import CUE_EVIDENCE, TAG_INFO

DEFAULT_TAG_THRESHOLD = 0.5
SPAN_CONFIDENCE = 0.6  # when the spancat component gives no scores


def _labels(kind: LabelKind) -> frozenset[str]:
    return frozenset(load_schema().names(kind))


class ModelLayer:
    def __init__(self, nlp: Language, name: str, model_source: str, spans_key: str,
                 tag_threshold: float) -> None:
        self.name = name
        self.source = model_source or "model"
        self.spans_key = spans_key
        self.tag_threshold = tag_threshold
        self.event_labels = _labels(LabelKind.EVENT)
        self.issue_labels = _labels(LabelKind.ISSUE)

    def __call__(self, doc: Doc) -> Doc:
        if self.spans_key and self.spans_key in doc.spans:
            self._events(doc)
        if doc.cats:
            self._tags(doc)
        return doc

    def _events(self, doc: Doc) -> None:
        group = doc.spans[self.spans_key]
        scores = group.attrs.get("scores")
        events = list(doc.user_data.get(EVENT_INFO, []))
        taken = [(start, end) for start, end, *_ in events]
        entity_tokens = bytearray(len(doc))
        for ent in doc.ents:
            if ent.label_ != "DATE":
                entity_tokens[ent.start:ent.end] = b"\x01" * len(ent)
        parsed = doc.has_annotation("DEP")
        best: dict[tuple[int, int], tuple[float, str]] = {}
        for i, span in enumerate(group):
            if span.label_ not in self.event_labels or any(entity_tokens[span.start:span.end]):
                continue
            if any(s < span.end_char and span.start_char < e for s, e in taken):
                continue  # a rule trigger covers it
            score = float(scores[i]) if scores is not None and i < len(scores) \
                else SPAN_CONFIDENCE
            key = (span.start, span.end)
            if key not in best or score > best[key][0]:
                best[key] = (score, span.label_)
        for (start, end), (score, label) in sorted(best.items()):
            trigger = doc[start:end]
            args = EventTriggers.parse_arguments(label, trigger) if parsed else []
            if not args:
                args = EventTriggers.window_arguments(label, trigger)
            events.append((trigger.start_char, trigger.end_char, label, self.source,
                           round(score, 4), args))
        events.sort(key=lambda event: (event[0], event[1]))
        doc.user_data[EVENT_INFO] = events

    def _tags(self, doc: Doc) -> None:
        evidence_of: dict[str, list[tuple[int, int]]] = doc.user_data.get(CUE_EVIDENCE, {})
        tags = {tag[0]: tag for tag in doc.user_data.get(TAG_INFO, [])}
        for label, score in doc.cats.items():
            if label not in self.issue_labels or score < self.tag_threshold:
                continue
            rule = tags.get(label)
            if rule is not None and rule[1] >= score:
                continue  # the rules are at least as sure, with their own evidence
            tags[label] = (label, float(score), self.source, list(evidence_of.get(label, [])))
        doc.user_data[TAG_INFO] = sorted(tags.values(), key=lambda tag: -tag[1])


@Language.factory(
    "jk_model_layer",
    default_config={"model_source": "", "spans_key": "sc",
                    "tag_threshold": DEFAULT_TAG_THRESHOLD},
)
def make_model_layer(nlp: Language, name: str, model_source: str, spans_key: str,
                     tag_threshold: float) -> ModelLayer:
    return ModelLayer(nlp, name, model_source, spans_key, tag_threshold)
