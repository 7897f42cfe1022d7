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


def is_agency(name: str | None) -> bool:
    return known_outlet(name) in _table()[1]


def agency_in(text: str) -> str | None:
    """The canonical name of the first wire agency written in ``text`` (a dateline, a byline)."""
    match = _table()[2].search(text)
    return known_outlet(match.group(1)) if match else None
