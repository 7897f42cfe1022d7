"""Review: inter-annotator agreement, adjudication into gold, consistency checks, dashboard.

Pure functions over :mod:`jkannotate.core` objects; no storage, no Qt.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_HOME = {
    "STRATEGIES": "adjudication",
    "AdjudicationResult": "adjudication",
    "Disagreement": "adjudication",
    "adjudicate": "adjudication",
    "disagreements": "adjudication",
    "has_disagreements": "adjudication",
    "AgreementReport": "agreement",
    "PairAgreement": "agreement",
    "TagAgreement": "agreement",
    "agreement_report": "agreement",
    "cohen_kappa": "coefficients",
    "fleiss_kappa": "coefficients",
    "fleiss_table": "coefficients",
    "krippendorff_alpha_nominal": "coefficients",
    "percent_agreement": "coefficients",
    "Inconsistency": "consistency",
    "consistency_check": "consistency",
    "Dashboard": "dashboard",
    "dashboard": "dashboard",
    "render_report_html": "report_html",
    "PRF": "spans",
    "span_prf": "spans",
    "token_labels": "spans",
}


class _Package(ModuleType):
    """Importing the submodule ``dashboard`` binds it on its package, over the function of
    the same name that this package exports; the function keeps the name, as it did when
    the package imported everything at once."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "dashboard" and isinstance(value, ModuleType):
            value = value.dashboard
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    """The package's names come from their modules on first use: opening the window
    needs one function of one module, not agreement's numpy or the HTML report."""
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOME[name]}"), name)
    globals()[name] = value
    return value


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
