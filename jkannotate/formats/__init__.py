"""Interchange formats, one module each, registered in :data:`FORMATS` by name.

Importing this package does not import spaCy: the DocBin and CoNLL modules (and the spaCy
tokenizer Prodigy rows need) are imported when one of their functions runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument
from jkannotate.formats import brat, doccano, events_csv, jsonl, plover, prodigy
from jkannotate.formats.base import Format, FormatReport, ReadOptions, WriteOptions
from jkannotate.formats.split import write_split


def _write_docbin(docs: Sequence[AnnotatedDocument], out: Path,
                  options: WriteOptions) -> FormatReport:
    from jkannotate.formats import docbin

    return docbin.write(docs, out, options)


def _read_docbin(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    from jkannotate.formats import docbin

    return docbin.read(path, options)


def _write_conll(docs: Sequence[AnnotatedDocument], out: Path,
                 options: WriteOptions) -> FormatReport:
    from jkannotate.formats import conll

    return conll.write(docs, out, options)


def _read_conll(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    from jkannotate.formats import conll

    return conll.read(path, options)


def _write_prodigy(docs: Sequence[AnnotatedDocument], out: Path,
                   options: WriteOptions) -> FormatReport:
    from jkannotate.formats.spacy_tokens import tokenize

    return prodigy.write(docs, out, options, tokenize)


FORMATS: dict[str, Format] = {
    "spacy": Format("spacy", ".spacy", "spaCy DocBin for `spacy train` (ner, spancat, textcat)",
                    _write_docbin, _read_docbin),
    "prodigy": Format("prodigy", ".jsonl", "Prodigy JSONL (ner_manual, choice, relations)",
                      _write_prodigy, prodigy.read),
    "doccano": Format("doccano", ".jsonl", "doccano JSONL (entities/relations, label lists)",
                      doccano.write, doccano.read),
    "conll": Format("conll", ".conll", "CoNLL NER columns (IOB2; iob1 or biluo by option)",
                    _write_conll, _read_conll),
    "brat": Format("brat", "", "brat standoff directory (.txt + .ann, annotation.conf)",
                   brat.write, brat.read),
    "jsonl": Format("jsonl", ".jsonl", "jkannotate project JSONL (lossless)",
                    jsonl.write, jsonl.read),
    "plover": Format("plover", ".jsonl", "PLOVER event records, one per event frame (export)",
                     plover.write, None),
    "events-csv": Format("events-csv", ".csv", "event frames as a flat CSV, one event per row "
                         "(export)", events_csv.write, None),
}


def get_format(name: str) -> Format:
    """The registered format, or an :class:`InputError` listing the known ones."""
    try:
        return FORMATS[name]
    except KeyError:
        raise InputError(f"unknown format {name!r}; use one of {', '.join(FORMATS)}") from None


__all__ = ["FORMATS", "Format", "FormatReport", "ReadOptions", "WriteOptions", "get_format",
           "write_split"]
