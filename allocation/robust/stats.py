"""The robustness figures per application, from the grants of every sample.

- ``core_index``: the share of the weight samples in which the application gets a grant
  (Liesiö, Mild & Salo 2007);
- ``funding_probability``: the same share over the assessor (bootstrap) samples;
- ``mean_grant``, ``p10_grant``, ``p90_grant``: over every sample drawn (both kinds), whole
  kroner: the mean rounded half up, the percentiles by nearest rank (the smallest grant with at
  least p % of the samples at or below it);
- ``class``: ``robust_funded`` when the probability (or, without one, the core index) is at
  least 0.9, ``robust_not_funded`` when at most 0.1, else ``borderline``.

A sample whose rules cannot all hold (or whose solve stopped early) has no grants: it is
counted (:class:`SampleCounts`) and left out of every figure.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "COLUMNS",
    "CLASSES",
    "ROBUST_SHARE",
    "nearest_rank",
    "classify",
    "robustness_table",
    "SampleCounts",
    "in_zone",
]

COLUMNS = [
    "application_id",
    "core_index",
    "funding_probability",
    "mean_grant",
    "p10_grant",
    "p90_grant",
    "class",
]
CLASSES = ("robust_funded", "borderline", "robust_not_funded")
#: At least this share funded: robust_funded; at most 1 minus it: robust_not_funded.
ROBUST_SHARE = 0.9
#: The funding-line zone of the innstilling: a probability strictly inside these bounds.
ZONE = (0.2, 0.8)
_SHARE_TOLERANCE = 1e-12


def nearest_rank(sorted_values: np.ndarray, percent: float) -> int:
    """The nearest-rank percentile of values sorted ascending (whole kroner).

    >>> nearest_rank(np.array([10, 20, 30, 40]), 10), nearest_rank(np.array([10, 20, 30, 40]), 90)
    (10, 40)
    """
    n = len(sorted_values)
    rank = max(1, math.ceil(percent / 100.0 * n - _SHARE_TOLERANCE))
    return int(sorted_values[min(rank, n) - 1])


def classify(share: float) -> str:
    """The class of a funding share (see the module docstring)."""
    if share >= ROBUST_SHARE - _SHARE_TOLERANCE:
        return "robust_funded"
    if share <= 1.0 - ROBUST_SHARE + _SHARE_TOLERANCE:
        return "robust_not_funded"
    return "borderline"


@dataclass(frozen=True)
class SampleCounts:
    """How many samples of a kind were drawn, and how many had no allocation."""

    drawn: int = 0
    infeasible: int = 0
    time_limit: int = 0

    @property
    def solved(self) -> int:
        return self.drawn - self.infeasible - self.time_limit

    def as_dict(self) -> dict[str, int]:
        return {
            "drawn": self.drawn,
            "solved": self.solved,
            "infeasible": self.infeasible,
            "time_limit": self.time_limit,
        }


def _share(granted: np.ndarray | None) -> np.ndarray | None:
    """Per application, the share of samples (rows) with a grant; None without samples."""
    if granted is None or len(granted) == 0:
        return None
    return (granted > 0).sum(axis=0) / float(len(granted))


def _mean_half_up(grants: np.ndarray) -> int:
    """The mean of whole kroner, rounded half up, in integers (no float noise)."""
    total, n = int(grants.sum()), len(grants)
    return (2 * total + n) // (2 * n)


def robustness_table(
    ids: list[str], weights: np.ndarray | None, assessors: np.ndarray | None
) -> pd.DataFrame:
    """The robustness.csv table from the solved samples' grants (rows = samples).

    ``weights`` / ``assessors``: grants of the solved samples of each kind (None: not drawn).
    """
    core, probability = _share(weights), _share(assessors)
    parts = [g for g in (weights, assessors) if g is not None and len(g)]
    every = np.concatenate(parts, axis=0) if parts else np.zeros((0, len(ids)), dtype=np.int64)
    rows = []
    for i, app_id in enumerate(ids):
        grants = np.sort(every[:, i])
        c = None if core is None else float(core[i])
        p = None if probability is None else float(probability[i])
        share = p if p is not None else c
        rows.append(
            {
                "application_id": app_id,
                "core_index": c,
                "funding_probability": p,
                "mean_grant": _mean_half_up(grants) if len(grants) else None,
                "p10_grant": nearest_rank(grants, 10) if len(grants) else None,
                "p90_grant": nearest_rank(grants, 90) if len(grants) else None,
                "class": classify(share) if share is not None else "",
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def in_zone(probability: float | None) -> bool:
    """Whether a funding probability lies in the funding-line zone (0.2 to 0.8)."""
    if probability is None or probability != probability:
        return False
    return ZONE[0] - _SHARE_TOLERANCE <= probability <= ZONE[1] + _SHARE_TOLERANCE
