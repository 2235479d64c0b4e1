"""The innstilling as one self-contained HTML page, for reading in a browser.

Rendered with jinja2 from ``allocation/templates/innstilling.html.j2`` with autoescaping on:
every value (titles, names, reasons) is text, never markup. Charts are embedded as base64
PNG with their text alternative. Universal design: ``lang="nb"``, real table headers
(``th scope``), captions, and dark text on light backgrounds (contrast above 7:1).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import jinja2

from allocation.format import date as fmt_date
from allocation.report.document import NUMERIC, Innstilling, Table, format_value
from allocation.wording import report as W

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
                blocks.append({"kind": b.kind, "text": b.text, "entries": b.items})
            elif b.kind == "facts":
                items = [(label, format_value(v, kind)) for label, v, kind in b.items]
                blocks.append({"kind": "facts", "entries": items})
            elif b.kind == "table" and b.table is not None:
                n_table += 1
                t = b.table
                cols = [{"header": c.header, "numeric": c.kind in _NUMERIC} for c in t.columns]

                def cells(row: dict[str, Any], t: Table = t) -> list[dict[str, Any]]:
                    return [
                        {"text": t.cell_text(row, c), "numeric": c.kind in _NUMERIC}
                        for c in t.columns
                    ]

                blocks.append(
                    {
                        "kind": "table",
                        "number": n_table,
                        "caption": t.caption,
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
        sections.append({"heading": sec.heading, "blocks": blocks})
    return {
        "title": inn.title,
        "subtitle": inn.subtitle,
        "date": fmt_date(inn.date),
        "date_label": W.DATE_LABEL,
        "name_label": W.SIGNATURE_NAME,
        "empty": W.EMPTY_TABLE,
        "sections": sections,
    }


def render_html(inn: Innstilling) -> str:
    """The HTML text of the innstilling."""
    return _environment().get_template(TEMPLATE).render(**_view(inn))


def write_html(inn: Innstilling, path: str | Path) -> None:
    """Write the innstilling as a self-contained HTML file (UTF-8)."""
    Path(path).write_text(render_html(inn), encoding="utf-8", newline="\n")
