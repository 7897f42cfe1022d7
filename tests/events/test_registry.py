"""The cross-outlet event registry: proposals, the date window, reviewer decisions."""

from __future__ import annotations

from dataclasses import replace

import pytest

from jkannotate.core.frames import frames_of
from jkannotate.operations.events import build_registry, confirm_event, decisions, split_event
from jkannotate.project import Project
from jkannotate.review.registry import Decision, Registry, cross_outlet


@pytest.fixture(scope="module")
def dev_frames(dev_docs):
    for number, item in enumerate(dev_docs, 1):
        item.document.id = number
    return [f for item in dev_docs for f in frames_of(item, "gold")]


def test_dev_corpus_merges_only_the_two_reports_of_the_same_call(dev_frames) -> None:
    events = Registry().build(dev_frames)
    proposals = cross_outlet(events)
    # documents 6 (Al Jazeera) and 8 (Daily Sabah/AP) report the Kishida–Moon call of
    # 2021-10-15; every other dev document is a different story
    assert proposals and all(e.documents == [6, 8] for e in proposals)
    call = [e for e in proposals if e.event == "CONSULT"]
    assert len(call) == 1 and call[0].dates == ("2021-10-15", "2021-10-15")
    assert {f.outlet for f in call[0].frames} == {"Al Jazeera", "Daily Sabah (AP)"}
    assert sum(len(e.frames) for e in events) == len(dev_frames)


def test_dates_outside_the_window_stay_apart(dev_frames) -> None:
    call = next(e for e in cross_outlet(Registry().build(dev_frames)) if e.event == "CONSULT")
    moved = [replace(f, published="2021-10-20", time=None) if f.document_id == 8 else f
             for f in call.frames]
    assert not cross_outlet(Registry(window=3).build(moved))
    assert cross_outlet(Registry(window=7).build(moved))


def test_split_and_confirm(dev_frames) -> None:
    call = next(e for e in cross_outlet(Registry().build(dev_frames)) if e.event == "CONSULT")
    from_8 = tuple(f.key for f in call.frames if f.document_id == 8)
    events = Registry().build(call.frames, [Decision("split", from_8)])
    assert sorted(e.documents for e in events) == [[6], [8]]
    confirmed = Registry().build(call.frames, [Decision("confirm", tuple(f.key for f in
                                                                          call.frames))])
    assert len(confirmed) == 1 and confirmed[0].confirmed
    assert not Registry().build(call.frames)[0].confirmed


def test_undated_frame_takes_its_duplicate_groups_date(dev_frames) -> None:
    call = next(e for e in cross_outlet(Registry().build(dev_frames)) if e.event == "CONSULT")
    undated = [replace(f, published=None, time=None) if f.document_id == 6 else f
               for f in call.frames]
    assert not cross_outlet(Registry().build(undated))
    merged = Registry().build(undated, group_dates={1: "2021-10-15"}, group_of={6: 1, 8: 1})
    assert cross_outlet(merged)


def test_project_decisions_persist(tmp_path, dev_docs) -> None:
    db = str(tmp_path / "p.db")
    with Project.open(db, user="rita") as project:
        project.import_documents(dev_docs)
        events = cross_outlet(build_registry(project, layer="gold"))
        call = next(e for e in events if e.event == "CONSULT")
        keys = [f.key for f in call.frames]
        confirm_event(project, keys)
    with Project.open(db, user="rita") as project:
        assert decisions(project) == [Decision("confirm", tuple(keys), "rita")]
        again = next(e for e in build_registry(project, layer="gold") if e.event == "CONSULT"
                     and e.cross_outlet)
        assert again.confirmed
        split_event(project, [k for k in keys if k.startswith(f"{again.documents[1]}-")])
        assert not any(e.event == "CONSULT" and e.cross_outlet
                       for e in build_registry(project, layer="gold"))
