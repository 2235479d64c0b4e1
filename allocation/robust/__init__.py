"""How robust each decision is, in kroner: the budget curve, weights and assessors sampled.

The public API (stable; the explorer's robustness button uses it):

- :func:`robustness` ``(round_, *, samples, seed=1, vary="both", concentration=200.0,
  policy=None, solver="highs", scheduler=None, progress=None, cancel=None, leniency=False,
  workers=None, executor=None) -> RobustnessResult``: ``progress(done, total)`` is called as
  samples finish, ``cancel`` is a :class:`threading.Event` (set it to stop: :class:`Cancelled`
  is raised); ``RobustnessResult.table`` is a DataFrame with robustness.csv's columns,
  ``RobustnessResult.zone()`` the funding-line zone, ``as_json()`` robustness.json.
- :func:`sweep` ``(round_, start, stop, step, *, policy=None, solver="highs", progress=None,
  cancel=None) -> SweepResult``: the grants at every frame (``long``, ``by_frame``,
  ``by_application``), :func:`default_frames` the run's default range, and
  :func:`sweep_chart` its PNG.
- :func:`robustness_files`, :func:`sweep_files` and :func:`write_files`: the files, all or none.

Modules: :mod:`~allocation.robust.warm` (one round kept warm per worker),
:mod:`~allocation.robust.samples` (the draws), :mod:`~allocation.robust.execute` (serial,
process pool, Dask), :mod:`~allocation.robust.stats` (the figures),
:mod:`~allocation.robust.analysis` (:func:`robustness`), :mod:`~allocation.robust.curve`
(:func:`sweep`), :mod:`~allocation.robust.chart`, :mod:`~allocation.robust.files`,
:mod:`~allocation.robust.for_run` (the innstilling's section in ``allocation run``).

Names are imported on first use (PEP 562, :mod:`allocation.lazy`), as in :mod:`allocation`:
``import allocation.robust`` stays light, and no submodule depends on this one.
"""

from __future__ import annotations

from allocation.lazy import exports

#: Public name -> the module that defines it.
_PUBLIC = {
    "robustness": "allocation.robust.analysis",
    "RobustnessResult": "allocation.robust.analysis",
    "sweep": "allocation.robust.curve",
    "SweepResult": "allocation.robust.curve",
    "default_frames": "allocation.robust.curve",
    "Cancelled": "allocation.robust.execute",
    "sweep_chart": "allocation.robust.chart",
    "robustness_files": "allocation.robust.files",
    "sweep_files": "allocation.robust.files",
    "write_files": "allocation.robust.files",
}

__all__ = sorted(_PUBLIC)

__getattr__, __dir__ = exports(__name__, _PUBLIC)
