"""Dyad timeline, contested terms and the comparison of one event across outlets."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from jkannotate.core.frames import frames_of
from jkannotate.operations.review import report
from jkannotate.project import Project
from jkannotate.review.compare import compare_event
from jkannotate.review.contested import shipped_contested
from jkannotate.review.registry import Registry, cross_outlet
from jkannotate.review.timeline import QUAD_COLOURS, dyad_timeline, timeline_svg


@pytest.fixture(scope="module")
def registry(dev_docs):
    for number, item in enumerate(dev_docs, 1):
        item.document.id = number
    return Registry().build(f for item in dev_docs for f in frames_of(item, "gold"))


def test_timeline_counts_each_event_once_per_direction(registry) -> None:
    timeline = dyad_timeline(registry)
    assert timeline.months[0] <= "2019-07" and timeline.months[-1] >= "2023-03"
    october = [p for p in timeline.points if p.month == "2021-10"]
    requests = [p for p in october if p.quad == 3 and (p.source, p.target) == ("JPN", "KOR")]
    # Kishida's call on Seoul, reported by two outlets, is one registry event
    assert len(requests) == 1 and requests[0].count == 1 and requests[0].documents == {6, 8}
    july_2019 = [p for p in timeline.points if p.month == "2019-07"]
    assert any(p.source == "JPN" and p.target == "KOR" and p.quad == 4 for p in july_2019)
    assert "EXPORT_CONTROLS" in timeline.tags["2019-07"]


def test_timeline_svg_is_wellformed_and_coloured_by_quad(registry) -> None:
    svg = timeline_svg(dyad_timeline(registry))
    root = ET.fromstring(svg)
    circles = root.findall(".//{http://www.w3.org/2000/svg}a/{http://www.w3.org/2000/svg}circle")
    assert circles
    assert {c.get("fill") for c in circles} <= set(QUAD_COLOURS.values())
    links = root.findall(".//{http://www.w3.org/2000/svg}a")
    assert all(a.get("href").startswith("#doc-") for a in links)


def test_contested_terms() -> None:
    uses = shipped_contested().find(
        "Takeshima (Dokdo) in the Sea of Japan; victims of military sexual slavery and "
        "former requisitioned workers; 독도 and 日本海.")
    assert [(u.term, u.concept, u.usage) for u in uses] == [
        ("Takeshima", "islets", "JPN"), ("Dokdo", "islets", "KOR"),
        ("Sea of Japan", "sea", "JPN"), ("military sexual slavery", "comfort_women", "KOR"),
        ("former requisitioned workers", "wartime_labour", "JPN"), ("독도", "islets", "KOR"),
        ("日本海", "sea", "JPN")]
    assert shipped_contested().find("the Dokdonese") == []


def test_comparison_of_one_event_across_outlets(registry, dev_docs) -> None:
    call = next(e for e in cross_outlet(registry) if e.event == "CONSULT")
    comparison = compare_event(call, {d.document.id: d for d in dev_docs})
    assert [r.outlet for r in comparison.reports] == ["Al Jazeera", "Daily Sabah (AP)"]
    aspects = dict(comparison.differences)
    assert aspects["outlet"] == ["Al Jazeera", "Daily Sabah (AP)"]
    assert "trigger words" in aspects
    assert all(a == "outlet" or len(set(v)) > 1 for a, v in comparison.differences)
    for item in comparison.reports:
        kinds = {h.kind for h in item.highlights}
        assert {"trigger", "source"} <= kinds
        for h in item.highlights:
            assert 0 <= h.start < h.end <= len(item.text)
    assert "Fumio Kishida" in comparison.reports[0].actors


def test_html_report_has_the_timeline(tmp_path, dev_docs) -> None:
    db = str(tmp_path / "p.db")
    with Project.open(db) as project:
        project.import_documents(dev_docs)
        path = report(project, tmp_path / "r.html")
    html = path.read_text(encoding="utf-8")
    assert "Event timeline" in html
    ET.fromstring(html.split("\n", 1)[1])  # still well-formed
