"""The registry's project read (only what frames need, as tuples) gives the frames the full
read gives: every layer of every document loaded, the layer chosen, frames_of_layer."""

from __future__ import annotations

from pathlib import Path

import pytest

from jkannotate.core.frames import EventFrame, frames_of_layer
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    Layer,
    LayerKind,
    LayerStatus,
    Span,
    State,
)
from jkannotate.operations.events import best_layer, project_frames
from jkannotate.operations.suggest import suggest_documents
from jkannotate.operations.team import add_user
from jkannotate.project import Project

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def full_read(project: Project, layer: str | None = None) -> list[EventFrame]:
    frames: list[EventFrame] = []
    for item in project.annotated_many(project.document_ids()):
        chosen = best_layer(item, layer)
        if chosen is not None:
            frames.extend(frames_of_layer(item, chosen))
    return frames


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo seeds with suggestions; mina finished one document after rejecting one of its
    triggers and one argument span, and is working on another."""
    path = tmp_path_factory.mktemp("frames") / "p.db"
    with Project.open(path, user="lead") as project:
        project.import_paths([SEEDS])
        suggest_documents(project)
        for name, role in (("lead", "admin"), ("mina", "annotator"), ("kenji", "annotator")):
            add_user(project, name, role)
    with Project.open(path, user="mina") as mina:
        with_events = [i for i in mina.document_ids()
                       if sum(s.kind is LabelKind.EVENT for s in mina.layer(i, "suggestion")
                              .spans) >= 2 and mina.layer(i, "suggestion").arguments]
        assert len(with_events) >= 2, "the seeds' suggestions hold events with arguments"
        done, started = with_events[:2]
        layer = mina.open_layer(done)
        trigger = next(s for s in layer.spans if s.kind is LabelKind.EVENT)
        mina.reject(mina.open_layer(done), [trigger.uid])
        layer = mina.open_layer(done)
        mina.reject(layer, [layer.arguments[-1].argument_uid])
        mina.accept_all(mina.open_layer(done))
        mina.set_status(mina.open_layer(done), LayerStatus.DONE)
        mina.accept_all(mina.open_layer(started))
    return path


@pytest.mark.parametrize("user", ["lead", "mina", "kenji"])
def test_project_read_gives_the_full_reads_frames(seeded: Path, user: str) -> None:
    with Project.open(seeded, user=user) as project:
        expected = full_read(project)
        assert len(expected) >= 10 and any(f.sources and f.targets for f in expected)
        assert project_frames(project) == expected
        assert project_frames(project, "suggestion") == full_read(project, "suggestion")
        assert project_frames(project, "mina") == full_read(project, "mina")
        some = project.document_ids()[::2]
        assert project_frames(project, doc_ids=some) == [
            f for f in expected if f.document_id in set(some)]


def test_a_finished_layer_wins_and_its_rejections_leave_its_frames(seeded: Path) -> None:
    with Project.open(seeded, user="lead") as project:
        frames = project_frames(project)
        from_mina = [f for f in frames if f.layer == "mina"]
        assert from_mina and len({f.document_id for f in from_mina}) == 1
        doc_id = from_mina[0].document_id
        assert doc_id is not None
        suggested = [f for f in project_frames(project, "suggestion") if f.document_id == doc_id]
        assert len(from_mina) == len(suggested) - 1  # the rejected trigger is gone
        layer = project.layer(doc_id, "mina")
        assert layer is not None
        rejected = {s.uid for s in layer.spans if s.state.value == "rejected"}
        assert all(m.start != s.start for f in from_mina for m in f.sources + f.targets
                   for s in layer.spans if s.uid in rejected and s.kind is not LabelKind.EVENT)
    with Project.open(seeded, user="kenji") as kenji:  # blind: mina's layer is not his to see
        assert all(f.layer == "suggestion" for f in project_frames(kenji))


def test_same_frames_on_both_engines(db_url: str) -> None:
    """Hand-made layers on SQLite and PostgreSQL: arguments, a rejected argument, a tag."""
    text = "Japan urged South Korea on Friday. Seoul met Tokyo."
    japan = Span(0, 5, "GPE", kb_id="jka:japan")
    urged = Span(6, 11, "STATEMENT", LabelKind.EVENT)
    korea = Span(12, 23, "GPE", kb_id="jka:south-korea")
    friday = Span(27, 33, "DATE", norm="2021-10-15")
    seoul = Span(35, 40, "GPE", state=State.REJECTED, kb_id="jka:seoul")
    met = Span(41, 44, "MEETING", LabelKind.EVENT)
    tokyo = Span(45, 50, "GPE", kb_id="jka:tokyo")
    arguments = [EventArgument(urged.uid, japan.uid, "agent"),
                 EventArgument(urged.uid, korea.uid, "target"),
                 EventArgument(urged.uid, friday.uid, "time"),
                 EventArgument(met.uid, seoul.uid, "participant"),
                 EventArgument(met.uid, tokyo.uid, "participant")]
    gold = Layer(None, LayerKind.GOLD, "gold", spans=[tokyo, met, seoul, friday, korea, urged,
                                                     japan], arguments=arguments,
                 tags=[DocTag("FORCED_LABOUR"), DocTag("CHINA", state=State.REJECTED)])
    with Project.open(db_url) as project:
        project.import_documents([AnnotatedDocument(
            Document(text, title="t", outlet="o", published="2021-10-13"), [gold])])
        frames = project_frames(project)
        assert frames == full_read(project)
        urged_frame, met_frame = frames
        assert [m.kb_id for m in urged_frame.sources + urged_frame.targets] == [
            "jka:japan", "jka:south-korea"]
        assert urged_frame.date == "2021-10-15" and urged_frame.tags == ("FORCED_LABOUR",)
        assert [m.text for m in met_frame.sources + met_frame.targets] == ["Tokyo"]
