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
