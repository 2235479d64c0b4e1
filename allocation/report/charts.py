"""Charts of the innstilling, drawn with matplotlib (no pyplot state) into PNG bytes.

Each function returns a :class:`allocation.report.document.Chart` (caption, text alternative, PNG),
which a notebook displays directly (it has ``_repr_png_``). Colours are a colour-blind-safe
pair (dark blue / orange) plus grey, on white, with dark text.
"""

from __future__ import annotations

import io
from typing import Any

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from allocation import format as fmt
from allocation.report.document import SCORE_DIGITS, Chart
from allocation.round.data import Scheme, key
from allocation.wording.innstilling import Words, words

#: The bokmål texts (a caller without a language).
NB_WORDS = words("nb")

BLUE = "#1f4e79"
ORANGE = "#b35806"
GREY = "#767676"  # 4.5:1 on white: the threshold line is seen (WCAG 1.4.11)
LIGHT = "#d9e2ec"
TEXT = "#1a1a1a"
DPI = 150


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _kr_axis(ax: Any, axis: str = "y") -> None:
    formatter = FuncFormatter(lambda v, _pos: fmt.integer(v))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(formatter)


def _style(ax: Any) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(colors=TEXT, labelsize=8)
    ax.title.set_color(TEXT)


def _chart(key_: str, caption: str, alt: str, fig: Figure) -> Chart:
    return Chart(key=key_, caption=caption, alt=alt, png=_png(fig))


def chart_by_group(
    alloc: pd.DataFrame, column: str, caption: str, key_: str, w: Words = NB_WORDS
) -> Chart:
    """Bars of the amount recommended per region (or model), largest first."""
    keys = alloc[column].map(key)
    rows = []
    for k in dict.fromkeys(keys):
        part = alloc[keys == k]
        label = str(part[column].iloc[0]) if str(part[column].iloc[0]).strip() else w.NO_MODEL
        rows.append((label, int(part["granted"].clip(lower=0).sum())))
    rows.sort(key=lambda r: (-r[1], r[0]))
    fig = Figure(figsize=(7.0, 0.45 * max(len(rows), 2) + 1.0), layout="constrained")
    ax = fig.add_subplot()
    labels = [r[0] for r in rows][::-1]
    values = [r[1] for r in rows][::-1]
    bars = ax.barh(labels, values, color=BLUE)
    for bar, v in zip(bars, values, strict=True):
        ax.text(
            bar.get_width(),
            bar.get_y() + bar.get_height() / 2,
            " " + fmt.money(v),
            va="center",
            fontsize=8,
            color=TEXT,
        )
    ax.set_xlabel(w.CHART_AXIS_KR, color=TEXT, fontsize=8)
    _kr_axis(ax, "x")
    ax.set_xlim(0, max(values + [1]) * 1.3)
    ax.set_title(caption, fontsize=10)
    _style(ax)
    alt = w.CHART_ALT_GROUP.format(items="; ".join(f"{lab}: {fmt.money(v)}" for lab, v in rows))
    return _chart(key_, caption, alt, fig)


def chart_score_vs_grant(
    alloc: pd.DataFrame, scheme: Scheme | None = None, w: Words = NB_WORDS
) -> Chart:
    """Points: score (x) against grant (y); funded in blue, not funded in orange at 0."""
    data = alloc[alloc["score"].notna()]
    funded = data[data["granted"] > 0]
    rest = data[data["granted"] <= 0]
    fig = Figure(figsize=(7.0, 3.6), layout="constrained")
    ax = fig.add_subplot()
    ax.scatter(funded["score"], funded["granted"], color=BLUE, label=w.CHART_LEGEND_GRANTED, s=28)
    ax.scatter(
        rest["score"], rest["granted"], color=ORANGE, marker="x", label=w.CHART_LEGEND_NOT, s=28
    )
    if scheme is not None and scheme.threshold is not None:
        ax.axvline(
            scheme.threshold, color=GREY, linestyle="--", label=w.CHART_LEGEND_THRESHOLD, lw=1
        )
    ax.set_xlabel(w.CHART_AXIS_SCORE, color=TEXT, fontsize=8)
    ax.set_ylabel(w.CHART_AXIS_KR, color=TEXT, fontsize=8)
    _kr_axis(ax)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _p: fmt.decimal(v, 1)))
    ax.legend(fontsize=8, frameon=False)
    ax.set_title(w.CHART_SCORE, fontsize=10)
    _style(ax)
    alt = w.CHART_ALT_SCORE.format(
        funded=fmt.count(len(funded), *w.APPLICATIONS),
        lo=fmt.decimal(funded["score"].min(), SCORE_DIGITS) if len(funded) else "–",
        hi=fmt.decimal(funded["score"].max(), SCORE_DIGITS) if len(funded) else "–",
        not_funded=fmt.count(len(alloc) - len(funded), *w.APPLICATIONS),
    )
    return _chart("score", w.CHART_SCORE, alt, fig)


def chart_funding_line(alloc: pd.DataFrame, budget: int, w: Words = NB_WORDS) -> Chart:
    """The ranked list: one bar per scored application, best on top; the fundable amount in
    light blue, the recommended grant in dark blue, and a line where the cumulative fundable
    amount passes the budget (the funding line)."""
    data = alloc[alloc["score"].notna()].copy()
    data = data.sort_values(["score", "application_id"], ascending=[False, True], kind="mergesort")
    n = len(data)
    fig = Figure(figsize=(7.0, 0.21 * max(n, 3) + 1.1), layout="constrained")
    ax = fig.add_subplot()
    ypos = list(range(n))[::-1]
    labels = [
        f"{r.applicant} ({fmt.decimal(r.score, SCORE_DIGITS)})" for r in data.itertuples()
    ]  # kommune and score
    ax.barh(ypos, data["fundable"], color=LIGHT, label=w.CHART_LEGEND_FUNDABLE, height=0.8)
    ax.barh(
        ypos, data["granted"].clip(lower=0), color=BLUE, label=w.CHART_LEGEND_GRANTED, height=0.5
    )
    ax.set_yticks(ypos)
    ax.set_yticklabels(labels, fontsize=7)
    cumulative = data["fundable"].cumsum().tolist()
    passed = next((i for i, c in enumerate(cumulative) if c > budget), None)
    if passed is not None:
        y = ypos[passed] + 0.5
        ax.axhline(y, color=ORANGE, linestyle="--", lw=1.2, label=w.CHART_LEGEND_BUDGET)
        alt = w.CHART_ALT_LINE.format(
            budget=fmt.money(budget), n=fmt.count(passed, *w.APPLICATIONS)
        )
    else:
        alt = w.CHART_ALT_LINE_ALL.format(budget=fmt.money(budget))
    ax.set_xlabel(w.CHART_AXIS_KR, color=TEXT, fontsize=8)
    _kr_axis(ax, "x")
    ax.legend(fontsize=7, frameon=False, loc="lower right")
    ax.set_title(w.CHART_LINE, fontsize=10)
    _style(ax)
    return _chart("line", w.CHART_LINE, alt, fig)


def chart_history(rows: list[dict[str, Any]], w: Words = NB_WORDS) -> Chart:
    """Requested (orange) against granted (blue) per year, this year's figures last."""
    years = [str(r["year"]) for r in rows]
    requested = [int(r["requested"]) for r in rows]
    granted = [int(r["granted"]) for r in rows]
    fig = Figure(figsize=(7.0, 3.4), layout="constrained")
    ax = fig.add_subplot()
    positions = list(range(len(rows)))
    ax.bar([p - 0.2 for p in positions], requested, 0.4, color=ORANGE)
    ax.bar([p + 0.2 for p in positions], granted, 0.4, color=BLUE)
    ax.legend([w.CHART_LEGEND_REQUESTED, w.CHART_LEGEND_HISTORY_GRANTED], fontsize=8, frameon=False)
    ax.set_xticks(positions)
    ax.set_xticklabels(years, fontsize=7, rotation=45)
    ax.set_ylabel(w.CHART_AXIS_KR, color=TEXT, fontsize=8)
    _kr_axis(ax)
    ax.set_title(w.CHART_HISTORY, fontsize=10)
    _style(ax)
    items = "; ".join(
        w.CHART_ALT_HISTORY_ITEM.format(year=y, requested=fmt.money(r), granted=fmt.money(g))
        for y, r, g in zip(years, requested, granted, strict=True)
    )
    return _chart("history", w.CHART_HISTORY, w.CHART_ALT_HISTORY.format(items=items), fig)
