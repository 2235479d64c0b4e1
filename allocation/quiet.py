"""Keep solver banners off the screen: HiGHS prints "Running HiGHS ..." from C++ on creation.

``highspy.Highs()`` writes its banner to the process's standard output (file descriptor 1)
before any option can be set, so ``output_flag = False`` comes too late for it. While a solver
object is created, descriptor 1 is pointed at the null device; Python's own ``sys.stdout`` is
flushed first and left alone. This works the same on Linux, macOS and Windows (``os.dup2``), and
in Jupyter, whose kernel forwards descriptor 1 into the notebook. Where there is no usable
descriptor 1 (a windowed Python), there is nothing to silence.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from typing import Any

_LOCK = threading.Lock()


@contextlib.contextmanager
def stdout_silenced() -> Iterator[None]:
    """Send what C code writes to descriptor 1 to the null device, for the ``with`` block."""
    with _LOCK:
        try:
            sys.stdout.flush()
        except (AttributeError, ValueError, OSError):
            pass
        try:
            saved = os.dup(1)
        except OSError:
            yield
            return
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, 1)
            yield
        finally:
            os.dup2(saved, 1)
            os.close(saved)
            os.close(devnull)


def new_highs() -> Any:
    """A ``highspy.Highs`` with its output switched off, created without its banner."""
    import highspy

    with stdout_silenced():
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
    return h
