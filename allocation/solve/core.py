"""Solve a round: scores, candidates, the MILP, ties, reasons (CONTRACT section 2).

:func:`allocate` is the one entry point. It never raises for infeasible rules or a solver
that stops early: the result's status says so (``ConfigError`` only for bad parameters, such
as an unknown lock or a negative available budget).

Solvers
    ``highs`` (default) and ``cbc``. HiGHS is the default because it is the faster and the
    safer of the two: it reports its own model status and proven gap, which are checked here
    before any value is read, whereas CBC through PuLP 3.3 reports a run stopped on its time
    limit with a feasible answer as "Optimal" (only the solution status tells the truth), and
    it is several times slower on large rounds. With HiGHS the model is built directly on
    highspy (:mod:`allocation.model.emit_highs`, no PuLP import on the default path); with CBC it is
    the PuLP formulation of :mod:`allocation.model.data`. ``builder="pulp"`` runs HiGHS through PuLP
    (the tests use it to check that both builders give the same optimum).

Proof
    An answer is accepted as optimal only when the solver says it proved optimality AND the
    relative gap it reports is at most 1e-9 (up to 1 000 candidates) or 1e-6 (above). The
    solver's gap options are set to the same tolerance (absolute gap 0). Then the integer
    solution is checked exactly against every rule (:func:`allocation.model.data.violations`), and
    the objective is recomputed in input order from the whole-krone grants.

Ties (CONTRACT 2.9)
    When several allocations reach the optimum, a second solve keeps the objective at its
    optimum (``objective >= z* - 1e-11 * max(|z*|, 1)``) and maximises
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

import math
import os
import re
import tempfile
import time
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from allocation.errors import ConfigError
from allocation.model.data import ModelData, model_data, objective_value, violations
from allocation.model.eligibility import available_budget, fundable_table
from allocation.model.scoring import score_round
from allocation.results import AllocationResult, Lock, SolveStatus
from allocation.round.data import POLICIES, Round
from allocation.wording import reasons as W

__all__ = ["Lock", "allocate", "solve_model", "gap_tolerance", "SOLVERS"]

SOLVERS = ("highs", "cbc")
SMALL_ROUND = 1000  # candidates; up to here the proven gap must be <= 1e-9
TIE_TOLERANCE = 1e-11
TIE_BREAK_MAX_CANDIDATES = 500
# HiGHS options beyond the gap, for both the direct and the PuLP path:
# - mip_feasibility_tolerance: the default (1e-6) also governs pruning; on small coverage rounds
#   (objective coefficients ~1e-5 a krone) HiGHS ended "Optimal" with a proven gap of
#   2.4e-7 > 1e-9. 1e-9 closes it, at no cost in time on benchmarks/.
# - the feasibility-jump heuristic cost 20-40 ms on 25-application rounds (two thirds of
#   HiGHS's time there) and gained nothing at 1 000 or 10 000 applications.
HIGHS_OPTIONS: dict[str, Any] = {
    "mip_feasibility_tolerance": 1e-9,
    "mip_heuristic_run_feasibility_jump": False,
}


def gap_tolerance(n_candidates: int) -> float:
    """The required relative gap: 1e-9 up to 1 000 candidates, 1e-6 above (CONTRACT 2.8)."""
    return 1e-9 if n_candidates <= SMALL_ROUND else 1e-6


@dataclass
class Run:
    """One solver run, read back and checked."""

    status: str  # "optimal" | "infeasible" | "time_limit"
    values: np.ndarray | None = None  # column values (k, x, y), rounded to integers
    solver_objective: float | None = None
    gap: float | None = None


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


# ------------------------------------------------------------------------------------------
# HiGHS (highspy directly, or the HighsModel behind PuLP's HiGHS interface)


def _highs_configure(h: Any, tol: float, time_limit: float | None) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", tol)
    h.setOptionValue("mip_abs_gap", 0.0)
    for name, value in HIGHS_OPTIONS.items():
        h.setOptionValue(name, value)
    if time_limit is not None:
        h.setOptionValue("time_limit", max(float(time_limit), 0.01))


def _highs_read(h: Any, n_cols: int, tol: float) -> Run:
    """Check HiGHS's own model status and gap before reading any value."""
    import highspy

    status = h.getModelStatus()
    info = h.getInfo()
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    S = highspy.HighsModelStatus
    if status in (S.kInfeasible, S.kUnboundedOrInfeasible):
        return Run("infeasible")
    if status == S.kModelEmpty:
        return Run("optimal", np.zeros(0), 0.0, 0.0)
    gap = None
    if has_solution:
        primal, dual = info.objective_function_value, info.mip_dual_bound
        gap = abs(primal - dual) / max(abs(primal), 1e-300) if primal != dual else 0.0
        if not math.isfinite(gap):
            gap = None
    if status == S.kOptimal and has_solution and gap is not None and gap <= tol * (1 + 1e-9):
        values = np.asarray(h.getSolution().col_value[:n_cols], dtype=float)
        return Run("optimal", values, info.objective_function_value, gap)
    if status in (
        S.kOptimal,
        S.kTimeLimit,
        S.kIterationLimit,
        S.kSolutionLimit,
        S.kInterrupt,
        S.kObjectiveBound,
        S.kObjectiveTarget,
        S.kUnknown,
        S.kMemoryLimit,
        S.kHighsInterrupt,
    ):
        return Run("time_limit", gap=gap)
    raise RuntimeError(f"HiGHS: {h.modelStatusToString(status)}")


def _solve_highspy(
    d: ModelData, tol: float, deadline: float | None, tie_break: bool, timings: dict
) -> tuple[Run, Run | None]:
    from allocation.model.emit_highs import build_highs

    t = time.perf_counter()
    h = build_highs(d)
    timings["build"] = time.perf_counter() - t
    n_cols = h.getNumCol()
    t = time.perf_counter()
    _highs_configure(h, tol, _remaining(deadline))
    h.run()
    timings["solve"] = time.perf_counter() - t
    t = time.perf_counter()
    first = _highs_read(h, n_cols, tol)
    timings["read"] = time.perf_counter() - t
    if first.status != "optimal" or not tie_break or d.n < 2:
        return first, None
    # second, lexicographic solve: keep the optimum, prefer higher-ranked applications
    t = time.perf_counter()
    import highspy

    z = first.solver_objective
    c = d.objective_coefficients()
    idx = np.arange(d.n, dtype=np.int32)
    h.addRow(z - TIE_TOLERANCE * max(abs(z), 1.0), highspy.kHighsInf, d.n, idx, c)
    weights = (d.n - d.rank).astype(float)
    h.changeColsCost(d.n, idx, weights)
    h.setSolution(n_cols, np.arange(n_cols, dtype=np.int32), first.values)
    remaining = _remaining(deadline)
    _highs_configure(h, tol, remaining)
    h.run()
    second = _highs_read(h, n_cols, tol)
    timings["tie_break"] = time.perf_counter() - t
    return first, second


# ------------------------------------------------------------------------------------------
# PuLP (CBC, or HiGHS through PuLP)


def _cbc_log_gap(text: str) -> float | None:
    m = re.search(r"^Gap:\s*([-+0-9.eE]+)", text, re.M)
    return float(m.group(1)) if m else None


def _pulp_run(prob: Any, solver: str, tol: float, deadline: float | None, cols: list) -> Run:
    import pulp

    limit = _remaining(deadline)
    if solver == "highs":
        cmd = pulp.HiGHS(
            msg=False,
            gapRel=tol,
            gapAbs=0.0,
            timeLimit=limit,
            **HIGHS_OPTIONS,
        )
        prob.solve(cmd)
        h = prob.solverModel
        run = _highs_read(h, h.getNumCol(), tol)
        if run.status == "optimal":  # PuLP minimises -objective: read values through PuLP
            run.values = np.array([v.varValue for v in cols], dtype=float)
            run.solver_objective = pulp.value(prob.objective)
        return run
    fd, log_path = tempfile.mkstemp(prefix="cbc-", suffix=".log")
    os.close(fd)
    try:
        with warnings.catch_warnings():  # PuLP 3.3 announces PuLP 4's unbundled CBC
            warnings.simplefilter("ignore", DeprecationWarning)
            cmd = pulp.PULP_CBC_CMD(
                msg=False,
                gapRel=tol,
                gapAbs=0.0,
                timeLimit=None if limit is None else max(1, math.ceil(limit)),
                logPath=log_path,
            )
        prob.solve(cmd)
        with open(log_path, encoding="utf-8", errors="replace") as f:
            log = f.read()
    finally:
        os.unlink(log_path)
    # PuLP 3.3 maps "Stopped on time" with a feasible answer to status Optimal; only
    # sol_status (and CBC's own log) tell whether optimality was proven.
    if prob.status == pulp.LpStatusInfeasible or "proven infeasible" in log:
        return Run("infeasible")
    gap = _cbc_log_gap(log)
    proven = prob.sol_status == pulp.LpSolutionOptimal and "Optimal solution found" in log
    if proven and (gap is None or gap <= tol * (1 + 1e-9)):
        # CBC prints no final gap when its search completes: it proved the ratio gap ``tol``
        # (an upper bound on the true gap), which is what is reported.
        values = np.array([v.varValue or 0.0 for v in cols], dtype=float)
        return Run("optimal", values, pulp.value(prob.objective), gap if gap is not None else tol)
    if gap is not None and gap <= 0:
        gap = None  # stopped before it had a solution to measure a gap against
    if prob.sol_status in (pulp.LpSolutionIntegerFeasible, pulp.LpSolutionNoSolutionFound) or (
        "Stopped" in log
    ):
        return Run("time_limit", gap=gap)
    raise RuntimeError(f"CBC: {pulp.LpStatus.get(prob.status)}")


def _solve_pulp(
    d: ModelData,
    solver: str,
    tol: float,
    deadline: float | None,
    tie_break: bool,
    timings: dict,
) -> tuple[Run, Run | None]:
    import pulp

    from allocation.model.data import build_pulp

    t = time.perf_counter()
    pm = build_pulp(d)
    cols = pm.k + pm.x + pm.y
    timings["build"] = time.perf_counter() - t
    t = time.perf_counter()
    first = _pulp_run(pm.problem, solver, tol, deadline, cols)
    timings["solve"] = time.perf_counter() - t
    if first.status != "optimal" or not tie_break or d.n < 2:
        return first, None
    t = time.perf_counter()
    z = first.solver_objective
    prob = pm.problem
    prob += pm.objective >= z - TIE_TOLERANCE * max(abs(z), 1.0), "optimum_kept"
    weights = d.n - d.rank
    prob.setObjective(pulp.lpSum(int(weights[j]) * pm.k[j] for j in range(d.n)))
    second = _pulp_run(prob, solver, tol, deadline, cols)
    timings["tie_break"] = time.perf_counter() - t
    return first, second


# ------------------------------------------------------------------------------------------


def _remaining(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    return max(deadline - time.perf_counter(), 0.01)


def _integer_solution(d: ModelData, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rounded = np.rint(values)
    if np.abs(values - rounded).max(initial=0.0) > 1e-5:
        raise RuntimeError("løseren ga et svar som ikke er heltallig")
    k = rounded[: d.n].astype(np.int64)
    x = rounded[d.n : 2 * d.n].astype(np.int64)
    return k, x


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
    k, x = _integer_solution(d, first.values)
    broken = violations(d, k, x)
    if broken:
        raise RuntimeError(f"løserens svar bryter reglene: {', '.join(broken)}")
    objective = objective_value(d, k)
    if second is None:
        tie = "not needed" if d.n < 2 or tie_break else "skipped (large round)"
    else:
        tie = "kept first optimum"
    if second is not None and second.status == "optimal":
        k2, x2 = _integer_solution(d, second.values)
        obj2 = objective_value(d, k2)
        if not violations(d, k2, x2) and obj2 >= objective - TIE_TOLERANCE * max(
            abs(objective), 1.0
        ):
            k, x, objective = k2, x2, obj2
            tie = "applied"
    timings["read"] = timings.get("read", 0.0) + time.perf_counter() - t
    return Solution(SolveStatus.OPTIMAL, k, x, objective, first.gap, tie, timings)


def _normalise_locks(round: Round, locks: Mapping[str, Any] | None) -> dict[str, Lock]:
    out: dict[str, Lock] = {}
    if not locks:
        return out
    known = set(round.applications["application_id"].astype(str))
    problems = []
    for app_id, lock in locks.items():
        app_id = str(app_id)
        if isinstance(lock, str):
            lock = Lock(action=lock)
        elif isinstance(lock, Mapping):
            lock = Lock(
                action=str(lock.get("action", lock.get("lock", ""))),
                reason=str(lock.get("reason", "")),
            )
        if app_id not in known:
            problems.append(W.UNKNOWN_LOCK.format(id=app_id))
        elif lock.action not in ("must_fund", "must_not_fund"):
            problems.append(W.BAD_LOCK_ACTION.format(action=lock.action, id=app_id))
        else:
            out[app_id] = lock
    if problems:
        raise ConfigError("\n".join(problems))
    return out


def allocate(
    round: Round,
    *,
    budget: int | None = None,
    policy: str | None = None,
    solver: str = "highs",
    locks: Mapping[str, Lock] | None = None,
    time_limit: float | None = None,
    builder: str = "auto",
    tie_break: bool = True,
) -> AllocationResult:
    """Allocate a round's money (CONTRACT section 2) and explain every decision.

    Parameters
    ----------
    round : Round
        The loaded round. Rule overrides other than budget and policy are applied by the
        caller with ``round.with_scheme(round.scheme.replace(...))``.
    budget : int, optional
        Replaces the scheme's ``frame`` (like ``--budget``).
    policy : {"merit", "coverage"}, optional
        Replaces the scheme's policy.
    solver : {"highs", "cbc"}
    locks : mapping of application_id to Lock, optional
        The adviser's must_fund / must_not_fund decisions.
    time_limit : float, optional
        Seconds; a solve that stops without proof has status ``time_limit``.
    builder, tie_break
        See :func:`solve_model`.

    Returns
    -------
    AllocationResult

    Raises
    ------
    ConfigError
        Unknown policy, solver or lock, or a negative available budget.
    """
    from allocation.explain import build_allocation_table, diagnose, lock_conflicts

    t_start = time.perf_counter()
    solver = str(solver).lower()
    if solver not in SOLVERS:
        raise ConfigError(f"Ukjent løser «{solver}» (bruk highs eller cbc).")
    changes: dict[str, Any] = {}
    if budget is not None:
        changes["frame"] = int(budget)
    if policy is not None:
        policy = str(policy).lower()
        if policy not in POLICIES:
            raise ConfigError(f"Ukjent policy «{policy}» (bruk merit eller coverage).")
        changes["policy"] = policy
    if changes:
        round = round.with_scheme(round.scheme.replace(**changes))
    scheme = round.scheme
    lock_map = _normalise_locks(round, locks)

    t = time.perf_counter()
    scoring = score_round(round)
    table = fundable_table(round, scoring)
    B = available_budget(round)
    committed_total = int(round.applications["committed"].astype("int64").sum())
    if B < 0:
        raise ConfigError(
            W.NEGATIVE_BUDGET.format(
                frame=W.kr(scheme.frame),
                carry_over=W.kr(scheme.carry_over),
                committed=W.kr(committed_total),
                budget=W.kr(B),
            )
        )
    d = model_data(round, table, B, locks=lock_map)
    prep_seconds = time.perf_counter() - t

    conflicts = lock_conflicts(round, table, lock_map)
    if conflicts:
        solution = Solution(SolveStatus.INFEASIBLE)
    else:
        solution = solve_model(
            d, solver=solver, builder=builder, time_limit=time_limit, tie_break=tie_break
        )
        if solution.status == SolveStatus.INFEASIBLE:
            conflicts = diagnose(d, solver=solver)

    allocation = None
    granted_total = funded = 0
    counts: dict[str, int] = {}
    t = time.perf_counter()
    if solution.status == SolveStatus.OPTIMAL:
        allocation = build_allocation_table(round, scoring, table, d, solution.k, lock_map)
        granted_total = int(allocation["granted"].sum())
        funded = int((allocation["granted"] > 0).sum())
        counts = {dec: int((allocation["decision"] == dec).sum()) for dec in W.DECISIONS}
    explain_seconds = time.perf_counter() - t

    timings = {"prepare": prep_seconds, **solution.timings, "explain": explain_seconds}
    timings["total"] = time.perf_counter() - t_start
    summary: dict[str, Any] = {
        "status": solution.status.value,
        "policy": scheme.policy,
        "budget": int(B),
        "objective": solution.objective if solution.status == SolveStatus.OPTIMAL else None,
        "granted_total": granted_total,
        "funded": funded,
        "conflicts": list(conflicts),
        "solver": solver,
        "gap": solution.gap,
        "gap_tolerance": gap_tolerance(d.n),
        "tie_break": solution.tie_break,
        "frame": int(scheme.frame),
        "carry_over": int(scheme.carry_over),
        "committed_total": committed_total,
        "remaining": int(B - granted_total) if solution.status == SolveStatus.OPTIMAL else None,
        "applications": int(len(round.applications)),
        "candidates": int(d.n),
        "counts": counts,
        "locks": {k: {"action": v.action, "reason": v.reason} for k, v in lock_map.items()},
        "timings": {k: round_seconds(v) for k, v in timings.items()},
    }
    if solution.status == SolveStatus.TIME_LIMIT:
        gap_text = "" if solution.gap is None else f" (gap {solution.gap:.2e})"
        summary["message"] = W.TIME_LIMIT.format(gap=gap_text)
    return AllocationResult(
        status=solution.status,
        allocation=allocation,
        summary=summary,
        conflicts=list(conflicts),
        gap=solution.gap,
        scoring=scoring,
        round=round,
        locks=lock_map,
        fundable=table,
    )


def round_seconds(value: float) -> float:
    """Seconds rounded to 0.1 ms for summary.json."""
    return float(f"{value:.4f}")


def check_feasible(d: ModelData, *, solver: str = "highs", time_limit: float = 10.0) -> bool | None:
    """Whether the rules of ``d`` (only its active families) can all hold; None if unknown.

    Used by the infeasibility diagnosis: a pure feasibility solve (objective 0).
    """
    if d.n == 0:
        zero = np.zeros(0, dtype=np.int64)
        return not violations(d, zero, zero)
    if solver == "highs":
        from allocation.model.emit_highs import build_highs

        h = build_highs(d, feasibility_only=True)
        _highs_configure(h, 1e-9, time_limit)
        h.run()
        run = _highs_read(h, h.getNumCol(), 1.0)
    else:
        from allocation.model.data import build_pulp

        pm = build_pulp(d, feasibility_only=True)
        run = _pulp_run(
            pm.problem, solver, 1.0, time.perf_counter() + time_limit, pm.k + pm.x + pm.y
        )
    if run.status == "infeasible":
        return False
    if run.status == "optimal":
        return True
    return None
