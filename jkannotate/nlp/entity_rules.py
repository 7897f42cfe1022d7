"""The ``jk_entity_rules`` spaCy component: gazetteer, patterns and name shapes over model entities.

Rules win where they know better: every rule candidate is placed first (longest first), model
entities only fill the gaps, and all of them pass the convention fixes of :mod:`postfix`.
A full name also names its later short forms (:mod:`jkannotate.nlp.aliases`): "Park Jie-won" ...
"Park said", "Nippon Steel & Sumitomo Metal (NSSM)" ... "NSSM".
Provenance goes to ``doc.user_data["jk_entities"]``: (start_char, end_char) -> (source, confidence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from jkannotate.nlp.aliases import document_aliases
from jkannotate.nlp.candidates import GAZETTEER, MODEL, PATTERN, Candidate, resolve
from jkannotate.nlp.lexicons import load_lexicons
from jkannotate.nlp.name_shapes import scan_names
from jkannotate.nlp.postfix import normalise

ENTITY_INFO = "jk_entities"
GAZETTEER_CONFIDENCE = 0.95
PATTERN_CONFIDENCE = 0.85
MODEL_CONFIDENCE = 0.7


class EntityRules:
    """Entity suggestions for a Doc; ``use_rules=False`` keeps only the fixed model entities."""

    def __init__(self, nlp: Language, name: str, resources: str, model_source: str,
                 use_rules: bool) -> None:
        lexicons = load_lexicons(resources or None)
        self.name = name
        self.model_source = model_source
        self.use_rules = use_rules
        self.aliases = lexicons.aliases
        self.gazetteer = PhraseMatcher(nlp.vocab, attr="ORTH")
        for entry in lexicons.gazetteer:
            key = f"{entry.label}|{entry.id}"
            self.gazetteer.add(key, [nlp.make_doc(alias) for alias in entry.aliases])
        self.patterns = Matcher(nlp.vocab)
        for label, patterns in lexicons.entity_patterns.items():
            for pattern_name, pattern in patterns.items():
                self.patterns.add(f"{label}|{pattern_name}", [pattern])

    def __call__(self, doc: Doc) -> Doc:
        strings = doc.vocab.strings
        model = [Candidate(e.start, e.end, e.label_, self.model_source, MODEL_CONFIDENCE, MODEL)
                 for e in doc.ents]
        rules: list[Candidate] = []
        known: list[str | None] = [None] * len(doc)
        if self.use_rules:
            for match_id, start, end in self.gazetteer(doc):
                label, entry_id = strings[match_id].split("|", 1)
                rules.append(Candidate(start, end, label, f"rule:gazetteer:{entry_id}",
                                       GAZETTEER_CONFIDENCE, GAZETTEER))
                for i in range(start, end):
                    known[i] = label
            for match_id, start, end in self.patterns(doc):
                label, pattern_name = strings[match_id].split("|", 1)
                rules.append(Candidate(start, end, label, f"rule:pattern:{pattern_name}",
                                       PATTERN_CONFIDENCE, PATTERN))
            rules.extend(scan_names(doc, known))
        rules = self._fixed(doc, rules)
        taken = bytearray(len(doc))
        chosen = resolve(rules, len(doc), taken)
        if self.use_rules:
            chosen += resolve(document_aliases(doc, chosen, taken, known), len(doc), taken)
        chosen += resolve(self._fixed(doc, model), len(doc), taken)
        chosen.sort(key=lambda c: c.start)
        doc.ents = [Span(doc, c.start, c.end, label=c.label) for c in chosen]
        doc.user_data[ENTITY_INFO] = {
            (doc[c.start].idx, doc[c.end - 1].idx + len(doc[c.end - 1])): (c.source, c.confidence)
            for c in chosen
        }
        return doc

    def _fixed(self, doc: Doc, candidates: list[Candidate]) -> list[Candidate]:
        text = doc.text
        fixed = (normalise(doc, cand, self.aliases, text) for cand in candidates)
        return [cand for cand in fixed if cand is not None]

@Language.factory(
    "jk_entity_rules",
    default_config={"resources": "", "model_source": "", "use_rules": True},
)
def make_entity_rules(nlp: Language, name: str, resources: str, model_source: str,
                      use_rules: bool) -> EntityRules:
    return EntityRules(nlp, name, resources, model_source, use_rules)
