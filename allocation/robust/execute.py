"""Where the samples run: serially, in a local process pool, or on a Dask cluster.

Sampling is kept apart from the executor: a :class:`Job` (the round, its rules and the
sampling parameters) and a list of :class:`Task` (kind, index) go in; the status and grants of
every task come out *in task order*, whichever executor ran them and in whatever order they
finished. Every worker keeps one :class:`~allocation.robust.warm.WarmRound` per job (made on
its first chunk, kept in a module-level slot), so a worker scores the round once and then only
draws and solves.

Executors
    ``serial`` (one sample or very few), ``pool`` (a local process pool with a process per core,
    started with ``forkserver``: HiGHS's thread pool and a notebook kernel's threads must
    never be forked), and
    ``dask`` (``scheduler="tcp://..."``: dask.distributed on an existing cluster; the job is
    sent to every worker once).

Progress and cancelling: ``progress(done, total)`` is called after each chunk; when ``cancel``
(a :class:`threading.Event`) is set, the chunks not yet started are dropped and
:class:`Cancelled` is raised.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from allocation.results import Lock, SolveStatus
from allocation.robust.samples import Sampler
from allocation.robust.warm import WarmRound
from allocation.round.data import Round
from allocation.solve.runs import prefer_single_thread

__all__ = ["Job", "Task", "Chunk", "Cancelled", "run_tasks", "executor_name", "default_workers"]

#: The status codes a chunk returns (a small int per task instead of a string).
STATUS_CODES = {SolveStatus.OPTIMAL: 0, SolveStatus.INFEASIBLE: 1, SolveStatus.TIME_LIMIT: 2}
CODE_STATUS = {v: k for k, v in STATUS_CODES.items()}
#: Chunks per worker: small enough for a live progress bar and a quick cancel, large enough
#: that sending a chunk costs little next to solving it.
CHUNKS_PER_WORKER = 8
MAX_CHUNK = 50

#: How often the Dask futures are looked at (seconds).
_POLL_SECONDS = 0.02

ProgressFn = Callable[[int, int], None]


class Cancelled(Exception):
    """The run was cancelled (``cancel`` was set) before every sample was solved."""


@dataclass(frozen=True)
class Task:
    """One sample: its kind (:data:`~allocation.robust.samples.WEIGHTS` or ``ASSESSORS``) and
    index."""

    kind: int
    index: int


@dataclass(frozen=True)
class Job:
    """Everything a worker needs to solve samples of one run (pickled once per worker)."""

    round: Round
    solver: str
    seed: int
    concentration: float
    leniency: bool
    locks: dict[str, Lock] = field(default_factory=dict)
    token: str = field(default_factory=lambda: uuid.uuid4().hex)


@dataclass
class Chunk:
    """The answers for a run of tasks: a status code and the grants (rows) per task."""

    status: np.ndarray  # int8 per task, see STATUS_CODES
    granted: np.ndarray  # int64, tasks x applications


class _Worker:
    """A job's warm round and sampler, made once per process."""

    def __init__(self, job: Job) -> None:
        self.warm = WarmRound(job.round, job.solver, job.locks)
        self.sampler = Sampler(job.round, self.warm.scoring, job.concentration, job.leniency)
        self.job = job

    def run(self, tasks: Sequence[Task]) -> Chunk:
        status = np.zeros(len(tasks), dtype=np.int8)
        granted = np.zeros((len(tasks), len(self.warm.ids)), dtype=np.int64)
        for row, task in enumerate(tasks):
            score = self.sampler.draw(self.job.seed, task.kind, task.index)
            outcome = self.warm.solve(score)
            status[row] = STATUS_CODES[outcome.status]
            granted[row] = outcome.granted
        return Chunk(status, granted)


_SLOT: dict[str, _Worker] = {}  # one warm job per process (the latest)
_SLOT_LOCK = threading.Lock()


def _worker_for(job: Job) -> _Worker:
    with _SLOT_LOCK:
        worker = _SLOT.get(job.token)
        if worker is None:
            _SLOT.clear()  # a process serves one run at a time: drop an earlier run's round
            worker = _SLOT[job.token] = _Worker(job)
        return worker


_SOLVE_LOCK = threading.Lock()


def run_chunk(job: Job, tasks: Sequence[Task]) -> Chunk:
    """Solve a chunk of tasks in this process (the function every executor calls).

    One chunk at a time per process: a Dask worker may run several tasks in threads, and
    separate HiGHS instances are safest not solving at the same time in one process (the
    cluster's parallelism is its processes).
    """
    prefer_single_thread()  # a fresh pool or Dask worker: one HiGHS thread, no spinning twin
    worker = _worker_for(job)
    with _SOLVE_LOCK:
        return worker.run(tasks)


def _chunks(tasks: Sequence[Task], workers: int) -> list[list[Task]]:
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / max(1, workers * CHUNKS_PER_WORKER))))
    return [list(tasks[i : i + size]) for i in range(0, len(tasks), size)]


def _assemble(chunks: Sequence[Chunk], n_apps: int) -> Chunk:
    if not chunks:
        return Chunk(np.zeros(0, dtype=np.int8), np.zeros((0, n_apps), dtype=np.int64))
    return Chunk(
        np.concatenate([c.status for c in chunks]),
        np.concatenate([c.granted for c in chunks], axis=0),
    )


def _notify(progress: ProgressFn | None, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


def _serial(job: Job, chunks: list[list[Task]], total: int, progress: Any, cancel: Any) -> list:
    out, done = [], 0
    for chunk in chunks:
        _check(cancel)
        out.append(run_chunk(job, chunk))
        done += len(chunk)
        _notify(progress, done, total)
    return out


def _collect(
    futures: dict[Any, int],
    wait_some: Callable[[Iterable[Any]], Iterable[Any]],
    sizes: list[int],
    progress: ProgressFn | None,
    cancel: threading.Event | None,
    drop: Callable[[], None],
) -> list[Chunk]:
    """Wait for every future, in completion order, reporting progress; answers in task order."""
    results: list[Chunk | None] = [None] * len(sizes)
    pending, done, total = set(futures), 0, sum(sizes)
    while pending:
        if cancel is not None and cancel.is_set():
            drop()
            raise Cancelled()
        for future in wait_some(pending):
            pending.discard(future)
            position = futures[future]
            results[position] = future.result()
            done += sizes[position]
            _notify(progress, done, total)
    return [r for r in results if r is not None]


def _pool_wait(pending: Iterable[Future]) -> Iterable[Future]:
    finished, _ = wait(list(pending), timeout=0.2, return_when=FIRST_COMPLETED)
    return finished


def _pool(job: Job, chunks: list[list[Task]], workers: int, progress: Any, cancel: Any) -> list:
    # Never fork: a process that has solved once holds HiGHS's thread pool, which a forked
    # child inherits broken (the workers spin). forkserver children start clean.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {pool.submit(run_chunk, job, chunk): i for i, chunk in enumerate(chunks)}

        def drop() -> None:
            for future in futures:
                future.cancel()

        return _collect(futures, _pool_wait, [len(c) for c in chunks], progress, cancel, drop)


def _dask(job: Job, chunks: list[list[Task]], address: str, progress: Any, cancel: Any) -> list:
    from distributed import Client

    with Client(address, set_as_default=False) as client:
        shared = client.scatter(job, broadcast=True)
        futures = {
            client.submit(run_chunk, shared, chunk, pure=False): i for i, chunk in enumerate(chunks)
        }

        def wait_some(pending: Iterable[Any]) -> Iterable[Any]:
            # polled: distributed.wait needs a default client, which this one is not
            finished = [f for f in pending if f.done()]
            if not finished:
                time.sleep(_POLL_SECONDS)
            return finished

        def drop() -> None:
            client.cancel(list(futures))

        return _collect(futures, wait_some, [len(c) for c in chunks], progress, cancel, drop)


def executor_name(scheduler: str | None, tasks: int, workers: int | None = None) -> str:
    """``dask`` with a scheduler address, else ``pool`` on several cores, else ``serial``."""
    if scheduler:
        return "dask"
    return "pool" if default_workers(workers) > 1 and tasks > 1 else "serial"


def default_workers(workers: int | None) -> int:
    """The number of worker processes: ``workers`` when given, else one per core."""
    return workers or os.cpu_count() or 1


def run_tasks(
    job: Job,
    tasks: Sequence[Task],
    *,
    executor: str = "serial",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: ProgressFn | None = None,
    cancel: threading.Event | None = None,
) -> Chunk:
    """Solve every task with the executor named; the answers in task order.

    Raises
    ------
    Cancelled
        ``cancel`` was set before the last chunk was done.
    """
    n_apps = len(job.round.applications)
    workers = default_workers(workers)
    chunks = _chunks(tasks, 1 if executor == "serial" else workers)
    total = len(tasks)
    _notify(progress, 0, total)
    if executor == "dask":
        if not scheduler:
            raise ValueError("the dask executor needs a scheduler address")
        answers = _dask(job, chunks, scheduler, progress, cancel)
    elif executor == "pool":
        answers = _pool(job, chunks, workers, progress, cancel)
    else:
        answers = _serial(job, chunks, total, progress, cancel)
    return _assemble(answers, n_apps)
