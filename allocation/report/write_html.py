"""The innstilling as one self-contained HTML page, for reading in a browser.

Rendered with jinja2 from ``allocation/templates/innstilling.html.j2`` with autoescaping on:
every value (titles, names, reasons) is text, never markup. Charts are embedded as base64
PNG with their text alternative. Universal design: ``lang="nb"`` (``"nn"`` for a nynorsk
innstilling), real table headers (``th scope``), captions, and dark text on light backgrounds
(contrast above 7:1). On a phone the page reflows: each table scrolls inside its own box
(a focusable, labelled region), so nothing is wider than the viewport; amounts carry no-break
spaces (:func:`~allocation.report.document.keep_together`) and never break across lines.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import jinja2

from allocation.format import date as fmt_date
from allocation.report.document import (
    NUMERIC,
    Column,
    Innstilling,
    Table,
    format_value,
    keep_together,
)
from allocation.wording.innstilling import words

TEMPLATE = "innstilling.html.j2"
_NUMERIC = NUMERIC


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("allocation", "templates"),
        autoescape=True,  # always: the template is HTML and every value is data
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _view(inn: Innstilling) -> dict[str, Any]:
    sections = []
    n_table = n_figure = 0
    for sec in inn.sections:
        blocks: list[dict[str, Any]] = []
        for b in sec.blocks:
            if b.kind in ("p", "bullets", "signature"):
                entries = [keep_together(str(item)) for item in b.items]
                blocks.append({"kind": b.kind, "text": keep_together(b.text), "entries": entries})
            elif b.kind == "facts":
                items = [
                    (label, keep_together(format_value(v, kind))) for label, v, kind in b.items
                ]
                blocks.append({"kind": "facts", "entries": items})
            elif b.kind == "table" and b.table is not None:
                n_table += 1
                t = b.table
                shown = t.doc_columns  # a new list per access: bind once, not per row
                cols = [{"header": c.header, "numeric": c.kind in _NUMERIC} for c in shown]

                def cells(
                    row: dict[str, Any], t: Table = t, shown: list[Column] = shown
                ) -> list[dict[str, Any]]:
                    return [
                        {"text": keep_together(t.cell_text(row, c)), "numeric": c.kind in _NUMERIC}
                        for c in shown
                    ]

                blocks.append(
                    {
                        "kind": "table",
                        "number": n_table,
                        "caption": keep_together(t.caption),
                        "columns": cols,
                        "rows": [cells(r) for r in t.rows],
                        "total": cells(t.total) if t.total else None,
                    }
                )
            elif b.kind == "chart" and b.chart is not None:
                n_figure += 1
                blocks.append(
                    {
                        "kind": "chart",
                        "number": n_figure,
                        "caption": b.chart.caption,
                        "alt": b.chart.alt,
                        "png": base64.b64encode(b.chart.png).decode("ascii"),
                    }
                )
        sections.append({"heading": sec.heading, "blocks": blocks, "new_page": sec.new_page})
    w = words(inn.lang)
    office = [v for label, v in inn.letterhead if not label]
    return {
        "lang": w.HTML_LANGUAGE,
        "title": inn.title,
        "subtitle": inn.subtitle,
        "date": fmt_date(inn.date),
        "date_label": w.DATE_LABEL,
        "name_label": w.SIGNATURE_NAME,
        "empty": w.EMPTY_TABLE,
        "office": office[0] if office else "",
        "letterhead": [(label, v) for label, v in inn.letterhead if label],
        "sections": sections,
    }


def render_html(inn: Innstilling) -> str:
    """The HTML text of the innstilling."""
    return _environment().get_template(TEMPLATE).render(**_view(inn))


def write_html(inn: Innstilling, path: str | Path) -> None:
    """Write the innstilling as a self-contained HTML file (UTF-8)."""
    Path(path).write_text(render_html(inn), encoding="utf-8", newline="\n")
