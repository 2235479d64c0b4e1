"""The kernel manager of a run's notebooks, and which kernel failures are worth a second try.

With four kernels starting at once, TCP is fragile: jupyter_client picks each kernel's five
ports by binding and releasing them, and the kernel binds them a second later; in between, a
client's outgoing connection may take one as its own source port. The kernel then dies at
start ("died before replying"), or its client waits for a reply that never comes ("didn't
respond"). On Linux and macOS the kernels therefore talk over Unix sockets in a private
temporary folder (ZeroMQ's ``ipc`` transport: no ports at all). Windows has no such transport;
there a kernel that fails to start is simply started again (:data:`START_FAILURES`).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.manager import AsyncKernelManager

#: The messages of kernel failures that happen before any cell ran (so a retry is safe).
START_FAILURES = (
    "Kernel died before replying to kernel_info",
    "Kernel didn't respond in",
)
#: Seconds a kernel has to answer at start; a kernel on an ordinary PC answers in 1-3 s.
START_TIMEOUT = 30


def is_start_failure(exc: BaseException) -> bool:
    """Whether ``exc`` is a kernel that failed to start (no cell has run)."""
    return isinstance(exc, RuntimeError) and any(m in str(exc) for m in START_FAILURES)


def ipc_available() -> bool:
    """Whether the kernels can use Unix sockets (every POSIX system)."""
    return os.name == "posix"


class RunKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel, on POSIX, listens on Unix sockets in a folder of its own."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._ipc_dir: str | None = None
        if ipc_available():
            # A short path: a Unix socket's path has a limit of about 100 bytes.
            self._ipc_dir = tempfile.mkdtemp(prefix="alloc-")
            self.transport = "ipc"
            self.ip = os.path.join(self._ipc_dir, "k")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        await super()._async_cleanup_resources(restart=restart)
        if not restart and self._ipc_dir is not None:
            shutil.rmtree(self._ipc_dir, ignore_errors=True)
            self._ipc_dir = None

    # AsyncKernelManager binds ``cleanup_resources`` to the base class's function.
    cleanup_resources = _async_cleanup_resources
