"""sweep.png: the applications against the frame, the grant's share of the fundable amount as
colour, the scheme's frame marked (matplotlib, no pyplot state, Agg)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import numpy as np
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from allocation import format as fmt
from allocation.wording import robustness as W
from allocation.wording.language import Lang

if TYPE_CHECKING:  # pragma: no cover
    from allocation.robust.curve import SweepResult

__all__ = ["sweep_chart"]

DPI = 150
TEXT = "#1a1a1a"
ORANGE = "#b35806"
#: white (no grant) to dark blue (the whole fundable amount): readable in grey print too
_CMAP = LinearSegmentedColormap.from_list("grant", ["#ffffff", "#9ecae1", "#1f4e79"])
#: At most this many applications are drawn (the ones funded somewhere on the curve first).
MAX_ROWS = 60


def _rows(result: SweepResult) -> tuple[list[str], np.ndarray]:
    """The applications to draw (ever funded, earliest first, then by id) and their shares."""
    apps = result.by_application
    ever = apps[apps["first_funded_frame"].notna()]
    order = ever.assign(_f=ever["first_funded_frame"].astype("int64")).sort_values(
        ["_f", "application_id"], kind="stable"
    )
    ids = order["application_id"].astype(str).tolist()[:MAX_ROWS]
    frames = result.frames
    share = np.zeros((len(ids), len(frames)))
    long = result.long
    for r, app_id in enumerate(ids):
        rows = long[long["application_id"] == app_id]
        grants = rows["granted"].fillna(0).to_numpy(dtype=float)
        fundable = max(result.fundable.get(app_id, 0), 1)
        share[r, : len(grants)] = grants / fundable
    return ids, share


def sweep_chart(result: SweepResult, lang: Lang = "nb") -> bytes:
    """The PNG bytes of sweep.png for a sweep, its labels in ``lang``."""
    w = W.section_words(lang)
    ids, share = _rows(result)
    frames = np.asarray(result.frames, dtype=float)
    height = 1.6 + 0.18 * max(len(ids), 4)
    fig = Figure(figsize=(7.5, height))
    ax = fig.add_subplot(1, 1, 1)
    half = (frames[1] - frames[0]) / 2 if len(frames) > 1 else max(frames[0] * 0.01, 1.0)
    extent = (frames[0] - half, frames[-1] + half, len(ids) - 0.5, -0.5)
    image = ax.imshow(
        share if len(ids) else np.zeros((1, len(frames))),
        aspect="auto",
        cmap=_CMAP,
        vmin=0.0,
        vmax=1.0,
        extent=extent,
        interpolation="nearest",
    )
    ax.set_yticks(range(len(ids)))
    labels = [f"{i} {result.applicants.get(i, '')}".strip()[:32] for i in ids]
    ax.set_yticklabels(labels, fontsize=6)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.integer(v)))
    ax.tick_params(colors=TEXT, labelsize=7)
    ax.axvline(result.scheme_frame, color=ORANGE, linewidth=1.5)
    ax.text(
        result.scheme_frame,
        -0.7,
        w.CHART_FRAME_LABEL.format(frame=fmt.money(result.scheme_frame)),
        color=ORANGE,
        fontsize=7,
        ha="center",
        va="bottom",
    )
    ax.set_xlabel(w.CHART_X_LABEL, fontsize=8, color=TEXT)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: fmt.percent(v, 0)))
    bar.ax.tick_params(labelsize=6)
    bar.set_label(w.CHART_COLOUR_LABEL, fontsize=7)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()
