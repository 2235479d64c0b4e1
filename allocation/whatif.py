"""What it would take: for every application not funded, the frame or score that would fund it.

All else equal (the same round, rules, locks, policy and solver), for each application that got
no grant this module finds, by re-solving with :func:`allocation.orchestrator.allocate`:

**The budget frame** (:attr:`WhatItTakes.frame`): the smallest frame, among ``frame + m R``
(``m = 1, 2, ...``, R the rounding step) up to twice the frame, at which it gets a grant.
No policy is monotone in the frame when rules bind (a grant can go up, down to nothing and up
again as the frame grows), so the search never bisects. It scans:

1. *coarse*: the frames ``frame + c R, frame + 2c R, ...`` and the last one, ``2 frame``
   rounded down to the grid, with ``c = ceil(M / coarse_points)`` (M steps in all);
2. *refine*: for an application first funded at coarse frame ``F_c`` (and not at the coarse
   frame before, ``F_p``), every frame ``F_p + R, F_p + 2R, ...`` upward until it is funded.

One solve tells the outcome of every application at once, so all applications share the scan
and the refinements are remembered. **Guaranteed:** it is funded at the reported frame and not
funded at any frame that was solved below it: every coarse frame below and every frame from the
coarse frame before up to it, in particular one step R below. When ``M <= coarse_points``
(``c = 1``) every frame was solved, so the figure is the smallest frame there is. With
``c > 1`` a narrower window below ``F_p`` (funded at some frame between two coarse frames,
unfunded at both) can be missed; that is the price of speed, stated here and in the sheet.
None when it is not funded at any frame searched ("not within twice the frame").

**The score** (:attr:`WhatItTakes.score_needed`): at the run's own frame, the smallest total
score on the 0.01 grid above its own score at which it gets a grant. First it is solved with
the highest score of the scale: when even that does not fund it, the rule that holds it out
whatever its score is named (:attr:`WhatItTakes.held_out`, the rule units' ``holds_out`` facts
from that solve's explanation). Otherwise it is searched between its own score (not funded) and
the top (funded): under ``merit`` and ``coverage`` by Newton's method on the best objective of an
allocation that funds it (:func:`_by_objective`, usually 2 or 3 solves), under ``priority`` by
bisection over the few scores where its rank changes (:func:`_by_rank`). **Guaranteed:** funded
at the reported score (solved there) and not funded one step (0.01) below it: under ``merit`` and
``coverage`` that step is solved too (unless it lies below its own score, which is not funded);
under ``priority`` it ranks as a score that was solved (the grants depend on the ranking only).
It is the smallest such score: under ``merit`` and ``coverage`` an application's grant does not
decrease when only its own score rises (the objective is linear in its score, and the tie-break
ranks a higher score first), and under ``priority`` a higher score only moves it up the ranking.
A changed score is applied as a changed scores table (:func:`with_score`): every assessor's
score of that application replaced by one value per criterion that gives the wanted total, so
the threshold and the tie-break see it exactly as they would a real score.

A frame at which the solver fails (``allocate`` raises, as HiGHS's "Solve error" on one model
of a few hundred, or returns ``time_limit`` without a proof) counts as not solved: the scan goes
on, and no figure claims that frame (the application's ``frame_exact`` is then False). A failure
in an application's score search leaves it without a score figure (``unsolved``).

Applications that are not candidates for a reason no frame or score changes (ineligible, no
score, nothing fundable, below the smallest grant) and those locked out get the reason instead
of figures, without a solve.

Cost: one solve per frame scanned (at most ``coarse_points + 1`` plus the refinements, shared by
all applications: about 50 to 100 on the example rounds) and about 4 to 6 solves per application
for the score. On the example rounds (22 and 26 applications, 11 to 21 without a grant) that is
about 100 to 200 solves, 3 to 10 seconds on a 2-core machine shared with other work
(``tests/test_whatif.py -m slow`` prints the time of each). For a large round only the first
``limit`` unfunded applications by rank (score descending, then id) are searched (default 50);
the others get a record with ``searched=False``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from allocation.model.rules import Rule
from allocation.model.scoring import effective_weights
from allocation.orchestrator import allocate, explanations_by_id
from allocation.records import Explanation, Reason, reason
from allocation.results import AllocationResult, Lock, SolveStatus
from allocation.round.data import Round
from allocation.tolerances import SCORE_TOLERANCE

__all__ = ["WhatItTakes", "what_it_takes", "with_score", "DEFAULT_LIMIT", "DEFAULT_COARSE_POINTS"]

#: How many unfunded applications (by rank) are searched at most.
DEFAULT_LIMIT = 50
#: How many coarse frames the frame scan solves at most before it refines.
DEFAULT_COARSE_POINTS = 40
#: The score grid: hundredths.
SCORE_STEP = 0.01
#: Statuses of the fundable table no frame and no score can change.
_FIXED_OUT = ("ineligible", "no_score", "nothing_fundable", "below_smallest_grant")
#: Statuses of applications that ask for no new money (CONTRACT v1.2): videreført, overført.
_NO_NEW_MONEY = ("continued", "transferred")


@dataclass(frozen=True)
class WhatItTakes:
    """What it would take for one application without a grant (see the module docstring).

    Attributes
    ----------
    application_id, applicant : str
    score : float or None
        Its total score (None: it has none).
    frame : int or None
        The smallest frame found (kroner) at which it gets a grant, all else equal; None when
        none up to :attr:`frame_limit`, or when no frame can help (:attr:`frame_out`).
    frame_grant : int or None
        Its grant at that frame.
    frame_limit : int
        The largest frame searched (twice the frame, on the grid of R).
    frame_exact : bool
        Every frame below the reported one (or, with none found, every frame up to
        :attr:`frame_limit`) was solved, so the figure is the smallest there is; else it is the
        smallest of the coarse scan and its refinement (see the module docstring).
    score_needed : float or None
        The total score (two decimals) it would have needed at this frame; None when no score
        on the scale would do (:attr:`held_out` says why).
    score_grant : int or None
        Its grant with that score.
    held_out : tuple of Reason
        What holds it out whatever its score: the not-candidate reason, the lock, or the rule
        facts of the solve with the top score. Empty when a score would do.
    frame_out : bool
        No frame can change its outcome (not a candidate for a fixed reason, below the
        threshold, or locked out).
    searched : bool
        False when it was beyond ``limit`` (no figures).
    unsolved : bool
        The solver failed on a model of its score search: no score figure (and no rule).
    status : str
        Its status in the fundable table (:data:`allocation.model.eligibility.STATUSES`), or
        ``"locked_out"`` for a must_not_fund lock.
    """

    application_id: str
    applicant: str
    score: float | None
    frame: int | None = None
    frame_grant: int | None = None
    frame_limit: int = 0
    frame_exact: bool = True
    score_needed: float | None = None
    score_grant: int | None = None
    held_out: tuple[Reason, ...] = ()
    frame_out: bool = False
    searched: bool = True
    status: str = "candidate"
    unsolved: bool = False

    @property
    def frame_note(self) -> str:
        """Why there is no frame, as a code: ``not_searched``, ``locked_out``,
        ``below_threshold``, ``not_candidate``, ``beyond`` (not within :attr:`frame_limit`);
        ``""`` when there is a frame."""
        if not self.searched:
            return "not_searched"
        if self.frame is not None:
            return ""
        if self.status in ("locked_out", "below_threshold"):
            return self.status
        return "beyond" if self.status == "candidate" else "not_candidate"

    def as_dict(self) -> dict[str, Any]:
        """The figures as plain values (reasons as their codes), e.g. for a letter's data."""
        return {
            "application_id": self.application_id,
            "applicant": self.applicant,
            "score": self.score,
            "frame": self.frame,
            "frame_grant": self.frame_grant,
            "frame_limit": self.frame_limit,
            "frame_exact": self.frame_exact,
            "score_needed": self.score_needed,
            "score_grant": self.score_grant,
            "held_out": [r.code for r in self.held_out],
            "frame_out": self.frame_out,
            "searched": self.searched,
            "status": self.status,
            "unsolved": self.unsolved,
        }


# -- changing one application's score ---------------------------------------------------------


def with_score(round: Round, application_id: str, score: float) -> Round:
    """The round with one application's total score set to ``score`` (all else equal).

    Its rows of the scores table are replaced by one row per criterion, every criterion at
    ``score / sum of effective weights``, so :func:`allocation.model.scoring.score_round` gives
    it the total ``score`` (to float precision) and every other application keeps its own.
    """
    weights = effective_weights(round.scheme)
    total = sum(w[4] for w in weights)
    value = float(score) / total if total > 0 else float(score)
    scores = round.scores
    keep = scores[scores["application_id"].astype(str) != str(application_id)]
    extra = pd.DataFrame(
        {
            "application_id": [str(application_id)] * len(weights),
            "assessor": ["whatif"] * len(weights),
            "criterion": [w[0] for w in weights],
            "score": [value] * len(weights),
            "source_row": [0] * len(weights),
        }
    )
    new = pd.concat([keep, extra.astype({"score": float})], ignore_index=True)
    return _replace_scores(round, new)


def _replace_scores(round: Round, scores: pd.DataFrame) -> Round:
    return replace(round, scores=scores)


# -- the solves --------------------------------------------------------------------------------


@dataclass
class _Solver:
    """Re-solves of one result, all else equal; counts the solves."""

    round: Round
    locks: Mapping[str, Lock]
    options: dict[str, Any]
    fundable: pd.DataFrame
    solves: int = 0
    seconds: float = 0.0
    frames: dict[int, dict[str, int]] = field(default_factory=dict)
    failed: set[int] = field(default_factory=set)  # frames the solver failed on

    def solve(
        self, round: Round, frame: int, locks: Mapping[str, Lock] | None = None
    ) -> AllocationResult:
        t = time.perf_counter()
        try:
            return allocate(round, budget=frame, locks=locks or self.locks, **self.options)
        finally:
            self.solves += 1
            self.seconds += time.perf_counter() - t

    def grants_at(self, frame: int) -> dict[str, int] | None:
        """application_id -> grant (> 0 only) at ``frame``, remembered; None when the solver
        failed there (HiGHS can stop with "Solve error" on one model out of hundreds): such a
        frame counts as not solved, so no figure claims it."""
        if frame in self.failed:
            return None
        if frame not in self.frames:
            try:
                self.frames[frame] = _grants(self.solve(self.round, frame))
            except RuntimeError:
                self.failed.add(frame)
                return None
        return self.frames[frame]


class Unsolved(RuntimeError):
    """A re-solve ended without a proven answer (status ``time_limit``): not "not funded"."""


def _grants(result: AllocationResult) -> dict[str, int]:
    """application_id -> grant (> 0 only); {} when the rules conflict (nobody can be funded).

    Raises
    ------
    Unsolved
        The solve was not proven (a time limit, or the solver stopped early).
    """
    if result.status == SolveStatus.TIME_LIMIT:
        raise Unsolved(str(result.summary.get("message", "")))
    if result.status != SolveStatus.OPTIMAL or result.allocation is None:
        return {}
    a = result.allocation
    funded = a[a["granted"] > 0]
    return dict(
        zip(funded["application_id"].astype(str), funded["granted"].astype(int), strict=True)
    )


# -- the frame ---------------------------------------------------------------------------------


def _frame_scan(
    solver: _Solver, frame: int, R: int, wanted: Iterable[str], coarse_points: int
) -> tuple[dict[str, tuple[int, int, bool]], bool, int]:
    """Per wanted id found: (smallest frame found, its grant there, every frame below solved);
    whether every frame was solved for those not found (c = 1); the last frame."""
    M = max(0, int(frame) // R)  # steps of R up to twice the frame
    last = int(frame) + M * R
    pending = set(wanted)
    found: dict[str, tuple[int, int, bool]] = {}
    if M == 0 or not pending:
        return found, True, last
    c = max(1, math.ceil(M / max(1, coarse_points)))
    coarse = list(range(c, M + 1, c))
    if coarse[-1] != M:
        coarse.append(M)
    previous = 0
    for m in coarse:
        hit = pending & set(solver.grants_at(frame + m * R) or {})
        for app_id in sorted(hit):
            at, grant = _refine(solver, frame, R, previous, m, app_id)
            below = range(frame + R, at, R)
            found[app_id] = (at, grant, all(f in solver.frames for f in below))
        pending -= hit
        if not pending:
            break
        previous = m
    return found, c == 1, last


def _refine(solver: _Solver, frame: int, R: int, lo: int, hi: int, app_id: str) -> tuple[int, int]:
    """The first step in (lo, hi] (funded at hi) at which ``app_id`` is funded, scanning up."""
    for m in range(lo + 1, hi + 1):
        grants = solver.grants_at(frame + m * R) or {}
        if app_id in grants:
            return frame + m * R, grants[app_id]
    raise AssertionError("funded at the coarse frame")  # pragma: no cover


# -- the score ---------------------------------------------------------------------------------


def _hundredths_up(value: float) -> int:
    """The smallest score on the grid (in hundredths) not below ``value`` (within float noise)."""
    return int(math.ceil(value * 100 - 1e-6))


def _hundredths_down(value: float) -> int:
    """The largest score on the grid (in hundredths) not above ``value`` (within float noise)."""
    return int(math.floor(value * 100 + 1e-6))


@dataclass
class _ScoreSearch:
    """The score search of one application at the run's frame (see the module docstring)."""

    solver: _Solver
    app_id: str
    score: float
    base_objective: float
    fundable: int
    results: dict[int, AllocationResult] = field(default_factory=dict)

    def plain(self, h: int) -> AllocationResult:
        """The allocation with its score at ``h`` hundredths (remembered)."""
        if h not in self.results:
            s = self.solver
            self.results[h] = s.solve(
                with_score(s.round, self.app_id, h / 100), s.round.scheme.frame
            )
        return self.results[h]

    def granted(self, h: int) -> int:
        return _grants(self.plain(h)).get(self.app_id, 0)

    def forced(self, value: float) -> tuple[float, float] | None:
        """(objective, its slope in the score) of the best allocation that funds it, or None."""
        s = self.solver
        locks = {**s.locks, self.app_id: Lock("must_fund")}
        round_ = with_score(s.round, self.app_id, value)
        result = s.solve(round_, s.round.scheme.frame, locks)
        g = _grants(result).get(self.app_id, 0)
        if result.status != SolveStatus.OPTIMAL or not g:
            return None
        slope = g / self.fundable if s.round.scheme.policy == "coverage" else float(g)
        return float(result.summary["objective"]), slope

    def held_out(self, top_h: int) -> tuple[Reason, ...]:
        """The reasons of the allocation with the top score (it is not funded there)."""
        why = explanations_by_id(self.plain(top_h)).get(self.app_id)
        ranking = ("passed.", "ahead.", "inversion.")  # what the ranking says, not a rule
        kept = [r for r in (why.reasons if why else ()) if r.code != "not_funded"]
        reasons = tuple(r for r in kept if not r.code.startswith(ranking))
        return reasons or (reason("out.other"),)

    def bisect(self, values: list[int]) -> int:
        """The first of ``values`` (ascending, the last funded) after the last one not funded."""
        lo, hi = -1, len(values) - 1
        while hi - lo > 1:
            mid = (lo + hi) // 2
            if self.granted(values[mid]):
                hi = mid
            else:
                lo = mid
        return values[hi]


def _score_search(
    solver: _Solver, app_id: str, score: float, search: _ScoreSearch
) -> tuple[float | None, int | None, tuple[Reason, ...]]:
    """(score needed, its grant, held-out reasons) at the run's frame."""
    scheme = solver.round.scheme
    top_h = _hundredths_down(float(scheme.scale[1]))
    first = _hundredths_down(score) + 1  # the first grid value above its own score
    if top_h < first:
        return None, None, search.held_out(top_h)
    if scheme.policy == "priority":
        h = _by_rank(solver, app_id, search, first, top_h)
    else:
        h = _by_objective(search, first, top_h)
    if h is None:
        return None, None, search.held_out(top_h)
    return h / 100, search.granted(h), ()


def _by_objective(search: _ScoreSearch, first: int, top_h: int) -> int | None:
    """``merit``/``coverage``: Newton's method on the best objective that funds it.

    With its score s, the best allocation that funds it is worth ``z(s)``, a maximum of lines
    in s (convex, increasing); the best one without it is the run's objective ``z0`` whatever
    s is. It is funded where ``z(s) > z0``. From the top, each step takes the root of the
    current line, never below the root of z, until two steps fall on the same grid value; the
    plain solves there and one step below decide (ties at exactly ``z0`` go by the tie-break),
    stepping up if needed, and bisecting below if the step below is funded too.
    """
    scheme = search.solver.round.scheme
    floor = max(
        search.score, float(scheme.threshold) if scheme.threshold is not None else -math.inf
    )
    value = top_h / 100
    line = search.forced(value)
    if line is None or line[0] < search.base_objective - 1e-9 * max(1.0, abs(line[0])):
        return None if not search.granted(top_h) else search.bisect(list(range(first, top_h + 1)))
    while True:
        objective, slope = line
        root = max(floor, value - (objective - search.base_objective) / slope)
        if _hundredths_up(root) >= _hundredths_up(value) or root >= value:
            break
        value = root
        nxt = search.forced(value)
        if nxt is None:  # not fundable at this score at all (below the threshold): stop here
            break
        line = nxt
    h = max(first, _hundredths_up(root))
    if h > first and search.granted(h - 1):
        # Stopping on one grid value does not bound the root from below: search below.
        return search.bisect(list(range(first, h)))
    for step in range(h, min(h + 3, top_h) + 1):  # a tie at z0 may need a step more
        if search.granted(step):
            return step
    return search.bisect(list(range(h, top_h + 1))) if search.granted(top_h) else None


def _by_rank(
    solver: _Solver, app_id: str, search: _ScoreSearch, first: int, top_h: int
) -> int | None:
    """``priority``: the grants depend on the ranking only, so only the scores where its rank
    changes (just above or level with another candidate's score, the threshold) are tried."""
    fundable = solver.fundable
    others = fundable[(fundable["candidate"]) & (fundable["application_id"] != app_id)]
    points = {top_h}
    threshold = solver.round.scheme.threshold
    if threshold is not None:
        points.add(_hundredths_up(float(threshold)))
    for other, value in zip(others["application_id"], others["score"], strict=True):
        h = _hundredths_up(float(value))
        level = abs(h / 100 - float(value)) <= SCORE_TOLERANCE
        points.add(h if level and app_id.strip() < str(other).strip() else h + (1 if level else 0))
    values = sorted(p for p in points if first <= p <= top_h)
    if not search.granted(top_h):
        return None
    return search.bisect(values)


# -- all applications --------------------------------------------------------------------------


def what_it_takes(
    result: AllocationResult,
    *,
    limit: int = DEFAULT_LIMIT,
    coarse_points: int = DEFAULT_COARSE_POINTS,
    solver: str = "highs",
    time_limit: float | None = None,
    extra_rules: Sequence[Rule] = (),
    cost: dict[str, float] | None = None,
) -> list[WhatItTakes]:
    """What it would take for every application of ``result`` without a grant.

    Parameters
    ----------
    result : AllocationResult
        An optimal result of :func:`allocation.orchestrator.allocate`; its round (with the run's
        budget and policy), locks and rules are kept, all else equal.
    limit : int
        Search only the first ``limit`` unfunded applications by rank (score descending, then
        id); the rest get ``searched=False``. Those no frame or score can help cost nothing and
        always get their reason.
    coarse_points : int
        The most coarse frames the frame scan solves (see the module docstring).
    solver, time_limit, extra_rules
        As given to :func:`~allocation.orchestrator.allocate` for the result.
    cost : dict, optional
        Filled with what it cost: ``solves``, their ``seconds``, ``frames`` solved.

    Returns
    -------
    list of WhatItTakes
        In input order; empty when the result is not optimal.
    """
    if result.status != SolveStatus.OPTIMAL or result.round is None or result.allocation is None:
        return []
    assert result.fundable is not None  # an optimal result has its table
    scheme = result.round.scheme
    options = {"solver": solver, "time_limit": time_limit, "extra_rules": extra_rules}
    s = _Solver(result.round, dict(result.locks), options, result.fundable)
    objective = float(result.summary.get("objective") or 0.0)
    fundable = dict(
        zip(result.fundable["application_id"].astype(str), result.fundable["fundable"], strict=True)
    )
    rows = _unfunded_rows(result)
    why = explanations_by_id(result)
    fixed = {a: _fixed_reasons(row, why.get(a), result.locks.get(a)) for a, row in rows.items()}
    ranked = sorted((a for a in rows if fixed[a] is None), key=lambda a: (-rows[a]["score"], a))
    searched = set(ranked[: max(0, int(limit))])
    wanted = [a for a in ranked if a in searched and rows[a]["status"] == "candidate"]
    R = int(scheme.rounding or 1)
    frames, exact, last = _frame_scan(s, int(scheme.frame), R, wanted, coarse_points)
    out = []
    for app_id, row in rows.items():
        score = None if math.isnan(row["score"]) else float(row["score"])
        held = fixed[app_id]
        locked = held is not None and held[0].code == "locked.out"
        status = "locked_out" if locked else str(row["status"])
        base = WhatItTakes(
            app_id, row["applicant"], score, frame_limit=last, frame_exact=exact, status=status
        )
        if held is not None:
            out.append(replace(base, held_out=held, frame_out=True))
        elif app_id not in searched:
            out.append(replace(base, searched=False))
        else:
            assert score is not None  # only scored applications are candidates or below threshold
            search = _ScoreSearch(s, app_id, score, objective, int(fundable[app_id]))
            unsolved = False
            try:
                needed, grant, reasons = _score_search(s, app_id, score, search)
            except RuntimeError:  # the solver failed on one of its models: no figure
                needed, grant, reasons, unsolved = None, None, (), True
            frame, frame_grant, frame_exact = frames.get(app_id, (None, None, exact))
            out.append(
                replace(
                    base,
                    frame=frame,
                    frame_grant=frame_grant,
                    frame_exact=frame_exact,
                    score_needed=needed,
                    score_grant=grant,
                    held_out=reasons,
                    frame_out=row["status"] != "candidate",
                    unsolved=unsolved,
                )
            )
    if cost is not None:
        cost.update(solves=s.solves, seconds=s.seconds, frames=len(s.frames))
    return out


def _unfunded_rows(result: AllocationResult) -> dict[str, dict[str, Any]]:
    """application_id -> {applicant, score, status} of the applications without a grant.

    A continued project or a transfer asks for no new money: it is not without a grant, so it
    has no "what it would take"."""
    assert result.allocation is not None and result.fundable is not None
    a = result.allocation
    status = dict(
        zip(result.fundable["application_id"].astype(str), result.fundable["status"], strict=True)
    )
    out = {}
    for app_id, applicant, score, granted in zip(
        a["application_id"].astype(str), a["applicant"], a["score"], a["granted"], strict=True
    ):
        if int(granted) > 0 or status[app_id] in _NO_NEW_MONEY:
            continue
        value = float(score) if score is not None and score == score else math.nan
        out[app_id] = {"applicant": str(applicant), "score": value, "status": status[app_id]}
    return out


def _fixed_reasons(
    row: Mapping[str, Any], why: Explanation | None, lock: Lock | None
) -> tuple[Reason, ...] | None:
    """The reasons no frame and no score can change (fixed status, locked out); else None."""
    if lock is not None and lock.action == "must_not_fund":
        return (reason("locked.out", reason=lock.reason or "–"),)
    if row["status"] in _FIXED_OUT:
        return tuple(why.reasons) if why is not None else ()
    return None
