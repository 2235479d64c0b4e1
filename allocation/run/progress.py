"""The progress lines of ``allocation run`` (on stderr): which step runs, and how long it took."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from allocation import format as fmt
from allocation.wording import report as W


class Progress:
    """Prints which step runs (stderr), with its time; keeps every step's time in ``timings``.

    Parameters
    ----------
    total
        The number of steps (shown as ``[n/total]``).
    enabled
        Print the lines; when False only the timings are kept.
    stream
        Where the lines go (default ``sys.stderr``).
    """

    def __init__(self, total: int, enabled: bool = True, stream: TextIO | None = None):
        self.total, self.n, self.enabled = total, 0, enabled
        self.stream = stream or sys.stderr
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, key: str, label: str, *, details: bool = False) -> Iterator[None]:
        """One step; with ``details`` the step prints lines of its own before it ends."""
        self.n += 1
        if self.enabled:
            print(f"[{self.n}/{self.total}] {label} …", end="", file=self.stream, flush=True)
        t = time.perf_counter()
        ok = False
        try:
            yield
            ok = True
        finally:
            seconds = time.perf_counter() - t
            self.timings[key] = round(seconds, 3)
            if self.enabled:
                self._done(seconds, ok, details)

    def _done(self, seconds: float, ok: bool, details: bool) -> None:
        done = W.PROGRESS_ALL_DONE if details else W.PROGRESS_DONE
        word = done if ok else W.PROGRESS_FAILED
        lead = W.PROGRESS_INDENT if details else " "
        print(f"{lead}{word} ({fmt.seconds(seconds)})", file=self.stream, flush=True)
