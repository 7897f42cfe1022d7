"""The consistency check: label conflicts across documents, unlabelled gazetteer names."""

from __future__ import annotations

from review_helpers import layer

from jkannotate.core.model import (
    AnnotatedDocument,
    Document,
    LabelKind,
    LayerKind,
    LayerStatus,
    Span,
)
from jkannotate.review import consistency_check


def doc(doc_id: int, text: str, *layers) -> AnnotatedDocument:
    return AnnotatedDocument(Document(text, id=doc_id), list(layers))


def at(text: str, surface: str, label: str, kind: LabelKind = LabelKind.ENTITY) -> Span:
    start = text.index(surface)
    return Span(start, start + len(surface), label, kind)


YONHAP = "Seoul (Yonhap) -- Mitsubishi Heavy Industries refused the ruling, officials said."
KYODO = "TOKYO, Kyodo -- MITSUBISHI HEAVY INDUSTRIES will appeal, Japan's government said."
HANKYOREH = "Victims of Mitsubishi Heavy Industries rallied in Gwangju on Tuesday."


def test_same_surface_labelled_differently_across_documents() -> None:
    docs = [
        doc(1, YONHAP, layer("ana", [at(YONHAP, "Mitsubishi Heavy Industries", "ORG")])),
        doc(2, KYODO, layer("ben", [at(KYODO, "MITSUBISHI HEAVY INDUSTRIES", "ORG")])),
        doc(3, HANKYOREH, layer("ana", [at(HANKYOREH, "Mitsubishi Heavy Industries", "PERSON")])),
    ]
    found = consistency_check(docs)
    assert len(found) == 1
    conflict = found[0]
    assert conflict.kind == "label_conflict"
    assert conflict.labels == {"ORG": 2, "PERSON": 1}
    assert {o[0] for o in conflict.occurrences} == {1, 2, 3}
    assert "labelled differently in 3 documents" in conflict.message


def test_consistent_labels_unfinished_layers_and_other_kinds_are_not_flagged() -> None:
    text = "Leaders held a summit in Seoul."
    trigger = at(text, "summit", "MEETING", LabelKind.EVENT)
    docs = [
        doc(1, text, layer("ana", [at(text, "Seoul", "GPE"), trigger])),
        doc(2, text, layer("ben", [at(text, "Seoul", "GPE")])),
        doc(3, text, layer("ben", [at(text, "Seoul", "ORG")], status=LayerStatus.IN_PROGRESS)),
        doc(4, text, layer("suggestion", [at(text, "Seoul", "LOC")], kind=LayerKind.SUGGESTION)),
        doc(5, text, layer("ana", [at(text, "summit", "EVENT")])),  # an entity, not the trigger
    ]
    assert consistency_check(docs) == []


def test_gazetteer_name_left_unlabelled_in_a_finished_document() -> None:
    nhk = "Prime Minister Kishida spoke with President Yoon by phone. Kishida later met reporters."
    chosun = "윤석열 대통령은 기시다 총리와 통화했다. Yoon Suk Yeol said talks went well."
    aliases = {"Kishida": "PERSON", "Yoon": "PERSON", "기시다": "PERSON", "Kishida Fumio": "PERSON"}
    docs = [
        doc(
            1,
            nhk,
            layer("ana", [at(nhk, "Kishida", "PERSON"), at(nhk, "President Yoon", "PERSON")]),
        ),
        doc(2, chosun, layer("ben", [at(chosun, "Yoon Suk Yeol", "PERSON")])),
        doc(3, "Kishidan shares rose.", layer("ana")),  # not a whole-word match
        doc(4, nhk, layer("ben", status=LayerStatus.TODO)),  # not finished: ignored
    ]
    found = consistency_check(docs, {**aliases})
    by_surface = {item.surface: item for item in found}
    assert set(by_surface) == {"Kishida", "기시다"}
    kishida = by_surface["Kishida"]
    assert kishida.kind == "unlabelled_gazetteer"
    second = nhk.index("Kishida", nhk.index("Kishida") + 1)
    assert kishida.occurrences == [(1, "ana", second, second + len("Kishida"), None)]
    korean = by_surface["기시다"].occurrences[0]
    assert chosun[korean[2] : korean[3]] == "기시다"
    assert "PERSON in the gazetteer" in kishida.message
    assert kishida.to_json()["occurrences"][0]["document_id"] == 1
