"""Total scores from the assessors' scores (CONTRACT section 2.1). No solver involved.

For every application and criterion the mean over the assessors is taken; criterion weights
are normalised inside their group; the total score is

    s_i = sum over groups g of W_g * sum over criteria c in g of (w_c / sum of w in g) * mean_ic

where groups of weight 0 contribute nothing. ``s_i`` exists (is not NaN) only when every
criterion of the scheme has at least one score for the application.

Determinism: the scores are sorted (application, criterion, score) before they are summed, and
the total is accumulated in the scheme's order of groups and criteria, so the same scores give
the same floats whatever the row order of the input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocation.round.data import Round, Scheme, key
from allocation.tolerances import SCORE_TOLERANCE

#: Default spread (max - min over assessors, in score points) above which a criterion is
#: flagged for a second look.
DEFAULT_DISAGREEMENT = Scheme.disagreement  # 2 points unless [quality] disagreement says

BREAKDOWN_COLUMNS = [
    "application_id",
    "criterion",
    "label",
    "group",
    "group_weight",
    "criterion_weight",
    "effective_weight",
    "mean",
    "contribution",
    "n_assessors",
    "spread",
]


@dataclass
class Scoring:
    """The scores of a round.

    Attributes
    ----------
    total : pd.Series
        ``s_i`` indexed by application_id in input order; NaN where it does not exist.
    breakdown : pd.DataFrame
        One row per application x criterion (columns :data:`BREAKDOWN_COLUMNS`): how the total
        is composed (mean, normalised weights, contribution) and the assessors' spread.
    flagged : pd.DataFrame
        ``application_id, criterion, spread``: criteria where the assessors disagree by more
        than ``disagreement`` points.
    disagreement : float
        The threshold used for ``flagged``.
    """

    total: pd.Series
    breakdown: pd.DataFrame
    flagged: pd.DataFrame
    disagreement: float = DEFAULT_DISAGREEMENT


def effective_weights(scheme: Scheme) -> list[tuple[str, str, float, float, float]]:
    """Per criterion, in scheme order: ``(id, group, W_g, w_c / sum w in g, W_g * that)``.

    Criteria of a group of weight 0 (or a group whose criterion weights sum to 0) get weight 0.
    """
    sums: dict[str, float] = {}
    for c in scheme.criteria:
        sums[c.group] = sums.get(c.group, 0.0) + float(c.weight)
    out = []
    for c in scheme.criteria:
        group_weight = float(scheme.groups.get(c.group, 0.0))
        total = sums[c.group]
        within = float(c.weight) / total if total > 0 else 0.0
        out.append((c.id, c.group, group_weight, within, group_weight * within))
    return out


def counted_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """The scores that count: a recused assessor's scores left out (CONTRACT v1.2).

    A table without a ``recused`` column (a v1.1 round built by hand, a what-if row) counts
    every score; a missing mark counts as not recused.
    """
    if "recused" not in scores.columns:
        return scores
    recused = scores["recused"].eq(True).to_numpy()
    return scores[~recused]


def leniency(scores: pd.DataFrame) -> pd.DataFrame:
    """How mild each assessor scores: the mean offset from the other assessors on the same
    applications.

    For every score an assessor gave (application, criterion), the offset is the score minus
    the mean of the other assessors' scores on that application and criterion; the assessor's
    leniency is the mean of these offsets. Above 0 the assessor scores higher than the others
    where they assessed the same, below 0 stricter. Recused scores are left out. An assessor
    who shares no (application, criterion) with another has no leniency (NaN).

    Parameters
    ----------
    scores : pd.DataFrame
        The long scores table (``application_id, assessor, criterion, score``, optionally
        ``recused``), as ``Round.scores``.

    Returns
    -------
    pd.DataFrame
        One row per assessor (as first written, in order of first appearance), columns
        ``assessor``, ``scores`` (how many scores counted), ``shared`` (how many of them
        other assessors scored too) and ``leniency`` (mean offset in score points, NaN when
        ``shared`` is 0).

    Examples
    --------
    >>> table = pd.DataFrame({"application_id": ["a", "a", "b", "b"],
    ...     "assessor": ["X", "Y", "X", "Y"], "criterion": ["c"] * 4,
    ...     "score": [5.0, 3.0, 4.0, 4.0]})
    >>> leniency(table)[["assessor", "leniency"]].to_dict("list")
    {'assessor': ['X', 'Y'], 'leniency': [1.0, -1.0]}
    """
    sc = counted_scores(scores)
    assessor_key = sc["assessor"].map(key)
    frame = pd.DataFrame(
        {
            "a": sc["application_id"].map(key).to_numpy(),
            "c": sc["criterion"].map(key).to_numpy(),
            "r": assessor_key.to_numpy(),
            "s": sc["score"].astype(float).to_numpy(),
        }
    )
    cell = frame.groupby(["a", "c"], sort=False)["s"]
    total, count = cell.transform("sum"), cell.transform("count")
    shared = count > 1
    # the mean of the *other* assessors' scores on the same application and criterion
    others = (total - frame["s"]) / (count - 1).where(shared)
    frame["offset"] = (frame["s"] - others).where(shared)
    frame["shared"] = shared
    grouped = frame.groupby("r", sort=False)
    names = list(dict.fromkeys(frame["r"]))
    # each assessor as first written (" anna" and "Anna" are one assessor)
    shown = pd.Series(sc["assessor"].to_numpy()).groupby(frame["r"], sort=False).first()
    return pd.DataFrame(
        {
            "assessor": shown.reindex(names).to_numpy(dtype=object),
            "scores": grouped.size().reindex(names).to_numpy(dtype=np.int64),
            "shared": grouped["shared"].sum().reindex(names).to_numpy(dtype=np.int64),
            "leniency": grouped["offset"].mean().reindex(names).to_numpy(dtype=float),
        }
    )


def score_round(round: Round, *, disagreement: float | None = None) -> Scoring:
    """Score every application of ``round``.

    Parameters
    ----------
    round : Round
        The loaded round.
    disagreement : float, optional
        Flag a criterion of an application when max - min of its assessors' scores exceeds
        this many points; by default the scheme's ``[quality] disagreement`` (2 points when
        the scheme does not set it).

    Returns
    -------
    Scoring
    """
    scheme = round.scheme
    if disagreement is None:
        disagreement = scheme.disagreement
    app_ids = [str(a) for a in round.applications["application_id"]]
    crit_ids = [c.id for c in scheme.criteria]
    n_app, n_crit = len(app_ids), len(crit_ids)
    app_pos = {a: i for i, a in enumerate(app_ids)}
    crit_pos = {c: j for j, c in enumerate(crit_ids)}

    sums = np.zeros((n_app, n_crit))
    counts = np.zeros((n_app, n_crit), dtype=np.int64)
    lo = np.full((n_app, n_crit), np.inf)
    hi = np.full((n_app, n_crit), -np.inf)

    sc = counted_scores(round.scores)
    if len(sc):
        df = pd.DataFrame(
            {
                "a": sc["application_id"].astype(str).map(app_pos),
                "c": sc["criterion"].astype(str).map(crit_pos),
                "s": sc["score"].astype(float),
            }
        ).dropna(subset=["a", "c", "s"])
        df = df.astype({"a": np.int64, "c": np.int64})
        df = df.sort_values(["a", "c", "s"], kind="mergesort")
        grouped = df.groupby(["a", "c"], sort=True)["s"]
        # Sorted within each cell, so the sum does not depend on the input's row order.
        agg = grouped.agg(["sum", "count", "min", "max"])
        idx_a = agg.index.get_level_values(0).to_numpy()
        idx_c = agg.index.get_level_values(1).to_numpy()
        sums[idx_a, idx_c] = agg.iloc[:, 0].to_numpy()
        counts[idx_a, idx_c] = agg.iloc[:, 1].to_numpy()
        lo[idx_a, idx_c] = agg.iloc[:, 2].to_numpy()
        hi[idx_a, idx_c] = agg.iloc[:, 3].to_numpy()

    with np.errstate(invalid="ignore", divide="ignore"):
        means = np.where(counts > 0, sums / np.maximum(counts, 1), np.nan)
    spread = np.where(counts > 0, hi - lo, np.nan)

    weights = effective_weights(scheme)
    # s_i = sum_g W_g * sum_{c in g} within_c * mean_c, in scheme order.
    total = np.zeros(n_app)
    groups_in_order: list[str] = []
    for _, g, _, _, _ in weights:
        if g not in groups_in_order:
            groups_in_order.append(g)
    for g in groups_in_order:
        inner = np.zeros(n_app)
        for j, (_, cg, _, within, _) in enumerate(weights):
            if cg == g:
                inner = inner + within * np.nan_to_num(means[:, j])
        total = total + float(scheme.groups.get(g, 0.0)) * inner
    complete = (counts > 0).all(axis=1) if n_crit else np.zeros(n_app, dtype=bool)
    total = np.where(complete, total, np.nan)
    total_series = pd.Series(total, index=pd.Index(app_ids, name="application_id"), name="score")

    labels = {c.id: c.label for c in scheme.criteria}
    breakdown = pd.DataFrame(
        {
            "application_id": np.repeat(app_ids, n_crit),
            "criterion": np.tile(crit_ids, n_app),
            "label": np.tile([labels[c] for c in crit_ids], n_app),
            "group": np.tile([w[1] for w in weights], n_app),
            "group_weight": np.tile([w[2] for w in weights], n_app),
            "criterion_weight": np.tile([w[3] for w in weights], n_app),
            "effective_weight": np.tile([w[4] for w in weights], n_app),
            "mean": means.reshape(-1),
            "contribution": (means * np.array([w[4] for w in weights])).reshape(-1)
            if n_crit
            else np.zeros(0),
            "n_assessors": counts.reshape(-1),
            "spread": spread.reshape(-1),
        },
        columns=BREAKDOWN_COLUMNS,
    )
    flagged = breakdown.loc[
        breakdown["spread"] > disagreement + SCORE_TOLERANCE,
        ["application_id", "criterion", "spread"],
    ].reset_index(drop=True)
    return Scoring(
        total=total_series, breakdown=breakdown, flagged=flagged, disagreement=disagreement
    )


def score_table(scoring: Scoring) -> pd.DataFrame:
    """A wide table per application: the criterion means, then the total score.

    Columns: one per criterion id (the mean), ``score`` (s_i) and ``max_spread``.
    """
    b = scoring.breakdown
    if b.empty:
        return pd.DataFrame({"score": scoring.total})
    wide = b.pivot(index="application_id", columns="criterion", values="mean")
    order = list(dict.fromkeys(b["criterion"]))
    wide = wide.reindex(index=scoring.total.index, columns=order)
    wide["score"] = scoring.total
    wide["max_spread"] = b.groupby("application_id", sort=False)["spread"].max()
    return wide
