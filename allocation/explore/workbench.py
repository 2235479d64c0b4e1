"""The explorer as a workbench: scenarios kept on disk, and the innstilling made from the app.

Two parts, neither with widgets:

* :class:`ScenarioShelf`: every saved scenario is a scenario file (the format of
  :mod:`allocation.run.scenario`, the one ``allocation run --scenario`` reads) in a
  ``scenarios/`` folder beside the round's reports (``reports/<round>/scenarios/``), written
  atomically when it is saved; a new explorer (after a reload or a restart) reads them back.
* :class:`InnstillingJob`: runs :func:`allocation.run.pipeline.run_round` for one scenario file
  in a background thread and reports its steps (``[n/4]``) as they start, so the explorer can
  show progress while the kernel keeps answering.
"""

from __future__ import annotations

import io
import json
import re
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from allocation.errors import AllocationError, DataValidationError
from allocation.explore.settings import Settings, from_scenario, to_scenario
from allocation.explore.store import file_stem, write_scenario_file
from allocation.round.data import Round
from allocation.run.config import RunConfig
from allocation.run.scenario import load_scenario
from allocation.wording import widgets as T

if TYPE_CHECKING:
    from allocation.run.pipeline import RunOutcome

__all__ = [
    "SCENARIOS_FOLDER",
    "InnstillingJob",
    "JobState",
    "ScenarioShelf",
    "reports_parent",
    "scenarios_folder",
]

#: The folder of saved scenarios inside ``reports/<round>/``.
SCENARIOS_FOLDER = "scenarios"
#: A progress line of :class:`allocation.run.progress.Progress`: ``[2/4] Fordeler …``.
_STEP_LINE = re.compile(r"\[(\d+)/(\d+)\]\s*([^…\n]*)")


def reports_parent(round_dir: Path, reports_dir: str | Path | None = None) -> Path:
    """``<reports_dir>/<round name>/`` (default ``reports/`` in the current folder), where
    ``allocation run`` puts the round's run folders (:func:`allocation.run.folder.runs_parent`,
    which this mirrors without creating anything)."""
    root = Path(reports_dir) if reports_dir is not None else Path("reports")
    return root.resolve() / round_dir.resolve().name


def scenarios_folder(round_dir: Path, reports_dir: str | Path | None = None) -> Path:
    """The round's ``scenarios/`` folder beside its run folders."""
    return reports_parent(round_dir, reports_dir) / SCENARIOS_FOLDER


# -- scenarios on disk -----------------------------------------------------------------------


class ScenarioShelf:
    """The saved scenarios of one round, one scenario file each in ``folder``.

    A lock without a written reason is saved with :data:`T.DEFAULT_LOCK_REASON` (a scenario
    file needs a reason) and read back as unwritten, so the innstilling still asks for it.
    """

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.paths: dict[str, Path] = {}  # scenario name -> its file

    def path_for(self, name: str) -> Path:
        """The file a scenario name is saved to (a name keeps its file; two names never share)."""
        if name in self.paths:
            return self.paths[name]
        taken = set(self.paths.values())
        stem = file_stem(name)
        path, n = self.folder / f"{stem}.toml", 2
        while path in taken:
            path, n = self.folder / f"{stem}-{n}.toml", n + 1
        return path

    def save(self, name: str, settings: Settings, base: Settings) -> Path:
        """Write a scenario's file now (atomically, normal file mode); returns its path.

        Raises
        ------
        ConfigError
            The scenario does not validate (nothing is written).
        OSError
            The folder cannot be written.
        """
        scenario = to_scenario(
            settings, base, name, T.SCENARIO_DESCRIPTION, default_reason=T.DEFAULT_LOCK_REASON
        )
        path = write_scenario_file(scenario, self.path_for(name))
        self.paths[name] = path
        return path

    def latest_run(self, name: str, parent: Path) -> Path | None:
        """The newest run folder under ``parent`` made from scenario ``name`` as it is saved now
        (its manifest names the scenario, its copy of the file is byte-equal, it is optimal),
        for a stable re-run against it (``--stable-from``); None when there is none."""
        path = self.paths.get(name)
        if path is None or not path.is_file() or not parent.is_dir():
            return None
        text = path.read_bytes()
        found = []
        for folder in parent.iterdir():
            manifest = folder / "manifest.json"
            if folder.name.startswith(".") or not manifest.is_file():
                continue  # a run being built is hidden; the scenarios folder has no manifest
            try:
                data = json.loads(manifest.read_text(encoding="utf-8"))
                entry = data.get("scenario") or {}
                same = (folder / str(entry.get("file", ""))).read_bytes() == text
            except (OSError, ValueError, AttributeError):
                continue
            if data.get("status") == "optimal" and entry.get("name") == name and same:
                found.append(folder)
        return max(found, key=lambda f: f.name, default=None)  # named by time: last is newest

    def delete(self, name: str) -> None:
        """Remove a scenario's file (when it has one)."""
        path = self.paths.pop(name, None)
        if path is not None:
            path.unlink(missing_ok=True)

    def load(self, round_: Round) -> tuple[list[tuple[str, Settings]], list[str]]:
        """The scenarios in the folder, oldest first, and a message per file that cannot be used.

        Files are read as ``allocation run --scenario`` reads them; a file that does not fit
        the round (an unknown application, other groups) is left on disk and named.
        """
        found: list[tuple[str, Settings]] = []
        problems: list[str] = []
        if not self.folder.is_dir():
            return found, problems
        files = sorted(self.folder.glob("*.toml"), key=lambda p: (p.stat().st_mtime, p.name))
        for path in files:
            try:
                scenario = load_scenario(path)
                settings = from_scenario(round_, scenario)
            except (AllocationError, OSError, ValueError) as exc:
                problems.append(T.SCENARIO_FILE_SKIPPED.format(file=path.name, error=exc))
                continue
            settings.locks = {
                app: (action, "" if reason == T.DEFAULT_LOCK_REASON else reason)
                for app, (action, reason) in settings.locks.items()
            }
            self.paths.pop(scenario.name, None)  # a later file of the same name wins
            self.paths[scenario.name] = path
            found = [(n, s) for n, s in found if n != scenario.name] + [(scenario.name, settings)]
        return found, problems


# -- the innstilling job -----------------------------------------------------------------------


@dataclass(frozen=True)
class JobState:
    """Where an innstilling job is: step ``step`` of ``total`` (0: not started), its label,
    and at the end the outcome or the Norwegian message of what went wrong."""

    step: int = 0
    total: int = 4  # allocation.run.pipeline.STEPS; the pipeline's lines say it again
    label: str = ""
    running: bool = False
    outcome: RunOutcome | None = None
    error: str | None = None
    log: tuple[str, ...] = field(default_factory=tuple)


class _StepStream(io.TextIOBase):
    """Stands in for stderr while a job runs: keeps the lines, reports each ``[n/N]`` step."""

    def __init__(self, on_step: Callable[[int, int, str], None]) -> None:
        self.on_step = on_step
        self.lines: list[str] = []

    def write(self, text: str) -> int:
        """Keep the text; a step line calls ``on_step``."""
        self.lines.append(text)
        for m in _STEP_LINE.finditer(text):
            self.on_step(int(m.group(1)), int(m.group(2)), m.group(3).strip())
        return len(text)


class InnstillingJob:
    """Makes the innstilling for a scenario file with the real pipeline, one job at a time.

    Parameters
    ----------
    on_update
        Called with the new :class:`JobState` on every step and at the end (from the job's
        thread: keep it to setting widget values).
    runner
        The pipeline (default :func:`allocation.run.pipeline.run_round`, imported when the
        first job starts: papermill is not needed to open the explorer).
    """

    def __init__(
        self,
        on_update: Callable[[JobState], None],
        runner: Callable[..., RunOutcome] | None = None,
    ) -> None:
        self.on_update = on_update
        self.runner = runner
        self.state = JobState()
        self.thread: threading.Thread | None = None
        self._lock = threading.Lock()

    @property
    def running(self) -> bool:
        """A job is under way."""
        return self.state.running

    def _set(self, **changes: Any) -> None:
        self.state = replace(self.state, **changes)
        self.on_update(self.state)

    def start(self, cfg: RunConfig, out_root: Path) -> threading.Thread | None:
        """Start :meth:`run` in a background thread (None when a job already runs)."""
        if not self._lock.acquire(blocking=False):
            return None
        self._set(step=0, label=T.JOB_STARTING, running=True, outcome=None, error=None, log=())
        self.thread = threading.Thread(target=self._run_locked, args=(cfg, out_root), daemon=True)
        self.thread.start()
        return self.thread

    def _run_locked(self, cfg: RunConfig, out_root: Path) -> None:
        try:
            self.run(cfg, out_root)
        finally:
            self._lock.release()

    def run(self, cfg: RunConfig, out_root: Path) -> JobState:
        """Run the pipeline now (in this thread) and return the final state.

        The pipeline's progress lines go to this job, not to the page: while it runs,
        ``sys.stderr`` is a stream that reads them (other output to stderr is kept in
        ``state.log``).
        """
        self._set(step=0, label=T.JOB_STARTING, running=True, outcome=None, error=None, log=())
        stream = _StepStream(lambda n, total, label: self._set(step=n, total=total, label=label))
        runner: Callable[..., RunOutcome]
        if self.runner is not None:
            runner = self.runner
        else:
            from allocation.run.pipeline import run_round

            runner = run_round
        saved, sys.stderr = sys.stderr, stream
        outcome: RunOutcome | None = None
        error: str | None = None
        try:
            outcome = runner(cfg, out_root=out_root, progress=True)
        except DataValidationError as exc:
            error = "\n".join(str(p) for p in exc.problems if p.severity == "error")
        except AllocationError as exc:
            error = str(exc)
        except Exception as exc:  # noqa: BLE001 - a background job must end with a message
            error = T.UNEXPECTED.format(error=f"{type(exc).__name__}: {exc}")
        finally:
            sys.stderr = saved
        self._set(running=False, outcome=outcome, error=error, log=tuple(stream.lines))
        return self.state
