"""The review dashboard as one self-contained HTML page (inline CSS and SVG, no assets).

The markup is well-formed XML as well as HTML, so tests can parse it strictly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from .agreement import AgreementReport
from .agreement_table import fmt, link_figure
from .dashboard import Dashboard

RUBBER_STAMP_RATE = 0.95  # uptake above this, over enough suggestions, deserves a look
RUBBER_STAMP_MIN = 20

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:960px;
color:#222;line-height:1.4}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5em 0}td,th{padding:.25em .7em;border-bottom:1px solid #eee}
th{text-align:left;background:#f6f6f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.warn{color:#b00020;font-weight:600}.muted{color:#777}
svg text{font-size:12px;font-family:inherit}
"""


def _cell(value: object, numeric: bool = False) -> str:
    css = ' class="n"' if numeric else ""
    return f"<td{css}>{escape(str(value))}</td>"


def _table(header: Sequence[str], rows: Sequence[Sequence[tuple[object, bool]]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(_cell(v, n) for v, n in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def bar_chart_svg(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    colours: Sequence[str] = ("#3465a4", "#f5a623", "#4e9a06"),
    title: str = "",
) -> str:
    """Horizontal grouped bars on a 0–1 scale; an undefined value draws no bar, only "–"."""
    label_width, bar_width, bar_height, gap = 170, 420, 12, 10
    group = bar_height * len(series) + gap
    legend = 22
    height = legend + group * len(rows) + 24
    width = label_width + bar_width + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for k, name in enumerate(series):
        key_x = label_width + k * 130
        colour = colours[k % len(colours)]
        parts.append(f'<rect x="{key_x}" y="4" width="12" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{key_x + 16}" y="14">{escape(name)}</text>')
    axis_y = legend + group * len(rows) + 4
    for tick in (0.0, 0.5, 1.0):
        x = label_width + tick * bar_width
        parts.append(
            f'<line x1="{x:.1f}" y1="{legend - 2}" x2="{x:.1f}" y2="{axis_y}" stroke="#ccc"/>'
        )
        parts.append(f'<text x="{x:.1f}" y="{axis_y + 14}" text-anchor="middle">{tick:.1f}</text>')
    for i, (label, values) in enumerate(rows):
        top = legend + i * group
        middle = top + bar_height * len(series) / 2 + 4
        parts.append(
            f'<text x="{label_width - 8}" y="{middle:.1f}" text-anchor="end">{escape(label)}</text>'
        )
        for k, value in enumerate(values):
            y = top + k * bar_height
            shown = value is not None and not math.isnan(value)
            length = max(0.0, min(1.0, value)) * bar_width if shown and value is not None else 0.0
            colour = colours[k % len(colours)]
            parts.append(
                f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height - 2}" '
                f'fill="{colour}"><title>{escape(label)} {escape(series[k])}: {fmt(value)}</title>'
                "</rect>"
            )
            parts.append(
                f'<text x="{label_width + length + 4:.1f}" y="{y + bar_height - 3}">'
                f"{fmt(value)}</text>"
            )
    parts.append("</svg>")
    return "".join(parts)


def _progress_section(dashboard: Dashboard) -> str:
    rows = []
    for p in dashboard.progress:
        share = p.done / p.assigned if p.assigned else None
        rows.append(
            [
                (p.name, False),
                (p.done, True),
                (p.assigned, True),
                (fmt(share, 2) if share is not None else "–", True),
                (p.in_progress, True),
                (fmt(p.docs_per_hour, 1), True),
                (fmt(p.active_hours, 1), True),
            ]
        )
    header = ["Annotator", "done", "assigned", "share", "in progress", "docs/hour", "hours"]
    return "<h2>Progress</h2>" + _table(header, rows)


def _agreement_section(agreement: AgreementReport | None) -> str:
    if agreement is None:
        return '<h2>Agreement</h2><p class="muted">Not computed (fewer than two annotators).</p>'
    summary = (
        f"<p>{agreement.documents} documents compared between "
        f"{escape(', '.join(agreement.annotators))}; {agreement.documents_skipped} skipped "
        "(not finished by all).</p>"
    )
    keys = ("precision", "recall", "f1")
    overall = _table(
        ["Spans", "precision", "recall", "F1"],
        [
            [("exact", False), *((fmt(agreement.exact[k]), True) for k in keys)],
            [("overlap", False), *((fmt(agreement.overlap[k]), True) for k in keys)],
        ],
    )
    figures = (
        f"<p>Token-level Cohen's κ: <b>{fmt(agreement.token_kappa)}</b>. Events: trigger F1 "
        f"<b>{fmt(agreement.trigger_f1)}</b>, argument F1 <b>{fmt(agreement.argument_f1)}</b>.</p>"
    )
    chart_rows = [
        (name, [item.exact_f1, item.overlap_f1])
        for name, item in sorted(agreement.per_label.items())
    ]
    chart = (
        bar_chart_svg(chart_rows, ["exact F1", "overlap F1"], title="Agreement per label")
        if chart_rows
        else '<p class="muted">No spans in the compared documents.</p>'
    )
    tag_rows = [
        [
            (name, False),
            (fmt(tag.cohen_kappa), True),
            (fmt(tag.fleiss_kappa), True),
            (fmt(tag.krippendorff_alpha), True),
            (fmt(tag.percent_agreement), True),
            (tag.used, True),
        ]
        for name, tag in sorted(agreement.per_tag.items())
    ]
    tags = (
        "<h3>Issue tags</h3>"
        + _table(["Tag", "Cohen κ", "Fleiss κ", "Krippendorff α", "agreement", "used"], tag_rows)
        + '<p class="muted">– = undefined (no variation to correct for chance, or not '
        "applicable for this number of annotators).</p>"
        if tag_rows
        else ""
    )
    return ("<h2>Agreement</h2>" + summary + overall + figures + "<h3>Per label</h3>" + chart
            + tags + _links_section(agreement))


def _links_section(agreement: AgreementReport) -> str:
    """Actor links and DATE values: pooled, per pair, and the links disagreed on most."""
    links = agreement.links
    if links is None or not (links.actors.compared or links.dates.compared):
        return ""
    rows = [[("all pairs", False), (link_figure(links.actors), True),
             (link_figure(links.dates), True)]]
    if len(links.pairs) > 1:
        rows += [[(f"{p.first} / {p.second}", False), (link_figure(p.actors), True),
                  (link_figure(p.dates), True)] for p in links.pairs]
    table = _table(["Annotators", "same actor", "same DATE value"], rows)
    confused = (
        _table(["Actor links disagreed on", "times"],
               [[(f"{a or '(unlinked)'} / {b or '(unlinked)'}", False), (n, True)]
                for a, b, n in links.disagreements])
        if links.disagreements else ""
    )
    return ("<h3>Actor links and dates</h3>" + table + confused
            + '<p class="muted">Decided spans both annotators marked (same offsets and label) '
            "with a link or value on either side; NIL (not in the knowledge base) is a "
            "choice.</p>")


def _confusion_section(dashboard: Dashboard) -> str:
    if not dashboard.confusions:
        return '<h2>Most frequent confusions</h2><p class="muted">None.</p>'
    rows = [[(f"{c.first} vs {c.second}", False), (c.count, True)] for c in dashboard.confusions]
    return "<h2>Most frequent confusions</h2>" + _table(["Same span, labels", "times"], rows)


def _suggestion_section(dashboard: Dashboard) -> str:
    if not dashboard.suggestions:
        return '<h2>Suggestion acceptance</h2><p class="muted">No suggestions reviewed yet.</p>'
    rows = []
    for s in dashboard.suggestions:
        flag = ""
        if s.rate is not None and s.rate >= RUBBER_STAMP_RATE and s.suggested >= RUBBER_STAMP_MIN:
            flag = "check for rubber-stamping"
        rows.append(
            [
                (s.label, False),
                (s.source, False),
                (s.accepted, True),
                (s.suggested, True),
                (fmt(s.rate, 2), True),
                (flag, False),
            ]
        )
    table = _table(["Label", "source", "accepted", "offered", "rate", ""], rows)
    table = table.replace(
        "<td>check for rubber-stamping</td>", '<td class="warn">check for rubber-stamping</td>'
    )
    note = (
        '<p class="muted">Accepted = an annotator kept the suggested span or tag unchanged '
        "(same start, end and label); offered counts each suggestion once per finished "
        "annotator layer.</p>"
    )
    return "<h2>Suggestion acceptance</h2>" + table + note


def render_report_html(
    dashboard: Dashboard, agreement: AgreementReport | None, *, title: str = "jkannotate review",
    extra_sections: Sequence[str] = (),
) -> str:
    """The dashboard page: progress, agreement (chart per label), confusions, suggestions."""
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = "".join(
        [
            f"<h1>{escape(title)}</h1>",
            f'<p class="muted">{dashboard.documents} documents · generated {generated}</p>',
            _progress_section(dashboard),
            _agreement_section(agreement),
            _confusion_section(dashboard),
            _suggestion_section(dashboard),
            *extra_sections,
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
        f"<body>{body}</body></html>\n"
    )
