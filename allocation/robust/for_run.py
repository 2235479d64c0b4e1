"""The robustness section of ``allocation run -p robustness_samples N``: computed, written.

:func:`run_robustness` draws the samples (``vary="both"``, seed 1, the run's policy and
solver, a local process pool), solves the budget curve (the run's ``sweep_from``,
``sweep_to``, ``sweep_step``, else half to twice the scheme's frame), and writes
robustness.csv, robustness.json, sweep.csv, sweep_frames.csv, sweep_applications.csv and
sweep.png into the run folder (all or none). The innstilling's section is made from what it
returns (:func:`allocation.report.robustness_section.robustness_section`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from allocation.results import Lock
from allocation.robust.analysis import RobustnessResult, robustness
from allocation.robust.curve import SweepResult, default_frames, sweep
from allocation.robust.files import robustness_files, sweep_files, write_files
from allocation.round.data import Round

__all__ = ["RunRobustness", "run_robustness"]

#: The seed of the run's samples (a run is reproducible; the command line can choose another).
RUN_SEED = 1


@dataclass
class RunRobustness:
    """The robustness figures and the budget curve of a run."""

    robustness: RobustnessResult
    sweep: SweepResult


def run_robustness(
    round_: Round,
    samples: int,
    frames: tuple[int | None, int | None, int | None] = (None, None, None),
    *,
    solver: str = "highs",
    out_dir: Path | None = None,
    locks: Mapping[str, Lock] | None = None,
) -> RunRobustness | None:
    """The robustness of a run's round (rules applied); None when ``samples`` is 0.

    ``frames`` are ``(sweep_from, sweep_to, sweep_step)``; a None takes the default's value.
    With ``out_dir`` the six files are written there. The run's ``locks`` hold in every
    sample and at every frame.
    """
    if samples <= 0:
        return None
    defaults = default_frames(round_.scheme)
    start, stop, step = (d if v is None else int(v) for v, d in zip(frames, defaults, strict=True))
    result = robustness(round_, samples=samples, seed=RUN_SEED, solver=solver, locks=locks)
    curve = sweep(round_, start, stop, step, solver=solver, locks=locks)
    if out_dir is not None:
        write_files(Path(out_dir), [*robustness_files(result), *sweep_files(curve)])
    return RunRobustness(result, curve)
