"""The interactive scenario explorer: change the rules, see the allocation at once.

An :class:`Explorer` wraps one loaded round in ipywidgets controls (budget, rules, spread
rules, group weights, and a three-way lock per application for the adviser's discretion)
and re-solves on every change, debounced so that dragging a slider does not queue a solve
per step. Settings can be saved as named scenarios, compared side by side, loaded back, and
exported as a scenario file that ``allocation run ROUND --scenario FILE`` turns into the
innstilling. The explorer never writes documents itself.

Everything the explorer solves goes through the same path as a scenario file: the controls
become scenario parameters (:meth:`Settings.parameters`), :func:`allocation.run.scenario.
apply_scenario` applies them to the round and :func:`allocation.orchestrator.allocate` solves. So an
exported scenario gives the pipeline exactly the allocation shown on screen.

The logic is testable without a browser: set widget values, call :meth:`Explorer.refresh`
(synchronous), read :attr:`Explorer.result`. In a kernel, changes are debounced on the
kernel's asyncio loop (``loop.call_later``); without a running loop a ``threading.Timer``
does the same.

Key output widgets carry stable CSS classes (``alloc-totals``, ``alloc-total-granted``,
``alloc-table``, ``alloc-message``, ...) for the browser test and for styling.
"""

from __future__ import annotations

import asyncio
import base64
import html
import math
import os
import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

import ipywidgets as w
import pandas as pd

from allocation import format as fmt
from allocation.errors import AllocationError, DataValidationError
from allocation.paths import EXAMPLES_DIR, PROJECT_ROOT
from allocation.round.data import Round, Scheme
from allocation.wording import widgets as T

#: Spread rules: name -> kind ("count" or "share").
SPREAD_RULES: dict[str, str] = {
    "min_per_region": "count",
    "max_region_share": "share",
    "min_models": "count",
    "max_per_model": "count",
}
#: Rules that can be switched off (``None`` in :class:`Settings`, ``false`` in a scenario).
OPTIONAL_RULES = ("cap", "projects", "threshold", *SPREAD_RULES)
LOCK_AUTO = "auto"
DEFAULT_DELAY = 0.15
ENV_ROUND = "ALLOCATION_ROUND"
ENV_SCENARIO_DIR = "ALLOCATION_SCENARIO_DIR"
DEFAULT_ROUND = EXAMPLES_DIR / "regional-2025"


# -- settings ----------------------------------------------------------------------------------


@dataclass
class Settings:
    """Everything the explorer's controls set, in the units of the scheme.

    ``None`` switches an optional rule off. ``projects`` is ``(min, max)``; ``groups`` maps
    group name to weight (normalised to sum 1 when applied); ``locks`` maps application_id to
    ``(action, reason)`` with action ``"must_fund"`` or ``"must_not_fund"``.
    """

    budget: int
    carry_over: int = 0
    policy: str = "merit"
    cap: int | None = None
    floor: int = 0
    min_share: float = 0.0
    rounding: int = 1
    projects: tuple[int, int] | None = None
    threshold: float | None = None
    one_per_applicant: bool = False
    min_per_region: int | None = None
    max_region_share: float | None = None
    min_models: int | None = None
    max_per_model: int | None = None
    groups: dict[str, float] = field(default_factory=dict)
    locks: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_scheme(cls, scheme: Scheme, n_applications: int) -> Settings:
        """The settings a scheme stands for (the explorer's starting point)."""
        projects = None
        if scheme.projects_min is not None or scheme.projects_max is not None:
            lo = scheme.projects_min or 0
            hi = scheme.projects_max if scheme.projects_max is not None else n_applications
            projects = (int(lo), int(max(lo, hi)))
        return cls(
            budget=int(scheme.frame),
            carry_over=int(scheme.carry_over),
            policy=scheme.policy,
            cap=scheme.cap,
            floor=int(scheme.floor),
            min_share=float(scheme.min_share),
            rounding=int(scheme.rounding),
            projects=projects,
            threshold=scheme.threshold,
            one_per_applicant=bool(scheme.one_per_applicant),
            min_per_region=scheme.min_per_region,
            max_region_share=scheme.max_region_share,
            min_models=scheme.min_models,
            max_per_model=scheme.max_per_model,
            groups={str(g): float(v) for g, v in scheme.groups.items()},
        )

    def normalised_groups(self) -> dict[str, float]:
        """The group weights scaled to sum 1 (unchanged when they all are 0)."""
        total = sum(self.groups.values())
        if total <= 0:
            return dict(self.groups)
        return {g: v / total for g, v in self.groups.items()}

    def parameters(self, base: Settings) -> dict[str, Any]:
        """The scenario ``[parameters]`` that turn ``base`` into these settings.

        Only rules that differ are listed; a rule switched off is ``False``.
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            name = f.name
            if name in ("groups", "locks"):
                continue
            mine, theirs = getattr(self, name), getattr(base, name)
            if _same(mine, theirs):
                continue
            if mine is None:
                out[name] = False
            elif name == "projects":
                out[name] = [int(mine[0]), int(mine[1])]
            else:
                out[name] = mine
        return out

    def group_override(self, base: Settings) -> dict[str, float] | None:
        """The scenario ``[groups]`` (normalised), or None when the weights are the scheme's."""
        mine, theirs = self.normalised_groups(), base.normalised_groups()
        if all(abs(mine[g] - theirs.get(g, 0.0)) <= 1e-9 for g in mine):
            return None
        # Rounded for a readable file; the last group takes the rest so they sum to 1.
        names = list(mine)
        rounded = {g: round(mine[g], 6) for g in names}
        rounded[names[-1]] = round(1.0 - sum(rounded[g] for g in names[:-1]), 6)
        return rounded


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=1e-12)
    if isinstance(a, tuple | list):
        return tuple(a) == tuple(b)
    return a == b


def settings_from_round(round_: Round) -> Settings:
    """The settings of a round's scheme (see :meth:`Settings.from_scheme`)."""
    return Settings.from_scheme(round_.scheme, len(round_.applications))


def to_scenario(
    settings: Settings,
    base: Settings,
    name: str,
    description: str = "",
    *,
    default_reason: str | None = None,
) -> Any:
    """The :class:`allocation.run.scenario.Scenario` of some settings relative to the scheme's.

    ``default_reason`` fills in locks without a reason (for solving on screen); without it
    such locks are left out of the scenario's locks (export checks for them first).
    """
    from allocation.run.scenario import Scenario, make_lock

    locks = {}
    for app, (action, reason) in settings.locks.items():
        reason = reason.strip() or (default_reason or "")
        if reason:
            locks[app] = make_lock(action, reason)
    return Scenario(
        name=name,
        description=description,
        parameters=settings.parameters(base),
        groups=settings.group_override(base),
        locks=locks,
    )


def from_scenario(round_: Round, scenario: Any) -> Settings:
    """The settings a scenario gives on a round (through :func:`apply_scenario`)."""
    from allocation.run.scenario import apply_scenario

    new_round, locks = apply_scenario(round_, scenario)
    settings = settings_from_round(new_round)
    settings.locks = {app: (lock.action, lock.reason) for app, lock in locks.items()}
    return settings


def solve_settings(
    round_: Round, settings: Settings, *, base: Settings | None = None, solver: str = "highs"
) -> Any:
    """Solve a round under some settings, exactly as the pipeline would the scenario file.

    Returns
    -------
    allocation.results.AllocationResult
    """
    from allocation.orchestrator import allocate
    from allocation.run.scenario import apply_scenario

    base = base if base is not None else settings_from_round(round_)
    scenario = to_scenario(settings, base, "explorer", default_reason=T.DEFAULT_LOCK_REASON)
    new_round, locks = apply_scenario(round_, scenario)
    return allocate(new_round, locks=locks or None, solver=solver)


# -- debouncing ----------------------------------------------------------------------------------


class Debouncer:
    """Call ``func`` once the changes stop: a burst of :meth:`trigger` calls gives one call.

    The first trigger after a quiet spell waits only ``lead`` seconds (so a single change,
    such as a typed budget, is answered at once, while changes sent together are still
    batched); a trigger that comes while a call is pending, or within ``delay`` seconds of
    the previous trigger, restarts the wait at ``delay`` seconds (so dragging a slider gives
    one solve when the hand stops, not one per step).

    Inside a Jupyter/Voilà kernel the call is scheduled on the running asyncio loop (it runs
    on the kernel's main thread, between widget messages); without a running loop a
    ``threading.Timer`` is used. ``delay <= 0`` calls at once.
    """

    def __init__(self, delay: float, func: Callable[[], object], lead: float = 0.01):
        self.delay = delay
        self.lead = min(lead, delay)
        self.func = func
        self._handle: Any = None
        self._lock = threading.Lock()
        self._last = -math.inf
        self.calls = 0

    def _fire(self) -> None:
        with self._lock:
            self._handle = None
        self.calls += 1
        self.func()

    def cancel(self) -> None:
        """Forget a pending call."""
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None

    @property
    def pending(self) -> bool:
        return self._handle is not None

    def trigger(self) -> None:
        """(Re)start the wait (see the class docstring)."""
        now = time.monotonic()
        busy = self.pending or now - self._last < self.delay
        self._last = now
        self.cancel()
        if self.delay <= 0:
            self._fire()
            return
        wait = self.delay if busy else self.lead
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if loop is not None:
                self._handle = loop.call_later(wait, self._fire)
            else:
                timer = threading.Timer(wait, self._fire)
                timer.daemon = True
                self._handle = timer
                timer.start()


# -- rendering helpers ---------------------------------------------------------------------------

_CSS = """
<style>
.alloc-app { font-family: system-ui, sans-serif; }
.alloc-app .widget-html-content { line-height: 1.35; }
.alloc-tbl td.why { min-width: 240px; max-width: 520px; }
.alloc-tbl .sub { color: #57606a; font-size: 11px; }
.alloc-app .alloc-table, .alloc-app .alloc-compare { overflow-x: auto; max-width: 100%; }
.alloc-app .alloc-h { font-weight: 600; margin: 10px 0 2px 0; font-size: 14px; }
.alloc-app .alloc-note { color: #555; font-size: 12px; }
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
</style>
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def _card(label: str, value: str, css: str) -> str:
    return (
        f'<div class="alloc-card"><div class="alloc-k">{_e(label)}</div>'
        f'<div class="alloc-v {css}">{_e(value)}</div></div>'
    )


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "x"


def totals_of(result: Any) -> dict[str, int]:
    """The figures shown at the top: budget B, granted, left, and counts per outcome."""
    table = result.allocation
    budget = int(result.summary.get("budget", 0) or 0)
    committed = int(result.summary.get("committed_total", 0) or 0)
    if table is None:
        return {"budget": budget, "committed": committed}
    decisions = table["decision"]
    granted = int(table["granted"].sum())
    return {
        "budget": budget,
        "committed": committed,
        "granted": granted,
        "left": budget - granted,
        "full": int((decisions == "innvilget").sum()),
        "partial": int((decisions == "delvis_innvilget").sum()),
        "none": int(decisions.isin(["avslått", "avvist"]).sum()),
        "funded": int((table["granted"] > 0).sum()),
    }


def _bars(title: str, values: pd.Series) -> str:
    values = values[values > 0].sort_values(ascending=False)
    top = float(values.max()) if len(values) else 0.0
    rows = []
    for label, amount in values.items():
        width = 0 if top <= 0 else max(1, round(220 * float(amount) / top))
        rows.append(
            f'<div class="row"><span class="lab" title="{_e(label)}">{_e(label)}</span>'
            f'<span class="bar" style="width:{width}px"></span>'
            f'<span class="val">{_e(fmt.money(amount))}</span></div>'
        )
    body = "".join(rows) or f'<div class="alloc-note">{_e(fmt.money(0))}</div>'
    return f'<div class="alloc-bars"><div class="alloc-h">{_e(title)}</div>{body}</div>'


_DECISION_COLOURS = {
    "innvilget": "#1a7f37",
    "delvis_innvilget": "#bf8700",
    "avslått": "#cf222e",
    "avvist": "#8c959f",
}


def _scatter(table: pd.DataFrame, scheme: Scheme) -> str:
    """Score (x) against grant (y), one dot per application, with the funding line."""
    width, height, left, bottom, top, right = 520, 320, 70, 60, 44, 20
    lo, hi = float(scheme.scale[0]), float(scheme.scale[1])
    ymax = float(max(table["granted"].max(), 1))
    unit = 10 ** math.floor(math.log10(ymax))
    ymax = unit * math.ceil(ymax / unit)

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo or 1) * (width - left - right)

    def y(v: float) -> float:
        return height - bottom - v / ymax * (height - bottom - top)

    axis_y = y(0)
    parts = [
        f'<svg width="{width}" height="{height}" class="alloc-scatter" '
        f'xmlns="http://www.w3.org/2000/svg" font-size="11" font-family="sans-serif">',
        f'<line x1="{left}" y1="{axis_y}" x2="{width - right}" y2="{axis_y}" stroke="#888"/>',
        f'<line x1="{left}" y1="{axis_y}" x2="{left}" y2="{top}" stroke="#888"/>',
    ]
    for k in range(int(math.ceil(lo)), int(math.floor(hi)) + 1):
        parts.append(f'<text x="{x(k)}" y="{axis_y + 14}" text-anchor="middle">{k}</text>')
    for frac in (0, 0.5, 1):
        parts.append(
            f'<text x="{left - 4}" y="{y(frac * ymax) + 4}" text-anchor="end">'
            f"{_e(fmt.integer(frac * ymax))}</text>"
        )
    mid_y = (top + axis_y) / 2
    parts.append(
        f'<text x="{(left + width - right) / 2}" y="{axis_y + 28}" text-anchor="middle">'
        f"{_e(T.CHART_X)}</text>"
        f'<text transform="translate(12,{mid_y}) rotate(-90)" text-anchor="middle">'
        f"{_e(T.CHART_Y)}</text>"
    )
    funded = table[table["granted"] > 0]
    lines = []
    if len(funded) and funded["score"].notna().any():
        cut = float(funded["score"].min())
        lines.append((cut, T.CHART_FUNDING_LINE.format(score=fmt.decimal(cut)), "6,3", "#0550ae"))
    if scheme.threshold is not None:
        thr = float(scheme.threshold)
        lines.append((thr, T.CHART_THRESHOLD.format(score=fmt.decimal(thr)), "2,3", "#cf222e"))
    lines.sort()
    for n, (value, label, dash, colour) in enumerate(lines):
        if lo <= value <= hi:
            xv = x(value)
            # the left line's label goes left, so that no label crosses the other line
            leftward = (n == 0 and len(lines) > 1) or xv > 0.7 * width
            anchor, dx = ("end", -4) if leftward else ("start", 4)
            label_y = 12 + 14 * n  # labels in rows above the plot
            parts.append(
                f'<line x1="{xv:.1f}" y1="{label_y - 8}" x2="{xv:.1f}" y2="{axis_y}" '
                f'stroke="{colour}" stroke-dasharray="{dash}"/>'
                f'<text x="{xv + dx:.1f}" y="{label_y}" fill="{colour}" '
                f'text-anchor="{anchor}">{_e(label)}</text>'
            )
    for row in table.itertuples(index=False):
        if row.score is None or row.score != row.score:
            continue
        colour = _DECISION_COLOURS.get(row.decision, "#555")
        tip = f"{row.application_id} {row.applicant}: {fmt.decimal(row.score)}, "
        tip += fmt.money(row.granted)
        parts.append(
            f'<circle cx="{x(float(row.score)):.1f}" cy="{y(float(row.granted)):.1f}" r="4" '
            f'fill="{colour}" fill-opacity="0.8"><title>{_e(tip)}</title></circle>'
        )
    lx = left
    for decision, colour in _DECISION_COLOURS.items():
        label = T.DECISIONS[decision]
        parts.append(
            f'<circle cx="{lx + 4}" cy="{height - 8}" r="4" fill="{colour}"/>'
            f'<text x="{lx + 12}" y="{height - 4}">{_e(label)}</text>'
        )
        lx += 20 + 6 * len(label)
    parts.append("</svg>")
    return f'<div><div class="alloc-h">{_e(T.CHART_SCATTER)}</div>{"".join(parts)}</div>'


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
        + _scatter(table, scheme)
        + "</div>"
    )


def render_table(table: pd.DataFrame, locks: Mapping[str, tuple[str, str]]) -> str:
    """HTML of the applications with grant, share of the request, decision, lock and reason."""
    cols = T.COLUMNS
    num = {"score", "requested", "fundable", "granted", "share"}
    head = "".join(
        f'<th class="{"num" if c in num else ""}">{_e(label)}</th>' for c, label in cols.items()
    )
    rows = []
    for r in table.itertuples(index=False):
        app = str(r.application_id)
        requested = int(r.requested)
        share = r.granted / requested if requested > 0 else None
        lock = locks.get(app)
        where = " · ".join(str(v) for v in (r.region, r.model) if v == v and str(v))
        cells = [
            f'<td class="app">{_e(app)}</td>',
            f'<td>{_e(r.applicant)}<div class="sub">{_e(where)}</div></td>',
            f'<td class="num">{_e(fmt.decimal(r.score))}</td>',
            f'<td class="num">{_e(fmt.money(requested))}</td>',
            f'<td class="num">{_e(fmt.money(r.fundable))}</td>',
            f'<td class="num granted">{_e(fmt.money(r.granted))}</td>',
            f'<td class="num">{_e(fmt.percent(share) if share is not None else "")}</td>',
            f'<td class="dec">{_e(T.DECISIONS.get(r.decision, r.decision))}</td>',
            f'<td class="lock">{_e(T.LOCK_SHOWN[lock[0]]) if lock else ""}</td>',
            f'<td class="why">{_e(r.reason)}</td>',
        ]
        rows.append(
            f'<tr class="d-{_e(r.decision)}" data-id="{_e(app)}" data-granted="{int(r.granted)}">'
            + "".join(cells)
            + "</tr>"
        )
    body = "".join(rows)
    return f'<table class="alloc-tbl"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def describe_changes(settings: Settings, base: Settings) -> list[str]:
    """The settings that differ from the scheme, in words (for the scenario comparison)."""
    labels = {
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
    }
    policies = {v: k for k, v in T.POLICY_OPTIONS}
    out = []
    for name, value in settings.parameters(base).items():
        if value is False and name != "one_per_applicant":
            shown = T.RULE_OFF
        elif isinstance(value, bool):
            shown = T.YES if value else T.NO
        elif name in ("budget", "carry_over", "cap", "floor", "rounding"):
            shown = fmt.money(value)
        elif name in ("min_share", "max_region_share"):
            shown = fmt.percent(value)
        elif name == "policy":
            shown = policies.get(value, value)
        elif name == "projects":
            shown = f"{value[0]}–{value[1]}"
        elif name == "threshold":
            shown = fmt.decimal(value)
        else:
            shown = str(value)
        out.append(f"{labels[name]}: {shown}")
    groups = settings.group_override(base)
    if groups:
        out.append(", ".join(f"{g} {fmt.decimal(v)}" for g, v in groups.items()))
    for app, (action, _reason) in settings.locks.items():
        out.append(f"{app}: {T.LOCK_SHOWN[action]}")
    return out


@dataclass
class SavedScenario:
    """A scenario saved in the explorer: its settings and what they gave."""

    name: str
    settings: Settings
    status: str
    totals: dict[str, int]
    grants: dict[str, int] | None  # application_id -> granted (None unless optimal)


# -- the explorer ------------------------------------------------------------------------------


def slider_step(frame: int) -> int:
    """A step for the budget slider: about a hundredth of the frame, dividing it if possible."""
    top = 10 ** max(0, int(math.log10(max(frame, 1))) - 2)
    candidates = [c for c in (top, top // 2, top // 5, top // 10) if c >= 1]
    for c in candidates:
        if frame % c == 0:
            return c
    return top


def _wide(widget: w.Widget, width: str = "330px", label: str = "150px") -> w.Widget:
    widget.layout.width = width
    widget.style.description_width = label
    return widget


class Explorer:
    """The interactive explorer of one round.

    Parameters
    ----------
    round_
        A loaded round (:func:`allocation.round.read.load_round`).
    delay
        Debounce delay in seconds: a solve starts this long after the last change.
    auto
        Re-solve automatically on changes (False: only :meth:`refresh` solves; for tests).
    export_dir
        Folder for exported scenario files (default ``$ALLOCATION_SCENARIO_DIR`` or
        ``reports/scenarios`` under the project folder).
    solver
        The solver passed to :func:`allocation.orchestrator.allocate`.

    Attributes
    ----------
    result
        The last :class:`~allocation.results.AllocationResult` (None before the first solve or
        when the settings could not be used).
    error
        The Norwegian message shown when the settings could not be used (else None).
    last_update_seconds
        Wall time of the last :meth:`refresh` (settings, solve and rendering).
    scenarios
        Saved scenarios by name.
    """

    def __init__(
        self,
        round_: Round,
        *,
        delay: float = DEFAULT_DELAY,
        auto: bool = True,
        export_dir: str | Path | None = None,
        solver: str = "highs",
    ):
        self.round = round_
        self.n = len(round_.applications)
        self.base = settings_from_round(round_)
        self.solver = solver
        self.auto = auto
        if export_dir is None:
            export_dir = os.environ.get(ENV_SCENARIO_DIR) or PROJECT_ROOT / "reports" / "scenarios"
        self.export_dir = Path(export_dir)
        self.result: Any = None
        self.error: str | None = None
        self.last_update_seconds: float | None = None
        self.solves = 0
        self.scenarios: dict[str, SavedScenario] = {}
        self.last_export: Path | None = None
        self._silent = 0
        self.debouncer = Debouncer(delay, self._auto_refresh)
        self._build()
        self.refresh()

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Explorer:
        """Load and validate a round folder, then build its explorer.

        Raises
        ------
        DataValidationError
            The round has errors.
        """
        from allocation.round.read import load_round

        return cls(load_round(path), **kwargs)

    def _build(self) -> None:
        s = self.base
        apps = self.round.applications
        requested_total = int(apps["requested"].sum())
        top = max(2 * s.budget, requested_total, 1)
        step = slider_step(s.budget)
        top = int(math.ceil(top / step) * step)
        big = 10**12

        self.budget = _wide(w.BoundedIntText(value=s.budget, min=0, max=big, description=T.BUDGET))
        self.budget.add_class("alloc-budget")
        self.budget_slider = _wide(
            w.IntSlider(
                value=min(s.budget, top),
                min=0,
                max=top,
                step=step,
                description=T.BUDGET_SLIDER,
                continuous_update=True,
                readout=False,
            )
        )
        self.budget_slider.add_class("alloc-budget-slider")
        self.carry_over = _wide(
            w.BoundedIntText(value=s.carry_over, min=0, max=big, description=T.CARRY_OVER)
        )
        self.carry_over.add_class("alloc-carry-over")
        self.policy = w.ToggleButtons(
            options=list(T.POLICY_OPTIONS),
            value=s.policy,
            tooltips=list(T.POLICY_TOOLTIPS),
            description=T.POLICY,
        )
        self.policy.style.button_width = "84px"
        self.policy.style.description_width = "150px"
        self.policy.add_class("alloc-policy")

        self.cap_on = w.Checkbox(value=s.cap is not None, description=T.CAP_ON, indent=False)
        cap_default = s.cap if s.cap is not None else max(int(apps["requested"].max()), 0)
        self.cap = _wide(w.BoundedIntText(value=cap_default, min=0, max=big, description=T.CAP))
        self.floor = _wide(w.BoundedIntText(value=s.floor, min=0, max=big, description=T.FLOOR))
        self.min_share = _wide(
            w.BoundedFloatText(
                value=s.min_share, min=0.0, max=1.0, step=0.05, description=T.MIN_SHARE
            )
        )
        self.rounding = _wide(
            w.BoundedIntText(value=s.rounding, min=1, max=big, description=T.ROUNDING)
        )
        lo, hi = s.projects if s.projects else (0, self.n)
        self.projects_on = w.Checkbox(
            value=s.projects is not None, description=T.PROJECTS_ON, indent=False
        )
        self.projects = _wide(
            w.IntRangeSlider(value=(lo, hi), min=0, max=max(self.n, hi), description=T.PROJECTS)
        )
        self.projects.add_class("alloc-projects")
        scale_lo, scale_hi = (float(v) for v in self.round.scheme.scale)
        self.threshold_on = w.Checkbox(
            value=s.threshold is not None, description=T.THRESHOLD_ON, indent=False
        )
        self.threshold = _wide(
            w.BoundedFloatText(
                value=s.threshold if s.threshold is not None else scale_lo,
                min=scale_lo,
                max=scale_hi,
                step=0.1,
                description=T.THRESHOLD,
            )
        )
        self.one_per_applicant = w.Checkbox(
            value=s.one_per_applicant, description=T.ONE_PER_APPLICANT, indent=False
        )
        self.rule_on: dict[str, w.Checkbox] = {}
        self.rule_value: dict[str, w.Widget] = {}
        rule_labels = {
            "min_per_region": (T.MIN_PER_REGION_ON, T.MIN_PER_REGION, 1),
            "max_region_share": (T.MAX_REGION_SHARE_ON, T.MAX_REGION_SHARE, 0.5),
            "min_models": (T.MIN_MODELS_ON, T.MIN_MODELS, 2),
            "max_per_model": (T.MAX_PER_MODEL_ON, T.MAX_PER_MODEL, 2),
        }
        for name, kind in SPREAD_RULES.items():
            on_label, value_label, default = rule_labels[name]
            value = getattr(s, name)
            self.rule_on[name] = w.Checkbox(
                value=value is not None, description=on_label, indent=False
            )
            if kind == "share":
                self.rule_value[name] = _wide(
                    w.BoundedFloatText(
                        value=value if value is not None else default,
                        min=0.0,
                        max=1.0,
                        step=0.05,
                        description=value_label,
                    )
                )
            else:
                self.rule_value[name] = _wide(
                    w.BoundedIntText(
                        value=value if value is not None else default,
                        min=0,
                        max=max(self.n, 1000),
                        description=value_label,
                    )
                )
            self.rule_on[name].add_class(f"alloc-rule-{name}")
            self.rule_value[name].add_class(f"alloc-rule-{name}-value")

        self.group_weights: dict[str, w.BoundedFloatText] = {}
        for group, weight in s.groups.items():
            box = _wide(
                w.BoundedFloatText(value=weight, min=0.0, max=1.0, step=0.05, description=group)
            )
            box.disabled = len(s.groups) == 1
            box.add_class("alloc-group")
            self.group_weights[group] = box

        # Per application: the three-way lock and the reason.
        self.lock_action: dict[str, w.Dropdown] = {}
        self.lock_reason: dict[str, w.Text] = {}
        lock_rows = []
        for row in apps.itertuples(index=False):
            app = str(row.application_id)
            dd = w.Dropdown(options=list(T.LOCK_OPTIONS), value=LOCK_AUTO)
            dd.layout.width = "140px"
            dd.add_class("alloc-lock")
            dd.add_class(f"alloc-lock-{_slug(app)}")
            reason = w.Text(placeholder=T.LOCK_REASON_PLACEHOLDER)
            reason.layout.width = "360px"
            reason.add_class(f"alloc-lock-reason-{_slug(app)}")
            label = w.HTML(
                f"<b>{_e(app)}</b> {_e(row.applicant)}: {_e(row.title)}",
                layout=w.Layout(width="360px"),
            )
            self.lock_action[app] = dd
            self.lock_reason[app] = reason
            lock_rows.append(w.HBox([label, dd, reason]))

        # Outputs.
        self.totals_html = w.HTML()
        self.totals_html.add_class("alloc-totals")
        self.status_html = w.HTML()
        self.status_html.add_class("alloc-status")
        self.message_html = w.HTML()
        self.message_html.add_class("alloc-message")
        self.table_html = w.HTML()
        self.table_html.add_class("alloc-table")
        self.table_html.layout.width = "100%"
        self.table_html.layout.overflow = "auto"
        self.charts_html = w.HTML()
        self.charts_html.add_class("alloc-charts")

        # Scenarios.
        self.scenario_name = w.Text(
            description=T.SCENARIO_NAME, placeholder=T.SCENARIO_NAME_PLACEHOLDER
        )
        self.scenario_name.add_class("alloc-scenario-name")
        self.save_button = w.Button(description=T.SCENARIO_SAVE, button_style="primary")
        self.save_button.add_class("alloc-scenario-save")
        self.scenario_pick = w.Dropdown(options=[], description=T.SCENARIO_PICK)
        self.scenario_pick.add_class("alloc-scenario-pick")
        self.load_button = w.Button(description=T.SCENARIO_LOAD)
        self.load_button.add_class("alloc-scenario-load")
        self.export_button = w.Button(description=T.SCENARIO_EXPORT)
        self.export_button.add_class("alloc-scenario-export")
        self.delete_button = w.Button(description=T.SCENARIO_DELETE)
        self.delete_button.add_class("alloc-scenario-delete")
        self.scenario_message = w.HTML()
        self.scenario_message.add_class("alloc-scenario-message")
        self.compare_html = w.HTML(f'<p class="alloc-note">{_e(T.SCENARIO_NONE)}</p>')
        self.compare_html.add_class("alloc-compare")
        self.save_button.on_click(lambda _b: self._on_save())
        self.load_button.on_click(lambda _b: self._on_load())
        self.export_button.on_click(lambda _b: self._on_export())
        self.delete_button.on_click(lambda _b: self._on_delete())

        # Layout.
        def heading(text: str) -> w.HTML:
            return w.HTML(f'<div class="alloc-h">{_e(text)}</div>')

        spread_rows: list[w.Widget] = [self.one_per_applicant]
        for name in SPREAD_RULES:
            spread_rows += [self.rule_on[name], self.rule_value[name]]
        controls = w.VBox(
            [
                heading(T.SECTION_BUDGET),
                self.budget,
                self.budget_slider,
                self.carry_over,
                self.policy,
                heading(T.SECTION_GRANTS),
                self.cap_on,
                self.cap,
                self.floor,
                self.min_share,
                self.rounding,
                self.projects_on,
                self.projects,
                heading(T.SECTION_QUALITY),
                self.threshold_on,
                self.threshold,
                heading(T.SECTION_SPREAD),
                *spread_rows,
                heading(T.SECTION_GROUPS),
                w.HTML(f'<div class="alloc-note">{_e(T.GROUPS_NOTE)}</div>'),
                *self.group_weights.values(),
            ],
            layout=w.Layout(width="360px", min_width="360px", padding="0 12px 0 0"),
        )
        locks_tab = w.VBox([w.HTML(f'<p class="alloc-note">{_e(T.LOCKS_NOTE)}</p>'), *lock_rows])
        scenarios_tab = w.VBox(
            [
                w.HBox([self.scenario_name, self.save_button]),
                w.HBox(
                    [self.scenario_pick, self.load_button, self.export_button, self.delete_button]
                ),
                self.scenario_message,
                self.compare_html,
            ]
        )
        self.tabs = w.Tab(
            children=[self.table_html, self.charts_html, locks_tab, scenarios_tab],
            titles=[T.TAB_TABLE, T.TAB_CHARTS, T.TAB_LOCKS, T.TAB_SCENARIOS],
        )
        self.tabs.add_class("alloc-tabs")
        scheme = self.round.scheme
        title = f"{scheme.name} ({scheme.year})"
        if scheme.region:
            title += f" – {scheme.region}"
        header = w.HTML(
            _CSS + f"<h2 style='margin:4px 0'>{_e(T.TITLE)}</h2>"
            f'<div class="alloc-note">{_e(title)}. {_e(self.round.path)}</div>'
        )
        main = w.VBox(
            [self.totals_html, self.status_html, self.message_html, self.tabs],
            layout=w.Layout(flex="1 1 auto", min_width="0"),
        )
        self.widget = w.VBox([header, w.HBox([controls, main])])
        self.widget.add_class("alloc-app")

        # Observers: every control re-solves (debounced).
        inputs: list[w.Widget] = [
            self.budget,
            self.carry_over,
            self.policy,
            self.cap_on,
            self.cap,
            self.floor,
            self.min_share,
            self.rounding,
            self.projects_on,
            self.projects,
            self.threshold_on,
            self.threshold,
            self.one_per_applicant,
            *self.rule_on.values(),
            *self.rule_value.values(),
            *self.lock_action.values(),
            *self.lock_reason.values(),
        ]
        for widget in inputs:
            widget.observe(self._on_change, names="value")
        self.budget_slider.observe(self._on_budget_slider, names="value")
        for group, box in self.group_weights.items():
            box.observe(lambda change, g=group: self._on_group(g, change), names="value")
        self._sync_enabled()

    # -- settings <-> widgets ----------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings the controls show now."""
        locks = {
            app: (dd.value, self.lock_reason[app].value.strip())
            for app, dd in self.lock_action.items()
            if dd.value != LOCK_AUTO
        }
        spread = {
            name: (
                (float(v.value) if SPREAD_RULES[name] == "share" else int(v.value))
                if self.rule_on[name].value
                else None
            )
            for name, v in self.rule_value.items()
        }
        return Settings(
            budget=int(self.budget.value),
            carry_over=int(self.carry_over.value),
            policy=str(self.policy.value),
            cap=int(self.cap.value) if self.cap_on.value else None,
            floor=int(self.floor.value),
            min_share=float(self.min_share.value),
            rounding=int(self.rounding.value),
            projects=(
                (int(self.projects.value[0]), int(self.projects.value[1]))
                if self.projects_on.value
                else None
            ),
            threshold=float(self.threshold.value) if self.threshold_on.value else None,
            one_per_applicant=bool(self.one_per_applicant.value),
            groups={g: float(box.value) for g, box in self.group_weights.items()},
            locks=locks,
            **spread,
        )

    def set_settings(self, settings: Settings, *, solve: bool = True) -> None:
        """Show some settings in the controls (one solve afterwards, not one per control)."""
        self._silent += 1
        try:
            self.budget.value = settings.budget
            self.budget_slider.value = min(settings.budget, self.budget_slider.max)
            self.carry_over.value = settings.carry_over
            self.policy.value = settings.policy
            self.cap_on.value = settings.cap is not None
            if settings.cap is not None:
                self.cap.value = settings.cap
            self.floor.value = settings.floor
            self.min_share.value = settings.min_share
            self.rounding.value = settings.rounding
            self.projects_on.value = settings.projects is not None
            if settings.projects is not None:
                self.projects.max = max(self.projects.max, settings.projects[1])
                self.projects.value = tuple(settings.projects)
            self.threshold_on.value = settings.threshold is not None
            if settings.threshold is not None:
                self.threshold.value = settings.threshold
            self.one_per_applicant.value = settings.one_per_applicant
            for name in SPREAD_RULES:
                value = getattr(settings, name)
                self.rule_on[name].value = value is not None
                if value is not None:
                    self.rule_value[name].value = value
            groups = settings.normalised_groups()
            for group, box in self.group_weights.items():
                box.value = groups.get(group, 0.0)
            for app, dd in self.lock_action.items():
                action, reason = settings.locks.get(app, (LOCK_AUTO, ""))
                dd.value = action
                self.lock_reason[app].value = reason
        finally:
            self._silent -= 1
        self._sync_enabled()
        if solve:
            self.debouncer.cancel()
            self.refresh()

    def _sync_enabled(self) -> None:
        self.cap.disabled = not self.cap_on.value
        self.projects.disabled = not self.projects_on.value
        self.threshold.disabled = not self.threshold_on.value
        for name, box in self.rule_value.items():
            box.disabled = not self.rule_on[name].value

    # -- events ------------------------------------------------------------------------------

    def _on_change(self, _change: Mapping[str, Any] | None = None) -> None:
        if self._silent:
            return
        self._sync_enabled()
        self._silent += 1
        try:  # keep the slider with the typed budget
            self.budget_slider.value = min(int(self.budget.value), self.budget_slider.max)
        finally:
            self._silent -= 1
        self.schedule()

    def _on_budget_slider(self, change: Mapping[str, Any]) -> None:
        if self._silent:
            return
        new = int(change["new"])
        # The browser snaps the slider to its step and sends the snapped value back; that
        # echo of a typed frame (less than a step away) must not change the frame.
        if abs(new - int(self.budget.value)) < self.budget_slider.step:
            return
        self.budget.value = new  # fires _on_change

    def _on_group(self, group: str, change: Mapping[str, Any]) -> None:
        """Keep the weights summing to 1: the other groups share what is left, in proportion."""
        if self._silent:
            return
        new = min(max(float(change["new"]), 0.0), 1.0)
        others = [g for g in self.group_weights if g != group]
        if others:
            rest = 1.0 - new
            current = {g: float(self.group_weights[g].value) for g in others}
            total = sum(current.values())
            if total > 0:
                shares = {g: rest * v / total for g, v in current.items()}
            else:
                shares = {g: rest / len(others) for g in others}
            self._silent += 1
            try:
                for g, v in shares.items():
                    self.group_weights[g].value = round(v, 6)
            finally:
                self._silent -= 1
        self.schedule()

    def schedule(self) -> None:
        """Re-solve after the debounce delay (or not at all when ``auto`` is off)."""
        if self.auto:
            self.status_html.value = _e(T.STATUS_WORKING)
            self.debouncer.trigger()

    def _auto_refresh(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - a kernel callback must never raise at the user
            self._show_error(T.UNEXPECTED.format(error=f"{type(exc).__name__}: {exc}"))

    # -- solving and display -----------------------------------------------------------------

    def refresh(self) -> Any:
        """Solve under the current settings and update every output (synchronously).

        Returns
        -------
        allocation.results.AllocationResult or None
            None when the settings cannot be used (the message says why).
        """
        start = time.perf_counter()
        settings = self.settings()
        self.solves += 1
        try:
            result = solve_settings(self.round, settings, base=self.base, solver=self.solver)
        except DataValidationError as exc:
            self._show_error("<br>".join(_e(p) for p in exc.problems), escaped=True)
            return None
        except AllocationError as exc:
            self._show_error(str(exc))
            return None
        self.result = result
        self.error = None
        self._show_result(result, settings)
        self.last_update_seconds = time.perf_counter() - start
        ms = round(1000 * self.last_update_seconds)
        self.status_html.value = _e(T.STATUS_UPDATED.format(ms=ms))
        return result

    def _show_error(self, message: str, *, escaped: bool = False) -> None:
        self.result = None
        self.error = message
        body = message if escaped else _e(message).replace("\n", "<br>")
        self.message_html.value = (
            f'<div class="alloc-msg-bad"><b>{_e(T.ERROR_HEADING)}</b><br>{body}</div>'
        )
        self.table_html.layout.display = "none"
        self.charts_html.layout.display = "none"
        self.totals_html.value = ""
        self.status_html.value = ""

    def _show_result(self, result: Any, settings: Settings) -> None:
        totals = totals_of(result)
        status = getattr(result.status, "value", str(result.status))
        cards = [_card(T.TOTAL_BUDGET, fmt.money(totals["budget"]), "alloc-total-budget")]
        if result.allocation is not None:
            cards += [
                _card(T.TOTAL_GRANTED, fmt.money(totals["granted"]), "alloc-total-granted"),
                _card(T.TOTAL_LEFT, fmt.money(totals["left"]), "alloc-total-left"),
                _card(T.COUNT_FULL, str(totals["full"]), "alloc-count-full"),
                _card(T.COUNT_PARTIAL, str(totals["partial"]), "alloc-count-partial"),
                _card(T.COUNT_NONE, str(totals["none"]), "alloc-count-none"),
            ]
        if totals.get("committed"):
            cards.append(
                _card(T.TOTAL_COMMITTED, fmt.money(totals["committed"]), "alloc-total-committed")
            )
        if result.allocation is None:
            if status == "infeasible":
                items = "".join(f"<li>{_e(c)}</li>" for c in result.conflicts)
                self.message_html.value = (
                    f'<div class="alloc-msg-bad alloc-infeasible"><b>{_e(T.INFEASIBLE_HEADING)}'
                    f"</b><br>{_e(T.INFEASIBLE_HINT)}<ul>{items}</ul></div>"
                )
            else:
                gap = result.gap
                gap_text = fmt.percent(gap, 2) if gap is not None else "ukjent"
                self.message_html.value = (
                    f'<div class="alloc-msg-warn">{_e(T.TIME_LIMIT.format(gap=gap_text))}</div>'
                )
            self.table_html.layout.display = "none"
            self.charts_html.layout.display = "none"
        else:
            self.message_html.value = ""
            self.table_html.value = render_table(result.allocation, settings.locks)
            self.charts_html.value = render_charts(result.allocation, result.round.scheme)
            self.table_html.layout.display = None
            self.charts_html.layout.display = None
        # The totals go last: once they show, the table and charts of the same solve are
        # already sent (the browser applies widget messages in order).
        self.totals_html.value = f'<div class="alloc-cards">{"".join(cards)}</div>'

    # -- scenarios ---------------------------------------------------------------------------

    def save_scenario(self, name: str) -> SavedScenario:
        """Save the current settings (and what they give) under a name."""
        name = name.strip()
        if not name:
            raise ValueError(T.SCENARIO_NEED_NAME)
        settings = self.settings()
        result = self.result if self.result is not None else self.refresh()
        if result is None:
            status, totals, grants = "error", {}, None
        else:
            status = getattr(result.status, "value", str(result.status))
            totals = totals_of(result)
            grants = None
            if result.allocation is not None:
                table = result.allocation
                grants = dict(
                    zip(
                        table["application_id"].astype(str),
                        table["granted"].astype(int),
                        strict=True,
                    )
                )
        saved = SavedScenario(name, settings, status, totals, grants)
        self.scenarios[name] = saved
        self._update_scenario_views(select=name)
        return saved

    def load_scenario(self, name: str) -> Any:
        """Bring back a saved scenario's settings and solve."""
        self.set_settings(self.scenarios[name].settings)
        return self.result

    def delete_scenario(self, name: str) -> None:
        """Forget a saved scenario."""
        self.scenarios.pop(name, None)
        self._update_scenario_views()

    def load_scenario_file(self, path: str | Path) -> Any:
        """Show the settings of a scenario file (as ``allocation run --scenario`` reads it)."""
        from allocation.run.scenario import load_scenario

        scenario = load_scenario(path)
        self.set_settings(from_scenario(self.round, scenario))
        self.scenario_name.value = scenario.name
        return self.result

    def missing_reasons(self, settings: Settings | None = None) -> list[str]:
        """Locked applications without a written reason."""
        settings = settings or self.settings()
        return [app for app, (_a, reason) in settings.locks.items() if not reason.strip()]

    def export_scenario(self, name: str, path: str | Path | None = None) -> Path:
        """Write a saved scenario (or, when ``name`` is not saved, the current settings) as a
        scenario file for ``allocation run ROUND --scenario FILE``.

        Raises
        ------
        ConfigError
            A lock has no reason, or the scenario does not validate.
        """
        from allocation.errors import ConfigError
        from allocation.run.scenario import save_scenario

        settings = self.scenarios[name].settings if name in self.scenarios else self.settings()
        missing = self.missing_reasons(settings)
        if missing:
            raise ConfigError(T.SCENARIO_NEED_REASONS.format(ids=", ".join(missing)))
        scenario = to_scenario(settings, self.base, name, T.SCENARIO_DESCRIPTION)
        if path is None:
            path = self.export_dir / f"{_slug(name)}.toml"
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        save_scenario(scenario, path)
        self.last_export = path
        return path

    def _on_save(self) -> None:
        name = self.scenario_name.value.strip()
        if not name:
            self.scenario_message.value = _msg("warn", T.SCENARIO_NEED_NAME)
            return
        self.save_scenario(name)
        self.scenario_message.value = _msg("ok", T.SCENARIO_SAVED.format(name=name))

    def _on_load(self) -> None:
        name = self.scenario_pick.value
        if name in self.scenarios:
            self.load_scenario(name)
            self.scenario_message.value = _msg("ok", T.SCENARIO_LOADED.format(name=name))

    def _on_delete(self) -> None:
        if self.scenario_pick.value in self.scenarios:
            self.delete_scenario(self.scenario_pick.value)
            self.scenario_message.value = ""

    def _on_export(self) -> None:
        name = self.scenario_pick.value or self.scenario_name.value.strip()
        if not name:
            self.scenario_message.value = _msg("warn", T.SCENARIO_NEED_NAME)
            return
        try:
            path = self.export_scenario(name)
        except AllocationError as exc:
            self.scenario_message.value = _msg("bad", str(exc))
            return
        except OSError as exc:
            self.scenario_message.value = _msg("bad", T.SCENARIO_EXPORT_FAILED.format(error=exc))
            return
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        link = (
            f'<a download="{_e(path.name)}" href="data:application/toml;base64,{data}">'
            f"{_e(T.SCENARIO_DOWNLOAD)}</a>"
        )
        text = T.SCENARIO_EXPORTED.format(path=_e(path), round=_e(self.round.path), link=link)
        self.scenario_message.value = f'<div class="alloc-msg-ok">{text}</div>'

    def _update_scenario_views(self, select: str | None = None) -> None:
        names = list(self.scenarios)
        self.scenario_pick.options = names
        if select in names:
            self.scenario_pick.value = select
        self.compare_html.value = (
            render_comparison(list(self.scenarios.values()), self.round, self.base)
            if names
            else f'<p class="alloc-note">{_e(T.SCENARIO_NONE)}</p>'
        )

    # -- display -----------------------------------------------------------------------------

    def show(self) -> w.Widget:
        """The explorer's widget (display it, or let it be a cell's last value)."""
        return self.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def _msg(kind: str, text: str) -> str:
    return f'<div class="alloc-msg-{kind}">{_e(text)}</div>'


def render_comparison(saved: list[SavedScenario], round_: Round, base: Settings) -> str:
    """HTML of saved scenarios side by side: settings, totals, funded set, grant per application."""
    head = "<th></th>" + "".join(f"<th>{_e(s.name)}</th>" for s in saved)
    rows = [
        "<tr><td>"
        + _e(T.COMPARE_CHANGES)
        + "</td>"
        + "".join(
            "<td>" + "<br>".join(_e(c) for c in describe_changes(s.settings, base)) + "</td>"
            for s in saved
        )
        + "</tr>"
    ]
    for key_, label in T.COMPARE_ROWS.items():
        cells = []
        for s in saved:
            if key_ == "frame":
                cells.append(fmt.money(s.settings.budget))
            elif s.grants is None and key_ != "budget":
                cells.append(T.COMPARE_NOT_SOLVED)
            elif key_ in ("budget", "granted", "left"):
                cells.append(fmt.money(s.totals.get(key_)))
            else:
                cells.append(str(s.totals.get(key_, "")))
        rows.append(
            f"<tr><td>{_e(label)}</td>"
            + "".join(f'<td class="num">{_e(c)}</td>' for c in cells)
            + "</tr>"
        )
    summary = f'<table class="alloc-tbl alloc-compare-totals"><thead><tr>{head}</tr></thead>'
    summary += f"<tbody>{''.join(rows)}</tbody></table>"

    apps = round_.applications
    diff_rows = []
    for row in apps.itertuples(index=False):
        app = str(row.application_id)
        values = [None if s.grants is None else s.grants.get(app, 0) for s in saved]
        differs = len({v for v in values}) > 1
        cells = "".join(
            f'<td class="num">{_e(T.COMPARE_NOT_SOLVED if v is None else fmt.money(v))}</td>'
            for v in values
        )
        css = ' class="alloc-diff"' if differs else ""
        diff_rows.append(
            f'<tr{css} data-id="{_e(app)}"><td>{_e(app)} {_e(row.applicant)}</td>{cells}</tr>'
        )
    detail = (
        f'<div class="alloc-h">{_e(T.COMPARE_DIFF_HEADING)}</div>'
        f'<table class="alloc-tbl alloc-compare-apps"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(diff_rows)}</tbody></table>"
    )
    return f'<div class="alloc-h">{_e(T.COMPARE_HEADING)}</div>{summary}{detail}'


# -- entry points -----------------------------------------------------------------------------


def resolve_round(path: str | Path | None = None) -> Path:
    """The round folder to explore: ``path``, else ``$ALLOCATION_ROUND``, else the example.

    A relative path is taken from the current folder when it exists there, else from the
    project folder.
    """
    text = str(path) if path else os.environ.get(ENV_ROUND, "")
    if not text:
        return DEFAULT_ROUND
    p = Path(text).expanduser()
    if p.is_absolute() or p.exists():
        return p
    candidate = PROJECT_ROOT / p
    return candidate if candidate.exists() else p


def explore(round_folder: str | Path | None = None, **kwargs: Any) -> Explorer | w.Widget:
    """The explorer of a round folder, or a Norwegian message saying why it cannot open.

    This is what notebooks/explore.ipynb calls; no traceback reaches the adviser.
    """
    path = resolve_round(round_folder)
    try:
        return Explorer.open(path, **kwargs)
    except DataValidationError as exc:
        lines = "".join(f"<li>{_e(p)}</li>" for p in exc.problems if p.severity == "error")
    except (AllocationError, OSError) as exc:
        lines = f"<li>{_e(exc)}</li>"
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for advisers
        if os.environ.get("ALLOCATION_DEBUG"):
            raise
        lines = f"<li>{_e(T.UNEXPECTED.format(error=f'{type(exc).__name__}: {exc}'))}</li>"
    return w.HTML(
        f'{_CSS}<div class="alloc-msg-bad alloc-message"><b>'
        f"{_e(T.LOAD_FAILED.format(path=path))}</b><ul>{lines}</ul></div>"
    )
