"""The actor knowledge base (``resources/actors.yml``): ids, names in three scripts, offices.

Pure data: loading, name normalisation and lookup by id or name. Choosing one actor for a
mention in context is :mod:`jkannotate.nlp.linking`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from jkannotate.core.errors import InputError
from jkannotate.core.resources import resource_path, safe_yaml_loader

ACTOR_TYPES = ("PERSON", "ORG", "GPE", "LOC")
INTERNATIONAL_CODES = {"UNO", "EUR", "IGO", "NGO", "ISM", "IMG", "MNC"}
FAMILY_NAME_FIRST = {"KOR", "PRK", "CHN", "TWN", "HKG"}
_STRIP = re.compile(r"[\s\-‐‑–—.,'’`·・･()（）\"“”]+")
# a company's legal form, written or left off at will ("SK Hynix Inc.", "Mitsubishi Heavy
# Industries Ltd.", "삼성전자㈜", "株式会社デンソー"): never part of what tells companies apart
_LEGAL_FORM = re.compile(
    r"(?:[\s,]+(?:co\.?,?\s*ltd\.?|co\.?,?\s*inc\.?|ltd\.?|inc\.?|corp\.?|corporation|co\.?|"
    r"company|limited|incorporated|k\.\s?k\.|plc|llc)|\s*(?:㈜|\(주\)|주식회사|株式会社))$"
    r"|^(?:㈜|\(주\)|주식회사|株式会社)\s*", re.I)
# "Ministry of Foreign Affairs" is also written "Foreign Affairs Ministry"
_INVERTIBLE = re.compile(
    r"(Ministry|Agency|Bureau|Office|Board|Commission|Committee|Council|Department|Institute|"
    r"Secretariat|Service|Administration|Authority) of (?:the )?(.+)")


@lru_cache(maxsize=1 << 16)
def normalise_name(text: str) -> str:
    """The form names are compared in: NFKC, no accents, case, spaces, hyphens or dots.

    "Moon Jae-in", "Moon Jae In" and "moon jaein" compare equal; "Shinzō" equals "Shinzo".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    # drop combining marks of Latin letters only: Hangul decomposes into jamo under NFKD
    kept = "".join(
        c for c in decomposed if not (unicodedata.combining(c) and "LATIN" in _base_name(c))
    )
    return _STRIP.sub("", unicodedata.normalize("NFKC", kept)).casefold()


def without_legal_form(name: str) -> str:
    """``name`` without a company's legal form at its end or start; ``name`` itself when
    nothing else would be left."""
    if re.search(r"(?:&|\band)\s+co\.?$", name.strip(), re.I):
        return name  # "Mitsui & Co.": a partnership's name, not a legal form
    stripped = _LEGAL_FORM.sub("", name.strip()).strip(" ,")
    return stripped if len(stripped) >= 2 else name


def name_variants(name: str, actor_type: str) -> set[str]:
    """The normalised forms under which an actor's name is looked up: the name; for
    organisations also without a legal form, and an institution's "Ministry of X" as
    "X Ministry"."""
    forms = {normalise_name(name)}
    if actor_type == "ORG":
        forms.add(normalise_name(without_legal_form(name)))
        if match := _INVERTIBLE.fullmatch(name.strip()):
            forms.add(normalise_name(f"{match[2]} {match[1]}"))
    return {form for form in forms if form}


def _base_name(mark: str) -> str:
    # combining marks have no script of their own; Latin accents are the ones in U+0300-036F
    return "LATIN" if 0x300 <= ord(mark) <= 0x36F else ""


@dataclass(frozen=True, slots=True)
class Office:
    office: str
    start: str | None = None
    end: str | None = None
    sector: str | None = None

    def holds_on(self, day: str) -> bool:
        """Whether the office was held on ISO ``day`` (a start or end of only a year or month
        counts for the whole period it names)."""
        if self.start is None or day[: len(self.start)] < self.start:
            return False
        return self.end is None or day[: len(self.end)] <= self.end


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor of the knowledge base."""

    id: str
    type: str
    name: str
    country: str | None = None
    sector: str | None = None
    names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    local_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()
    administered_by: str | None = None
    claimed_by: tuple[str, ...] = ()
    qid: str | None = None
    qid_source: str | None = None
    since: str | None = None
    parent: str | None = None
    business: tuple[str, ...] = ()

    @property
    def code(self) -> str | None:
        """The PLOVER country code: the country, or who administers a disputed place."""
        return self.country or self.administered_by

    def all_names(self) -> Iterator[str]:
        yield self.name
        for aliases in self.names.values():
            yield from aliases

    def short_names(self) -> set[str]:
        """A person's family name as written alone after a first full mention."""
        if self.type != "PERSON":
            return set()
        words = self.name.replace("-", " ").split()
        if len(words) < 2:
            return set()
        family_first = (self.country or "") in FAMILY_NAME_FIRST
        return {normalise_name(words[0] if family_first else words[-1])}

    def office_on(self, day: str | None) -> Office | None:
        if day is None:
            return None
        for office in self.offices:
            if office.holds_on(day):
                return office
        return None

    def sector_on(self, day: str | None) -> str | None:
        """The PLOVER sector on ``day``: an office held then gives its sector (GOV unless
        it says otherwise), else the actor's own sector."""
        office = self.office_on(day)
        if office is not None:
            return office.sector or "GOV"
        return self.sector


def _strings(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise InputError(f"expected a list of names, got {value!r}", "actors.yml")
    return tuple(str(item) for item in value)


def _date(value: object) -> str | None:
    return None if value is None else str(value)


def _actor(data: dict[str, object]) -> Actor:
    offices = tuple(
        Office(str(o["office"]), _date(o.get("start")), _date(o.get("end")), o.get("sector"))
        for o in data.get("offices") or []
    )
    return Actor(
        id=str(data["id"]),
        type=str(data["type"]),
        name=str(data["name"]),
        country=data.get("country"),  # type: ignore[arg-type]
        sector=data.get("sector"),  # type: ignore[arg-type]
        names={lang: _strings(data.get(lang)) for lang in ("en", "ko", "ja")},
        local_names=_strings(data.get("local")),
        demonyms=_strings(data.get("demonyms")),
        offices=offices,
        administered_by=data.get("administered_by"),  # type: ignore[arg-type]
        claimed_by=_strings(data.get("claimed_by")),
        qid=data.get("qid"),  # type: ignore[arg-type]
        qid_source=data.get("qid_source"),  # type: ignore[arg-type]
        since=_date(data.get("since")),
        parent=data.get("parent"),  # type: ignore[arg-type]
        business=_strings(data.get("business")),
    )


def _leading_words(actors: list[Actor]) -> dict[str, set[str]]:
    """Normalised leading words of every name (all but its last word) → the actor ids."""
    found: dict[str, set[str]] = {}
    for actor in actors:
        for name in actor.all_names():
            words = name.split()
            for size in range(1, len(words)):
                found.setdefault(normalise_name(" ".join(words[:size])), set()).add(actor.id)
    return found


class ActorKB:
    """The actors with indexes by id, by (normalised name, type) and by short name."""

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: dict[str, Actor] = {}
        self.by_name: dict[tuple[str, str], list[Actor]] = {}
        self.by_local: dict[tuple[str, str], list[Actor]] = {}
        self.by_demonym: dict[str, list[Actor]] = {}
        self.by_qid: dict[str, Actor] = {}
        actors = list(actors)
        leading = _leading_words(actors)
        for actor in actors:
            if actor.id in self.actors:
                raise InputError(f"actor id {actor.id} appears twice", "actors.yml")
            self.actors[actor.id] = actor
            if actor.qid:
                self.by_qid[actor.qid] = actor
            names = {normalise_name(n) for n in actor.all_names()}
            # a name left without its legal form may be the group's name that other
            # companies' names start with ("Mitsubishi" of "Mitsubishi Corp."): not this one's
            names |= {v for n in actor.all_names() for v in name_variants(n, actor.type)
                      if not leading.get(v, set()) - {actor.id}}
            for name in names - {""}:
                self.by_name.setdefault((name, actor.type), []).append(actor)
            for name in {v for n in actor.local_names for v in name_variants(n, actor.type)}:
                self.by_local.setdefault((name, actor.type), []).append(actor)
            for name in {normalise_name(n) for n in actor.demonyms}:
                self.by_demonym.setdefault(name, []).append(actor)

        self.children: dict[str, list[Actor]] = {}
        for actor in self.actors.values():
            if actor.parent:
                self.children.setdefault(actor.parent, []).append(actor)

    def __len__(self) -> int:
        return len(self.actors)

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def get(self, actor_id: str | None) -> Actor | None:
        return self.actors.get(actor_id) if actor_id else None

    def named(self, text: str, types: Iterable[str] = ACTOR_TYPES) -> list[Actor]:
        """Actors one of whose names (not local names) is ``text``, of the given types;
        where none is, those named by its variants (:func:`name_variants`)."""
        types = tuple(types)
        key = normalise_name(text)
        exact = [a for t in types for a in self.by_name.get((key, t), [])]
        if exact:
            return exact
        found: list[Actor] = []
        for actor_type in types:  # "SK Hynix Inc.", "Foreign Affairs Ministry"
            for variant in sorted(name_variants(text, actor_type) - {key}):
                found += [a for a in self.by_name.get((variant, actor_type), [])
                          if a not in found]
        return found

    def search(self, prefix: str, limit: int = 20) -> list[Actor]:
        """Type-ahead: actors with a name starting with ``prefix`` (name order)."""
        key = normalise_name(prefix)
        if not key:
            return []
        found = [
            actor for actor in self.actors.values()
            if any(normalise_name(n).startswith(key) for n in actor.all_names())
        ]
        return sorted(found, key=lambda a: a.name)[:limit]


def load_actors(path: Path | None = None) -> ActorKB:
    """The knowledge base from ``path`` (default: the shipped ``resources/actors.yml``)."""
    source = Path(path) if path else resource_path("actors.yml")
    try:
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=safe_yaml_loader())
        return ActorKB(_actor(item) for item in data["actors"])
    except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
        raise InputError(f"cannot read the actor knowledge base: {error}", str(source)) from error


@lru_cache(maxsize=1)
def shipped_actors() -> ActorKB:
    """The shipped knowledge base, read once per process."""
    return load_actors()


_QID = re.compile(r"Q[1-9][0-9]*")


def actor_keys(reference: str, kb: ActorKB | None = None) -> tuple[str, ...]:
    """The ``kb_id`` values of spans linked to the actor ``reference``: its project id and,
    where checked, its Wikidata QID (links imported from other tools may carry either).

    ``reference`` is a project id (``jka:`` may be left off), a QID, ``NIL`` (mentions
    marked "not in KB") or a name of exactly one actor in any script. An id or QID the
    knowledge base does not hold is taken as given; an unknown or ambiguous name is an
    :class:`InputError`.
    """
    kb = kb or shipped_actors()
    wanted = reference.strip()
    if not wanted:
        raise InputError("an empty actor: give a project id, a QID or a name")
    if wanted.upper() == "NIL":
        return ("NIL",)
    if _QID.fullmatch(wanted.upper()):
        found = kb.by_qid.get(wanted.upper())
        return (found.id, wanted.upper()) if found else (wanted.upper(),)
    for candidate in (wanted, f"jka:{wanted}"):
        if candidate in kb:
            actor = kb.actors[candidate]
            return (actor.id, actor.qid) if actor.qid else (actor.id,)
    if ":" in wanted:
        return (wanted,)
    named = {actor.id: actor for actor in kb.named(wanted)}
    if not named:
        near = ", ".join(actor.id for actor in kb.search(wanted, 3))
        raise InputError(f"no actor {wanted!r} in the knowledge base"
                         + (f" (did you mean {near}?)" if near else ""))
    if len(named) > 1:
        raise InputError(f"{wanted!r} names {len(named)} actors: "
                         + ", ".join(sorted(named)) + "; give the id")
    (actor,) = named.values()
    return (actor.id, actor.qid) if actor.qid else (actor.id,)
