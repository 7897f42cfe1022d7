"""Inter-annotator agreement over documents: spans, tokens, issue tags and events.

Every figure uses the same documents: those every compared annotator finished.
Pairwise figures take annotator A (earlier in the list) as reference and B as
prediction, micro-averaged over those documents. The overall and per-label span
precision, recall and F1 pool the matches of every pair (so F1 is the harmonic mean of
the P and R shown); kappas and event F1s are averaged over pairs (undefined pair values
are left out of the mean).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from jkannotate.core.errors import InputError
from jkannotate.core.model import AnnotatedDocument, LabelKind, LayerStatus
from jkannotate.core.offsets import token_bounds

from .coefficients import (
    NAN,
    cohen_kappa,
    cohen_kappa_codes,
    finite_or_none,
    fleiss_kappa,
    fleiss_table,
    krippendorff_alpha_nominal,
    mean_defined,
    percent_agreement,
)
from .link_agreement import LinkFigures, link_figures
from .selection import (
    FINISHED,
    ComparedDocument,
    annotator_names,
    argument_keys,
    compared_documents,
)
from .selection import kept_spans as layer_spans
from .spans import EMPTY_PRF, OUTSIDE, PRF, exact_matches, overlap_matches, token_labels


@dataclass(slots=True)
class PairAgreement:
    """Agreement of one annotator pair over the compared documents."""

    reference: str
    prediction: str
    exact: PRF = EMPTY_PRF
    overlap: PRF = EMPTY_PRF
    exact_by_label: dict[str, PRF] = field(default_factory=dict)
    overlap_by_label: dict[str, PRF] = field(default_factory=dict)
    token_kappa: float = NAN
    triggers: PRF = EMPTY_PRF
    arguments: PRF = EMPTY_PRF

    def to_json(self) -> dict[str, Any]:
        return {
            "reference": self.reference,
            "prediction": self.prediction,
            "exact": prf_json(self.exact),
            "overlap": prf_json(self.overlap),
            "token_kappa": finite_or_none(self.token_kappa),
            "trigger_f1": finite_or_none(self.triggers.f1),
            "argument_f1": finite_or_none(self.arguments.f1),
        }


@dataclass(slots=True)
class TagAgreement:
    """Agreement on one document-level issue tag (present/absent per document)."""

    label: str
    cohen_kappa: float | None  # two annotators only; None when not applicable
    fleiss_kappa: float | None  # three or more annotators
    krippendorff_alpha: float
    percent_agreement: float
    used: int  # how many (annotator, document) ratings had the tag

    def to_json(self) -> dict[str, Any]:
        return {
            "cohen_kappa": finite_or_none(self.cohen_kappa),
            "fleiss_kappa": finite_or_none(self.fleiss_kappa),
            "krippendorff_alpha": finite_or_none(self.krippendorff_alpha),
            "percent_agreement": finite_or_none(self.percent_agreement),
            "used": self.used,
        }


@dataclass(slots=True)
class LabelAgreement:
    label: str
    exact_f1: float
    overlap_f1: float
    support: int  # spans with this label, summed over the annotators and compared documents
    exact: PRF = EMPTY_PRF  # pooled over pairs: exact_f1 is its F1
    overlap: PRF = EMPTY_PRF


@dataclass(slots=True)
class AgreementReport:
    """Everything ``jkannotate agreement`` shows; ``nan`` marks an undefined figure."""

    annotators: list[str]
    documents: int
    documents_skipped: int
    pairs: list[PairAgreement]
    per_label: dict[str, LabelAgreement]
    per_tag: dict[str, TagAgreement]
    label: str | None = None
    links: LinkFigures | None = None  # actor links and DATE values on decided spans

    def _mean(self, values: Sequence[float]) -> float:
        return mean_defined(list(values))

    @property
    def exact(self) -> dict[str, float]:
        return self._prf_mean("exact")

    @property
    def overlap(self) -> dict[str, float]:
        return self._prf_mean("overlap")

    def _prf_mean(self, which: str) -> dict[str, float]:
        """Pooled over pairs, so the F1 is the harmonic mean of the precision and recall."""
        pooled = sum((getattr(pair, which) for pair in self.pairs), EMPTY_PRF)
        return {"precision": pooled.precision, "recall": pooled.recall, "f1": pooled.f1}

    @property
    def token_kappa(self) -> float:
        return self._mean([pair.token_kappa for pair in self.pairs])

    @property
    def trigger_f1(self) -> float:
        return self._mean([pair.triggers.f1 for pair in self.pairs])

    @property
    def argument_f1(self) -> float:
        return self._mean([pair.arguments.f1 for pair in self.pairs])

    def to_json(self) -> dict[str, Any]:
        """One JSON-ready object; undefined figures are ``None``."""
        return {
            "documents": self.documents,
            "documents_skipped": self.documents_skipped,
            "documents_used": "every figure uses the documents all compared annotators "
                              "finished; span P/R/F1 pool the matches of every pair",
            "annotators": list(self.annotators),
            "label": self.label,
            "spans": {
                "exact": {k: finite_or_none(v) for k, v in self.exact.items()},
                "overlap": {k: finite_or_none(v) for k, v in self.overlap.items()},
                "per_label": {
                    name: {
                        "exact_f1": finite_or_none(item.exact_f1),
                        "overlap_f1": finite_or_none(item.overlap_f1),
                        "exact_precision": finite_or_none(item.exact.precision),
                        "exact_recall": finite_or_none(item.exact.recall),
                        "support": item.support,
                    }
                    for name, item in sorted(self.per_label.items())
                },
                "token_kappa": finite_or_none(self.token_kappa),
            },
            "tags": {
                "per_tag": {name: tag.to_json() for name, tag in sorted(self.per_tag.items())}
            },
            "events": {
                "trigger_f1": finite_or_none(self.trigger_f1),
                "argument_f1": finite_or_none(self.argument_f1),
            },
            "pairs": [pair.to_json() for pair in self.pairs],
            "links": None if self.links is None else self.links.to_json(),
        }

    def to_table(self) -> str:
        from .agreement_table import render_table

        return render_table(self)


def prf_json(prf: PRF) -> dict[str, float | None]:
    return {
        "precision": finite_or_none(prf.precision),
        "recall": finite_or_none(prf.recall),
        "f1": finite_or_none(prf.f1),
    }


def _add_by_label(
    total: dict[str, PRF], matched: Counter[str], ref: Counter[str], pred: Counter[str]
) -> None:
    for name in ref.keys() | pred.keys():
        found = matched[name]
        total[name] = total.get(name, EMPTY_PRF) + PRF(found, pred[name] - found, ref[name] - found)


def _pair_spans(
    pair: PairAgreement, compared: list[ComparedDocument], i: int, j: int, label: str | None
) -> None:
    for item in compared:
        ref = layer_spans(item.layers[i], label)
        pred = layer_spans(item.layers[j], label)
        ref_count = Counter(s.label for s in ref)
        pred_count = Counter(s.label for s in pred)
        exact = exact_matches(ref, pred)
        overlap = overlap_matches(ref, pred)
        _add_by_label(pair.exact_by_label, exact, ref_count, pred_count)
        _add_by_label(pair.overlap_by_label, overlap, ref_count, pred_count)
        triggers_ref = Counter(s.key for s in ref if s.kind is LabelKind.EVENT)
        triggers_pred = Counter(s.key for s in pred if s.kind is LabelKind.EVENT)
        hit = sum((triggers_ref & triggers_pred).values())
        pair.triggers += PRF(
            hit, sum(triggers_pred.values()) - hit, sum(triggers_ref.values()) - hit
        )
        args_ref = Counter(argument_keys(item.layers[i], label))
        args_pred = Counter(argument_keys(item.layers[j], label))
        hit = sum((args_ref & args_pred).values())
        pair.arguments += PRF(hit, sum(args_pred.values()) - hit, sum(args_ref.values()) - hit)
    pair.exact = sum(pair.exact_by_label.values(), EMPTY_PRF)
    pair.overlap = sum(pair.overlap_by_label.values(), EMPTY_PRF)


def _token_codes(compared: list[ComparedDocument], label: str | None) -> list[np.ndarray]:
    """Per annotator, every compared document's token labels as integer codes, concatenated."""
    codes: dict[str, int] = {OUTSIDE: 0}
    per_annotator: list[list[int]] = [[] for _ in compared[0].layers] if compared else []
    for item in compared:
        tokens = token_bounds(item.doc.document.text)
        for index, layer in enumerate(item.layers):
            spans = layer_spans(layer, label)
            if label is None:
                spans = [s for s in spans if s.kind is LabelKind.ENTITY]
            for name in token_labels(tokens, spans):
                per_annotator[index].append(codes.setdefault(name, len(codes)))
    return [np.asarray(values, dtype=np.int64) for values in per_annotator]


def _tag_agreement(name: str, ratings: list[list[int]], annotators: int) -> TagAgreement:
    two = annotators == 2
    return TagAgreement(
        label=name,
        cohen_kappa=cohen_kappa([r[0] for r in ratings], [r[1] for r in ratings]) if two else None,
        fleiss_kappa=None if two else fleiss_kappa(fleiss_table(ratings)) if ratings else NAN,
        krippendorff_alpha=krippendorff_alpha_nominal(ratings),
        percent_agreement=percent_agreement(ratings),
        used=sum(sum(row) for row in ratings),
    )


def agreement_report(
    docs: Sequence[AnnotatedDocument],
    *,
    annotators: Sequence[str] | None = None,
    label: str | None = None,
    issue_labels: Sequence[str] = (),
    statuses: Sequence[str | LayerStatus] = FINISHED,
    include_pending: bool = False,
) -> AgreementReport:
    """Agreement of ``annotators`` (default: everyone with a finished layer) over ``docs``.

    Only documents that every compared annotator has finished (layer status in
    ``statuses``) count. ``label`` narrows spans, tokens, tags and events to one
    label. ``issue_labels`` lists tags to report even when nobody used them.
    Pending suggestions nobody decided are not annotations and do not count, unless
    ``include_pending``.
    """
    if not include_pending:
        docs = [AnnotatedDocument(item.document, [layer.decided() for layer in item.layers])
                for item in docs]
    names = list(annotators) if annotators is not None else annotator_names(docs, statuses)
    if len(set(names)) < 2 or len(set(names)) != len(names):
        found = ", ".join(names) or "none"
        raise InputError(f"agreement needs at least two distinct annotators (found: {found})")
    compared, skipped = compared_documents(docs, names, statuses)
    pairs: list[PairAgreement] = []
    token_codes = _token_codes(compared, label)
    for i, j in itertools.combinations(range(len(names)), 2):
        pair = PairAgreement(names[i], names[j])
        _pair_spans(pair, compared, i, j, label)
        if compared:
            size = int(max(token_codes[i].max(initial=0), token_codes[j].max(initial=0))) + 1
            pair.token_kappa = cohen_kappa_codes(token_codes[i], token_codes[j], size)
        pairs.append(pair)

    support: Counter[str] = Counter()
    for item in compared:
        for layer in item.layers:
            support.update(s.label for s in layer_spans(layer, label))
    per_label = {}
    for name, count in support.items():
        exact = sum((p.exact_by_label.get(name, EMPTY_PRF) for p in pairs), EMPTY_PRF)
        overlap = sum((p.overlap_by_label.get(name, EMPTY_PRF) for p in pairs), EMPTY_PRF)
        per_label[name] = LabelAgreement(name, exact.f1, overlap.f1, count, exact, overlap)

    tag_sets = [
        [{t.label for t in layer.kept_tags()} for layer in item.layers] for item in compared
    ]
    tag_names = set(issue_labels) | {name for sets in tag_sets for tags in sets for name in tags}
    if label is not None:
        tag_names &= {label}
    per_tag = {
        name: _tag_agreement(
            name, [[int(name in tags) for tags in sets] for sets in tag_sets], len(names)
        )
        for name in sorted(tag_names)
    }
    links = link_figures([item.layers for item in compared], names, label)
    return AgreementReport(names, len(compared), skipped, pairs, per_label, per_tag, label,
                           links)
