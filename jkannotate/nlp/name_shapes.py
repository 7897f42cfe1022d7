"""Names found by their shape: titled people, Korean three-part names, organisations by head word.

These rules let the suggester name people and organisations it has never seen: "Trade Minister
Yoo Myung-hee" -> PERSON "Yoo Myung-hee", "Choi Jong-kun" -> PERSON, "Seoul High Court" -> ORG.
One left-to-right pass over the tokens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jkannotate.nlp.candidates import SHAPE, Candidate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# words of a title written before a name; stripped from PERSON spans (OntoNotes: no titles)
TITLE_WORDS = frozenset(
    """President Prime Minister Foreign Defense Defence Trade Finance Unification Industry Economy
    Justice Interior Vice Deputy Chief Cabinet Secretary State Ambassador Emperor Empress King Queen
    Crown Prince Princess Mr. Ms. Mrs. Dr. Gen. Adm. Lt. Col. Rep. Sen. Gov. Governor Mayor Judge
    Chairman Chairwoman Chair Director Commissioner Spokesperson Spokesman Spokeswoman Speaker
    Leader Premier Chancellor Senator General Admiral Former Acting First Lady National Security
    Adviser Advisor Presidential Envoy Special Representative Supreme Commander Lawmaker Professor
    Chief-of-Staff Pope Foreign-Minister President-elect Floor CEO Chairperson""".split()
)
# lower-case role words directly before a name ("spokesperson Wang Wenbin", "leader Kim Jong Un")
ROLE_WORDS = frozenset(
    """spokesperson spokesman spokeswoman leader lawmaker envoy counterpart minister president
    premier ambassador chairman chairwoman director governor mayor chief secretary official
    negotiator diplomat adviser advisor professor plaintiff survivor victim activist analyst
    president-elect""".split()
)
# words that end (or head) an organisation's name
ORG_HEADS = frozenset(
    """Ministry Agency Court Party Corp. Corp Corporation Co. Inc. Ltd. Company Holdings Industries
    Electronics Group Association Federation Council Service Office Organization Organisation Bank
    Fund Institute University Foundation Commission Committee Assembly Embassy Department Forces
    Staff Steel Motor Motors Chemical Chemicals Research Administration Bureau Guard Navy Army
    Command Network Shimbun Ilbo Agency Alliance Union Society League Board Authority Cabinet
    Secretariat Prosecutors Prosecution Police Force Press""".split()
)
GPE_HEADS = frozenset({"Province", "Prefecture", "County"})
LOC_HEADS = frozenset({"Peninsula", "Island", "Islands", "Islets", "Strait", "Mountains", "Mines"})
ORG_CONNECTORS = frozenset({"of", "for", "&"})
# Korean and Chinese family names: a surname-first name is referred to by its first part
FAMILY_FIRST = frozenset(
    """Kim Lee Park Choi Jung Chung Kang Cho Yoon Yun Jang Lim Han Oh Seo Shin Kwon Hwang Ahn Song
    Yoo Hong Jeon Ko Moon Yang Son Bae Baek Heo Nam Noh Roh Ha Kwak Sung Cha Ban Suh Ri Choe Pak
    Xi Li Wang Zhang Liu Chen Yang Zhao Huang Zhou Wu Hu Jiang Wen Qin Mao""".split()
)


def is_capitalised(token: Token) -> bool:
    """A token that can be part of a name: capitalised, not punctuation, not a function word."""
    text = token.text
    if not text[:1].isupper() or token.is_punct:
        return False
    if token.is_stop and not (text.isupper() and len(text) > 1):
        return False
    return True


def _hyphen_joined(doc: Doc, i: int) -> bool:
    """Tokens i, i+1 are "-" and a word glued to token i-1: "Jae" "-" "in"."""
    return (
        i + 1 < len(doc)
        and doc[i].text == "-"
        and not doc[i - 1].whitespace_
        and not doc[i].whitespace_
        and doc[i + 1].is_alpha
    )


def name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Maximal runs of capitalised tokens, glued hyphen parts included ("Moon Jae-in")."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not is_capitalised(doc[i]):
            i += 1
            continue
        start = i
        i += 1
        while i < n:
            if is_capitalised(doc[i]):
                i += 1
            elif i > start and _hyphen_joined(doc, i):
                i += 2
            else:
                break
        runs.append((start, i))
    return runs


def _person_in_run(doc: Doc, start: int, end: int, known: list[str | None]) -> Candidate | None:
    first = start
    titled = False
    while first < end and (doc[first].text in TITLE_WORDS or known[first] in ("NORP", "GPE")):
        titled = titled or doc[first].text in TITLE_WORDS
        first += 1
    if first >= end:
        return None
    words = [t for t in doc[first:end] if t.text != "-"]
    if len(words) > 4 or any(t.text in ORG_HEADS or t.text in TITLE_WORDS for t in words):
        return None
    if any(known[k] not in (None, "PERSON") for k in range(first, end)):
        return None
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.text == "," and start > 1:
        before = doc[start - 2]
    role_before = before is not None and before.lower_ in ROLE_WORDS and first == start
    glued = any(t.text == "-" for t in doc[first:end])
    korean_shape = glued and len(words) == 3 and words[2].text[:1].islower()
    if titled or role_before:
        return Candidate(first, end, "PERSON", "rule:shape:titled_name", 0.85, SHAPE)
    if korean_shape and first == start:
        return Candidate(first, end, "PERSON", "rule:shape:korean_name", 0.8, SHAPE)
    return None


def _org_run_end(doc: Doc, start: int, end: int) -> int:
    """Extend a run over connectors: "Ministry of Foreign Affairs", "Nippon Steel & Sumitomo"."""
    while end + 1 < len(doc) and doc[end].lower_ in ORG_CONNECTORS and is_capitalised(doc[end + 1]):
        end += 2
        while end < len(doc) and is_capitalised(doc[end]):
            end += 1
    return end


DATELINE_AFTER = frozenset({",", "—", "–", "-", "--", "(", ":", "/"})


def datelines(doc: Doc, known: list[str | None]) -> list[Candidate]:
    """Cities of datelines the gazetteer does not know: "ANYANG, South Korea, Aug. 19 (Yonhap)
    --", "SYDNEY —": upper-case words opening a paragraph, before a comma, dash or bracket."""
    found: list[Candidate] = []
    for i in range(len(doc)):
        if i > 0 and not (doc[i - 1].is_space and "\n" in doc[i - 1].text) \
                and not (doc[i - 1].text == "/" and found and found[-1].end == i - 1):
            continue
        end = i
        while end < len(doc) and doc[end].is_alpha and doc[end].is_upper and len(doc[end]) > 1:
            end += 1
        if end == i or end - i > 3 or end >= len(doc) or doc[end].text not in DATELINE_AFTER:
            continue
        if any(known[k] not in (None, "GPE") for k in range(i, end)):
            continue
        found.append(Candidate(i, end, "GPE", "rule:shape:dateline", 0.8, SHAPE))
    return found


def scan_names(doc: Doc, known: list[str | None]) -> list[Candidate]:
    """PERSON, ORG and GPE candidates from the shape of capitalised runs and datelines.

    ``known`` gives, per token, the label of a gazetteer match covering it (or None).
    """
    found: list[Candidate] = datelines(doc, known)
    for start, end in name_runs(doc):
        if doc[start].text == "The":
            start += 1
            if start >= end:
                continue
        org_end = _org_run_end(doc, start, end)
        words = doc[start:org_end]
        if len(words) >= 2 and any(t.text in ORG_HEADS for t in words):
            head_first = next(i for i in range(start, org_end) if doc[i].text in ORG_HEADS)
            titled = _titled_person_after_org(doc, start, org_end, known)
            if titled:
                found.extend(titled)
                continue
            org_start = start
            while (org_start < head_first and doc[org_start].text in TITLE_WORDS - {"National"}
                   and doc[org_start + 1].text not in ORG_HEADS):
                org_start += 1  # "Foreign Minister X" strips, "Supreme Court" keeps
            if org_end - org_start >= 2:
                found.append(
                    Candidate(org_start, org_end, "ORG", "rule:shape:org_head", 0.8, SHAPE)
                )
                continue
        if end - start >= 2 and doc[end - 1].text in GPE_HEADS:
            found.append(Candidate(start, end, "GPE", "rule:shape:province", 0.8, SHAPE))
            continue
        if end - start >= 2 and doc[end - 1].text in LOC_HEADS:
            found.append(Candidate(start, end, "LOC", "rule:shape:place", 0.75, SHAPE))
            continue
        if end - start == 1 and _is_the_north(doc, start):
            found.append(Candidate(start, end, "GPE", "rule:shape:the_north", 0.8, SHAPE))
            continue
        person = _person_in_run(doc, start, end, known)
        if person is not None:
            found.append(person)
    return found


def _titled_person_after_org(
    doc: Doc, start: int, end: int, known: list[str | None]
) -> list[Candidate]:
    """"Chief Cabinet Secretary Yoshimasa Hayashi", "Foreign Ministry Spokesperson Wang
    Wenbin": an organisation word followed by a title word introduces a person, not an ORG.

    Returns the person (and the organisation before the title, when it is a name of two
    or more words of its own), or nothing when the run is not of that shape.
    """
    for k in range(start + 1, end - 1):
        if doc[k - 1].text in ORG_HEADS and doc[k].text in TITLE_WORDS - ORG_HEADS:
            person = _person_in_run(doc, k, end, known)
            if person is None:
                return []
            found = [person]
            org_start = start
            while org_start < k and doc[org_start].text in TITLE_WORDS - ORG_HEADS:
                org_start += 1
            if k - org_start >= 2 and known[org_start] is None:
                found.append(Candidate(org_start, k, "ORG", "rule:shape:org_head", 0.75, SHAPE))
            return found
    return []


def _is_the_north(doc: Doc, i: int) -> bool:
    """"the North" standing for North Korea (OntoNotes: GPE "North")."""
    return (
        doc[i].text in ("North", "South")
        and i > 0
        and doc[i - 1].lower_ == "the"
        and (i + 1 == len(doc) or not doc[i + 1].text[:1].isalpha() or doc[i + 1].is_lower)
        and (i + 1 == len(doc) or doc[i + 1].text != "-")
    )


def surname_of(doc: Doc, start: int, end: int) -> str | None:
    """The part of a full name used alone: "Moon" of "Moon Jae-in", "Kishida" of "Fumio Kishida"."""
    words = [t for t in doc[start:end] if t.text != "-"]
    if len(words) < 2:
        return None
    glued = any(t.text == "-" for t in doc[start:end])
    if glued or words[0].text in FAMILY_FIRST:
        return words[0].text
    last = words[-1].text
    return None if last.endswith(".") else last
