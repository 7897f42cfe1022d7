"""Plain-text rendering of an :class:`AgreementReport` for a terminal."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .agreement import AgreementReport
    from .link_agreement import LinkAgreement


def fmt(value: float | None, digits: int = 3) -> str:
    """A figure for people: undefined values show as an en dash."""
    if value is None or math.isnan(value):
        return "–"
    return f"{value:.{digits}f}"


def grid(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Left-aligned first column, right-aligned figures, two spaces between columns."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [
            str(cell).ljust(widths[i]) if i == 0 else str(cell).rjust(widths[i])
            for i, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def link_figure(agreement: LinkAgreement) -> str:
    return f"{fmt(agreement.rate)} ({agreement.same} of {agreement.compared})"


def link_lines(report: AgreementReport) -> list[str]:
    """Actor links and DATE values, pooled and per pair, and the most disagreed links."""
    links = report.links
    assert links is not None
    lines = [f"Actor links: same actor {link_figure(links.actors)}   DATE values: same "
             f"{link_figure(links.dates)}  (decided spans both marked, linked on either side)"]
    if len(links.pairs) > 1:
        rows = [[f"{p.first} / {p.second}", link_figure(p.actors), link_figure(p.dates)]
                for p in links.pairs]
        lines += ["", grid(["Pair", "same actor", "same date"], rows)]
    if links.disagreements:
        rows = [[f"{a or '(unlinked)'} / {b or '(unlinked)'}", str(n)]
                for a, b, n in links.disagreements]
        lines += ["", grid(["Actor links disagreed on", "times"], rows)]
    return lines


def render_table(report: AgreementReport) -> str:
    """Documents, overall span agreement, per label, per tag, events and pairs."""
    parts = [
        f"Annotators: {', '.join(report.annotators)}"
        + (f"   label: {report.label}" if report.label else ""),
        f"Documents compared: {report.documents}   skipped (not finished by all): "
        f"{report.documents_skipped}",
        "Every figure uses the compared documents; span P/R/F1 pool the matches of all pairs.",
        "",
        grid(
            ["Spans", "precision", "recall", "F1"],
            [
                ["exact", *(fmt(report.exact[k]) for k in ("precision", "recall", "f1"))],
                ["overlap", *(fmt(report.overlap[k]) for k in ("precision", "recall", "f1"))],
            ],
        ),
        f"Token-level Cohen's kappa: {fmt(report.token_kappa)}",
    ]
    if report.per_label:
        rows = [
            [name, fmt(item.exact.precision), fmt(item.exact.recall), fmt(item.exact_f1),
             fmt(item.overlap_f1), str(item.support)]
            for name, item in sorted(report.per_label.items())
        ]
        header = ["Label", "exact P", "exact R", "exact F1", "overlap F1", "spans"]
        parts += ["", grid(header, rows)]
    if report.per_tag:
        rows = [
            [
                name,
                fmt(tag.cohen_kappa),
                fmt(tag.fleiss_kappa),
                fmt(tag.krippendorff_alpha),
                fmt(tag.percent_agreement),
                str(tag.used),
            ]
            for name, tag in sorted(report.per_tag.items())
        ]
        header = ["Issue tag", "Cohen κ", "Fleiss κ", "Kripp. α", "agreement", "used"]
        parts += ["", grid(header, rows)]
    parts += [
        "",
        f"Events: trigger F1 {fmt(report.trigger_f1)}   argument F1 {fmt(report.argument_f1)}",
    ]
    if report.links is not None:
        parts += ["", *link_lines(report)]
    if len(report.pairs) > 1:
        rows = [
            [
                f"{p.reference} / {p.prediction}",
                fmt(p.exact.f1),
                fmt(p.overlap.f1),
                fmt(p.token_kappa),
                fmt(p.triggers.f1),
                fmt(p.arguments.f1),
            ]
            for p in report.pairs
        ]
        parts += [
            "",
            grid(["Pair", "exact F1", "overlap F1", "token κ", "trigger F1", "arg F1"], rows),
        ]
    parts.append("(– = undefined: nothing to compare, or no variation to correct for chance)")
    return "\n".join(parts)
