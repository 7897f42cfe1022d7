"""The ``jk_issue_tags`` spaCy component: document issue tags from weighted cue lexicons.

Score per label S = sum over distinct cues of weight * sqrt(min(count, 3)); confidence
1 - exp(-S). The evidence is the sentences holding the label's strongest cues (at most
``MAX_EVIDENCE``), so an annotator sees why. Results go to ``doc.user_data["jk_tags"]`` as
``(label, confidence, source, [(start_char, end_char), ...])``.
"""

from __future__ import annotations

import math
from collections import defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from jkannotate.nlp.lexicons import load_lexicons

TAG_INFO = "jk_tags"
MAX_EVIDENCE = 3
MIN_CONFIDENCE = 0.3  # below this a tag is noise, not a suggestion


def tag_confidence(weighted_counts: dict[str, tuple[float, int]]) -> float:
    """1 - exp(-S) over cue -> (weight, count)."""
    score = sum(weight * math.sqrt(min(count, 3)) for weight, count in weighted_counts.values())
    return 1.0 - math.exp(-score)


class IssueTags:
    def __init__(self, nlp: Language, name: str, resources: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.weights: dict[str, float] = {}
        for label, cues in load_lexicons(resources or None).cues.items():
            for cue, weight in cues.items():
                key = f"{label}|{cue}"
                self.weights[key] = weight
                self.matcher.add(key, [nlp.make_doc(cue)])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        counts: dict[str, dict[str, tuple[float, int]]] = defaultdict(dict)
        hits: dict[str, list[tuple[float, int]]] = defaultdict(list)  # label -> (weight, token)
        for match_id, start, _end in self.matcher(doc):
            key = strings[match_id]
            label, cue = key.split("|", 1)
            weight, count = counts[label].get(cue, (self.weights[key], 0))
            counts[label][cue] = (weight, count + 1)
            hits[label].append((weight, start))
        tags = []
        for label, cue_counts in counts.items():
            confidence = tag_confidence(cue_counts)
            if confidence < MIN_CONFIDENCE:
                continue
            evidence: list[tuple[int, int]] = []
            for _weight, token_index in sorted(hits[label], key=lambda h: (-h[0], h[1])):
                sentence = doc[token_index].sent
                bounds = (sentence.start_char, sentence.end_char)
                if bounds not in evidence:
                    evidence.append(bounds)
                if len(evidence) == MAX_EVIDENCE:
                    break
            tags.append((label, confidence, "rule:cues", sorted(evidence)))
        tags.sort(key=lambda tag: -tag[1])
        doc.user_data[TAG_INFO] = tags
        return doc


@Language.factory("jk_issue_tags", default_config={"resources": ""})
def make_issue_tags(nlp: Language, name: str, resources: str) -> IssueTags:
    return IssueTags(nlp, name, resources)
