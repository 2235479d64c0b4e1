"""The budget curve: the round solved at a row of frames, with the model kept warm.

``frame`` replaces the scheme's frame at every point, as ``allocation solve --budget`` does:
``B = frame + carry_over - committed``. The round is read and scored once
(:class:`~allocation.robust.warm.WarmRound`); between neighbouring frames only ``B`` changes in
the model data (the budget row and the ``max_region_share`` rows), and each frame is solved by
:func:`allocation.solve.core.solve_model`, the solve path of ``allocation solve`` (tie rule and
the priority search included): the grants at each frame are those of ``allocation solve
--budget`` at that frame.

Outputs (:func:`sweep_files`): ``sweep.csv`` (long form: ``frame, application_id, granted,
decision``; empty grant and decision at a frame without an allocation), ``sweep_frames.csv``
(``frame, budget, status, granted_total, funded, marginal``: the marginal application is the
last-ranked one funded, in the contract's priority ranking), ``sweep_applications.csv``
(``application_id, first_funded_frame, first_full_frame``, empty where never) and
``sweep.png`` (:mod:`allocation.robust.chart`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allocation.errors import ConfigError
from allocation.results import Lock, SolveStatus
from allocation.robust.warm import WarmRound, with_policy
from allocation.round.data import Round, Scheme
from allocation.solve.priority import priority_order
from allocation.wording import robustness as W

__all__ = ["SweepResult", "sweep", "default_frames", "frames_between", "MAX_FRAMES"]

#: A sweep of more frames than this is a usage error (a step typed one digit short).
MAX_FRAMES = 2_000
#: The default sweep has about this many frames.
DEFAULT_FRAMES = 41


def frames_between(start: int, stop: int, step: int) -> list[int]:
    """``start, start + step, ...`` up to and including ``stop``; ConfigError if ill-formed.

    >>> frames_between(100, 300, 100)
    [100, 200, 300]
    """
    if step <= 0 or start < 0 or stop < start:
        raise ConfigError(W.SWEEP_BAD_RANGE.format(start=start, stop=stop, step=step))
    count = (stop - start) // step + 1
    if count > MAX_FRAMES:
        raise ConfigError(W.SWEEP_TOO_MANY.format(count=count, most=MAX_FRAMES))
    return [start + i * step for i in range(count)]


def default_frames(scheme: Scheme) -> tuple[int, int, int]:
    """Half to twice the scheme's frame, in a step that gives about 41 frames, all rounded to
    the scheme's rounding (at least one rounding step).

    >>> from types import SimpleNamespace
    >>> default_frames(SimpleNamespace(frame=2_000_000, rounding=10_000))
    (1000000, 4000000, 80000)
    """
    R = int(scheme.rounding or 1)
    frame = int(scheme.frame)
    start = int(round(frame / 2 / R)) * R
    stop = int(round(2 * frame / R)) * R
    step = max(R, int(round((stop - start) / (DEFAULT_FRAMES - 1) / R)) * R)
    return start, stop, step


@dataclass
class SweepResult:
    """A budget curve (see the module docstring for the tables' columns)."""

    frames: list[int]
    long: pd.DataFrame
    by_frame: pd.DataFrame
    by_application: pd.DataFrame
    scheme_frame: int
    fundable: dict[str, int] = field(default_factory=dict)
    applicants: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def granted(self, frame: int) -> pd.Series:
        """The grants at one frame, indexed by application_id (input order)."""
        rows = self.long[self.long["frame"] == frame]
        return pd.Series(rows["granted"].to_numpy(), index=rows["application_id"].to_numpy())


def _marginal(warm: WarmRound, granted: np.ndarray) -> str:
    """The last-ranked funded application (priority ranking), "" when none is funded."""
    d = warm.data()
    funded = [j for j in priority_order(d.ids, d.score) if granted[d.positions[j]] > 0]
    return d.ids[funded[-1]] if funded else ""


def _first(frames: list[int], hit: np.ndarray) -> list[int | None]:
    """Per application (column), the first frame where ``hit`` holds, None where never."""
    out: list[int | None] = []
    for i in range(hit.shape[1]):
        rows = np.flatnonzero(hit[:, i])
        out.append(frames[int(rows[0])] if len(rows) else None)
    return out


def sweep(
    round_: Round,
    start: int,
    stop: int,
    step: int,
    *,
    policy: str | None = None,
    solver: str = "highs",
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    locks: Mapping[str, Lock] | None = None,
) -> SweepResult:
    """Solve the round at the frames ``start, start + step, ...`` up to ``stop``.

    Parameters
    ----------
    round_ : Round
        The loaded round (rules as they are to apply; ``frame`` is replaced at each point).
    start, stop, step : int
        Frames in kroner (``stop`` included when reached).
    policy : {"merit", "coverage", "priority"}, optional
        Replaces the scheme's policy.
    solver : {"highs", "cbc"}
    progress : callable, optional
        ``progress(done, total)`` after each frame.
    cancel : threading.Event, optional
        Set it to stop the sweep (``allocation.robust.Cancelled`` is raised).
    locks : mapping of application_id to Lock, optional
        The adviser's locks, kept at every frame.

    Returns
    -------
    SweepResult

    Raises
    ------
    ConfigError
        An ill-formed range, an unknown policy or solver, or a frame whose available budget
        would be negative.
    """
    t_start = time.perf_counter()
    frames = frames_between(int(start), int(stop), int(step))
    round_ = with_policy(round_, policy)
    warm = WarmRound(round_, solver, locks)
    budgets = [warm.budget_of(f) for f in frames]  # every frame checked before any solve
    t_solve = time.perf_counter()
    solved = _solve_frames(warm, frames, budgets, progress, cancel)
    t_tables = time.perf_counter()
    result = _result(warm, frames, solved)
    t_end = time.perf_counter()
    result.timings = {
        "prepare": t_solve - t_start,
        "solve": t_tables - t_solve,
        "tables": t_end - t_tables,
        "total": t_end - t_start,
    }
    return result


@dataclass
class _Solved:
    """The raw answers of a sweep: grants per frame (rows) and the table rows."""

    granted: np.ndarray
    ok: np.ndarray
    long_rows: list[tuple] = field(default_factory=list)
    frame_rows: list[tuple] = field(default_factory=list)


def _solve_frames(
    warm: WarmRound,
    frames: list[int],
    budgets: list[int],
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> _Solved:
    """Solve each frame with the warm round; only the budget B changes between them."""
    from allocation.robust.execute import Cancelled

    n = len(warm.ids)
    out = _Solved(np.zeros((len(frames), n), dtype=np.int64), np.zeros(len(frames), dtype=bool))
    for row, (frame, B) in enumerate(zip(frames, budgets, strict=True)):
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        outcome = warm.solve(budget=B)
        ok = outcome.status == SolveStatus.OPTIMAL
        out.ok[row], out.granted[row] = ok, outcome.granted
        decisions = warm.decisions(outcome.granted) if ok else [""] * n
        for i, app_id in enumerate(warm.ids):
            out.long_rows.append(
                (frame, app_id, int(outcome.granted[i]) if ok else None, decisions[i])
            )
        total = int(outcome.granted.sum()) if ok else None
        funded = int((outcome.granted > 0).sum()) if ok else None
        marginal = _marginal(warm, outcome.granted) if ok else ""
        out.frame_rows.append((frame, B, str(outcome.status), total, funded, marginal))
        if progress is not None:
            progress(row + 1, len(frames))
    return out


def _result(warm: WarmRound, frames: list[int], solved: _Solved) -> SweepResult:
    """The sweep's three tables from its answers."""
    granted, ok = solved.granted, solved.ok[:, None]
    fundable = warm.fundable[None, :]
    full = (granted >= fundable) & (fundable > 0) & ok
    apps = pd.DataFrame(
        {
            "application_id": warm.ids,
            "first_funded_frame": _first(frames, (granted > 0) & ok),
            "first_full_frame": _first(frames, full),
        }
    )
    by_frame = pd.DataFrame(
        solved.frame_rows,
        columns=["frame", "budget", "status", "granted_total", "funded", "marginal"],
    )
    long = pd.DataFrame(
        solved.long_rows, columns=["frame", "application_id", "granted", "decision"]
    )
    applicants = warm.round.applications["applicant"].astype(str).str.strip()
    return SweepResult(
        frames=frames,
        long=_typed(long, ["granted"]),
        by_frame=_typed(by_frame, ["granted_total", "funded"]),
        by_application=_typed(apps, ["first_funded_frame", "first_full_frame"]),
        scheme_frame=int(warm.round.scheme.frame),
        fundable=dict(zip(warm.ids, (int(u) for u in warm.fundable), strict=True)),
        applicants=dict(zip(warm.ids, applicants, strict=True)),
    )


def _typed(table: pd.DataFrame, integer_columns: list[str]) -> pd.DataFrame:
    """Whole-krone and count columns as nullable integers (empty where there is none)."""
    return table.astype({c: "Int64" for c in integer_columns})
