"""JSON Lines input: one article object per line, read as a stream.

Each line holds ``{"text": …}`` (or ``body``/``content``) with optional ``title``
(or ``headline``), ``url``, ``outlet`` (or ``source``/``publisher``, a string or an object
with a ``name``), ``date`` (or ``published``), ``byline`` (or ``author``) and ``meta``.
Without an outlet, a byline such as "By Jane Doe, Reuters" gives it.  Blank lines are skipped.
A line is never read whole beyond ``MAX_LINE_BYTES``, so a huge file is refused line by
line without loading it.  The text is kept as given apart from newline normalisation;
JSONL is taken to be already clean (no boilerplate removal).

What no database can store or no reader expects is refused line by line, as the other
inputs refuse it: NUL characters and lone surrogates in any string, nesting deeper than
:data:`MAX_DEPTH`, numbers longer than :data:`MAX_NUMBER_CHARS` or beyond a float.
"""

from __future__ import annotations

import codecs
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from jkannotate.core.errors import InputError
from jkannotate.core.model import Document
from jkannotate.ingest.dates import parse_date
from jkannotate.ingest.encoding import normalise_newlines, unstorable_reason
from jkannotate.ingest.titles import derive_title

MAX_LINE_BYTES = 5 * 1024 * 1024
"""One JSONL line (one article) larger than this is refused."""
MAX_DEPTH = 32
"""Objects and arrays nested deeper than this in one line are refused."""
MAX_NUMBER_CHARS = 100
"""A number written with more characters than this is refused."""


class _Unusable(ValueError):
    """A value json can parse but the project cannot keep."""


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Unusable(f"a number of {len(text)} digits (the limit is {MAX_NUMBER_CHARS})")
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _Unusable(f"a number of {len(text)} characters (the limit is {MAX_NUMBER_CHARS})")
    value = float(text)
    if not math.isfinite(value):
        raise _Unusable(f"the number {text[:20]} is too large")
    return value


def _parse_constant(name: str) -> float:
    raise _Unusable(f"{name} is not a JSON value")


def parse_line(raw: bytes) -> Any:
    """One JSONL line parsed, or :class:`ValueError` with a one-line reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError("the line is not valid UTF-8") from error
    try:
        data = json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    except _Unusable:
        raise
    except RecursionError as error:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from error
    # NUL and lone surrogates can only come from \u escapes (strict UTF-8 decoding and
    # JSON refuse them written raw): a line without one needs only the depth check
    check_values(data, strings=b"\\u" in raw)
    return data


def check_values(data: Any, *, strings: bool = True) -> None:
    """Refuse strings no database stores (NUL, lone surrogates) and too deep nesting,
    naming the top-level field that holds them; ``strings=False`` checks the depth only."""
    stack: list[tuple[Any, int, str]] = [(data, 0, "")]
    while stack:
        value, depth, field_name = stack.pop()
        if depth > MAX_DEPTH:
            raise ValueError(f"nested deeper than {MAX_DEPTH} levels")
        if isinstance(value, str):
            if not strings:
                continue
            reason = unstorable_reason(value)
            if reason:
                raise ValueError(f"'{field_name}': {reason}" if field_name else reason)
        elif isinstance(value, dict):
            for key, item in value.items():
                name = field_name or key
                reason = unstorable_reason(key) if strings else None
                if reason:
                    raise ValueError(f"a field name: {reason}")
                stack.append((item, depth + 1, name))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, field_name) for item in value)


def _lines(handle: BinaryIO, path: str) -> Iterator[tuple[int, bytes | InputError]]:
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line in chunks
                raw = handle.readline(MAX_LINE_BYTES)
            limit = MAX_LINE_BYTES // 1048576
            yield number, InputError(f"the line is too large (over {limit} MB)", path, number)
            continue
        yield number, raw


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
    return next((data[key] for key in keys if data.get(key) not in (None, "")), None)


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
    """Validate one parsed JSONL object and make a Document of it."""
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
    meta["source_line"] = line
    return Document(text=text, title=title, outlet=outlet, url=url, published=published,
                    byline=byline, meta=meta)


def iter_jsonl(path: str | Path) -> Iterator[Document | InputError]:
    """Documents of a JSONL file in order; a bad line yields its :class:`InputError`."""
    name = str(path)
    try:
        handle = open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror or error})", name) from error
    with handle:
        head = handle.read(4)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError("JSONL must be UTF-8 (this file is UTF-16)", name)
        handle.seek(len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0)
        found_any = False
        for number, raw in _lines(handle, name):
            if isinstance(raw, InputError):
                found_any = True
                yield raw
                continue
            if not raw.strip():
                continue
            found_any = True
            try:
                data = parse_line(raw)
            except ValueError as error:
                yield InputError(str(error), name, number)
                continue
            try:
                yield document_from_object(data, name, number)
            except InputError as error:
                yield error
        if not found_any:
            raise InputError("the file is empty (no JSON lines)", name)
