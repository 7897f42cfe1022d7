"""CoNLL NER columns: ``token TAG`` per line, blank line between sentences, ``-DOCSTART-`` between
documents. Writes IOB2 (default), IOB1 or BILUO; reads IOB1, IOB2, BILUO and IOBES.

Tag conversion is spaCy's ``spacy.training.iob_utils``. CoNLL cannot hold overlapping spans:
the outer (first, longest) one is kept and the others are reported as left out. CoNLL keeps no
whitespace, so imported text is the tokens joined by spaces, one sentence per line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, Document, Span
from jkannotate.formats.base import (
    FormatReport,
    ReadOptions,
    WriteOptions,
    atomic_write_text,
    doc_name,
    kept_spans,
    kind_for,
    new_layer,
    read_text_file,
    select_layer,
    span_name,
    trim_whitespace,
)
from jkannotate.formats.spacy_tokens import blank_nlp

if TYPE_CHECKING:
    from spacy.tokens import Doc

SCHEMES = ("iob1", "iob2", "biluo")
DOCSTART = "-DOCSTART- -X- O O"  # the exact delimiter `spacy convert --converter ner` splits on
_TAG = re.compile(r"^(?:O|[BILUES]-\S+)$")


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    from spacy.pipeline import Sentencizer

    return Sentencizer()


def iob2_to_iob1(tags: Sequence[str]) -> list[str]:
    """IOB1 starts an entity with ``I-`` unless it directly follows one of the same type."""
    out: list[str] = []
    for index, tag in enumerate(tags):
        if tag.startswith("B-"):
            before = tags[index - 1] if index else "O"
            if before[2:] != tag[2:] or before == "O":
                tag = "I-" + tag[2:]
        out.append(tag)
    return out


def _outer_spans(doc: Doc, spans: list[tuple[Span, Any]], where: str, text: str,
                 report: FormatReport) -> list[Any]:
    """Keep non-overlapping spans, outer (earliest, then longest) first; report the rest."""
    kept: list[tuple[Span, Any]] = []
    for span, snapped in sorted(spans, key=lambda p: (p[1].start, -(p[1].end - p[1].start))):
        clash = next((k for k in kept if k[1].start < snapped.end and snapped.start < k[1].end),
                     None)
        if clash is not None:
            report.left_out.append(f"{where}: {span_name(text, span)}: overlaps "
                                   f"{span_name(text, clash[0])}, which is kept")
            continue
        kept.append((span, snapped))
        report.count_span(span.label)
    return [snapped for _span, snapped in kept]


def _document_lines(item: AnnotatedDocument, options: WriteOptions,
                    report: FormatReport) -> list[str]:
    from spacy.training.iob_utils import biluo_to_iob, offsets_to_biluo_tags

    layer = select_layer(item, options, report)
    if layer is None:
        return []
    text, where = item.document.text, doc_name(item.document)
    doc = _sentencizer()(blank_nlp().make_doc(text))
    placed = []
    for span in kept_spans(item, layer, report):
        start, end = trim_whitespace(text, span.start, span.end)
        snapped = doc.char_span(start, end, label=span.label, alignment_mode="expand") \
            if start < end else None
        if snapped is None:
            report.left_out.append(f"{where}: {span_name(text, span)}: covers no token")
            continue
        if (snapped.start_char, snapped.end_char) != (span.start, span.end):
            report.snapped.append(f"{where}: {span_name(text, span)} -> "
                                  f"{snapped.start_char}..{snapped.end_char}")
        placed.append((span, snapped))
    outer = _outer_spans(doc, placed, where, text, report)
    biluo = offsets_to_biluo_tags(doc, [(s.start_char, s.end_char, s.label_) for s in outer])
    inside = set()
    for snapped in outer:
        inside.update(range(snapped.start + 1, snapped.end))
    sentences: list[list[tuple[str, str]]] = [[]]
    for token, tag in zip(doc, biluo, strict=True):
        starts_sentence = token.is_sent_start or (
            token.i > 0 and "\n" in doc[token.i - 1].text and doc[token.i - 1].is_space)
        if starts_sentence and token.i not in inside and sentences[-1]:
            sentences.append([])
        if not token.text.isspace():
            sentences[-1].append((re.sub(r"\s", "_", token.text), tag))
    if not sentences[-1]:
        report.left_out.append(f"{where}: has no tokens")
        return []
    lines = [DOCSTART, ""]
    for sentence in sentences:
        tags = [tag for _word, tag in sentence]
        if options.scheme != "biluo":
            tags = biluo_to_iob(tags)
        if options.scheme == "iob1":
            tags = iob2_to_iob1(tags)
        lines.extend(f"{word} {tag}" for (word, _tag), tag in zip(sentence, tags, strict=True))
        lines.append("")
    report.documents += 1
    return lines


def write(docs: Sequence[AnnotatedDocument], out: Path, options: WriteOptions) -> FormatReport:
    """Write one CoNLL file (atomically) in ``options.scheme``."""
    if options.scheme not in SCHEMES:
        raise InputError(f"unknown CoNLL scheme {options.scheme!r}; "
                         f"use one of {', '.join(SCHEMES)}")
    report = FormatReport()
    lines: list[str] = []
    for item in docs:
        lines.extend(_document_lines(item, options, report))
    atomic_write_text(Path(out), "\n".join(lines) + ("\n" if lines else ""))
    return report


def _parse(text: str, path: str) -> list[list[list[tuple[str, str, int]]]]:
    """Documents -> sentences -> (token, tag, line number)."""
    documents: list[list[list[tuple[str, str, int]]]] = [[[]]]
    for number, line in enumerate(text.splitlines(), 1):
        columns = line.split()
        if not columns or columns[0] == "-DOCSTART-":
            if documents[-1][-1]:
                documents[-1].append([])
            if columns and any(documents[-1][:-1]):
                documents.append([[]])
            continue
        if len(columns) < 2:
            raise InputError("expected a token and a tag separated by whitespace", path, number)
        tag = columns[-1]
        if tag[:2] in ("E-", "S-"):  # IOBES names BILUO's L and U this way
            tag = ("L-" if tag[0] == "E" else "U-") + tag[2:]
        if not _TAG.match(tag):
            raise InputError(f"{columns[-1]!r} is not an IOB/BILUO tag", path, number)
        documents[-1][-1].append((columns[0], tag, number))
    return [[s for s in doc if s] for doc in documents if any(doc)]


def _sentence_entities(
    sentence: list[tuple[str, str, int]], path: str
) -> list[tuple[str, int, int]]:
    from spacy.training.iob_utils import iob_to_biluo, tags_to_entities

    tags = [tag for _token, tag, _line in sentence]
    if not any(t[0] in "LU" for t in tags):
        tags = iob_to_biluo(tags)  # reads IOB1 and IOB2 alike
    try:
        return tags_to_entities(tags)
    except (ValueError, KeyError) as error:
        raise InputError(f"invalid tag sequence ({error})", path, sentence[0][2]) from error


def read(path: Path, options: ReadOptions) -> tuple[list[AnnotatedDocument], FormatReport]:
    """Read CoNLL columns (first column token, last column tag) into documents."""
    parsed = _parse(read_text_file(path), str(path))
    if not parsed:
        raise InputError("no tokens found", str(path))
    report = FormatReport(notes=["CoNLL keeps no whitespace: texts are rebuilt from tokens "
                                 "(spaces between tokens, a newline between sentences)"])
    result = []
    for sentences in parsed:
        layer, pieces, offset = new_layer(options), [], 0
        for sentence in sentences:
            starts = []
            for token, _tag, _line in sentence:
                starts.append(offset)
                offset += len(token) + 1
            pieces.append(" ".join(token for token, _tag, _line in sentence))
            for label, first, last in _sentence_entities(sentence, str(path)):
                end = starts[last] + len(sentence[last][0])
                layer.spans.append(Span(start=starts[first], end=end, label=label,
                                        kind=kind_for(label, options.schema)))
                report.count_span(label)
        result.append(AnnotatedDocument(Document(text="\n".join(pieces)), [layer]))
        report.documents += 1
    return result, report
