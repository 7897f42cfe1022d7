"""JSON Lines input: one article object per line, read as a stream.

Each line holds ``{"text": …}`` (or ``body``/``content``) with optional ``title``
(or ``headline``), ``url``, ``outlet`` (or ``source``/``publisher``, a string or an object
with a ``name``), ``date`` (or ``published``), ``byline`` (or ``author``) and ``meta``.
Without an outlet, a byline such as "By Jane Doe, Reuters" gives it.  Blank lines are skipped.
Lines are read and checked by :mod:`jkannotate.core.json_lines` (size, UTF-8, storable
strings, nesting and number limits), as every JSONL reader reads them. The text is kept as
given apart from newline normalisation; JSONL is taken to be already clean (no boilerplate
removal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.json_lines import (  # noqa: F401 - the names this module has always had
    MAX_DEPTH,
    MAX_LINE_BYTES,
    MAX_NUMBER_CHARS,
    check_values,
    json_lines,
    parse_line,
    parsed_lines,
    raw_lines,
)
from jkannotate.core.model import Document
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.encoding import normalise_newlines
from jkannotate.ingest.titles import derive_title, text_with_title


def _text_field(data: dict[str, Any], name: str) -> str | None:
    value = data.get(name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"'{name}' must be a string")
    return value.strip()


TEXT_KEYS = ("text", "body", "content")
_BYLINE_ROLES = {"and", "staff", "writer", "reporter", "correspondent", "editor", "editors",
                 "contributor", "columnist", "bureau", "chief", "senior", "special", "in"}
OUTLET_KEYS = ("outlet", "source", "publisher")


def _first(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = data.get(key)
        if value is not None and value != "":
            return value
    return None


def _outlet(data: dict[str, Any]) -> str | None:
    value = _first(data, OUTLET_KEYS)
    if isinstance(value, dict):  # e.g. NewsAPI: "source": {"id": …, "name": "Reuters"}
        value = value.get("name")
    if value is not None and not isinstance(value, str):
        raise ValueError("'outlet' (or source/publisher) must be a string")
    return value.strip() or None if value else None


def outlet_from_byline(byline: str | None) -> str | None:
    """The outlet a byline ends with: "By Jane Doe, Reuters" gives "Reuters".

    Not a role ("…, Staff Writer"), a place with a date, or a second author ("…, and Kim").
    """
    if not byline or "," not in byline:
        return None
    last = byline.rsplit(",", 1)[1].strip().rstrip(".")
    words = {word.lower() for word in last.split()}
    if (not last or len(last) > 60 or not last[0].isupper() or any(c.isdigit() for c in last)
            or words & _BYLINE_ROLES):
        return None
    return last


def document_from_object(data: Any, path: str, line: int) -> Document:
    """Validate one parsed JSONL object and make a Document of it, its text opening with
    its headline (:func:`jkannotate.ingest.titles.text_with_title`)."""
    if not isinstance(data, dict):
        raise InputError("each line must be a JSON object", path, line)
    text = _first(data, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise InputError("the object has no 'text' (a non-empty string is required; "
                         "'body' and 'content' are read too)", path, line)
    meta = data.get("meta") or {}
    if not isinstance(meta, dict):
        raise InputError("'meta' must be an object", path, line)
    try:
        title = _text_field(data, "title") or _text_field(data, "headline")
        date = _text_field(data, "date") or _text_field(data, "published")
        byline = _text_field(data, "byline") or _text_field(data, "author")
        outlet = _outlet(data) or outlet_from_byline(byline)
        url = _text_field(data, "url")
    except ValueError as error:
        raise InputError(str(error), path, line) from error
    text = normalise_newlines(text)
    meta = dict(meta)
    published = parse_date(date)
    if date and not published:
        meta["date_raw"] = date
    if not title:
        title = derive_title(text)
        meta["title_derived"] = True
    else:  # the headline opens the text before the document is made (and hashed, once)
        text = text_with_title(title, text)
    meta["source_line"] = line
    return Document(text=text, title=title, outlet=outlet, url=url, published=published,
                    byline=byline, meta=meta)


EMPTY_JSONL = "the file is empty (no JSON lines)"


def jsonl_documents(
    lines: Iterable[tuple[int, bytes | InputError]], path: str | Path
) -> Iterator[Document | InputError]:
    """Documents of some lines of a JSONL file (``json_lines.raw_lines``), in order; a bad
    line yields its :class:`InputError`."""
    name = str(path)
    for number, data in parsed_lines(lines, name):
        if isinstance(data, InputError):
            yield data
            continue
        try:
            yield document_from_object(data, name, number)
        except InputError as error:
            yield error
