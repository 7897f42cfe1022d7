"""Review: inter-annotator agreement, adjudication into gold, consistency checks, dashboard.

Pure functions over :mod:`jkannotate.core` objects; no storage, no Qt.
"""

from .adjudication import (
    STRATEGIES,
    AdjudicationResult,
    Disagreement,
    adjudicate,
    disagreements,
    has_disagreements,
)
from .agreement import AgreementReport, PairAgreement, TagAgreement, agreement_report
from .coefficients import (
    cohen_kappa,
    fleiss_kappa,
    fleiss_table,
    krippendorff_alpha_nominal,
    percent_agreement,
)
from .consistency import Inconsistency, consistency_check
from .dashboard import Dashboard, dashboard
from .report_html import render_report_html
from .spans import PRF, span_prf, token_labels

__all__ = [
    "PRF",
    "STRATEGIES",
    "AdjudicationResult",
    "AgreementReport",
    "Dashboard",
    "Disagreement",
    "Inconsistency",
    "PairAgreement",
    "TagAgreement",
    "adjudicate",
    "agreement_report",
    "cohen_kappa",
    "consistency_check",
    "dashboard",
    "disagreements",
    "fleiss_kappa",
    "fleiss_table",
    "has_disagreements",
    "krippendorff_alpha_nominal",
    "percent_agreement",
    "render_report_html",
    "span_prf",
    "token_labels",
]
