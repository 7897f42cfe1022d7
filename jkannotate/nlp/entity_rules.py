"""The ``jk_entity_rules`` spaCy component: gazetteer, patterns and name shapes over model entities.

Rules win where they know better: every rule candidate is placed first (longest first), model
entities only fill the gaps, and all of them pass the convention fixes of :mod:`postfix`.
A full name also makes its later bare surname a PERSON ("Park Jie-won" ... "Park said").
Provenance goes to ``doc.user_data["jk_entities"]``: (start_char, end_char) -> (source, confidence).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from jkannotate.nlp.candidates import ALIAS, GAZETTEER, MODEL, PATTERN, Candidate, resolve
from jkannotate.nlp.lexicons import load_lexicons, slug
from jkannotate.nlp.name_shapes import is_capitalised, scan_names, surname_of
from jkannotate.nlp.postfix import normalise

ENTITY_INFO = "jk_entities"
GAZETTEER_CONFIDENCE = 0.95
PATTERN_CONFIDENCE = 0.85
MODEL_CONFIDENCE = 0.7
ALIAS_CONFIDENCE = 0.8


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
        if self.use_rules:
            known: list[str | None] = [None] * len(doc)
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
            chosen += resolve(self._surnames(doc, chosen, taken), len(doc), taken)
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

    @staticmethod
    def _surnames(doc: Doc, chosen: list[Candidate], taken: bytearray) -> list[Candidate]:
        """Bare surnames of the document's full PERSON names ("Moon" after "Moon Jae-in")."""
        full_names: dict[str, str] = {}
        for cand in chosen:
            if cand.label == "PERSON":
                surname = surname_of(doc, cand.start, cand.end)
                if surname and surname not in full_names:
                    full_names[surname] = doc[cand.start:cand.end].text
        if not full_names:
            return []
        found: list[Candidate] = []
        for token in doc:
            full = full_names.get(token.text)
            if full is None or taken[token.i]:
                continue
            nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and nxt.whitespace_ is not None \
                    and not taken[nxt.i] and token.whitespace_:
                continue  # "Kim" of "Kim Jin-pyo" is not "Kim" of "Kim Jong Un"
            found.append(Candidate(token.i, token.i + 1, "PERSON", f"rule:alias:{slug(full)}",
                                   ALIAS_CONFIDENCE, ALIAS))
        return found


@Language.factory(
    "jk_entity_rules",
    default_config={"resources": "", "model_source": "", "use_rules": True},
)
def make_entity_rules(nlp: Language, name: str, resources: str, model_source: str,
                      use_rules: bool) -> EntityRules:
    return EntityRules(nlp, name, resources, model_source, use_rules)
