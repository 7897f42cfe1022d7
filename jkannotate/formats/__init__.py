"""Interchange formats, one module each, registered in :data:`FORMATS` by name.

Importing this package imports no format module (nor spaCy, nor YAML): each format's
``write`` and ``read`` import their module when first called, so ``jkannotate --help``
and the window's start pay nothing for the formats.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats.base import Format, FormatReport, ReadOptions, WriteOptions
from jkannotate.formats.split import write_split


def _late(module: str, function: str) -> Callable[..., Any]:
    """``jkannotate.formats.<module>.<function>``, imported when first called."""

    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(import_module(f"jkannotate.formats.{module}"), function)(*args, **kwargs)

    call.__name__ = f"{module}.{function}"
    return call


def _write_prodigy(docs: Sequence[AnnotatedDocument], out: Path,
                   options: WriteOptions) -> FormatReport:
    from jkannotate.formats import prodigy
    from jkannotate.formats.spacy_tokens import tokenize

    return prodigy.write(docs, out, options, tokenize)


FORMATS: dict[str, Format] = {
    "spacy": Format("spacy", ".spacy", "spaCy DocBin for `spacy train` (ner, spancat, textcat)",
                    _late("docbin", "write"), _late("docbin", "read")),
    "prodigy": Format("prodigy", ".jsonl", "Prodigy JSONL (ner_manual, choice, relations)",
                      _write_prodigy, _late("prodigy", "read")),
    "doccano": Format("doccano", ".jsonl", "doccano JSONL (entities/relations, label lists)",
                      _late("doccano", "write"), _late("doccano", "read")),
    "conll": Format("conll", ".conll", "CoNLL NER columns (IOB2; iob1 or biluo by option)",
                    _late("conll", "write"), _late("conll", "read")),
    "brat": Format("brat", "", "brat standoff directory (.txt + .ann, annotation.conf)",
                   _late("brat", "write"), _late("brat", "read")),
    "jsonl": Format("jsonl", ".jsonl", "jkannotate project JSONL (lossless)",
                    _late("jsonl", "write"), _late("jsonl", "read")),
    "plover": Format("plover", ".jsonl", "PLOVER event records, one per event frame (export)",
                     _late("plover", "write"), None),
    "events-csv": Format("events-csv", ".csv", "event frames as a flat CSV, one event per row "
                         "(export)", _late("events_csv", "write"), None),
}


def get_format(name: str) -> Format:
    """The registered format, or an :class:`InputError` listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}") from None


__all__ = ["FORMATS", "Format", "FormatReport", "ReadOptions", "WriteOptions", "get_format",
           "write_split"]
