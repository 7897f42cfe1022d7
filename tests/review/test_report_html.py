"""Dashboard figures and the self-contained HTML report."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from review_helpers import layer, random_corpus

from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    LayerKind,
    LayerStatus,
    Origin,
    Span,
    State,
)
from jkannotate.review import agreement_report, dashboard, render_report_html
from jkannotate.review.dashboard import active_hours

TEXT = "Moon Jae-in met Shinzo Abe in Tokyo on Monday for a summit about export controls."
MOON, ABE, TOKYO = (0, 11), (16, 26), (30, 35)


def suggested(start: int, end: int, label: str, source: str) -> Span:
    return Span(start, end, label, origin=Origin.SUGGESTED, state=State.PENDING, source=source)


def team() -> list[AnnotatedDocument]:
    suggestion = layer(
        "suggester",
        [
            suggested(*MOON, "PERSON", "rules"),
            suggested(*ABE, "PERSON", "rules"),
            suggested(*TOKYO, "ORG", "model"),
        ],
        kind=LayerKind.SUGGESTION,
        status=LayerStatus.TODO,
    )
    suggestion.tags = [DocTag("SUMMIT_DIPLOMACY", Origin.SUGGESTED, State.PENDING, source="rules")]
    docs = []
    for n in range(3):
        start, end = f"2024-05-0{n + 1}T09:00:00", f"2024-05-0{n + 1}T09:30:00"
        ana = layer(
            "ana",
            [Span(*MOON, "PERSON"), Span(*ABE, "PERSON"), Span(*TOKYO, "GPE")],
            ["SUMMIT_DIPLOMACY"],
            doc_id=n + 1,
            created=start,
            updated=end,
        )
        ben = layer(
            "ben",
            [Span(*MOON, "PERSON"), Span(*ABE, "ORG"), Span(*TOKYO, "GPE")],
            doc_id=n + 1,
            created=f"2024-05-0{n + 1}T08:00:00+00:00",
            updated=f"2024-05-0{n + 1}T20:00:00+00:00",  # left open all day: capped
        )
        docs.append(AnnotatedDocument(Document(TEXT, id=n + 1), [suggestion, ana, ben]))
    docs[2].layers[2].status = LayerStatus.IN_PROGRESS
    return docs


def test_progress_speed_confusions_and_suggestion_uptake() -> None:
    board = dashboard(team(), {"ana": {1, 2, 3}, "ben": {1, 2, 3, 4}, "chloe": {5}})
    progress = {p.name: p for p in board.progress}
    assert (progress["ana"].done, progress["ana"].assigned) == (3, 3)
    assert progress["ana"].active_hours == pytest.approx(1.5)
    assert progress["ana"].docs_per_hour == pytest.approx(2.0)
    assert (progress["ben"].done, progress["ben"].assigned, progress["ben"].in_progress) == (
        2,
        4,
        1,
    )
    assert progress["ben"].docs_per_hour == pytest.approx(1.0)  # two capped hours, two docs
    assert (progress["chloe"].done, progress["chloe"].docs_per_hour) == (0, None)
    assert [(c.first, c.second, c.count) for c in board.confusions] == [("ORG", "PERSON", 2)]
    uptake = {(s.label, s.source): (s.accepted, s.suggested) for s in board.suggestions}
    # 3 documents: ana+ben finished on two, ana alone on the third -> 5 annotator layers
    assert uptake[("PERSON", "rules")] == (5 + 3, 10)  # Moon by all, Abe only by ana
    assert uptake[("ORG", "model")] == (0, 5)
    assert uptake[("SUMMIT_DIPLOMACY", "rules")] == (3, 5)
    assert board.to_json()["suggestions"][0]["rate"] == pytest.approx(0.0)


def test_active_hours_merges_overlaps() -> None:
    a = layer("a", created="2024-01-01T10:00:00Z", updated="2024-01-01T10:40:00Z")
    b = layer("a", created="2024-01-01T10:20:00Z", updated="2024-01-01T11:00:00Z")
    broken = layer("a", created="not a time", updated=None)
    assert active_hours([a, b, broken], timedelta(hours=1)) == pytest.approx(1.0)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href")]

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_report_is_well_formed_self_contained_and_shows_the_figures() -> None:
    docs = team()
    agreement = agreement_report(docs, issue_labels=["CHINA"])
    page = render_report_html(dashboard(docs), agreement, title="Team <review> & co")
    root = ET.fromstring(page.split("\n", 1)[1])  # strict XML parse after the doctype
    assert root.tag == "html"
    svg = root.find(".//{http://www.w3.org/2000/svg}svg")
    assert svg is not None
    collector = _Collector()
    collector.feed(page)
    collector.close()
    text = " ".join(collector.text)
    assert collector.urls == [] and "script" not in collector.tags and "link" not in collector.tags
    assert "Team <review> & co" in text
    assert f"{agreement.exact['f1']:.3f}" in text
    person_f1 = agreement.per_label["PERSON"].exact_f1
    assert f"{person_f1:.3f}" in text
    assert "ORG vs PERSON" in text
    assert "CHINA" in text and "ana" in text and "ben" in text
    assert f"{agreement.documents} documents compared" in text


def test_report_without_agreement_and_with_large_random_team() -> None:
    docs = random_corpus(3, documents=30)
    board = dashboard(docs)
    page = render_report_html(board, None)
    ET.fromstring(page.split("\n", 1)[1])
    assert "Not computed" in page
    full = render_report_html(board, agreement_report(docs))
    root = ET.fromstring(full.split("\n", 1)[1])
    bars = root.findall(".//{http://www.w3.org/2000/svg}rect")
    labels = agreement_report(docs).per_label
    assert len(bars) == 2 + 2 * len(labels)  # legend + two bars per label


def test_chart_labels_are_escaped_by_the_template() -> None:
    from jkannotate.review.report_html import bar_chart_svg

    svg = str(bar_chart_svg([("<b>A&B</b>", [0.5, None])], ["exact", "overlap"], title="t\"<"))
    root = ET.fromstring(svg)
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<b>A&B</b>" in texts and "&lt;b&gt;A&amp;B" in svg and "–" in texts
    assert root.get("aria-label") == 't"<'
