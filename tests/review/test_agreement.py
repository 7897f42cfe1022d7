"""The agreement report over documents, checked against reference implementations."""

from __future__ import annotations

import itertools
import json
import math
import warnings

import krippendorff
import numpy as np
import pytest
from review_helpers import ISSUE_LABELS, layer, random_corpus
from sklearn.metrics import cohen_kappa_score
from statsmodels.stats.inter_rater import aggregate_raters
from statsmodels.stats.inter_rater import fleiss_kappa as sm_fleiss_kappa

from jkannotate.core.errors import InputError
from jkannotate.core.model import (
    AnnotatedDocument,
    DocTag,
    Document,
    EventArgument,
    LabelKind,
    LayerStatus,
    Span,
    State,
)
from jkannotate.core.offsets import token_bounds
from jkannotate.review import agreement_report, span_prf, token_labels

TEXT = "Moon Jae-in met Shinzo Abe in Tokyo on Monday for a summit about export controls."


def reference_tag_figures(corpus, annotators, tag):
    """Per-tag coefficients computed by the reference packages from the raw layers."""
    rows = []
    for doc in corpus:
        layers = {lay.owner: lay for lay in doc.layers}
        rows.append([int(tag in {t.label for t in layers[a].kept_tags()}) for a in annotators])
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore")
        cohen = (
            cohen_kappa_score([r[0] for r in rows], [r[1] for r in rows])
            if len(annotators) == 2
            else None
        )
        fleiss = (
            sm_fleiss_kappa(aggregate_raters(np.asarray(rows))[0]) if len(annotators) > 2 else None
        )
        try:
            alpha = krippendorff.alpha(
                reliability_data=np.asarray(rows, dtype=float).T, level_of_measurement="nominal"
            )
        except ValueError:
            alpha = None
    return cohen, fleiss, alpha


def close(ours, reference) -> bool:
    if reference is None or (isinstance(reference, float) and math.isnan(reference)):
        return ours is None
    return ours is not None and ours == pytest.approx(float(reference), abs=1e-5)


@pytest.mark.parametrize("annotators", [("ana", "ben"), ("ana", "ben", "chloe")])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_tag_coefficients_equal_references(seed, annotators) -> None:
    corpus = random_corpus(seed, documents=40, annotators=annotators)
    report = agreement_report(corpus, issue_labels=ISSUE_LABELS).to_json()
    assert report["documents"] == 40
    assert set(report["tags"]["per_tag"]) == set(ISSUE_LABELS)
    for tag, figures in report["tags"]["per_tag"].items():
        cohen, fleiss, alpha = reference_tag_figures(corpus, annotators, tag)
        assert close(figures["cohen_kappa"], cohen), tag
        assert close(figures["fleiss_kappa"], fleiss), tag
        assert close(figures["krippendorff_alpha"], alpha), tag


@pytest.mark.parametrize("seed", [4, 5])
def test_token_kappa_equals_sklearn_per_pair(seed) -> None:
    names = ("ana", "ben", "chloe")
    corpus = random_corpus(seed, documents=15, annotators=names)
    report = agreement_report(corpus)
    per_pair = []
    for i, j in itertools.combinations(range(3), 2):
        x, y = [], []
        for doc in corpus:
            tokens = token_bounds(doc.document.text)
            ents = [
                [s for s in lay.kept_spans() if s.kind is LabelKind.ENTITY] for lay in doc.layers
            ]
            x += token_labels(tokens, ents[i])
            y += token_labels(tokens, ents[j])
        reference = cohen_kappa_score(x, y)
        pair = report.pairs[len(per_pair)]
        assert (pair.reference, pair.prediction) == (names[i], names[j])
        assert pair.token_kappa == pytest.approx(reference, abs=1e-9)
        per_pair.append(reference)
    assert report.token_kappa == pytest.approx(sum(per_pair) / 3, abs=1e-9)


def test_span_prf_pools_the_matches_of_every_pair() -> None:
    corpus = random_corpus(9, documents=10)
    report = agreement_report(corpus)
    pooled = span_prf([], [])
    for i, j in itertools.combinations(range(3), 2):
        pooled = sum(
            (span_prf(doc.layers[i].kept_spans(), doc.layers[j].kept_spans()) for doc in corpus),
            start=pooled,
        )
    assert report.exact["f1"] == pytest.approx(pooled.f1)
    assert report.exact["precision"] == pytest.approx(pooled.precision)
    assert report.overlap["f1"] >= report.exact["f1"]


def test_total_agreement_gives_ones() -> None:
    spans = [Span(0, 11, "PERSON"), Span(16, 26, "PERSON"), Span(30, 35, "GPE")]
    docs = []
    for n in range(1, 5):
        tags = ["EXPORT_CONTROLS"] if n % 2 else []
        docs.append(AnnotatedDocument(Document(TEXT, id=n), [layer(o, spans, tags) for o in "ab"]))
    data = agreement_report(docs).to_json()
    assert data["spans"]["exact"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert data["spans"]["token_kappa"] == 1.0
    tag = data["tags"]["per_tag"]["EXPORT_CONTROLS"]
    assert tag["cohen_kappa"] == 1.0 and tag["krippendorff_alpha"] == 1.0
    assert tag["percent_agreement"] == 1.0


def test_tag_nobody_used_is_undefined_but_fully_agreed() -> None:
    docs = [AnnotatedDocument(Document(TEXT, id=1), [layer("a"), layer("b"), layer("c")])]
    data = agreement_report(docs, issue_labels=["CHINA"]).to_json()
    china = data["tags"]["per_tag"]["CHINA"]
    assert china == {
        "cohen_kappa": None,
        "fleiss_kappa": None,
        "krippendorff_alpha": None,
        "percent_agreement": 1.0,
        "used": 0,
    }
    assert data["spans"]["exact"]["f1"] is None  # nothing to compare
    json.dumps(data, allow_nan=False)


def test_only_documents_finished_by_all_count() -> None:
    corpus = random_corpus(11, documents=6, annotators=("a", "b"))
    corpus[0].layers = [lay for lay in corpus[0].layers if lay.owner != "b"]  # b missing
    corpus[1].layers[1].status = LayerStatus.IN_PROGRESS  # b not finished
    corpus[2].layers[0].status = LayerStatus.REVIEWED  # reviewed counts as finished
    report = agreement_report(corpus)
    assert (report.documents, report.documents_skipped) == (4, 2)
    everything = agreement_report(corpus, statuses=("done", "reviewed", "in_progress"))
    assert (everything.documents, everything.documents_skipped) == (5, 1)
    assert "Documents compared: 4" in report.to_table()


def test_rejected_spans_and_tags_do_not_count() -> None:
    kept = [Span(0, 11, "PERSON")]
    rejected = [*kept, Span(30, 35, "GPE", state=State.REJECTED)]
    b = layer("b", rejected)
    b.tags = [DocTag("CHINA", state=State.REJECTED)]
    doc = AnnotatedDocument(Document(TEXT, id=1), [layer("a", kept), b])
    data = agreement_report([doc]).to_json()
    assert data["spans"]["exact"]["f1"] == 1.0
    assert data["tags"]["per_tag"] == {}


def test_events_trigger_and_argument_f1() -> None:
    def annotated(owner: str, role: str) -> object:
        moon, summit = Span(0, 11, "PERSON"), Span(51, 57, "MEETING", LabelKind.EVENT)
        abe = Span(16, 26, "PERSON")
        args = [
            EventArgument(summit.uid, moon.uid, "participant"),
            EventArgument(summit.uid, abe.uid, role),
        ]
        return layer(owner, [moon, abe, summit], arguments=args)

    doc = AnnotatedDocument(
        Document(TEXT, id=1), [annotated("a", "participant"), annotated("b", "target")]
    )
    data = agreement_report([doc]).to_json()
    assert data["events"]["trigger_f1"] == 1.0
    assert data["events"]["argument_f1"] == 0.5
    meeting_only = agreement_report([doc], label="MEETING").to_json()
    assert set(meeting_only["spans"]["per_label"]) == {"MEETING"}


def test_label_filter_and_table() -> None:
    corpus = random_corpus(12, documents=8)
    report = agreement_report(corpus, label="PERSON")
    assert set(report.per_label) <= {"PERSON"}
    table = report.to_table()
    assert "PERSON" in table and "ORG" not in table
    assert f"{report.exact['f1']:.3f}" in table


def test_fewer_than_two_annotators_is_refused() -> None:
    corpus = random_corpus(13, documents=2, annotators=("solo",))
    with pytest.raises(InputError, match="two distinct annotators"):
        agreement_report(corpus)
