"""How robust each decision is: the round re-solved under sampled weights and assessors.

:func:`robustness` draws ``samples`` weight samples and/or ``samples`` assessor samples
(:mod:`allocation.robust.samples`), solves each with the round kept warm
(:mod:`allocation.robust.warm`) on the executor chosen (:mod:`allocation.robust.execute`), and
sums them up per application (:mod:`allocation.robust.stats`). The same seed gives the same
table, byte for byte, serially, in a process pool or on a Dask cluster.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import ConfigError
from allocation.results import Lock, SolveStatus
from allocation.robust.execute import (
    CODE_STATUS,
    Chunk,
    Job,
    Task,
    default_workers,
    executor_name,
    run_tasks,
)
from allocation.robust.samples import ASSESSORS, KINDS, WEIGHTS
from allocation.robust.stats import CLASSES, SampleCounts, in_zone, robustness_table
from allocation.robust.warm import WarmRound, with_policy
from allocation.round.data import Round
from allocation.wording import robustness as W

__all__ = ["RobustnessResult", "robustness", "VARY"]

#: ``--vary`` choices and the kinds of sample each draws.
VARY: dict[str, tuple[int, ...]] = {
    "weights": (WEIGHTS,),
    "assessors": (ASSESSORS,),
    "both": (WEIGHTS, ASSESSORS),
}
_KIND_NAMES = {v: k for k, v in KINDS.items()}


@dataclass
class RobustnessResult:
    """The outcome of :func:`robustness`.

    Attributes
    ----------
    status : SolveStatus
        The nominal solve's status; no samples are drawn unless it is optimal.
    table : pd.DataFrame
        robustness.csv's columns (:data:`allocation.robust.stats.COLUMNS`), one row per
        application in input order (empty unless the nominal solve is optimal).
    nominal : pd.Series
        The nominal grants by application_id (kroner).
    parameters : dict
        samples, seed, vary, concentration, leniency, policy, solver.
    counts : dict of str to SampleCounts
        Per kind drawn ("weights", "assessors"): drawn, solved, infeasible, time_limit.
    timings : dict
        Seconds (nominal, samples, total) and the executor used.
    """

    status: SolveStatus
    table: pd.DataFrame
    nominal: pd.Series
    parameters: dict[str, Any]
    counts: dict[str, SampleCounts] = field(default_factory=dict)
    timings: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Whether the nominal rules hold (and the samples were drawn)."""
        return self.status == SolveStatus.OPTIMAL

    def zone(self) -> list[str]:
        """The funding-line zone: applications whose funding probability (or, without one,
        core index) lies between 0.2 and 0.8, in input order."""
        column = "funding_probability"
        if self.table[column].isna().all():
            column = "core_index"
        return [
            str(r.application_id)
            for r in self.table.itertuples(index=False)
            if in_zone(getattr(r, column))
        ]

    def class_counts(self) -> dict[str, int]:
        """The number of applications in each class, in :data:`CLASSES` order (zeros kept).

        An application no sample solved has the class ``""``; it is counted last, when any.
        """
        if not len(self.table) or "class" not in self.table:
            return dict.fromkeys(CLASSES, 0)
        counts = self.table["class"].value_counts()
        out = {c: int(counts.get(c, 0)) for c in CLASSES}
        out.update({str(c): int(k) for c, k in counts.items() if c not in out})
        return out

    @property
    def lost(self) -> int:
        """The samples without a grant (their rules infeasible or the solver stopped)."""
        return sum(c.infeasible + c.time_limit for c in self.counts.values())

    def as_json(self) -> dict[str, Any]:
        """robustness.json: parameters, seed, samples, counts, the zone, timings (last)."""
        classes = self.class_counts()
        return {
            "status": str(self.status),
            "parameters": self.parameters,
            "seed": self.parameters["seed"],
            "samples": self.parameters["samples"],
            "counts": {k: v.as_dict() for k, v in self.counts.items()},
            "classes": {c: classes[c] for c in sorted(classes) if classes[c]},  # those present
            "funding_line_zone": self.zone() if self.ok else [],
            "nominal": {
                "granted_total": int(self.nominal.sum()),
                "funded": int((self.nominal > 0).sum()),
            },
            "timings": self.timings,
        }


def _check(samples: int, vary: str, concentration: float) -> None:
    if isinstance(samples, bool) or not isinstance(samples, int | np.integer) or samples < 1:
        raise ConfigError(W.BAD_SAMPLES.format(value=samples))
    if vary not in VARY:
        raise ConfigError(W.BAD_VARY.format(value=vary, choices=", ".join(VARY)))
    if not (concentration > 0) or math.isnan(concentration):
        raise ConfigError(W.BAD_CONCENTRATION.format(value=concentration))


def _tasks(kinds: tuple[int, ...], samples: int) -> list[Task]:
    return [Task(kind, k) for kind in kinds for k in range(samples)]


def robustness(
    round_: Round,
    *,
    samples: int,
    seed: int = 1,
    vary: str = "both",
    concentration: float = 200.0,
    policy: str | None = None,
    solver: str = "highs",
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    leniency: bool = False,
    workers: int | None = None,
    executor: str | None = None,
    locks: Mapping[str, Lock] | None = None,
) -> RobustnessResult:
    """Re-solve the round under sampled weights and/or assessors; the figures per application.

    Parameters
    ----------
    round_ : Round
        The loaded round, under the rules to apply.
    samples : int
        Samples per kind drawn (``vary="both"`` draws this many of each).
    seed : int
        Sample k of a kind uses ``numpy.random.default_rng([seed, kind, k])``.
    vary : {"both", "weights", "assessors"}
    concentration : float
        The Dirichlet concentration of the weight samples (``math.inf``: the scheme's weights).
    policy : {"merit", "coverage", "priority"}, optional
        Replaces the scheme's policy.
    solver : {"highs", "cbc"}
    scheduler : str, optional
        A dask.distributed scheduler address: the samples run on that cluster.
    progress : callable, optional
        ``progress(done, total)``, called as samples finish (from the calling thread).
    cancel : threading.Event, optional
        Set it to stop: :class:`allocation.robust.Cancelled` is raised.
    leniency : bool
        Correct the bootstrapped scores for each assessor's leniency.
    workers : int, optional
        Processes of the local pool (default: every core).
    executor : {"serial", "pool", "dask"}, optional
        Force an executor (default: dask with a scheduler, else a pool on several cores).
    locks : mapping of application_id to Lock, optional
        The adviser's locks, kept in every sample (a sample in which a must_fund application
        is no candidate counts as infeasible, as ``allocate`` would say).

    Returns
    -------
    RobustnessResult

    Raises
    ------
    ConfigError
        Bad parameters, an unknown policy or solver, or a negative available budget.
    """
    _check(samples, vary, concentration)
    t_start = time.perf_counter()
    round_ = with_policy(round_, policy)
    warm = WarmRound(round_, solver, locks)
    warm.budget_of(round_.scheme.frame)
    nominal = warm.solve()
    params = {
        "samples": int(samples),
        "seed": int(seed),
        "vary": vary,
        "concentration": float(concentration) if math.isfinite(concentration) else "inf",
        "leniency": bool(leniency),
        "policy": round_.scheme.policy,
        "solver": warm.solver,
        "locks": {a: lock.action for a, lock in sorted(warm.locks.items())},
    }
    nominal_series = pd.Series(nominal.granted, index=pd.Index(warm.ids, name="application_id"))
    t_nominal = time.perf_counter() - t_start
    if nominal.status != SolveStatus.OPTIMAL:
        empty = pd.DataFrame(columns=robustness_table(warm.ids, None, None).columns)
        spent = {"nominal": round(t_nominal, 4), "total": round(t_nominal, 4)}
        return RobustnessResult(nominal.status, empty, nominal_series, params, {}, spent)
    tasks = _tasks(VARY[vary], int(samples))
    name = executor or executor_name(scheduler, len(tasks), workers)
    job = Job(round_, warm.solver, int(seed), float(concentration), bool(leniency), warm.locks)
    t = time.perf_counter()
    answers = run_tasks(
        job,
        tasks,
        executor=name,
        scheduler=scheduler,
        workers=workers,
        progress=progress,
        cancel=cancel,
    )
    t_samples = time.perf_counter() - t
    counts, table = _summarise(warm.ids, tasks, answers, VARY[vary])
    total = time.perf_counter() - t_start
    timings: dict[str, Any] = {
        "nominal": round(t_nominal, 4),
        "samples": round(t_samples, 4),
        "total": round(total, 4),
        "per_sample_ms": round(1000 * t_samples / max(len(tasks), 1), 3),
        "executor": name,
        "workers": 1 if name == "serial" else default_workers(workers),
    }
    return RobustnessResult(nominal.status, table, nominal_series, params, counts, timings)


def _summarise(
    ids: list[str], tasks: list[Task], answers: Chunk, kinds: tuple[int, ...]
) -> tuple[dict[str, SampleCounts], pd.DataFrame]:
    """Per kind the samples drawn and lost, and the table over the solved ones."""
    counts: dict[str, SampleCounts] = {}
    solved: dict[int, np.ndarray] = {}
    kind_of = np.array([task.kind for task in tasks], dtype=np.int64)
    for kind in kinds:
        mine = kind_of == kind
        status = answers.status[mine]
        codes = {s: int((status == code).sum()) for code, s in CODE_STATUS.items()}
        counts[_KIND_NAMES[kind]] = SampleCounts(
            drawn=int(mine.sum()),
            infeasible=codes[SolveStatus.INFEASIBLE],
            time_limit=codes[SolveStatus.TIME_LIMIT],
        )
        solved[kind] = answers.granted[mine][status == 0]
    table = robustness_table(ids, solved.get(WEIGHTS), solved.get(ASSESSORS))
    table = table.astype({c: "Int64" for c in ("mean_grant", "p10_grant", "p90_grant")})
    table = table.astype({c: "float64" for c in ("core_index", "funding_probability")})
    return counts, table
