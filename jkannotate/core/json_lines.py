"""JSON Lines read safely: every JSONL reader's line parser (articles, Prodigy, doccano,
project JSONL), hardened in one place.

A line is never read whole beyond :data:`MAX_LINE_BYTES`, so a huge file is refused line by
line without loading it. What no database can store or no reader expects is refused with a
one-line reason: invalid UTF-8, NUL characters and lone surrogates in any string, nesting
deeper than :data:`MAX_DEPTH`, numbers longer than :data:`MAX_NUMBER_CHARS` or beyond a
float, ``NaN``/``Infinity``. Lines are split on ``\\n`` only (a JSON string may hold
U+2028, which ``str.splitlines`` would split on).
"""

from __future__ import annotations

import codecs
import json
import math
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from jkannotate.core.errors import InputError

NUL_REASON = "NUL characters (\\u0000) in the text: it looks binary"
"""Why a text holding NUL is refused: the one rule of every input (PostgreSQL stores no NUL)."""

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_reason(text: str) -> str | None:
    """Why ``text`` cannot be stored (NUL, or a lone surrogate, which is no character)."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return NUL_REASON
    return (f"a lone surrogate (\\u{ord(found.group()):04x}) at character {found.start()}: "
            "not a Unicode character")


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


_DECODER = json.JSONDecoder(
    parse_int=_parse_int, parse_float=_parse_float, parse_constant=_parse_constant
)  # made once: json.loads with these hooks would build a decoder for every line


def parse_line(raw: bytes) -> Any:
    """One JSONL line parsed, or :class:`ValueError` with a one-line reason."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError("the line is not valid UTF-8") from error
    try:
        if text.startswith("\ufeff"):  # as json.loads refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        data = _DECODER.decode(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"not valid JSON ({error.msg} at column {error.colno})") from error
    except _Unusable:
        raise
    except RecursionError as error:
        raise ValueError(f"nested deeper than {MAX_DEPTH} levels") from error
    # NUL and lone surrogates can only come from \u escapes (strict UTF-8 decoding and
    # JSON refuse them written raw): a line without one needs only the depth check
    strings = b"\\u" in raw
    # nesting needs a bracket per level: an object of plain values (an article: no walk,
    # no scan of the line) or a line with few brackets needs no depth walk
    if strings or (not _flat(data) and raw.count(b"{") + raw.count(b"[") > MAX_DEPTH):
        check_values(data, strings=strings)
    return data


_CONTAINERS = (dict, list)


def _flat(data: Any) -> bool:
    """Whether ``data`` is an object none of whose values is an object or an array."""
    if type(data) is not dict:
        return False
    for value in data.values():
        if isinstance(value, _CONTAINERS):
            return False
    return True


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




def raw_lines(path: str | Path) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, bytes) of every non-blank line of a UTF-8 JSONL file (a BOM is
    skipped), unparsed, or (line number, :class:`InputError`) for a line too large to read.
    A file that cannot be opened, or is UTF-16, raises :class:`InputError`."""
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
        for number, raw in _lines(handle, name):
            if isinstance(raw, InputError) or raw.strip():
                yield number, raw


def parsed_lines(
    lines: Iterable[tuple[int, bytes | InputError]], path: str | Path
) -> Iterator[tuple[int, Any | InputError]]:
    """Lines from :func:`raw_lines` parsed: (line number, value or :class:`InputError`)."""
    name = str(path)
    for number, raw in lines:
        if isinstance(raw, InputError):
            yield number, raw
            continue
        try:
            yield number, parse_line(raw)
        except ValueError as error:
            yield number, InputError(str(error), name, number)


def json_lines(path: str | Path) -> Iterator[tuple[int, Any | InputError]]:
    """(line number, parsed value) of every non-blank line of a UTF-8 JSONL file (a BOM is
    skipped), or (line number, :class:`InputError`) for a line that is refused. A file that
    cannot be opened, or is UTF-16, raises :class:`InputError`."""
    return parsed_lines(raw_lines(path), path)
