"""The notebooks of a run, executed with papermill, each in a kernel of its own.

The notebooks do not depend on each other (each re-derives its step from the round and the
parameters, the solver being deterministic), so they run at the same time, in threads. While
they run, file descriptors 1 and 2 go to a temporary file (:func:`quiet_output`): papermill,
ipykernel and the kernels' native libraries write there what an adviser should not see
(``ALLOCATION_DEBUG=1`` shows it).
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import papermill as pm

from allocation import format as fmt
from allocation.paths import NOTEBOOKS_DIR
from allocation.run.compare import EarlierRun
from allocation.run.folder import SCENARIO_FILE, jsonable
from allocation.run.kernels import START_TIMEOUT, RunKernelManager, is_start_failure
from allocation.run.prepare import Prepared
from allocation.wording import report as W

NOTEBOOKS = ("01-validate", "02-score", "03-allocate", "04-innstilling")
#: The notebook that writes the documents; it runs only when the allocation is optimal.
INNSTILLING = "04-innstilling"
#: The files ``03-allocate`` writes, which must equal the pipeline's own.
RESULT_FILES = ("allocation.csv", "summary.json")
KERNEL_NAME = "python3"

#: Runs one notebook: (name, run folder, parameters).
Executor = Callable[[str, Path, dict[str, Any]], None]


def notebooks_for(status: str) -> list[str]:
    """The notebooks a run executes: all four when optimal, else without the innstilling."""
    return [n for n in NOTEBOOKS if status == "optimal" or n != INNSTILLING]


def notebook_parameters(prep: Prepared, earlier: EarlierRun | None, folder: Path) -> dict[str, Any]:
    """The papermill parameters of the run's notebooks; copies the scenario file into ``folder``
    (the notebooks read it from there)."""
    cfg = prep.config
    params: dict[str, Any] = {"round": str(prep.original.path.resolve()), "output": "."}
    if prep.scenario is not None and prep.scenario.path is not None:
        shutil.copyfile(prep.scenario.path, folder / SCENARIO_FILE)
        params["scenario"] = SCENARIO_FILE
    if earlier is not None:
        params["compare"] = str(earlier.path.resolve())
    params.update(jsonable(cfg.rule_parameters()))
    if cfg.groups is not None:
        params["groups"] = dict(cfg.groups)
    return params


#: Attempts at starting a notebook's kernel (see :mod:`allocation.run.kernels`): a kernel that
#: failed to start ran no cell, so the notebook is simply started again.
KERNEL_START_ATTEMPTS = 3


def execute_notebook(name: str, folder: Path, parameters: dict[str, Any]) -> None:
    """Execute ``notebooks/<name>.ipynb`` into ``folder/<name>.ipynb`` (the kernel runs there)."""
    for attempt in range(1, KERNEL_START_ATTEMPTS + 1):
        try:
            _execute_once(name, folder, parameters)
            return
        except RuntimeError as exc:
            if not is_start_failure(exc) or attempt == KERNEL_START_ATTEMPTS:
                raise


def _execute_once(name: str, folder: Path, parameters: dict[str, Any]) -> None:
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / f"{name}.ipynb"),
        str(folder / f"{name}.ipynb"),
        parameters=parameters,
        kernel_name=KERNEL_NAME,
        kernel_manager_class=RunKernelManager,
        start_timeout=START_TIMEOUT,
        # The kernel's working folder, set through nbclient's resources: papermill's own
        # ``cwd=`` changes the working folder of this whole process, which is not safe when
        # notebooks run in parallel threads.
        resources={"metadata": {"path": str(folder)}},
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
    )


@contextmanager
def quiet_output() -> Iterator[TextIO]:
    """Send file descriptors 1 and 2 (ours, so the kernels' too) to a temporary file while the
    notebooks run: papermill and ipykernel log warnings on stderr, and native libraries in
    the kernels print banners on stdout (HiGHS), that an adviser should not see. Yields a
    stream on the real stderr, for the lines the adviser should see."""
    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    sys.stdout.flush()
    sys.stderr.flush()
    saved = {fd: os.dup(fd) for fd in (1, 2)}
    visible = os.fdopen(os.dup(saved[2]), "w", encoding="utf-8", errors="replace")
    with tempfile.TemporaryFile() as log:
        for fd in saved:
            os.dup2(log.fileno(), fd)
        try:
            yield visible
        finally:
            visible.close()
            sys.stdout.flush()
            sys.stderr.flush()
            for fd, copy in saved.items():
                os.dup2(copy, fd)
                os.close(copy)
            logger.setLevel(level)
            if os.environ.get("ALLOCATION_DEBUG"):
                log.seek(0)
                sys.stderr.write(log.read().decode("utf-8", "replace"))


def run_notebooks(
    run_nb: Executor,
    names: list[str],
    folder: Path,
    params: dict[str, Any],
    *,
    parallel: bool,
    progress: bool = True,
) -> dict[str, float]:
    """Execute the notebooks (in parallel threads, one kernel each); returns their times.

    Each finished notebook is reported on a line of its own."""

    def one(name: str) -> float:
        t = time.perf_counter()
        run_nb(name, folder, params)
        return round(time.perf_counter() - t, 3)

    times: dict[str, float] = {}
    with quiet_output() as visible:
        if progress:
            print("", file=visible, flush=True)

        def done(name: str, seconds: float) -> None:
            times[name] = seconds
            if progress:
                line = W.PROGRESS_NOTEBOOK_DONE.format(name=name, s=fmt.decimal(seconds, 1))
                print(line, file=visible, flush=True)

        if parallel and len(names) > 1:
            with ThreadPoolExecutor(max_workers=len(names)) as pool:
                futures = {pool.submit(one, name): name for name in names}
                for future in as_completed(futures):
                    done(futures[future], future.result())
        else:
            for name in names:
                done(name, one(name))
    return {name: times[name] for name in names}


def result_bytes(folder: Path) -> dict[str, bytes]:
    """The bytes of :data:`RESULT_FILES` in ``folder`` (those that exist)."""
    return {f: (folder / f).read_bytes() for f in RESULT_FILES if (folder / f).is_file()}


def check_same_results(folder: Path, expected: Mapping[str, bytes]) -> None:
    """Raise RuntimeError unless ``03-allocate`` left the result files as the pipeline wrote."""
    for fname, content in expected.items():
        if (folder / fname).read_bytes() != content:
            raise RuntimeError(W.RUN_MISMATCH.format(file=fname))
