"""The explorer's HTML and SVG: totals, messages, the table, the charts and the comparison.

Pure functions of results and settings (no widgets), so they are testable on their own. Every
figure goes through :mod:`allocation.format`; every text comes from
:mod:`allocation.wording.widgets`. Key elements carry stable CSS classes (``alloc-totals``,
``alloc-total-granted``, ``alloc-table``, ``alloc-message``, ...) for the browser test and for
styling.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from allocation import format as fmt
from allocation.explore.settings import Settings
from allocation.explore.store import SavedScenario, status_of, totals_of
from allocation.records import Explanation
from allocation.results import AllocationResult
from allocation.round.data import Round, Scheme
from allocation.whatif import WhatItTakes
from allocation.wording import report as WR
from allocation.wording import widgets as T
from allocation.wording.render import render, render_all

if TYPE_CHECKING:
    from allocation.explore.workbench import JobState

#: The explorer's style sheet, sent once with the header.
CSS = """
<style>
.alloc-app { font-family: system-ui, sans-serif; }
.jupyter-widgets .lm-TabBar-tab .lm-TabBar-tabLabel { color: #24292f; }
.alloc-app .widget-html-content { line-height: 1.35; }
.alloc-tbl td.why { min-width: 240px; max-width: 520px; }
.alloc-tbl td.why summary { cursor: pointer; }
.alloc-tbl td.why details[open] summary { font-weight: 600; }
.alloc-tbl .sub { color: #57606a; font-size: 11px; }
.alloc-app .alloc-table, .alloc-app .alloc-compare { overflow-x: auto; max-width: 100%; }
.alloc-app .alloc-h { font-weight: 600; margin: 10px 0 2px 0; font-size: 14px; }
.alloc-app .alloc-note { color: #555; font-size: 12px; }
.alloc-app .alloc-intro { margin: 6px 0 10px; max-width: 900px; }
.alloc-cards { display: flex; flex-wrap: wrap; gap: 8px; margin: 4px 0 8px 0; }
.alloc-card { border: 1px solid #d0d7de; border-radius: 6px; padding: 6px 10px; min-width: 110px; }
.alloc-card .alloc-k { color: #555; font-size: 12px; }
.alloc-card .alloc-v { font-size: 18px; font-weight: 600; white-space: nowrap; }
.alloc-tbl { border-collapse: collapse; font-size: 12px; }
.alloc-tbl th, .alloc-tbl td { border-bottom: 1px solid #e5e5e5; padding: 3px 6px;
  vertical-align: top; text-align: left; }
.alloc-tbl td.num, .alloc-tbl th.num { text-align: right; white-space: nowrap; }
.alloc-tbl tr.d-innvilget td.dec { color: #116329; font-weight: 600; }
.alloc-tbl tr.d-delvis_innvilget td.dec { color: #9a6700; font-weight: 600; }
.alloc-tbl tr.d-avslått td.dec, .alloc-tbl tr.d-avvist td.dec { color: #82071e; }
.alloc-tbl tr.alloc-diff td { background: #fff8c5; }
.alloc-tbl td.lock { font-weight: 600; color: #0550ae; }
.alloc-msg-bad { border-left: 4px solid #cf222e; background: #ffebe9; padding: 8px 12px; }
.alloc-msg-warn { border-left: 4px solid #bf8700; background: #fff8c5; padding: 8px 12px; }
.alloc-msg-ok { border-left: 4px solid #1a7f37; background: #dafbe1; padding: 8px 12px; }
.alloc-status { color: #555; font-size: 12px; }
.alloc-bars .row { display: flex; align-items: center; font-size: 12px; margin: 2px 0; }
.alloc-bars .lab { width: 170px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.alloc-bars .bar { background: #2f81f7; height: 14px; margin: 0 6px; }
.alloc-bars .val { white-space: nowrap; color: #333; }
.alloc-charts-grid { display: flex; flex-wrap: wrap; gap: 24px; }
.alloc-tbl td.what { min-width: 200px; max-width: 360px; color: #24292f; }
.alloc-downloads a { margin-right: 14px; }
.alloc-app .alloc-number input { text-align: right; }
</style>
"""


def esc(value: object) -> str:
    """``value`` as HTML text (None as empty)."""
    return html.escape("" if value is None else str(value))


def message(kind: str, text: str) -> str:
    """A coloured message box: ``kind`` is ``"ok"``, ``"warn"`` or ``"bad"``."""
    return f'<div class="alloc-msg-{kind}">{esc(text)}</div>'


def note(text: str, tag: str = "div") -> str:
    """A grey explanatory note."""
    return f'<{tag} class="alloc-note">{esc(text)}</{tag}>'


def heading(text: str) -> str:
    """A small section heading."""
    return f'<div class="alloc-h">{esc(text)}</div>'


def render_header(round_: Round) -> str:
    """The style sheet, the title, the round's scheme and how to use the explorer, above it
    (the title first: the notebook has no text cell of its own before the app)."""
    scheme = round_.scheme
    title = f"{scheme.name} ({scheme.year})"  # a year, not a figure: no thousands space
    if scheme.region:
        title += f" – {scheme.region}"
    return (
        CSS + f"<h2 style='margin:4px 0'>{esc(T.TITLE)}</h2>"
        f'<div class="alloc-note">{esc(title)}</div>'  # no path: advisers read names, not folders
        f'<p class="alloc-intro">{esc(T.INTRO)}</p>'
    )


# -- totals and messages -------------------------------------------------------------------------


def _card(label: str, value: str, css: str) -> str:
    return (
        f'<div class="alloc-card"><div class="alloc-k">{esc(label)}</div>'
        f'<div class="alloc-v {css}">{esc(value)}</div></div>'
    )


def render_totals(result: AllocationResult) -> str:
    """The cards at the top: B, granted, left, counts per outcome, money committed before."""
    totals = totals_of(result)
    cards = [_card(T.TOTAL_BUDGET, fmt.money(totals["budget"]), "alloc-total-budget")]
    if result.allocation is not None:
        cards += [
            _card(T.TOTAL_GRANTED, fmt.money(totals["granted"]), "alloc-total-granted"),
            _card(T.TOTAL_LEFT, fmt.money(totals["left"]), "alloc-total-left"),
            _card(T.COUNT_FULL, fmt.integer(totals["full"]), "alloc-count-full"),
            _card(T.COUNT_PARTIAL, fmt.integer(totals["partial"]), "alloc-count-partial"),
            _card(T.COUNT_NONE, fmt.integer(totals["none"]), "alloc-count-none"),
        ]
    if totals.get("committed"):
        cards.append(
            _card(T.TOTAL_COMMITTED, fmt.money(totals["committed"]), "alloc-total-committed")
        )
    return f'<div class="alloc-cards">{"".join(cards)}</div>'


def render_result_message(result: AllocationResult) -> str:
    """The box shown instead of the table when a solve gave no allocation (else ``""``)."""
    if result.allocation is not None:
        return ""
    if status_of(result) == "infeasible":
        items = "".join(f"<li>{esc(c)}</li>" for c in result.conflicts)
        return (
            f'<div class="alloc-msg-bad alloc-infeasible"><b>{esc(T.INFEASIBLE_HEADING)}'
            f"</b><br>{esc(T.INFEASIBLE_HINT)}<ul>{items}</ul></div>"
        )
    gap = result.gap
    gap_text = fmt.percent(gap, 2) if gap is not None else T.GAP_UNKNOWN
    return message("warn", T.TIME_LIMIT.format(gap=gap_text))


def render_error(text: str, *, escaped: bool = False) -> str:
    """The box shown when the settings cannot be used (``escaped``: ``text`` is HTML)."""
    body = text if escaped else esc(text).replace("\n", "<br>")
    return f'<div class="alloc-msg-bad"><b>{esc(T.ERROR_HEADING)}</b><br>{body}</div>'


def render_status(seconds: float) -> str:
    """The status line after an update: how long it took."""
    return esc(T.STATUS_UPDATED.format(ms=fmt.integer(1000 * seconds)))


def render_load_failure(path: Path, problems: Sequence[str]) -> str:
    """The page shown instead of the explorer when a round cannot be opened."""
    items = "".join(f"<li>{esc(p)}</li>" for p in problems)
    return (
        f'{CSS}<div class="alloc-msg-bad alloc-message"><b>'
        f"{esc(T.LOAD_FAILED.format(path=path))}</b><ul>{items}</ul></div>"
    )


def render_export_message(path: Path, round_path: Path) -> str:
    """Where a scenario file went, how to use it, and a link to download it."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    link = (
        f'<a download="{esc(path.name)}" href="data:application/toml;base64,{data}">'
        f"{esc(T.SCENARIO_DOWNLOAD)}</a>"
    )
    text = T.SCENARIO_EXPORTED.format(path=esc(path), round=esc(round_path), link=link)
    return f'<div class="alloc-msg-ok">{text}</div>'


# -- the table -----------------------------------------------------------------------------------

_NUMERIC_COLUMNS = {"score", "requested", "fundable", "granted", "share"}
#: The "Hva skal til" column goes right after the decision.
_WHAT_AFTER = list(T.COLUMNS).index("decision")


def short_reasons(explanations: Sequence[Explanation]) -> dict[str, str]:
    """The decisive reason of each application, as the innstilling's proposal tables write it."""
    return {e.application_id: render(e.short, short=True) for e in explanations}


def _reason_cell(full: str, short: str | None) -> str:
    """The short reason, opening on the full one (a ``<details>``: no script, keyboard too)."""
    if not short or short == full:
        return f'<td class="why">{esc(full)}</td>'
    return f'<td class="why"><details><summary>{esc(short)}</summary>{esc(full)}</details></td>'


def _table_row(
    r: Any, lock: tuple[str, str] | None, what: str | None = None, short: str | None = None
) -> str:
    app = str(r.application_id)
    requested = int(r.requested)
    granted = int(r.granted)
    decision = r.decision
    share = granted / requested if requested > 0 else None
    places = (r.region, r.model)
    where = " · ".join(str(v) for v in places if v == v and str(v))
    cells = [
        f'<td class="app">{esc(app)}</td>',
        f'<td>{esc(r.applicant)}<div class="sub">{esc(where)}</div></td>',
        f'<td class="num">{esc(fmt.decimal(r.score))}</td>',
        f'<td class="num">{esc(fmt.money(requested))}</td>',
        f'<td class="num">{esc(fmt.money(r.fundable))}</td>',
        f'<td class="num granted">{esc(fmt.money(granted))}</td>',
        f'<td class="num">{esc(fmt.percent(share))}</td>',
        f'<td class="dec">{esc(T.DECISIONS.get(decision, decision))}</td>',
        f'<td class="lock">{esc(T.LOCK_SHOWN[lock[0]]) if lock else ""}</td>',
        _reason_cell(str(r.reason), short),
    ]
    if what is not None:  # beside the decision, where the adviser reads the outcome
        cells.insert(_WHAT_AFTER + 1, f'<td class="what">{esc(what)}</td>')
    return (
        f'<tr class="d-{esc(decision)}" data-id="{esc(app)}" data-granted="{granted}">'
        + "".join(cells)
        + "</tr>"
    )


def render_table(
    table: pd.DataFrame,
    locks: Mapping[str, tuple[str, str]],
    what: Mapping[str, str] | None = None,
    short: Mapping[str, str] | None = None,
) -> str:
    """HTML of the applications with grant, share of the request, decision, lock and reason.

    With ``what`` (application_id -> what it would take, from "Hva skal til?") a last column
    says it on the row of each application without a grant. With ``short``
    (:func:`short_reasons`) the reason column shows the decisive reason, which opens on the
    full explanation.
    """
    short = short or {}
    columns = list(T.COLUMNS.items())
    if what is not None:
        columns.insert(_WHAT_AFTER + 1, ("what", T.COLUMN_WHAT))
    head = "".join(
        f'<th class="{"num" if c in _NUMERIC_COLUMNS else ""}">{esc(label)}</th>'
        for c, label in columns
    )
    body = "".join(
        _table_row(
            r,
            locks.get(str(r.application_id)),
            None if what is None else what.get(str(r.application_id), ""),
            short.get(str(r.application_id)),
        )
        for r in table.itertuples(index=False)
    )
    return f'<table class="alloc-tbl"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# -- the charts ----------------------------------------------------------------------------------

_BAR_WIDTH = 220
_DECISION_COLOURS = {
    "innvilget": "#1a7f37",
    "delvis_innvilget": "#bf8700",
    "avslått": "#cf222e",
    "avvist": "#8c959f",
}


def _bars(title: str, values: pd.Series) -> str:
    """Horizontal bars, largest first; zero amounts left out."""
    values = values[values > 0].sort_values(ascending=False)
    top = float(values.max()) if len(values) else 0.0
    rows = []
    for label, amount in values.items():
        width = 0 if top <= 0 else max(1, round(_BAR_WIDTH * float(amount) / top))
        rows.append(
            f'<div class="row"><span class="lab" title="{esc(label)}">{esc(label)}</span>'
            f'<span class="bar" style="width:{width}px"></span>'
            f'<span class="val">{esc(fmt.money(amount))}</span></div>'
        )
    body = "".join(rows) or note(fmt.money(0))
    return f'<div class="alloc-bars">{heading(title)}{body}</div>'


@dataclass(frozen=True)
class _Plot:
    """The scatter plot's canvas: score ``lo..hi`` across, grant ``0..ymax`` up."""

    lo: float
    hi: float
    ymax: float
    width: int = 520
    height: int = 320
    left: int = 70
    bottom: int = 60
    top: int = 44
    right: int = 20

    @classmethod
    def of(cls, table: pd.DataFrame, scheme: Scheme) -> _Plot:
        """A canvas for a table's grants on a scheme's scale (grant axis to a round figure)."""
        ymax = float(max(table["granted"].max(), 1))
        unit = 10 ** math.floor(math.log10(ymax))
        return cls(float(scheme.scale[0]), float(scheme.scale[1]), unit * math.ceil(ymax / unit))

    def x(self, v: float) -> float:
        """Where a score goes across."""
        return self.left + (v - self.lo) / (self.hi - self.lo or 1) * (
            self.width - self.left - self.right
        )

    def y(self, v: float) -> float:
        """Where a grant goes up."""
        return self.height - self.bottom - v / self.ymax * (self.height - self.bottom - self.top)


def _scatter_axes(p: _Plot) -> list[str]:
    axis_y = p.y(0)
    parts = [
        f'<line x1="{p.left}" y1="{axis_y}" x2="{p.width - p.right}" y2="{axis_y}" stroke="#888"/>',
        f'<line x1="{p.left}" y1="{axis_y}" x2="{p.left}" y2="{p.top}" stroke="#888"/>',
    ]
    for k in range(int(math.ceil(p.lo)), int(math.floor(p.hi)) + 1):
        parts.append(
            f'<text x="{p.x(k)}" y="{axis_y + 14}" text-anchor="middle">{fmt.integer(k)}</text>'
        )
    for frac in (0, 0.5, 1):
        parts.append(
            f'<text x="{p.left - 4}" y="{p.y(frac * p.ymax) + 4}" text-anchor="end">'
            f"{esc(fmt.integer(frac * p.ymax))}</text>"
        )
    mid_y = (p.top + axis_y) / 2
    parts.append(
        f'<text x="{(p.left + p.width - p.right) / 2}" y="{axis_y + 28}" text-anchor="middle">'
        f"{esc(T.CHART_X)}</text>"
        f'<text transform="translate(12,{mid_y}) rotate(-90)" text-anchor="middle">'
        f"{esc(T.CHART_Y)}</text>"
    )
    return parts


def _scatter_lines(p: _Plot, table: pd.DataFrame, scheme: Scheme) -> list[str]:
    """The funding line (lowest score with a grant) and the score threshold, labelled."""
    funded = table[table["granted"] > 0]
    lines = []
    if len(funded) and funded["score"].notna().any():
        cut = float(funded["score"].min())
        lines.append((cut, T.CHART_FUNDING_LINE.format(score=fmt.decimal(cut)), "6,3", "#0550ae"))
    if scheme.threshold is not None:
        thr = float(scheme.threshold)
        lines.append((thr, T.CHART_THRESHOLD.format(score=fmt.decimal(thr)), "2,3", "#cf222e"))
    lines.sort()
    parts = []
    for n, (value, label, dash, colour) in enumerate(lines):
        if p.lo <= value <= p.hi:
            xv = p.x(value)
            # the left line's label goes left, so that no label crosses the other line
            leftward = (n == 0 and len(lines) > 1) or xv > 0.7 * p.width
            anchor, dx = ("end", -4) if leftward else ("start", 4)
            label_y = 12 + 14 * n  # labels in rows above the plot
            parts.append(
                f'<line x1="{xv:.1f}" y1="{label_y - 8}" x2="{xv:.1f}" y2="{p.y(0)}" '
                f'stroke="{colour}" stroke-dasharray="{dash}"/>'
                f'<text x="{xv + dx:.1f}" y="{label_y}" fill="{colour}" '
                f'text-anchor="{anchor}">{esc(label)}</text>'
            )
    return parts


def _scatter_dots(p: _Plot, table: pd.DataFrame) -> list[str]:
    """One dot per scored application, coloured by decision, with a tooltip."""
    parts = []
    for row in table.itertuples(index=False):
        if row.score is None or row.score != row.score:
            continue
        colour = _DECISION_COLOURS.get(row.decision, "#555")
        tip = f"{row.application_id} {row.applicant}: {fmt.decimal(row.score)}, "
        tip += fmt.money(row.granted)
        parts.append(
            f'<circle cx="{p.x(float(row.score)):.1f}" cy="{p.y(float(row.granted)):.1f}" r="4" '
            f'fill="{colour}" fill-opacity="0.8"><title>{esc(tip)}</title></circle>'
        )
    return parts


def _scatter_legend(p: _Plot) -> list[str]:
    parts = []
    lx = p.left
    for decision, colour in _DECISION_COLOURS.items():
        label = T.DECISIONS[decision]
        parts.append(
            f'<circle cx="{lx + 4}" cy="{p.height - 8}" r="4" fill="{colour}"/>'
            f'<text x="{lx + 12}" y="{p.height - 4}">{esc(label)}</text>'
        )
        lx += 20 + 6 * len(label)
    return parts


def render_scatter(table: pd.DataFrame, scheme: Scheme) -> str:
    """Score (x) against grant (y), one dot per application, with the funding line (SVG)."""
    p = _Plot.of(table, scheme)
    parts = [
        f'<svg width="{p.width}" height="{p.height}" class="alloc-scatter" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        *_scatter_axes(p),
        *_scatter_lines(p, table, scheme),
        *_scatter_dots(p, table),
        *_scatter_legend(p),
        "</svg>",
    ]
    return f"<div>{heading(T.CHART_SCATTER)}{''.join(parts)}</div>"


def render_charts(table: pd.DataFrame, scheme: Scheme) -> str:
    """HTML of the three charts (grants by region, by model; score against grant)."""
    region = table["region"].fillna("").replace("", T.CHART_NO_REGION)
    model = table["model"].fillna("").replace("", T.CHART_NO_MODEL)
    by_region = table["granted"].groupby(region, sort=False).sum()
    by_model = table["granted"].groupby(model, sort=False).sum()
    return (
        '<div class="alloc-charts-grid">'
        + _bars(T.CHART_REGION, by_region)
        + _bars(T.CHART_MODEL, by_model)
        + render_scatter(table, scheme)
        + "</div>"
    )


# -- scenarios -----------------------------------------------------------------------------------

_CHANGE_LABELS = {
    "budget": T.BUDGET,
    "carry_over": T.CARRY_OVER,
    "policy": T.POLICY,
    "cap": T.CAP_ON,
    "floor": T.FLOOR,
    "min_share": T.MIN_SHARE,
    "rounding": T.ROUNDING,
    "projects": T.PROJECTS_ON,
    "threshold": T.THRESHOLD_ON,
    "one_per_applicant": T.ONE_PER_APPLICANT,
    "min_per_region": T.MIN_PER_REGION_ON,
    "max_region_share": T.MAX_REGION_SHARE_ON,
    "min_models": T.MIN_MODELS_ON,
    "max_per_model": T.MAX_PER_MODEL_ON,
    "min_per_size_class": T.MIN_PER_SIZE_CLASS_ON,
}
_MONEY_SETTINGS = ("budget", "carry_over", "cap", "floor", "rounding")
_SHARE_SETTINGS = ("min_share", "max_region_share")


def _shown_value(name: str, value: Any) -> str:
    """A scenario parameter's value as the comparison shows it."""
    if value is False and name != "one_per_applicant":
        return T.RULE_OFF
    if isinstance(value, bool):
        return T.YES if value else T.NO
    if name in _MONEY_SETTINGS:
        return fmt.money(value)
    if name in _SHARE_SETTINGS:
        return fmt.percent(value)
    if name == "policy":
        return {v: k for k, v in T.POLICY_OPTIONS}.get(str(value), str(value))
    if name == "projects":
        lo, hi = value
        return f"{fmt.integer(lo)}–{fmt.integer(hi)}"
    if name == "threshold":
        return fmt.decimal(value)
    return fmt.integer(value)


def describe_changes(settings: Settings, base: Settings) -> list[str]:
    """The settings that differ from the scheme, in words (for the scenario comparison)."""
    out = [
        f"{_CHANGE_LABELS[name]}: {_shown_value(name, value)}"
        for name, value in settings.parameters(base).items()
    ]
    groups = settings.group_override(base)
    if groups:
        out.append(", ".join(f"{g} {fmt.decimal(v)}" for g, v in groups.items()))
    for app, (action, _reason) in settings.locks.items():
        out.append(f"{app}: {T.LOCK_SHOWN[action]}")
    return out


def _compare_cell(key: str, saved: SavedScenario) -> str:
    if key == "frame":
        return fmt.money(saved.settings.budget)
    if saved.grants is None and key != "budget":
        return T.COMPARE_NOT_SOLVED
    if key in ("budget", "granted", "left"):
        return fmt.money(saved.totals.get(key))
    return fmt.integer(saved.totals.get(key))


def _compare_totals(saved: Sequence[SavedScenario], base: Settings, head: str) -> str:
    """The comparison's first table: what changed, and the totals of each scenario."""
    changes = "".join(
        "<td>" + "<br>".join(esc(c) for c in describe_changes(s.settings, base)) + "</td>"
        for s in saved
    )
    rows = [f"<tr><td>{esc(T.COMPARE_CHANGES)}</td>{changes}</tr>"]
    for key, label in T.COMPARE_ROWS.items():
        cells = "".join(f'<td class="num">{esc(_compare_cell(key, s))}</td>' for s in saved)
        rows.append(f"<tr><td>{esc(label)}</td>{cells}</tr>")
    return (
        f'<table class="alloc-tbl alloc-compare-totals"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _compare_grants(saved: Sequence[SavedScenario], round_: Round, head: str) -> str:
    """The comparison's second table: the grant of every application, differences marked."""
    rows = []
    for row in round_.applications.itertuples(index=False):
        app = str(row.application_id)
        values = [None if s.grants is None else s.grants.get(app, 0) for s in saved]
        cells = "".join(
            f'<td class="num">{esc(T.COMPARE_NOT_SOLVED if v is None else fmt.money(v))}</td>'
            for v in values
        )
        css = ' class="alloc-diff"' if len(set(values)) > 1 else ""
        rows.append(
            f'<tr{css} data-id="{esc(app)}"><td>{esc(app)} {esc(row.applicant)}</td>{cells}</tr>'
        )
    return (
        heading(T.COMPARE_DIFF_HEADING)
        + f'<table class="alloc-tbl alloc-compare-apps"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def render_comparison(saved: Sequence[SavedScenario], round_: Round, base: Settings) -> str:
    """HTML of saved scenarios side by side: settings, totals, funded set, grant per application.

    With no saved scenario, a note saying how to save one.
    """
    if not saved:
        return note(T.SCENARIO_NONE, "p")
    names = "".join(f"<th>{esc(s.name)}</th>" for s in saved)
    return (
        heading(T.COMPARE_HEADING)
        + _compare_totals(saved, base, f"<th>{esc(T.COMPARE_FIGURE)}</th>{names}")
        + _compare_grants(saved, round_, f"<th>{esc(T.COMPARE_APPLICATION)}</th>{names}")
    )


# -- what it would take ----------------------------------------------------------------------------


def what_it_takes_line(w: WhatItTakes, limit: int) -> str:
    """One application without a grant: the frame and the score that would fund it, or why none.

    Plain text (escaped by :func:`render_what_it_takes`), figures through :mod:`allocation.format`.
    """
    return f"{w.application_id} ({w.applicant}): " + what_it_takes_text(w, limit)


def what_it_takes_text(w: WhatItTakes, limit: int) -> str:
    """What :func:`what_it_takes_line` says after the application's name (the table's cell)."""
    parts = []
    if w.frame is not None and w.frame_grant is not None:
        money = fmt.money(w.frame_grant)
        parts.append(WR.WHAT_LINE_FRAME.format(grant=money, frame=fmt.money(w.frame)))
    elif w.frame_note:
        template = WR.WHAT_FRAME_NOTES[w.frame_note]
        parts.append(template.format(limit=fmt.money(w.frame_limit), n=fmt.integer(limit)))
    if w.score_needed is not None:
        parts.append(WR.WHAT_LINE_SCORE.format(score=fmt.decimal(w.score_needed, 2)))
    elif w.held_out:
        parts.append(WR.WHAT_LINE_HELD_OUT.format(why=render_all(w.held_out)))
    return "; ".join(parts)


def render_what_it_takes(
    records: Sequence[WhatItTakes], limit: int, seconds: float, solves: int
) -> str:
    """HTML: a heading and one line per application without a grant (highest score first)."""
    head = heading(WR.WHAT_HEADING)
    if not records:
        return head + note(WR.WHAT_NONE, "p")
    ordered = sorted(records, key=lambda w: (w.score is None, -(w.score or 0.0), w.application_id))
    items = "".join(f"<li>{esc(what_it_takes_line(w, limit))}</li>" for w in ordered)
    timing = WR.WHAT_SECONDS.format(seconds=fmt.decimal(seconds, 1), solves=fmt.integer(solves))
    return f'{head}<ul class="what-it-takes">{items}</ul>' + note(timing, "p")


def render_what_note(
    records: Sequence[WhatItTakes], limit: int, seconds: float, solves: int
) -> str:
    """Above the table once "Hva skal til?" filled its column: a note pointing to the column,
    and the same lines in score order, folded (:func:`render_what_it_takes`)."""
    if not records:
        return note(WR.WHAT_NONE, "p")
    lines = render_what_it_takes(records, limit, seconds, solves)
    return (
        note(T.WHAT_IN_TABLE, "p")
        + f"<details><summary>{esc(WR.WHAT_HEADING)}</summary>{lines}</details>"
    )


# -- the innstilling job ---------------------------------------------------------------------------

#: Largest document offered as a download link (a ``data:`` URL; Chromium takes up to 2 MB).
MAX_DOWNLOAD_BYTES = 1_500_000
_MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def download_link(kind: str, path: Path) -> str:
    """A link that downloads a document with its own file name (works offline: the file is in
    the link, so nothing has to be served)."""
    label = T.DOCUMENT_LABELS.get(kind, path.name)
    size = path.stat().st_size
    if size > MAX_DOWNLOAD_BYTES:
        return f"<span>{esc(T.DOCUMENT_TOO_LARGE.format(label=label))}</span>"
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    mime = _MIME.get(kind, "application/octet-stream")
    return (
        f'<a download="{esc(path.name)}" href="data:{mime};base64,{data}" '
        f'class="alloc-download-{esc(kind)}">{esc(label)} ({esc(path.name)})</a>'
    )


def render_job(state: JobState, name: str, *, stable_note: bool = False) -> str:
    """The innstilling job: its step while it runs; at the end the documents or what went wrong."""
    if state.running:
        if state.step == 0:
            return note(T.JOB_STARTING, "p")
        text = T.JOB_PROGRESS.format(
            step=fmt.integer(state.step), total=fmt.integer(state.total), label=state.label
        )
        return note(text, "p")
    if state.error is not None:
        return render_error(T.JOB_FAILED.format(error=state.error))
    outcome = state.outcome
    if outcome is None:
        return ""
    folder = note(T.JOB_FOLDER.format(folder=outcome.folder), "p")
    if outcome.status != "optimal":
        text = T.JOB_INFEASIBLE if outcome.status == "infeasible" else T.JOB_TIME_LIMIT
        return message("warn", text) + folder
    links = "".join(download_link(k, p) for k, p in outcome.documents.items())
    stable = message("warn", T.INNSTILLING_STABLE_NOTE) if stable_note else ""
    return (
        f'<div class="alloc-msg-ok">{esc(T.JOB_DONE.format(name=name))}'
        f'<div class="alloc-downloads">{links}</div></div>{stable}{folder}'
    )
