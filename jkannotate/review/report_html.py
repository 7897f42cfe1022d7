"""The review dashboard as one self-contained HTML page (inline CSS and SVG, no assets),
rendered from the Jinja2 templates in ``templates/`` with autoescaping.

The markup is well-formed XML as well as HTML, so tests can parse it strictly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from .agreement import AgreementReport
from .agreement_table import fmt, link_figure
from .dashboard import Dashboard

if TYPE_CHECKING:
    from jinja2 import Environment

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


@dataclass(slots=True)
class _Table:
    header: list[str]
    rows: list[list[_Cell]] = field(default_factory=list)


@dataclass(slots=True)
class _Cell:
    value: object
    css: str = ""


def _row(*cells: tuple[object, bool]) -> list[_Cell]:
    """Cells of one row: (value, numeric); numbers are right-aligned."""
    return [_Cell(value, "n" if numeric else "") for value, numeric in cells]


@lru_cache(maxsize=1)
def _templates() -> Environment:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(
        loader=FileSystemLoader(Path(__file__).with_name("templates")),
        autoescape=True,  # every value is escaped unless marked safe (our own SVG only)
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def bar_chart_svg(
    rows: Sequence[tuple[str, Sequence[float | None]]],
    series: Sequence[str],
    colours: Sequence[str] = ("#3465a4", "#f5a623", "#4e9a06"),
    title: str = "",
) -> Markup:
    """Horizontal grouped bars on a 0–1 scale; an undefined value draws no bar, only "–"."""
    label_width, bar_width, bar_height, gap = 170, 420, 12, 10
    group = bar_height * len(series) + gap
    legend = 22
    axis_y = legend + group * len(rows) + 4
    chart_rows = []
    for i, (label, values) in enumerate(rows):
        top = legend + i * group
        bars = []
        for k, value in enumerate(values):
            shown = value is not None and not math.isnan(value)
            length = max(0.0, min(1.0, value)) * bar_width if shown and value is not None else 0.0
            y = top + k * bar_height
            bars.append({
                "x": label_width, "y": y, "length": f"{length:.1f}", "height": bar_height - 2,
                "colour": colours[k % len(colours)], "series": series[k], "value": fmt(value),
                "text_x": f"{label_width + length + 4:.1f}", "text_y": y + bar_height - 3,
            })
        middle = f"{top + bar_height * len(series) / 2 + 4:.1f}"
        chart_rows.append({"label": label, "middle": middle, "bars": bars})
    svg = _templates().get_template("bar_chart.svg.j2").render(
        width=label_width + bar_width + 60,
        height=legend + group * len(rows) + 24,
        title=title,
        keys=[{"x": label_width + k * 130, "colour": colours[k % len(colours)], "name": name}
              for k, name in enumerate(series)],
        ticks=[{"x": f"{label_width + tick * bar_width:.1f}", "label": f"{tick:.1f}"}
               for tick in (0.0, 0.5, 1.0)],
        axis_top=legend - 2,
        axis_y=axis_y,
        label_x=label_width - 8,
        rows=chart_rows,
    )
    return Markup(svg.strip())


def _progress(dashboard: Dashboard) -> _Table:
    table = _Table(["Annotator", "done", "assigned", "share", "in progress", "docs/hour", "hours"])
    for p in dashboard.progress:
        share = p.done / p.assigned if p.assigned else None
        table.rows.append(_row(
            (p.name, False), (p.done, True), (p.assigned, True),
            (fmt(share, 2) if share is not None else "–", True), (p.in_progress, True),
            (fmt(p.docs_per_hour, 1), True), (fmt(p.active_hours, 1), True),
        ))
    return table


def _agreement(agreement: AgreementReport | None) -> dict[str, object] | None:
    if agreement is None:
        return None
    keys = ("precision", "recall", "f1")
    overall = _Table(["Spans", "precision", "recall", "F1"], [
        _row(("exact", False), *((fmt(agreement.exact[k]), True) for k in keys)),
        _row(("overlap", False), *((fmt(agreement.overlap[k]), True) for k in keys)),
    ])
    chart_rows = [
        (name, [item.exact_f1, item.overlap_f1])
        for name, item in sorted(agreement.per_label.items())
    ]
    chart = (
        bar_chart_svg(chart_rows, ["exact F1", "overlap F1"], title="Agreement per label")
        if chart_rows else None
    )
    tags = _Table(["Tag", "Cohen κ", "Fleiss κ", "Krippendorff α", "agreement", "used"], [
        _row((name, False), (fmt(tag.cohen_kappa), True), (fmt(tag.fleiss_kappa), True),
             (fmt(tag.krippendorff_alpha), True), (fmt(tag.percent_agreement), True),
             (tag.used, True))
        for name, tag in sorted(agreement.per_tag.items())
    ])
    return {
        "documents": agreement.documents,
        "annotators": ", ".join(agreement.annotators),
        "skipped": agreement.documents_skipped,
        "overall": overall,
        "token_kappa": fmt(agreement.token_kappa),
        "trigger_f1": fmt(agreement.trigger_f1),
        "argument_f1": fmt(agreement.argument_f1),
        "chart": chart,
        "tags": tags,
        **_links(agreement),
    }


def _links(agreement: AgreementReport) -> dict[str, _Table | None]:
    """Actor links and DATE values: pooled, per pair, and the links disagreed on most."""
    links = agreement.links
    if links is None or not (links.actors.compared or links.dates.compared):
        return {"links": None, "link_confusions": None}
    table = _Table(["Annotators", "same actor", "same DATE value"], [
        _row(("all pairs", False), (link_figure(links.actors), True),
             (link_figure(links.dates), True))
    ])
    if len(links.pairs) > 1:
        table.rows += [_row((f"{p.first} / {p.second}", False), (link_figure(p.actors), True),
                            (link_figure(p.dates), True)) for p in links.pairs]
    confused = _Table(["Actor links disagreed on", "times"], [
        _row((f"{a or '(unlinked)'} / {b or '(unlinked)'}", False), (n, True))
        for a, b, n in links.disagreements
    ])
    return {"links": table, "link_confusions": confused}


def _confusions(dashboard: Dashboard) -> _Table:
    return _Table(["Same span, labels", "times"], [
        _row((f"{c.first} vs {c.second}", False), (c.count, True)) for c in dashboard.confusions
    ])


def _suggestions(dashboard: Dashboard) -> _Table:
    table = _Table(["Label", "source", "accepted", "offered", "rate", ""])
    for s in dashboard.suggestions:
        cells = _row((s.label, False), (s.source, False), (s.accepted, True),
                     (s.suggested, True), (fmt(s.rate, 2), True))
        stamped = (s.rate is not None and s.rate >= RUBBER_STAMP_RATE
                   and s.suggested >= RUBBER_STAMP_MIN)
        cells.append(_Cell("check for rubber-stamping", "warn") if stamped else _Cell(""))
        table.rows.append(cells)
    return table


def render_report_html(
    dashboard: Dashboard, agreement: AgreementReport | None, *, title: str = "jkannotate review",
    extra_sections: Sequence[str] = (),
) -> str:
    """The dashboard page: progress, agreement (chart per label), confusions, suggestions.

    ``extra_sections`` are HTML fragments made by our own code (escaped where they were
    made); everything else is escaped by the template."""
    return _templates().get_template("report.html.j2").render(
        title=title,
        css=Markup(_CSS),
        documents=dashboard.documents,
        generated=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        progress=_progress(dashboard),
        agreement=_agreement(agreement),
        confusions=_confusions(dashboard),
        suggestions=_suggestions(dashboard),
        extra_sections=[Markup(section) for section in extra_sections],
    )
