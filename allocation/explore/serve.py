"""Serve the explorer as a web app with Voilà, on 127.0.0.1 only (``make explore``).

Usage::

    python -m allocation.explore.serve [ROUND] [--port PORT]

The round folder reaches the notebook (allocation/notebooks/explore.ipynb) through the environment
variable ``ALLOCATION_ROUND``, which the kernel inherits from the server; the notebook's
``round_folder`` parameter stays empty. Voilà shows no code cells (``strip_sources``) and no
tracebacks. The address is printed once the server accepts connections.

The page comes from the explorer's own Voilà template, ``alloc`` (package data under
allocation/explore/template, found through ``JUPYTER_PATH``): Voilà's lab template without its
CDN links (no request leaves the machine), ``lang="nb"``, a main landmark with a heading, names
for the slider handles, WCAG AA contrast for the tab titles and a layout for narrow screens.

It runs the same on Windows: there the server gets a process group of its own through
``CREATE_NEW_PROCESS_GROUP`` instead of a POSIX session, and is stopped with its kernels by
Ctrl+Break, or ``taskkill /T /F`` when it does not stop (no admin rights needed for one's own
processes); POSIX-only calls (``os.killpg``, ``signal.SIGHUP``) are made only off Windows, under
a ``sys.platform`` test that mypy understands.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from allocation.explore.where import ENV_REPORTS_DIR, ENV_ROUND, resolve_round
from allocation.paths import NOTEBOOKS_DIR
from allocation.wording import widgets as T

HOST = "127.0.0.1"
DEFAULT_PORT = 8866
NOTEBOOK = NOTEBOOKS_DIR / "explore.ipynb"
#: A Jupyter data folder holding the Voilà template "alloc" (voila/templates/alloc).
TEMPLATE_ROOT = Path(__file__).resolve().parent / "template"
#: Voilà's ``main``, started without ``rfc3987_syntax``: jsonschema (through jupyter_events)
#: imports it when it is installed, and it builds a parser at import, about 1 s of CPU, two
#: thirds of the server's start. It only adds checks of the "iri" string formats, which nothing
#: the server validates uses; blocked, jsonschema leaves them out (it catches the ImportError).
VOILA_MAIN = "import sys; sys.modules['rfc3987_syntax'] = None; from voila.app import main; main()"


def free_port(preferred: int | None = None) -> int:
    """``preferred`` when it is free on 127.0.0.1, else a port the system picks."""
    if preferred:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind((HOST, preferred))
                return preferred
            except OSError:
                pass
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def voila_command(port: int, notebook: Path = NOTEBOOK) -> list[str]:
    """The Voilà command line: bound to 127.0.0.1, no browser, no sources, no tracebacks.

    The page is drawn with the template ``alloc`` (see the module docstring), in bokmål.
    """
    return [
        sys.executable,
        "-c",
        VOILA_MAIN,
        str(notebook),
        "--no-browser",
        f"--Voila.ip={HOST}",
        f"--port={port}",
        "--strip_sources=True",
        "--show_tracebacks=False",
        "--template=alloc",
        "--VoilaExporter.language_code=nb",
    ]


def start(
    round_path: str | Path,
    port: int | None = None,
    *,
    env: dict[str, str] | None = None,
    **popen: Any,
) -> tuple[subprocess.Popen[Any], str]:
    """Start Voilà on the explorer notebook for a round; returns (process, address).

    The process is started in its own process group (so that it and its kernels can be
    stopped together, see :func:`stop`). The kernel runs in the notebook's folder, so the
    reports folder is passed as ``ALLOCATION_REPORTS_DIR``: ``reports/`` under the current
    folder (scenarios in ``reports/<round>/scenarios``, run folders in ``reports/<round>/``).
    """
    port = port or free_port(DEFAULT_PORT)
    environment = dict(os.environ if env is None else env)
    environment[ENV_ROUND] = str(Path(round_path).resolve())
    environment.setdefault(ENV_REPORTS_DIR, str(Path.cwd() / "reports"))
    # Voilà finds the "alloc" template in the Jupyter data folders: ours goes first.
    jupyter_path = [str(TEMPLATE_ROOT), environment.get("JUPYTER_PATH", "")]
    environment["JUPYTER_PATH"] = os.pathsep.join(p for p in jupyter_path if p)
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        voila_command(port),
        env=environment,
        **_own_group(),
        **popen,
    )
    return proc, f"http://{HOST}:{port}/"


def _own_group() -> dict[str, Any]:
    """Popen arguments that give the server a process group of its own."""
    # sys.platform (not os.name) so that mypy checks each branch on its own platform.
    if sys.platform == "win32":
        return {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP}
    return {"start_new_session": True}


def wait_until_ready(proc: subprocess.Popen[Any], port: int, timeout: float = 60.0) -> bool:
    """Wait until the server accepts connections (False when it died or timed out).

    Only a TCP connection is opened: a page request would start a kernel.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _signal_group(proc: subprocess.Popen[Any], *, force: bool) -> None:
    """Ask (``force``: make) the server and its kernels stop."""
    if sys.platform == "win32":
        try:
            if force:  # the whole tree, kernels included
                command = ["taskkill", "/T", "/F", "/PID", str(proc.pid)]
                subprocess.run(command, capture_output=True, timeout=30, check=False)  # noqa: S603
            else:  # Ctrl+Break to the server's group; its kernels follow their parent out
                proc.send_signal(signal.CTRL_BREAK_EVENT)
            return
        except (OSError, subprocess.SubprocessError):
            pass
    else:
        try:
            os.killpg(proc.pid, signal.SIGKILL if force else signal.SIGTERM)
            return
        except (ProcessLookupError, PermissionError):
            pass
    if proc.poll() is None:
        if force:
            proc.kill()
        else:
            proc.terminate()


def stop(proc: subprocess.Popen[Any], timeout: float = 10.0) -> None:
    """Stop the server started by :func:`start` (and its kernels)."""
    if proc.poll() is not None:
        return
    _signal_group(proc, force=False)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        _signal_group(proc, force=True)
        proc.wait(timeout=timeout)


def _stop_on_signals() -> None:
    """Turn termination (and, on POSIX, a hang-up) into KeyboardInterrupt, so the server is
    stopped with us: it runs in a group of its own and would not get the signal."""

    def interrupt(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    if sys.platform == "win32":  # Ctrl+Break, and closing the console window
        signal.signal(signal.SIGBREAK, interrupt)
    else:
        signal.signal(signal.SIGHUP, interrupt)


def _round_is_valid(round_path: Path) -> bool:
    """Read the round; print its problems (and say nothing starts) when it cannot be used."""
    from allocation.errors import DataValidationError
    from allocation.round.read import load_round

    try:
        load_round(round_path)
    except DataValidationError as exc:
        print(T.LOAD_FAILED.format(path=round_path), file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    """``python -m allocation.explore.serve [ROUND] [--port PORT]``; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m allocation.explore.serve",
        description="Start utforskeren som nettside (Voilà) på 127.0.0.1.",
    )
    parser.add_argument("round", nargs="?", default="", metavar="ROUND", help="søknadsrunden")
    parser.add_argument("--port", type=int, default=None, help=f"port (standard {DEFAULT_PORT})")
    args = parser.parse_args(argv)

    round_path = resolve_round(args.round or None)
    if not round_path.is_dir():
        print(T.SERVE_NOT_FOUND.format(path=round_path), file=sys.stderr)
        return 1
    port = free_port(args.port or DEFAULT_PORT)
    print(T.SERVE_STARTING.format(round=round_path), flush=True)

    _stop_on_signals()
    # Voilà first: it starts while this process checks the round (the two in parallel).
    proc, url = start(round_path, port)
    try:
        if not _round_is_valid(round_path):
            stop(proc)
            return 1
        if not wait_until_ready(proc, port):
            stop(proc)
            print(T.SERVE_FAILED, file=sys.stderr)
            return 1
        print(T.SERVE_READY.format(url=url), flush=True)
        return proc.wait()
    except KeyboardInterrupt:
        stop(proc)
        print(T.SERVE_STOPPED, flush=True)
        return 0


if __name__ == "__main__":
    sys.exit(main())
