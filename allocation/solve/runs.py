"""One solver run: options, the call, and the answer read back only after its status is checked.

HiGHS runs either on the highspy model of :mod:`allocation.model.emit_highs` or behind PuLP's
HiGHS interface; CBC always through PuLP (:mod:`allocation.model.emit_pulp`). Before any value is
read, the solver's own status and proven gap are checked: an answer is "optimal" only when the
solver says it proved optimality AND its relative gap is within the tolerance. CBC through PuLP 3.3
reports a run stopped on its time limit with a feasible answer as "Optimal" (only the solution
status and CBC's log tell the truth), which is caught here.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import time
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np

from allocation.quiet import stdout_silenced

#: Solver names accepted by ``--solver`` (case-insensitive).
SOLVERS = ("highs", "cbc")
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
#: Whether HiGHS has run in this process: its thread count is fixed at its first run.
_HIGHS_STARTED = False


def prefer_single_thread() -> bool:
    """Run HiGHS on one thread in this process, when it has not run here yet.

    For worker processes that solve many small models side by side (``allocation
    robustness``): HiGHS's default thread pool keeps a second thread spinning, which doubles the
    CPU a solve takes and makes two workers on two cores fight for them; the answers are the
    same. HiGHS fixes its thread count at its first run in a process, so later calls (and calls
    in a process that has solved already) change nothing. Returns whether it took effect.
    """
    if _HIGHS_STARTED:
        return False
    HIGHS_OPTIONS["threads"] = 1
    return True


def highs_options() -> dict[str, Any]:
    """:data:`HIGHS_OPTIONS` for a HiGHS run about to start (every run takes them here, so
    :func:`prefer_single_thread` knows whether HiGHS has run in this process)."""
    global _HIGHS_STARTED
    _HIGHS_STARTED = True
    return dict(HIGHS_OPTIONS)


#: A gap is accepted when within the tolerance up to this relative slack (float noise).
GAP_SLACK = 1e-9


@dataclass
class Run:
    """One solver run, read back and checked."""

    status: str  # "optimal" | "infeasible" | "time_limit"
    values: np.ndarray | None = None  # column values (k, x, y), rounded to integers
    solver_objective: float | None = None
    gap: float | None = None


def highs_configure(h: Any, tol: float, time_limit: float | None) -> None:
    h.setOptionValue("output_flag", False)
    h.setOptionValue("mip_rel_gap", tol)
    h.setOptionValue("mip_abs_gap", 0.0)
    for name, value in highs_options().items():
        h.setOptionValue(name, value)
    if time_limit is not None:
        h.setOptionValue("time_limit", max(float(time_limit), 0.01))


#: The feasibility tolerance of the one retry after a "Solve error" (see :func:`highs_run`).
RETRY_FEASIBILITY_TOLERANCE = 1e-7


def highs_run(h: Any) -> None:
    """``h.run()``, retried once with a looser feasibility tolerance after a "Solve error".

    With ``mip_feasibility_tolerance`` 1e-9 (see :data:`HIGHS_OPTIONS`), HiGHS 1.16 sometimes
    proves an optimum and then rejects its own answer for a primal infeasibility of about 1e-9
    on a row in kroner (seen on the example round at 4 160 000 kr), and discards it. The retry
    at 1e-7 finds it again; the answer is still rounded to whole numbers and checked exactly
    against every rule before it is used.
    """
    import highspy

    h.run()
    if h.getModelStatus() == highspy.HighsModelStatus.kSolveError:
        h.setOptionValue("mip_feasibility_tolerance", RETRY_FEASIBILITY_TOLERANCE)
        h.clearSolver()
        h.run()
        h.setOptionValue("mip_feasibility_tolerance", HIGHS_OPTIONS["mip_feasibility_tolerance"])


def highs_read(h: Any, n_cols: int, tol: float) -> Run:
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
    if status == S.kOptimal and has_solution and gap is not None and gap <= tol * (1 + GAP_SLACK):
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
        getattr(S, "kHighsInterrupt", S.kInterrupt),
    ):
        return Run("time_limit", gap=gap)
    raise RuntimeError(f"HiGHS: {h.modelStatusToString(status)}")


def _cbc_log_gap(text: str) -> float | None:
    m = re.search(r"^Gap:\s*([-+0-9.eE]+)", text, re.M)
    return float(m.group(1)) if m else None


def pulp_run(prob: Any, solver: str, tol: float, deadline: float | None, cols: list) -> Run:
    import pulp

    limit = time_left(deadline)
    if solver == "highs":
        cmd = pulp.HiGHS(
            msg=False,
            gapRel=tol,
            gapAbs=0.0,
            timeLimit=limit,
            **highs_options(),
        )
        with stdout_silenced():  # PuLP creates its Highs (and its banner) inside solve
            prob.solve(cmd)
        h = prob.solverModel
        run = highs_read(h, h.getNumCol(), tol)
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
    if proven and (gap is None or gap <= tol * (1 + GAP_SLACK)):
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


def time_left(deadline: float | None) -> float | None:
    if deadline is None:
        return None
    return max(deadline - time.perf_counter(), 0.01)
