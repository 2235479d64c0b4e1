"""Solve the MILP of a round's model data and check the answer (CONTRACT 2.8 and 2.9).

Solvers
    ``highs`` (default) and ``cbc``. HiGHS is the default because it is the faster and the
    safer of the two: it reports its own model status and proven gap, which are checked
    before any value is read (:mod:`allocation.solve.runs`). With HiGHS the model is built
    directly on highspy (:mod:`allocation.model.emit_highs`, no PuLP import on the default path);
    with CBC it is the PuLP formulation (:mod:`allocation.model.emit_pulp`). ``builder="pulp"``
    runs HiGHS through PuLP (the tests use it to check that both builders give the same optimum).

Proof
    An answer is accepted as optimal only when the solver says it proved optimality AND the
    relative gap it reports is at most 1e-9 (up to 1 000 candidates) or 1e-6 (above). The
    solver's gap options are set to the same tolerance (absolute gap 0). Then the integer
    solution is checked exactly against every rule (:func:`allocation.model.check.violations`),
    and the objective is recomputed in input order from the whole-krone grants.

Ties (CONTRACT 2.9)
    When several allocations reach the optimum, a second solve keeps the objective at its
    optimum (``objective >= z* - TIE_TOLERANCE * max(|z*|, 1)``) and maximises
    ``sum (n - rank_j) * k_j``, where ``rank`` orders the candidates by score (descending,
    compared with tolerance 1e-9) and then application_id (ascending), and ``k_j`` is the grant
    in units of the rounding step: among equally good allocations, money goes preferably to
    higher-ranked applications. The second answer is used only if it is proven optimal for
    this preference and its recomputed objective equals the first one's (relative 1e-11);
    otherwise the first proven optimum is kept. The second solve is about as hard as the
    first, so it runs for rounds of up to ``TIE_BREAK_MAX_CANDIDATES`` (500) candidates, which
    covers every real round; above that the first proven optimum is used as it is. HiGHS and
    CBC are deterministic (no time-dependent decisions unless the time limit is hit), so
    either way the same input with the same solver gives the same allocation.csv byte for
    byte.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from allocation.errors import ConfigError
from allocation.model.check import objective_value, violations
from allocation.model.data import ModelData
from allocation.model.emit_highs import build_highs
from allocation.model.emit_pulp import build_pulp
from allocation.results import SolveStatus
from allocation.solve.priority import solve_priority
from allocation.solve.runs import (
    SOLVERS,
    Run,
    highs_configure,
    highs_read,
    highs_run,
    pulp_run,
    time_left,
)
from allocation.tolerances import (
    GAP_LARGE,
    GAP_SMALL,
    INTEGRALITY_TOLERANCE,
    SMALL_ROUND,
    TIE_TOLERANCE,
)

__all__ = ["solve_model", "check_feasible", "gap_tolerance", "Solution", "SOLVERS"]

TIE_BREAK_MAX_CANDIDATES = 500


def gap_tolerance(n_candidates: int) -> float:
    """The required relative gap: 1e-9 up to 1 000 candidates, 1e-6 above (CONTRACT 2.8)."""
    return GAP_SMALL if n_candidates <= SMALL_ROUND else GAP_LARGE


@dataclass
class Solution:
    """The outcome of :func:`solve_model`."""

    status: SolveStatus
    k: np.ndarray | None = None  # grant units per candidate
    x: np.ndarray | None = None
    objective: float | None = None  # contract units, recomputed in input order
    gap: float | None = None
    tie_break: str = "not needed"
    timings: dict[str, float] = field(default_factory=dict)


def _solve_highspy(
    d: ModelData, tol: float, deadline: float | None, tie_break: bool, timings: dict
) -> tuple[Run, Run | None]:
    t = time.perf_counter()
    h = build_highs(d)
    timings["build"] = time.perf_counter() - t
    n_cols = h.getNumCol()
    t = time.perf_counter()
    highs_configure(h, tol, time_left(deadline))
    highs_run(h)
    timings["solve"] = time.perf_counter() - t
    t = time.perf_counter()
    first = highs_read(h, n_cols, tol)
    timings["read"] = time.perf_counter() - t
    if first.status != "optimal" or not tie_break or d.n < 2:
        return first, None
    # second, lexicographic solve: keep the optimum, prefer higher-ranked applications
    t = time.perf_counter()
    import highspy

    z = float(first.solver_objective or 0.0)
    assert first.values is not None
    c = d.objective_coefficients()
    idx = np.arange(d.n, dtype=np.int32)
    h.addRow(z - TIE_TOLERANCE * max(abs(z), 1.0), highspy.kHighsInf, d.n, idx, c)
    weights = (d.n - d.rank).astype(float)
    h.changeColsCost(d.n, idx, weights)
    h.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), first.values)
    remaining = time_left(deadline)
    highs_configure(h, tol, remaining)
    highs_run(h)
    second = highs_read(h, n_cols, tol)
    timings["tie_break"] = time.perf_counter() - t
    return first, second


def _solve_pulp(
    d: ModelData,
    solver: str,
    tol: float,
    deadline: float | None,
    tie_break: bool,
    timings: dict,
) -> tuple[Run, Run | None]:
    import pulp

    t = time.perf_counter()
    pm = build_pulp(d)
    cols = pm.k + pm.x + pm.y
    timings["build"] = time.perf_counter() - t
    t = time.perf_counter()
    first = pulp_run(pm.problem, solver, tol, deadline, cols)
    timings["solve"] = time.perf_counter() - t
    if first.status != "optimal" or not tie_break or d.n < 2:
        return first, None
    t = time.perf_counter()
    z = float(first.solver_objective or 0.0)
    prob = pm.problem
    prob += pm.objective >= z - TIE_TOLERANCE * max(abs(z), 1.0), "optimum_kept"
    weights = d.n - d.rank
    prob.setObjective(pulp.lpSum(int(weights[j]) * pm.k[j] for j in range(d.n)))
    second = pulp_run(prob, solver, tol, deadline, cols)
    timings["tie_break"] = time.perf_counter() - t
    return first, second


def _integer_solution(d: ModelData, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rounded = np.rint(values)
    if np.abs(values - rounded).max(initial=0.0) > INTEGRALITY_TOLERANCE:
        raise RuntimeError("løseren ga et svar som ikke er heltallig")
    k = rounded[: d.n].astype(np.int64)
    x = rounded[d.n : 2 * d.n].astype(np.int64)
    return k, x


def _solve_by_priority(d: ModelData, solver: str, time_limit: float | None) -> Solution:
    """The ``priority`` policy: unique, so no tie-break (:mod:`allocation.solve.priority`)."""
    t = time.perf_counter()
    run = solve_priority(d, solver=solver, time_limit=time_limit)
    timings = {"solve": time.perf_counter() - t}
    if run.status == "infeasible":
        return Solution(SolveStatus.INFEASIBLE, timings=timings)
    if run.status != "optimal" or run.k is None:
        return Solution(SolveStatus.TIME_LIMIT, timings=timings)
    k = run.k.astype(np.int64)
    x = (k > 0).astype(np.int64)
    broken = violations(d, k, x)
    if broken:
        raise RuntimeError(f"prioriteringens svar bryter reglene: {', '.join(broken)}")
    tie = f"not needed (unique; {run.solves} solves)"
    return Solution(SolveStatus.OPTIMAL, k, x, objective_value(d, k), 0.0, tie, timings)


def solve_model(
    d: ModelData,
    *,
    solver: str = "highs",
    builder: str = "auto",
    time_limit: float | None = None,
    tie_break: bool = True,
    tolerance: float | None = None,
) -> Solution:
    """Solve the MILP of ``d`` and check the answer (see the module docstring).

    Parameters
    ----------
    d : ModelData
    solver : {"highs", "cbc"}
    builder : {"auto", "highspy", "pulp"}
        "auto": highspy for HiGHS, PuLP for CBC. CBC always goes through PuLP.
    time_limit : float, optional
        Seconds for the whole solve (both phases).
    tie_break : bool
        Run the second, tie-breaking solve (only up to ``TIE_BREAK_MAX_CANDIDATES``).
    tolerance : float, optional
        Required relative gap (default :func:`gap_tolerance`).
    """
    solver = solver.lower()
    if solver not in SOLVERS:
        raise ConfigError(f"Ukjent løser «{solver}» (bruk highs eller cbc).")
    tol = gap_tolerance(d.n) if tolerance is None else tolerance
    timings: dict[str, float] = {}
    if d.n == 0:  # nothing to decide: feasible iff the rules accept funding nobody
        zero = np.zeros(0, dtype=np.int64)
        if violations(d, zero, zero):
            return Solution(SolveStatus.INFEASIBLE, timings=timings)
        return Solution(SolveStatus.OPTIMAL, zero, zero, 0.0, 0.0, timings=timings)
    if d.policy == "priority":
        return _solve_by_priority(d, solver, time_limit)
    deadline = None if time_limit is None else time.perf_counter() + float(time_limit)
    tie_break = tie_break and d.n <= TIE_BREAK_MAX_CANDIDATES
    use_highspy = solver == "highs" and builder in ("auto", "highspy")
    if use_highspy:
        first, second = _solve_highspy(d, tol, deadline, tie_break, timings)
    else:
        first, second = _solve_pulp(d, solver, tol, deadline, tie_break, timings)
    if first.status == "infeasible":
        return Solution(SolveStatus.INFEASIBLE, timings=timings)
    if first.status != "optimal":
        return Solution(SolveStatus.TIME_LIMIT, gap=first.gap, timings=timings)
    t = time.perf_counter()
    assert first.values is not None  # an optimal run has values
    k, x = _integer_solution(d, first.values)
    broken = violations(d, k, x)
    if broken:
        raise RuntimeError(f"løserens svar bryter reglene: {', '.join(broken)}")
    objective = objective_value(d, k)
    if second is None:
        tie = "not needed" if d.n < 2 or tie_break else "skipped (large round)"
    else:
        tie = "kept first optimum"
    if second is not None and second.status == "optimal" and second.values is not None:
        k2, x2 = _integer_solution(d, second.values)
        obj2 = objective_value(d, k2)
        if not violations(d, k2, x2) and obj2 >= objective - TIE_TOLERANCE * max(
            abs(objective), 1.0
        ):
            k, x, objective = k2, x2, obj2
            tie = "applied"
    timings["read"] = timings.get("read", 0.0) + time.perf_counter() - t
    return Solution(SolveStatus.OPTIMAL, k, x, objective, first.gap, tie, timings)


def check_feasible(d: ModelData, *, solver: str = "highs", time_limit: float = 10.0) -> bool | None:
    """Whether the rules of ``d`` (only its active families) can all hold; None if unknown.

    Used by the infeasibility diagnosis: a pure feasibility solve (objective 0).
    """
    if d.n == 0:
        zero = np.zeros(0, dtype=np.int64)
        return not violations(d, zero, zero)
    if solver == "highs":
        h = build_highs(d, feasibility_only=True)
        highs_configure(h, GAP_SMALL, time_limit)
        highs_run(h)
        run = highs_read(h, h.getNumCol(), 1.0)
    else:
        pm = build_pulp(d, feasibility_only=True)
        run = pulp_run(
            pm.problem, solver, 1.0, time.perf_counter() + time_limit, pm.k + pm.x + pm.y
        )
    if run.status == "infeasible":
        return False
    if run.status == "optimal":
        return True
    return None
