"""Document-level name resolution: a name given once in full names its later short forms.

After a full mention, later partial mentions in the same document get the full mention's
label with provenance ``rule:document-alias``: a person's surname ("Moon" after "Moon Jae-in",
"Kishida" after "Fumio Kishida"), an acronym defined in parentheses ("Nippon Steel & Sumitomo
Metal (NSSM)" ... "NSSM"), the leading words of an organisation's name ("Mitsubishi Heavy" and
"Mitsubishi" after "Mitsubishi Heavy Industries Ltd."). Never across documents (a suggester
call sees one document), never before the full mention (but in the headline, which names the
people of the lead by their short names), never for a word the document also
uses in lower case (a common word), and never when the short form runs on into another
capitalised name ("Kim" of "Kim Jong Un" after "Kim Jin-pyo", "Mitsubishi Materials"), and
never for a short form that two different full names share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jkannotate.nlp.candidates import ALIAS, Candidate
from jkannotate.nlp.name_shapes import ORG_HEADS, TITLE_WORDS, is_capitalised, surname_of

if TYPE_CHECKING:
    from spacy.tokens import Doc

ALIAS_SOURCE = "rule:document-alias"
ALIAS_CONFIDENCE = 0.8
ALIAS_LABELS = frozenset({"PERSON", "ORG", "LAW", "EVENT"})
CONNECTORS = frozenset({"&", "and", "of", "for", "-", ",", "the"})


def _acronym(doc: Doc, end: int) -> str | None:
    """"(NSSM)" right after a name: its acronym."""
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        word = doc[end + 1].text
        if 2 <= len(word) <= 8 and word[0].isalpha() and word.replace("&", "").isupper():
            return word
    return None


def short_forms(doc: Doc, cand: Candidate, known: list[str | None]) -> list[tuple[str, ...]]:
    """The short forms (as token texts) by which the document may name ``cand`` again."""
    forms: list[tuple[str, ...]] = []
    acronym = _acronym(doc, cand.end)
    if acronym is not None and cand.label in ("ORG", "LAW", "EVENT"):
        forms.append((acronym,))
    if cand.label == "PERSON":
        surname = surname_of(doc, cand.start, cand.end)
        if surname is not None:
            forms.append((surname,))
    elif cand.label == "ORG" and cand.length >= 2:
        words = [t.text for t in doc[cand.start:cand.end]]
        for k in range(len(words) - 1, 0, -1):
            prefix = tuple(words[:k])
            if prefix[-1].lower() in CONNECTORS or any(w in ORG_HEADS for w in prefix):
                continue
            if k == 1 and (prefix[0] in TITLE_WORDS or known[cand.start] not in (None, "ORG")
                           or len(prefix[0]) < 3):
                continue
            forms.append(prefix)
    return forms


def document_aliases(doc: Doc, chosen: list[Candidate], taken: bytearray,
                     known: list[str | None]) -> list[Candidate]:
    """Candidates for the later short forms of the document's full names."""
    lower_words = {t.text for t in doc if t.is_lower}
    first_seen: dict[tuple[str, ...], tuple[int, str]] = {}  # form -> (where usable, label)
    names_of: dict[tuple[str, ...], set[str]] = {}
    for cand in sorted(chosen, key=lambda c: c.start):
        if cand.label not in ALIAS_LABELS or cand.length < 2:
            continue
        for form in short_forms(doc, cand, known):
            if form[0].lower() in lower_words:
                continue
            names_of.setdefault(form, set()).add(doc[cand.start:cand.end].text)
            first_seen.setdefault(form, (cand.end, cand.label))
    for form, names in names_of.items():
        if len(names) > 1:
            del first_seen[form]  # "Kim" after "Kim Jin-pyo" and "Kim Jong Un": whose?
    if not first_seen:
        return []
    cut = doc.text.find("\n\n")
    headline_end = cut if 0 < cut <= 300 else 0  # a headline may name the lead's people short
    found: list[Candidate] = []
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for form in sorted(first_seen, key=len, reverse=True):
        by_first.setdefault(form[0], []).append(form)
    for token in doc:
        for form in by_first.get(token.text, []):
            start, end = token.i, token.i + len(form)
            usable_from, label = first_seen[form]
            before = start < usable_from and token.idx >= headline_end
            if before or end > len(doc) or any(taken[start:end]):
                continue
            if tuple(t.text for t in doc[start:end]) != form:
                continue
            nxt = doc[end] if end < len(doc) else None
            if nxt is not None and is_capitalised(nxt) and not taken[nxt.i] \
                    and doc[end - 1].whitespace_:
                continue  # "Kim" of "Kim Jong Un", "Mitsubishi" of "Mitsubishi Materials"
            found.append(Candidate(start, end, label, ALIAS_SOURCE, ALIAS_CONFIDENCE, ALIAS))
            break
    return found
