"""Weight and assessor samples: pure functions of (round, seed, kind, index).

Sample ``k`` of a kind draws from ``numpy.random.default_rng([seed, kind, k])`` and from
nothing else, so a sample is the same wherever and in whatever order it runs (serially, in a
process pool, on a Dask cluster), and the weight samples of ``--vary both`` are those of
``--vary weights``.

Weights (after Robust Portfolio Modelling, Liesiö, Mild & Salo, EJOR 2007). The group weights
``W`` are drawn from a Dirichlet centred on the scheme's, ``Dir(c W)`` with concentration ``c``;
inside each group the criterion weights likewise, ``Dir(c w)`` with ``w`` the normalised
weights of the group. A weight of 0 stays 0 (it is left out of the draw). As ``c`` grows the
draws close in on the scheme's weights; ``c = inf`` gives them exactly.

Assessors (a bootstrap). For each application and criterion, the scores of the assessors who
scored it (recused ones left out) are drawn again with replacement, as many as there are, and
their mean replaces the criterion mean. With ``leniency=True`` every score is first corrected
by its assessor's leniency (:func:`allocation.model.scoring.leniency`: the mean offset from the
other assessors on the same applications), so that a mild assessor drawn twice does not lift
an application.

The total score is then computed in exactly the order of
:func:`allocation.model.scoring.score_round`, so the scheme's own weights give the very floats
``score_round`` gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocation.model.scoring import Scoring, counted_scores, effective_weights, leniency
from allocation.round.data import Round, key

__all__ = ["WEIGHTS", "ASSESSORS", "KINDS", "Sampler", "rng_for"]

#: The kinds of sample, as they enter the seed.
WEIGHTS, ASSESSORS = 1, 2
KINDS = {"weights": WEIGHTS, "assessors": ASSESSORS}


def rng_for(seed: int, kind: int, index: int) -> np.random.Generator:
    """The generator of sample ``index`` of ``kind`` (the only source of its randomness)."""
    return np.random.default_rng([int(seed), int(kind), int(index)])


@dataclass(frozen=True)
class _Cells:
    """The counted scores sorted by (application, criterion) cell, for the bootstrap."""

    app: np.ndarray  # application position of each cell
    crit: np.ndarray  # criterion position of each cell
    start: np.ndarray  # first score of each cell
    count: np.ndarray  # scores in each cell
    values: np.ndarray  # the scores, cell by cell (leniency-corrected when asked)


def _cells(round_: Round, correct: bool) -> _Cells:
    app_ids = [str(a) for a in round_.applications["application_id"]]
    app_pos = {a: i for i, a in enumerate(app_ids)}
    crit_pos = {c.id: j for j, c in enumerate(round_.scheme.criteria)}
    sc = counted_scores(round_.scores)
    frame = pd.DataFrame(
        {
            "a": sc["application_id"].astype(str).map(app_pos),
            "c": sc["criterion"].astype(str).map(crit_pos),
            "s": sc["score"].astype(float),
            "r": sc["assessor"].map(key),
        }
    ).dropna(subset=["a", "c", "s"])
    if correct and len(frame):
        table = leniency(round_.scores)
        offset = dict(zip(table["assessor"].map(key), table["leniency"].fillna(0.0), strict=True))
        frame["s"] = frame["s"] - frame["r"].map(offset).fillna(0.0)
    frame = frame.astype({"a": np.int64, "c": np.int64})
    frame = frame.sort_values(["a", "c", "s"], kind="mergesort")
    keys = frame["a"].to_numpy() * max(len(crit_pos), 1) + frame["c"].to_numpy()
    boundary = np.flatnonzero(np.diff(keys)) + 1 if len(keys) else np.zeros(0, dtype=np.int64)
    start = np.concatenate([[0], boundary]).astype(np.int64) if len(keys) else boundary
    count = np.diff(np.concatenate([start, [len(keys)]])).astype(np.int64)
    return _Cells(
        app=frame["a"].to_numpy()[start],
        crit=frame["c"].to_numpy()[start],
        start=start,
        count=count,
        values=frame["s"].to_numpy(dtype=float),
    )


class Sampler:
    """Draws the score vector of a sample (see the module docstring).

    Parameters
    ----------
    round_ : Round
    scoring : Scoring
        The round's nominal scoring (its criterion means).
    concentration : float
        The Dirichlet concentration ``c`` (``math.inf``: the scheme's weights exactly).
    correct_leniency : bool
        Correct the bootstrapped scores for each assessor's leniency.
    """

    def __init__(
        self,
        round_: Round,
        scoring: Scoring,
        concentration: float = 200.0,
        correct_leniency: bool = False,
    ) -> None:
        scheme = round_.scheme
        self.concentration = float(concentration)
        n_app = len(round_.applications)
        weights = effective_weights(scheme)
        self.n_crit = len(weights)
        b = scoring.breakdown
        self.means = b["mean"].to_numpy(dtype=float).reshape(n_app, self.n_crit)
        counts = b["n_assessors"].to_numpy(dtype=np.int64).reshape(n_app, self.n_crit)
        self.complete = (counts > 0).all(axis=1) if self.n_crit else np.zeros(n_app, dtype=bool)
        self.groups: list[str] = list(dict.fromkeys(w[1] for w in weights))
        self.group_of = np.array([self.groups.index(w[1]) for w in weights], dtype=np.int64)
        self.group_weight = np.array([float(scheme.groups.get(g, 0.0)) for g in self.groups])
        self.within = np.array([w[3] for w in weights], dtype=float)
        self._round = round_
        self._correct = correct_leniency
        self._cells: _Cells | None = None

    # -- scores ---------------------------------------------------------------------------

    def scores(self, means: np.ndarray, group_weight: np.ndarray, within: np.ndarray) -> np.ndarray:
        """``s_i`` from criterion means and weights, in ``score_round``'s order of sums."""
        n_app = means.shape[0]
        total = np.zeros(n_app)
        for g in range(len(self.groups)):
            inner = np.zeros(n_app)
            for j in np.flatnonzero(self.group_of == g):
                inner = inner + within[j] * np.nan_to_num(means[:, j])
            total = total + float(group_weight[g]) * inner
        return np.where(self.complete, total, np.nan)

    def nominal(self) -> np.ndarray:
        """The scheme's scores (equal, float for float, to ``score_round``'s)."""
        return self.scores(self.means, self.group_weight, self.within)

    # -- the draws ------------------------------------------------------------------------

    def _dirichlet(self, rng: np.random.Generator, centre: np.ndarray) -> np.ndarray:
        """A Dirichlet draw centred on ``centre`` (zeros stay zero; inf: the centre itself)."""
        out = np.zeros(len(centre))
        live = np.flatnonzero(centre > 0)
        if len(live) == 0:
            return out
        if len(live) == 1 or math.isinf(self.concentration):
            out[live] = centre[live] / centre[live].sum()
            return out
        out[live] = rng.dirichlet(self.concentration * centre[live] / centre[live].sum())
        return out

    def weights(self, seed: int, index: int) -> np.ndarray:
        """The score vector of weight sample ``index``."""
        rng = rng_for(seed, WEIGHTS, index)
        group_weight = self._dirichlet(rng, self.group_weight)
        within = np.zeros(self.n_crit)
        for g in range(len(self.groups)):
            members = np.flatnonzero(self.group_of == g)
            within[members] = self._dirichlet(rng, self.within[members])
        return self.scores(self.means, group_weight, within)

    def assessors(self, seed: int, index: int) -> np.ndarray:
        """The score vector of assessor (bootstrap) sample ``index``."""
        if self._cells is None:
            self._cells = _cells(self._round, self._correct)
        cells = self._cells
        rng = rng_for(seed, ASSESSORS, index)
        means = np.full_like(self.means, np.nan)
        if len(cells.count):
            repeat_start = np.repeat(cells.start, cells.count)
            draws = repeat_start + rng.integers(0, np.repeat(cells.count, cells.count))
            sums = np.add.reduceat(cells.values[draws], cells.start)
            means[cells.app, cells.crit] = sums / cells.count
        return self.scores(means, self.group_weight, self.within)

    def draw(self, seed: int, kind: int, index: int) -> np.ndarray:
        """The score vector of sample ``index`` of ``kind`` (WEIGHTS or ASSESSORS)."""
        return self.weights(seed, index) if kind == WEIGHTS else self.assessors(seed, index)
