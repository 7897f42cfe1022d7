"""Property tests: emoji, CJK, combining characters and overlapping spans through every format."""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    LabelKind,
    Layer,
    LayerKind,
    Span,
    State,
)
from jkannotate.core.serialize import document_to_dict
from jkannotate.formats import FORMATS, ReadOptions, WriteOptions
from jkannotate.formats.spacy_tokens import blank_nlp

PIECES = ["Seoul", "Tokyo", "日本", "한국", "대한민국", "😀", "🇯🇵", "e\u0301", "Café",
          "Moon Jae-in", " ", " ", "  ", "\n", "\n\n", ",", ".", "'s", "(", ")", "—", "\u3000", "x"]
LABELS = ["GPE", "PERSON", "MEETING"]

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=30).map("".join)


@st.composite
def documents(draw: st.DrawFn) -> AnnotatedDocument:
    text = draw(texts)
    spans = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(st.integers(0, len(text) - 1))
        end = draw(st.integers(start + 1, len(text)))
        label = draw(st.sampled_from(LABELS))
        kind = LabelKind.EVENT if label == "MEETING" else LabelKind.ENTITY
        state = draw(st.sampled_from([State.ACCEPTED, State.ACCEPTED, State.PENDING,
                                      State.REJECTED]))
        spans.append(Span(start, end, label, kind=kind, state=state))
    tags = [DocTag(label) for label in draw(st.sets(st.sampled_from(["CHINA", "TREATY_1965"])))]
    layer = Layer(None, LayerKind.ANNOTATOR, "alice", spans=spans, tags=tags)
    return AnnotatedDocument(Document(text=text, title="t"), [layer])


def round_trip(fmt: str, item: AnnotatedDocument):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out{FORMATS[fmt].suffix or '_brat'}"
        report = FORMATS[fmt].write([item], path, WriteOptions())
        back, _ = FORMATS[fmt].read(path, ReadOptions())
        raw = path.read_bytes() if path.is_file() else b""
    return report, back, raw


def trimmed(text: str, span: Span) -> tuple[int, int]:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def spacy_snapped(item: AnnotatedDocument) -> set[tuple[int, int, str]]:
    """The oracle for token formats: spaCy's own expand alignment of each kept span."""
    doc = blank_nlp().make_doc(item.document.text)
    keys = set()
    for span in item.layers[0].kept_spans():
        start, end = trimmed(item.document.text, span)
        found = doc.char_span(start, end, alignment_mode="expand") if start < end else None
        if found is not None:
            keys.add((found.start_char, found.end_char, span.label))
    return keys


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(documents())
def test_project_jsonl_round_trip_is_exact(item: AnnotatedDocument) -> None:
    _report, back, raw = round_trip("jsonl", item)
    assert [document_to_dict(d) for d in back] == [document_to_dict(item)]
    _report, again, raw_again = round_trip("jsonl", back[0])
    assert raw == raw_again


@SETTINGS
@given(documents())
def test_doccano_keeps_every_kept_offset(item: AnnotatedDocument) -> None:
    _report, back, _raw = round_trip("doccano", item)
    assert back[0].document.text == item.document.text
    assert Counter(s.key for s in back[0].layers[0].spans) == \
        Counter(s.key for s in item.layers[0].kept_spans())
    assert {t.label for t in back[0].layers[0].tags} == {t.label for t in item.layers[0].tags}


@SETTINGS
@given(documents())
def test_brat_keeps_offsets_except_line_breaks_at_the_ends(item: AnnotatedDocument) -> None:
    report, back, _raw = round_trip("brat", item)
    text = item.document.text
    expected = Counter()
    for span in item.layers[0].spans:
        start, end = span.start, span.end
        while start < end and text[start] in "\r\n":
            start += 1
        while end > start and text[end - 1] in "\r\n":
            end -= 1
        # an imported layer holds decisions: pending comes back accepted, as in every format
        state = State.ACCEPTED if span.state is State.PENDING else span.state
        if start < end:
            expected[(start, end, span.label, state)] += 1
    got = Counter((s.start, s.end, s.label, s.state) for s in back[0].layers[0].spans)
    assert got == expected
    moved = sum(1 for s in item.layers[0].spans if (s.start, s.end, s.label,
                State.ACCEPTED if s.state is State.PENDING else s.state) not in got)
    assert len(report.snapped) + len(report.left_out) >= moved


@SETTINGS
@given(documents())
def test_prodigy_snaps_like_spacy_and_reports_it(item: AnnotatedDocument) -> None:
    report, back, _raw = round_trip("prodigy", item)
    assert back[0].document.text == item.document.text
    assert {s.key for s in back[0].layers[0].spans} == spacy_snapped(item)
    unchanged = sum(1 for s in item.layers[0].kept_spans() if s.key in spacy_snapped(item))
    moved = len(item.layers[0].kept_spans()) - unchanged
    assert len(report.snapped) + len(report.left_out) >= moved


@SETTINGS
@given(documents())
def test_docbin_snaps_like_spacy_and_keeps_overlaps(item: AnnotatedDocument) -> None:
    report, back, _raw = round_trip("spacy", item)
    assert back[0].document.text == item.document.text
    layer = back[0].layers[0]
    assert {s.key for s in layer.spans} == spacy_snapped(item)
    assert sum(report.spans_by_label.values()) == len(layer.spans)
    kept = item.layers[0].kept_spans()
    rejected_lines = 1 if len(kept) < len(item.layers[0].spans) else 0
    no_token = len(report.left_out) - rejected_lines
    assert len(layer.spans) + no_token == len(kept)
    assert {s.kind for s in layer.spans if s.label == "MEETING"} <= {LabelKind.EVENT}


@SETTINGS
@given(documents(), st.sampled_from(["iob1", "iob2", "biluo"]))
def test_conll_accounts_for_every_span(item: AnnotatedDocument, scheme: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "out.conll"
        report = FORMATS["conll"].write([item], path, WriteOptions(scheme=scheme))
        if report.documents == 0:  # only whitespace: reported, nothing to read
            assert any("no tokens" in line for line in report.left_out)
            return
        back, _ = FORMATS["conll"].read(path, ReadOptions())
    spans = back[0].layers[0].spans
    assert len(spans) == sum(report.spans_by_label.values())
    assert all(not a.overlaps(b) for i, a in enumerate(spans) for b in spans[i + 1:])
    kept = item.layers[0].kept_spans()
    rejected_lines = 1 if len(kept) < len(item.layers[0].spans) else 0
    assert len(spans) + len(report.left_out) - rejected_lines == len(kept)
    words = "".join(item.document.text.split())
    assert "".join(back[0].document.text.split()).replace("_", "") == words.replace("_", "")
