"""Known news organisations (``resources/outlets.yml``): canonical names and agencies.

``canonical_outlet`` turns the ways pages write an outlet ("AP", "Kyodo", "YONHAP News")
into one stored name; ``agency_in`` finds a wire agency named in a dateline or byline.
"""

from __future__ import annotations

import functools
import re

import yaml

from jkannotate.core.resources import resource_path


@functools.cache
def _table() -> tuple[dict[str, str], frozenset[str], re.Pattern[str]]:
    data = yaml.safe_load(resource_path("outlets.yml").read_text(encoding="utf-8")) or {}
    names: dict[str, str] = {}
    agencies: set[str] = set()
    for entry in data.get("outlets", []):
        canonical = str(entry["name"])
        for alias in [canonical, *(entry.get("aliases") or [])]:
            names.setdefault(_key(str(alias)), canonical)
        if entry.get("agency"):
            agencies.add(canonical)
    agency_aliases = sorted((alias for alias, name in names.items() if name in agencies),
                            key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(" + "|".join(re.escape(a) for a in agency_aliases)
                         + r")(?![\w-])", re.I)
    return names, frozenset(agencies), pattern


def _key(name: str) -> str:
    return " ".join(name.lower().replace("’", "'").split()).strip(" .,;:|-–—")


def known_outlet(name: str | None) -> str | None:
    """The canonical name when ``name`` is a known outlet or one of its aliases, else None."""
    if not name:
        return None
    return _table()[0].get(_key(name))


def canonical_outlet(name: str | None) -> str | None:
    """The canonical name of a known outlet; an unknown name comes back tidied."""
    if not name or not name.strip():
        return None
    return known_outlet(name) or " ".join(name.split())


def agency_in(text: str) -> str | None:
    """The canonical name of the first wire agency written in ``text`` (a dateline, a byline)."""
    match = _table()[2].search(text)
    return known_outlet(match.group(1)) if match else None


@functools.cache
def _named_pattern() -> re.Pattern[str]:
    """Every known name and alias, longest first; short all-capital aliases ("AP", "KBS")
    only in capitals, so the word "ap" or "Kbs" in a sentence is not taken for one."""
    aliases = sorted(_table()[0], key=len, reverse=True)
    parts = []
    for alias in aliases:
        if len(alias) <= 4:
            parts.append("(?-i:" + re.escape(alias.upper()) + ")")
        else:
            parts.append(re.escape(alias))
    return re.compile(r"(?<![\w-])(" + "|".join(parts) + r")(?![\w-])", re.I)


def outlets_named_in(text: str) -> list[str]:
    """Canonical names of the known outlets written in ``text``, in order of appearance."""
    found: list[str] = []
    for match in _named_pattern().finditer(text.replace("’", "'")):
        name = known_outlet(match.group(1))
        if name and name not in found:
            found.append(name)
    return found


def outlet_line(line: str) -> str | None:
    """The outlet a header line names when it is nothing else: the name alone ("The Yomiuri
    Shimbun"), the name and its slogan ("The Washington PostDemocracy Dies in Darkness"), or
    a list of agencies ("AP, Kyodo, AFP-JIJI"), the name and a time ("Korea Herald5 days ago")."""
    text = " ".join(line.split()).strip(" |-–—•·")
    if not text or len(text.split()) > 10:
        return None
    if name := known_outlet(text):
        return name
    parts = [p for p in re.split(r"\s*(?:,|/|&|\band\b)\s*", text) if p]
    if len(parts) > 1 and all(known_outlet(p) for p in parts):
        return known_outlet(parts[0])
    lowered = text.lower().replace("’", "'")
    for alias in sorted(_table()[0], key=len, reverse=True):
        after = text[len(alias):][:1]
        if len(alias) > 4 and lowered.startswith(alias) and (after.isupper() or after.isdigit()):
            return known_outlet(alias)  # run into a slogan or a time: "Korea Herald5 days ago"
    return None
