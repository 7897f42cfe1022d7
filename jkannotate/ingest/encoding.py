"""Reading article files: size limits, encoding detection, newline normalisation.

Strict UTF-8 is tried first (it is right far more often than any detector), byte-order
marks are handled here, and only then is charset-normalizer asked.  The decoded text is
kept exactly as written apart from newlines (``\\r\\n`` and ``\\r`` become ``\\n``).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.json_lines import (  # noqa: F401 - kept importable from here
    NUL_REASON,
    unstorable_reason,
)

MAX_FILE_BYTES = 10 * 1024 * 1024
"""A .txt or .html article larger than this is refused (no real article is that long)."""

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SUPERSETS = {"euc_kr": "cp949", "ks_c_5601_1987": "cp949"}
_MULTI_BYTE = ("cp949", "euc", "shift", "cp932", "gb", "big5", "hz", "iso2022", "utf", "johab")
_HTML_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` become ``\\n``; nothing else changes."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _prefer_cp1252(data: bytes, guess: str) -> str | None:
    """Western text in a single-byte code page: detectors often say cp1250/cp1257 for it.

    cp1252 is by far the most common single-byte encoding of news pages; it wins when the
    guess is itself single-byte and non-ASCII characters are rare among the letters
    (Cyrillic or Greek text decoded as cp1252 would be mostly accented Latin letters).
    """
    if any(marker in guess for marker in _MULTI_BYTE):
        return None
    text = _strict(data, "cp1252")
    if text is None:
        return None
    letters = sum(1 for char in text if char.isalpha())
    foreign = sum(1 for char in text if ord(char) > 127 and char.isalpha())
    return text if letters and foreign / letters < 0.15 else None


def decode_bytes(data: bytes, path: str | None = None, *, html: bool = False) -> str:
    """Decode an article file's bytes; raise :class:`InputError` when nothing fits."""
    text = _decode(data, path, html)
    if "\x00" in text:
        raise InputError(NUL_REASON, path)
    return normalise_newlines(text)


def _decode(data: bytes, path: str | None, html: bool) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom):], encoding)
            if text is None:
                reason = f"cannot decode the file as {encoding} (its byte-order mark)"
                raise InputError(reason, path)
            return text
    text = _strict(data, "utf-8")
    if text is not None:
        return text
    if html:
        declared = _HTML_CHARSET.search(data[:4096])
        if declared:
            text = _strict(data, declared.group(1).decode("ascii").lower())
            if text is not None:
                return text
    import charset_normalizer  # only needed for the rare file that is not UTF-8

    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.encoding is None:
        raise InputError("cannot decode the file: not UTF-8 and no known encoding fits", path)
    guess = _SUPERSETS.get(best.encoding, best.encoding)
    text = _prefer_cp1252(data, guess) or _strict(data, guess)
    if text is None:
        raise InputError("cannot decode the file: not UTF-8 and no known encoding fits", path)
    return text


def read_limited_bytes(path: str | Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, refusing an empty or too-large file before reading it."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror or error})", name) from error
    if size == 0:
        raise InputError("the file is empty", name)
    if size > limit:
        raise InputError(
            f"the file is too large ({size / 1048576:.1f} MB; the limit is "
            f"{limit / 1048576:.0f} MB)",
            name,
        )
    try:
        with open(path, "rb") as handle:
            return handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read the file ({error.strerror or error})", name) from error


def read_text_file(path: str | Path, *, html: bool | None = None) -> str:
    """Decoded, newline-normalised text of a .txt/.html file (size-checked, non-empty)."""
    data = read_limited_bytes(path)
    if html is None:
        html = Path(path).suffix.lower() in {".html", ".htm"}
    text = decode_bytes(data, str(path), html=html)
    if not text.strip():
        raise InputError("the file has no text (only whitespace)", str(path))
    return text
