"""Agreement on links and DATE values between annotators."""

from __future__ import annotations

from jkannotate.core.model import AnnotatedDocument, Document, Layer, LayerKind, Span, State
from jkannotate.review.link_agreement import link_agreement


def layer(owner: str, *spans: Span) -> Layer:
    return Layer(1, LayerKind.ANNOTATOR, owner, spans=list(spans))


def test_same_span_different_actor_is_a_disagreement() -> None:
    doc = AnnotatedDocument(Document("Moon said Moon met Abe on Friday."), [
        layer("alice", Span(0, 4, "PERSON", kb_id="jka:moon-jae-in"),
              Span(10, 14, "PERSON", kb_id="jka:moon-jae-in"), Span(19, 22, "PERSON"),
              Span(26, 32, "DATE", norm="2021-10-15")),
        layer("bob", Span(0, 4, "PERSON", kb_id="jka:moon-jae-in"),
              Span(10, 14, "PERSON", kb_id="jka:moon-hee-sang"), Span(19, 22, "PERSON"),
              Span(26, 32, "DATE", norm="2021-10-08"),
              Span(23, 25, "PERSON", kb_id="NIL", state=State.REJECTED)),
    ])
    links = link_agreement([doc])
    assert (links.compared, links.same) == (2, 1) and links.rate == 0.5
    dates = link_agreement([doc], attribute="norm")
    assert (dates.compared, dates.same) == (1, 0)
    assert link_agreement([doc], ["alice"]).rate is None


def annotate(project, owner: str, links: dict[tuple[int, int], str | None],
             pending: tuple[int, int, str] | None = None) -> None:
    """``owner`` marks PERSON spans with the given links (and one pending linked suggestion)
    and finishes the document."""
    from jkannotate.core import edits as ed
    from jkannotate.core.model import LayerStatus, Origin

    layer = project.open_layer(1, owner)
    adds = [ed.AddSpan(Span(s, e, "PERSON", kb_id=kb)) for (s, e), kb in links.items()]
    if pending is not None:
        adds.append(ed.AddSpan(Span(pending[0], pending[1], "PERSON", origin=Origin.SUGGESTED,
                                    state=State.PENDING, kb_id=pending[2])))
    project.apply(layer, adds)
    project.set_status(project.open_layer(1, owner), LayerStatus.DONE)


def test_agreement_command_and_report_show_link_agreement(tmp_path, capsys) -> None:
    import json

    from jkannotate.cli import main
    from jkannotate.project import Project

    text = "Moon said Moon met Abe and Suga."
    db = tmp_path / "links.db"
    with Project.open(db, user="lead") as project:
        project.import_documents([AnnotatedDocument(Document(text, title="t"))])
        annotate(project, "alice", {(0, 4): "jka:moon-jae-in", (10, 14): "jka:moon-jae-in",
                                    (19, 22): "jka:abe-shinzo"}, (27, 31, "jka:suga-yoshihide"))
        annotate(project, "bob", {(0, 4): "jka:moon-jae-in", (10, 14): "NIL",
                                  (19, 22): "jka:abe-shinzo"}, (27, 31, "NIL"))
    assert main(["agreement", "--db", str(db), "--json"]) == 0
    links = json.loads(capsys.readouterr().out)["links"]
    # the pending suggestion on "Suga" is nobody's decision: 3 spans compared, not 4
    assert links["actors"] == {"compared": 3, "same": 2, "agreement": 0.6667}
    assert links["dates"]["compared"] == 0 and links["dates"]["agreement"] is None
    assert links["pairs"] == [{"annotators": ["alice", "bob"], "actors": links["actors"],
                               "dates": links["dates"]}]
    assert links["disagreements"] == [{"first": "NIL", "second": "jka:moon-jae-in", "times": 1}]
    assert main(["agreement", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Actor links: same actor 0.667 (2 of 3)" in out
    assert "NIL / jka:moon-jae-in" in out
    assert main(["report", str(tmp_path / "r.html"), "--db", str(db)]) == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<h3>Actor links and dates</h3>" in html and "0.667 (2 of 3)" in html
