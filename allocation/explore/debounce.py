"""Debouncing: a burst of changes gives one solve, when the changes stop.

Inside a Jupyter/Voilà kernel the call is scheduled on the kernel's asyncio loop
(``loop.call_later``); without a running loop a ``threading.Timer`` does the same.
"""

from __future__ import annotations

import asyncio
import math
import threading
import time
from collections.abc import Callable
from typing import Any


class Debouncer:
    """Call ``func`` once the changes stop: a burst of :meth:`trigger` calls gives one call.

    The first trigger after a quiet spell waits only ``lead`` seconds (so a single change,
    such as a typed budget, is answered at once, while changes sent together are still
    batched); a trigger that comes while a call is pending, or within ``delay`` seconds of
    the previous trigger, restarts the wait at ``delay`` seconds (so dragging a slider gives
    one solve when the hand stops, not one per step).

    Inside a Jupyter/Voilà kernel the call is scheduled on the running asyncio loop (it runs
    on the kernel's main thread, between widget messages); without a running loop a
    ``threading.Timer`` is used. ``delay <= 0`` calls at once.
    """

    def __init__(self, delay: float, func: Callable[[], object], lead: float = 0.01) -> None:
        self.delay = delay
        self.lead = min(lead, delay)
        self.func = func
        self._handle: Any = None
        self._lock = threading.Lock()
        self._last = -math.inf
        self.calls = 0

    def _fire(self) -> None:
        with self._lock:
            self._handle = None
        self.calls += 1
        self.func()

    def cancel(self) -> None:
        """Forget a pending call."""
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None

    @property
    def pending(self) -> bool:
        """Whether a call is waiting."""
        return self._handle is not None

    def trigger(self) -> None:
        """(Re)start the wait (see the class docstring)."""
        now = time.monotonic()
        busy = self.pending or now - self._last < self.delay
        self._last = now
        self.cancel()
        if self.delay <= 0:
            self._fire()
            return
        wait = self.delay if busy else self.lead
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        with self._lock:
            if loop is not None:
                self._handle = loop.call_later(wait, self._fire)
            else:
                timer = threading.Timer(wait, self._fire)
                timer.daemon = True
                self._handle = timer
                timer.start()
