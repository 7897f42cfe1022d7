"""The ``jk_issue_tags`` spaCy component: document issue tags from weighted cue lexicons.

Score per label S = sum over distinct cues of weight * sqrt(min(count, 3)) (a cue's spelling
and number variants count as the cue), plus ``factor * confidence(source)`` for each label that
implies it (``implies`` in ``resources/issue_cues.yml``) when the label has cues of its own;
confidence 1 - exp(-S). A label whose cues are all weak (< ``ANCHOR_WEIGHT``) and that nothing
implies is not suggested. The evidence is the
sentences holding the label's strongest cues (at most ``MAX_EVIDENCE``), so an annotator sees
why. Results go to ``doc.user_data["jk_tags"]`` as
``(label, confidence, source, [(start_char, end_char), ...])`` and the per-label evidence of
every cue-bearing label (also below the threshold) to ``doc.user_data["jk_tag_cues"]``.
"""

from __future__ import annotations

import math
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from jkannotate.nlp.lexicons import load_lexicons

TAG_INFO = "jk_tags"
CUE_EVIDENCE = "jk_tag_cues"
MAX_EVIDENCE = 3
MIN_CONFIDENCE = 0.3  # below this a tag is noise, not a suggestion
ANCHOR_WEIGHT = 0.5  # a tag needs one cue at least this strong, or a related label implying it


def cue_score(weighted_counts: dict[str, tuple[float, int]]) -> float:
    """S over canonical cue -> (weight, count)."""
    return sum(weight * math.sqrt(min(count, 3)) for weight, count in weighted_counts.values())


def tag_confidence(weighted_counts: dict[str, tuple[float, int]]) -> float:
    """1 - exp(-S) over cue -> (weight, count)."""
    return 1.0 - math.exp(-cue_score(weighted_counts))


def label_scores(counts: dict[str, dict[str, tuple[float, int]]],
                 implies: dict[str, dict[str, float]]) -> dict[str, float]:
    """Each label's S: its own cues plus the implied share of related labels (one step).

    Only labels with cues of their own get a share; labels with weak cues only and no share
    are left out.
    """
    own = {label: cue_score(cue_counts) for label, cue_counts in counts.items()}
    scores: dict[str, float] = {}
    for label, cue_counts in counts.items():
        share = sum(factor * (1.0 - math.exp(-own.get(source, 0.0)))
                    for source, targets in implies.items()
                    for target, factor in targets.items() if target == label)
        anchored = max(weight for weight, _count in cue_counts.values()) >= ANCHOR_WEIGHT
        if anchored or share > 0:
            scores[label] = own[label] + share
    return scores


class IssueTags:
    """Cue-based tags; ``use_rules=False`` suggests none but still records the cue evidence."""

    def __init__(self, nlp: Language, name: str, resources: str, use_rules: bool = True) -> None:
        self.name = name
        self.use_rules = use_rules
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        lexicon = load_lexicons(resources or None).cues
        self.implies = lexicon.implies
        self.cues: dict[str, tuple[str, float, str]] = {}  # key -> (label, weight, canonical)
        for label, table in lexicon.cues.items():
            for surface, (weight, canonical) in table.items():
                key = f"{label}|{surface}"
                self.cues[key] = (label, weight, canonical)
                self.matcher.add(key, [nlp.make_doc(surface)])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        counts: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        hits: dict[str, list[tuple[float, int]]] = defaultdict(list)  # label -> (weight, token)
        for match_id, start, _end in self.matcher(doc):
            label, weight, cue = self.cues[strings[match_id]]
            _, count = counts[label].get(cue, (weight, 0))
            counts[label][cue] = (weight, count + 1)
            hits[label].append((weight, start))
        evidence_of = {label: self._evidence(doc, label_hits) for label, label_hits in hits.items()}
        tags = []
        for label, score in label_scores(counts, self.implies).items():
            confidence = 1.0 - math.exp(-score)
            if confidence < MIN_CONFIDENCE:
                continue
            tags.append((label, confidence, "rule:cues", evidence_of[label]))
        tags.sort(key=lambda tag: -tag[1])
        doc.user_data[TAG_INFO] = tags if self.use_rules else []
        doc.user_data[CUE_EVIDENCE] = evidence_of
        return doc

    @staticmethod
    def _evidence(doc: Doc, label_hits: list[tuple[float, int]]) -> list[tuple[int, int]]:
        """The sentences of the strongest cues, in text order."""
        evidence: list[tuple[int, int]] = []
        for _weight, token_index in sorted(label_hits, key=lambda h: (-h[0], h[1])):
            sentence = doc[token_index].sent
            bounds = (sentence.start_char, sentence.end_char)
            if bounds not in evidence:
                evidence.append(bounds)
            if len(evidence) == MAX_EVIDENCE:
                break
        return sorted(evidence)


@Language.factory("jk_issue_tags", default_config={"resources": "", "use_rules": True})
def make_issue_tags(nlp: Language, name: str, resources: str, use_rules: bool) -> IssueTags:
    return IssueTags(nlp, name, resources, use_rules)
