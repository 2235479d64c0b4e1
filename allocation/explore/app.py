"""The interactive scenario explorer: change the rules, see the allocation at once.

An :class:`Explorer` wraps one loaded round in ipywidgets controls (budget, rules, spread
rules, group weights, and a three-way lock per application for the adviser's discretion)
and re-solves on every change, debounced so that dragging a slider does not queue a solve
per step. Settings can be saved as named scenarios (each saved at once as a scenario file in
``reports/<round>/scenarios/``, read back by the next explorer of the round), compared side by
side and loaded back; "Lag innstilling" runs the pipeline
(:func:`allocation.run.pipeline.run_round`) for the settings shown, in a background thread,
and offers the run folder's documents as
downloads. The explorer never writes documents itself: the pipeline does.

The parts, each in its own module of :mod:`allocation.explore`:

* :mod:`~allocation.explore.settings`: what the controls set (:class:`Settings`), as scenario
  parameters, and solving them exactly as the pipeline solves a scenario file;
* :mod:`~allocation.explore.controls`: the widgets, and reading them into settings;
* :mod:`~allocation.explore.render`: the HTML and SVG shown (pure functions of results);
* :mod:`~allocation.explore.store`: saved scenarios and scenario files;
* :mod:`~allocation.explore.workbench`: scenarios on disk, and the innstilling job;
* :mod:`~allocation.explore.numbers`: number fields in Norwegian formats;
* :mod:`~allocation.explore.debounce`: one solve per burst of changes;
* this module: the :class:`Explorer` that wires them together, and :func:`explore`.

The logic is testable without a browser: set widget values, call :meth:`Explorer.refresh`
(synchronous), read :attr:`Explorer.result`.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import ipywidgets as w

from allocation import format as fmt
from allocation.errors import AllocationError, DataValidationError
from allocation.explore.controls import Controls, rebalance, slider_step
from allocation.explore.debounce import Debouncer
from allocation.explore.render import (
    esc,
    message,
    note,
    render_charts,
    render_comparison,
    render_error,
    render_export_message,
    render_job,
    render_load_failure,
    render_result_message,
    render_status,
    render_table,
    render_totals,
    render_what_note,
    short_reasons,
    what_it_takes_text,
)
from allocation.explore.robustness import RobustnessPanel
from allocation.explore.settings import (
    LOCK_AUTO,
    OPTIONAL_RULES,
    SPREAD_RULES,
    Settings,
    from_scenario,
    settings_from_round,
    solve_settings,
    to_scenario,
)
from allocation.explore.store import (
    SavedScenario,
    default_export_path,
    export_scenario_file,
    read_scenario_file,
    saved_scenario,
    totals_of,
)
from allocation.explore.where import (
    ENV_REPORTS_DIR,
    ENV_ROUND,
    ENV_SCENARIO_DIR,
    resolve_round,
)
from allocation.explore.workbench import (
    InnstillingJob,
    JobState,
    ScenarioShelf,
    reports_parent,
    scenarios_folder,
)
from allocation.orchestrator import allocate
from allocation.results import AllocationResult, Lock
from allocation.round.data import Round
from allocation.run.config import RunConfig
from allocation.run.scenario import apply_scenario
from allocation.solve.stable import EarlierGrants
from allocation.whatif import DEFAULT_LIMIT, WhatItTakes, what_it_takes
from allocation.wording import report as WR
from allocation.wording import widgets as T

__all__ = [
    "DEFAULT_DELAY",
    "ENV_REPORTS_DIR",
    "ENV_ROUND",
    "ENV_SCENARIO_DIR",
    "LOCK_AUTO",
    "OPTIONAL_RULES",
    "SPREAD_RULES",
    "Debouncer",
    "Explorer",
    "SavedScenario",
    "Settings",
    "explore",
    "from_scenario",
    "rebalance",
    "resolve_round",
    "settings_from_round",
    "slider_step",
    "solve_settings",
    "to_scenario",
    "totals_of",
]

DEFAULT_DELAY = 0.15


class Explorer:
    """The interactive explorer of one round.

    Parameters
    ----------
    round_
        A loaded round (:func:`allocation.round.read.load_round`).
    delay
        Debounce delay in seconds: a solve starts this long after the last change.
    auto
        Re-solve automatically on changes (False: only :meth:`refresh` solves; for tests).
    export_dir
        The scenarios folder: saved and exported scenario files (default
        ``$ALLOCATION_SCENARIO_DIR``, else ``<reports_dir>/<round>/scenarios``). The scenarios
        in it are read back when the explorer opens.
    keep
        Keep the saved scenarios on disk in the scenarios folder and read them back on
        opening. Default: when a folder was chosen (``export_dir`` or
        ``$ALLOCATION_SCENARIO_DIR``); :func:`explore`, which the app calls, keeps them always.
        A script's explorer otherwise keeps them in memory (it writes no file unasked).
    reports_dir
        Where "Lag innstilling" puts its run folders (``<reports_dir>/<round>/<run id>/``,
        as ``allocation run``); default ``$ALLOCATION_REPORTS_DIR``, else ``reports/`` in the
        current folder.
    solver
        The solver passed to :func:`allocation.orchestrator.allocate`.

    Attributes
    ----------
    controls
        The widgets (:class:`~allocation.explore.controls.Controls`); each of them is also an
        attribute of the explorer itself (``ex.budget``, ``ex.lock_action[app]``,
        ``ex.table_html``, ...), which is how scripts and tests set them.
    result
        The last :class:`~allocation.results.AllocationResult` (None before the first solve or
        when the settings could not be used).
    error
        The Norwegian message shown when the settings could not be used (else None).
    last_update_seconds
        Wall time of the last :meth:`refresh` (settings, solve and rendering).
    scenarios
        Saved scenarios by name.
    """

    def __init__(
        self,
        round_: Round,
        *,
        delay: float = DEFAULT_DELAY,
        auto: bool = True,
        export_dir: str | Path | None = None,
        reports_dir: str | Path | None = None,
        keep: bool | None = None,
        solver: str = "highs",
    ) -> None:
        self.round = round_
        self.n = len(round_.applications)
        self.base = settings_from_round(round_)
        self.solver = solver
        self.auto = auto
        reports_dir = reports_dir or os.environ.get(ENV_REPORTS_DIR) or None
        self.keep = (
            keep if keep is not None else bool(export_dir or os.environ.get(ENV_SCENARIO_DIR))
        )
        if export_dir is None:
            export_dir = os.environ.get(ENV_SCENARIO_DIR) or scenarios_folder(
                round_.path, reports_dir
            )
        self.export_dir = Path(export_dir)
        # resolved now: the run folders go beside the scenarios even if the folder changes later
        self.reports_dir = Path(reports_dir if reports_dir is not None else "reports").resolve()
        self.shelf = ScenarioShelf(self.export_dir)
        self.result: AllocationResult | None = None
        self.error: str | None = None
        self.last_update_seconds: float | None = None
        self.solves = 0
        self.scenarios: dict[str, SavedScenario] = {}
        self.last_saved: str | None = None  # what the "stable" checkbox keeps to
        self.last_export: Path | None = None
        self.debouncer = Debouncer(delay, self._auto_refresh)
        self.controls = Controls(round_, self.base, self.schedule)
        # "Hva skal til?": computed on request only (seconds, not one solve), for this result.
        self.what_records: list[WhatItTakes] | None = None
        # The short reasons of the result shown (application_id -> text), made once per result.
        self.short: dict[str, str] = {}
        self.job = InnstillingJob(self._on_job_update)
        self.job_name: str | None = None  # the scenario the running or last job was made for
        self.job_plain_while_stable = False  # stable ticked, but no earlier run to keep to
        self.widget = self.controls.widget
        c = self.controls
        self.robustness = RobustnessPanel(self._robustness_input)
        c.robustness_slot.children = (self.robustness.widget,)
        c.what_button.on_click(lambda _b: self.what_it_takes())
        c.save_button.on_click(lambda _b: self._on_save())
        c.load_button.on_click(lambda _b: self._on_load())
        c.export_button.on_click(lambda _b: self._on_export())
        c.delete_button.on_click(lambda _b: self._on_delete())
        c.innstilling_button.on_click(lambda _b: self._on_innstilling())
        self.refresh()
        self._load_saved_scenarios()

    def __getattr__(self, name: str) -> Any:
        # Only called for names the explorer lacks: the widgets live on its controls.
        controls = self.__dict__.get("controls")
        if controls is None or name.startswith("__"):
            raise AttributeError(name)
        return getattr(controls, name)

    @classmethod
    def open(cls, path: str | Path, **kwargs: Any) -> Explorer:
        """Load and validate a round folder, then build its explorer.

        Raises
        ------
        DataValidationError
            The round has errors.
        """
        from allocation.round.read import load_round

        return cls(load_round(path), **kwargs)

    # -- settings ------------------------------------------------------------------------------

    def settings(self) -> Settings:
        """The settings the controls show now."""
        return self.controls.read()

    def set_settings(self, settings: Settings, *, solve: bool = True) -> None:
        """Show some settings in the controls (one solve afterwards, not one per control)."""
        self.controls.show(settings)
        if solve:
            self.debouncer.cancel()
            self.refresh()

    def schedule(self) -> None:
        """Re-solve after the debounce delay (or not at all when ``auto`` is off)."""
        if self.auto:
            self.controls.status_html.value = esc(T.STATUS_WORKING)
            self.debouncer.trigger()

    def _auto_refresh(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # noqa: BLE001 - a kernel callback must never raise at the user
            self._show_error(T.UNEXPECTED.format(error=f"{type(exc).__name__}: {exc}"))

    # -- solving and display -------------------------------------------------------------------

    def refresh(self) -> AllocationResult | None:
        """Solve under the current settings and update every output (synchronously).

        Returns
        -------
        allocation.results.AllocationResult or None
            None when the settings cannot be used (the message says why).
        """
        start = time.perf_counter()
        settings = self.settings()
        self.solves += 1
        try:
            result = self._solve(settings)
        except DataValidationError as exc:
            self._show_error("<br>".join(esc(p) for p in exc.problems), escaped=True)
            return None
        except AllocationError as exc:
            self._show_error(str(exc))
            return None
        self.result = result
        self.error = None
        self._show_result(result, settings)
        self.last_update_seconds = time.perf_counter() - start
        self.controls.status_html.value = render_status(self.last_update_seconds)
        return result

    def stable_source(self) -> EarlierGrants | None:
        """The last saved scenario's grants, when the "stable" checkbox is ticked (else None)."""
        if not self.controls.stable.value:
            return None
        name = self._stable_name()
        saved = self.scenarios.get(name) if name is not None else None
        if saved is None or saved.grants is None:
            return None
        s = self.round.scheme
        return EarlierGrants(name or "", saved.totals["budget"], saved.grants, s.name, s.year)

    def _stable_name(self) -> str | None:
        """The scenario a stable re-run keeps to: the last saved (else the newest) one."""
        name = self.last_saved if self.last_saved in self.scenarios else None
        return name or next(reversed(self.scenarios), None)

    def _solve_plain(self, settings: Settings) -> AllocationResult:
        return solve_settings(self.round, settings, base=self.base, solver=self.solver)

    def _solve(self, settings: Settings) -> AllocationResult:
        """:func:`solve_settings`, or the stable re-run against :meth:`stable_source`."""
        earlier = self.stable_source()
        if earlier is None:
            return self._solve_plain(settings)
        scenario = to_scenario(
            settings, self.base, "explorer", default_reason=T.DEFAULT_LOCK_REASON
        )
        new_round, locks = apply_scenario(self.round, scenario)
        return allocate(new_round, locks=locks or None, solver=self.solver, stable_from=earlier)

    def _stable_message(self, result: AllocationResult) -> str:
        """One line on the stable re-run (or why there is none) when the box is ticked."""
        if not self.controls.stable.value:
            return ""
        st = result.summary.get("stability")
        if st is None:
            return message("warn", WR.STB_EXPLORE_NONE) if result.allocation is not None else ""
        text = WR.STB_EXPLORE_RESULT.format(
            label=st["from"],
            changed=fmt.count(st["changed"], *WR.APPLICATIONS),
            plain=fmt.integer(st["plain_changed"]),
            pct=fmt.percent(float(st["objective_price_pct"]) / 100.0, 2),
            released=fmt.integer(len(st["bounds_released"])),
        )
        return message("ok", text)

    def _show_outputs(self, shown: bool) -> None:
        display = None if shown else "none"
        self.controls.table_html.layout.display = display
        self.controls.charts_html.layout.display = display
        self.controls.table_tools.layout.display = display

    def _show_error(self, text: str, *, escaped: bool = False) -> None:
        self.result = None
        self.short = {}
        self.error = text
        c = self.controls
        c.message_html.value = render_error(text, escaped=escaped)
        self._show_outputs(False)
        c.totals_html.value = ""
        c.status_html.value = ""

    def _show_result(self, result: AllocationResult, settings: Settings) -> None:
        c = self.controls
        c.message_html.value = render_result_message(result) + self._stable_message(result)
        self.short = {}
        if result.allocation is not None:
            # the scheme solved (a scenario may change the threshold the chart marks)
            solved = result.round if result.round is not None else self.round
            self.short = short_reasons(result.explanations)
            c.table_html.value = render_table(result.allocation, settings.locks, short=self.short)
            c.charts_html.value = render_charts(result.allocation, solved.scheme)
        self._show_outputs(result.allocation is not None)
        self.what_records = None  # the figures belonged to the previous result
        c.what_html.value = ""
        self.robustness.clear()
        # The totals go last: once they show, the table and charts of the same solve are
        # already sent (the browser applies widget messages in order).
        c.totals_html.value = render_totals(result)

    def what_it_takes(self, limit: int = DEFAULT_LIMIT) -> list[WhatItTakes]:
        """What it would take for each application without a grant under the current result
        (:func:`allocation.whatif.what_it_takes`), shown in the table's "Hva skal til" column
        on the application's row (a note above the table says how it was found)."""
        c = self.controls
        if self.result is None or self.result.allocation is None:
            c.what_html.value = ""
            return []
        c.what_html.value = note(WR.WHAT_WORKING, "p")
        start = time.perf_counter()
        cost: dict[str, float] = {}
        records = what_it_takes(self.result, limit=limit, solver=self.solver, cost=cost)
        seconds = time.perf_counter() - start
        solves = int(cost.get("solves", 0))
        self.what_records = records
        what = {r.application_id: what_it_takes_text(r, limit) for r in records}
        locks = self.settings().locks
        c.table_html.value = render_table(self.result.allocation, locks, what, self.short)
        c.what_html.value = render_what_note(records, limit, seconds, solves)
        return records

    def _robustness_input(self) -> tuple[Round, dict[str, Lock]] | None:
        """The round under the settings on screen and their locks, for "Hvor robust?" (None
        without an allocation to test)."""
        if self.result is None or self.result.allocation is None:
            return None
        scenario = to_scenario(
            self.settings(), self.base, "explorer", default_reason=T.DEFAULT_LOCK_REASON
        )
        new_round, locks = apply_scenario(self.round, scenario)
        return new_round, dict(locks or {})

    # -- scenarios -----------------------------------------------------------------------------

    def save_scenario(self, name: str) -> SavedScenario:
        """Save the current settings (and what they give) under a name."""
        name = name.strip()
        if not name:
            raise ValueError(T.SCENARIO_NEED_NAME)
        settings = self.settings()
        result = self.result if self.result is not None else self.refresh()
        saved = saved_scenario(name, settings, result)
        if self.keep:  # on disk first: a reload must not lose it
            self.shelf.save(name, settings, self.base)
        self.scenarios.pop(name, None)  # re-saved: it becomes the latest
        self.scenarios[name] = saved
        self.last_saved = name
        self._update_scenario_views(select=name)
        return saved

    def _load_saved_scenarios(self) -> None:
        """Read the scenarios folder back (after a reload or a restart), solving each once for
        the comparison; the newest is the one the "stable" checkbox keeps to."""
        if not self.keep:
            return
        found, problems = self.shelf.load(self.round)
        for name, settings in found:
            try:
                result = self._solve_plain(settings)
            except AllocationError:
                result = None
            self.scenarios[name] = saved_scenario(name, settings, result)
        if found:
            self.last_saved = found[-1][0]
            self._update_scenario_views(select=self.last_saved)
        if problems:
            self.controls.scenario_message.value = message("warn", " ".join(problems))

    def load_scenario(self, name: str) -> AllocationResult | None:
        """Bring back a saved scenario's settings and solve."""
        self.set_settings(self.scenarios[name].settings)
        return self.result

    def delete_scenario(self, name: str) -> None:
        """Forget a saved scenario and remove its file."""
        self.scenarios.pop(name, None)
        self.shelf.delete(name)
        if self.last_saved == name:
            self.last_saved = next(reversed(self.scenarios), None)
        self._update_scenario_views()

    def load_scenario_file(self, path: str | Path) -> AllocationResult | None:
        """Show the settings of a scenario file (as ``allocation run --scenario`` reads it)."""
        name, settings = read_scenario_file(self.round, path)
        self.set_settings(settings)
        self.controls.scenario_name.value = name
        return self.result

    def missing_reasons(self, settings: Settings | None = None) -> list[str]:
        """Locked applications without a written reason."""
        return (settings or self.settings()).missing_reasons()

    def export_scenario(self, name: str, path: str | Path | None = None) -> Path:
        """Write a saved scenario (or, when ``name`` is not saved, the current settings) as a
        scenario file for ``allocation run ROUND --scenario FILE``.

        Raises
        ------
        ConfigError
            A lock has no reason, or the scenario does not validate.
        """
        settings = self.scenarios[name].settings if name in self.scenarios else self.settings()
        target = default_export_path(self.export_dir, name) if path is None else Path(path)
        self.last_export = export_scenario_file(settings, self.base, name, target)
        return self.last_export

    def _on_save(self) -> None:
        c = self.controls
        name = c.scenario_name.value.strip()
        if not name:
            c.scenario_message.value = message("warn", T.SCENARIO_NEED_NAME)
            return
        try:
            self.save_scenario(name)
        except (AllocationError, OSError) as exc:
            c.scenario_message.value = message("bad", T.SCENARIO_SAVE_FAILED.format(error=exc))
            return
        path = self.shelf.paths.get(name) if self.keep else None
        text = T.SCENARIO_SAVED_TO.format(name=name, file=path.name) if path else None
        c.scenario_message.value = message("ok", text or T.SCENARIO_SAVED.format(name=name))

    def _on_load(self) -> None:
        c = self.controls
        name = c.scenario_pick.value
        if name in self.scenarios:
            self.load_scenario(name)
            c.scenario_name.value = name  # saving again (or "Lag innstilling") keeps its name
            c.scenario_message.value = message("ok", T.SCENARIO_LOADED.format(name=name))

    def _on_delete(self) -> None:
        c = self.controls
        if c.scenario_pick.value in self.scenarios:
            self.delete_scenario(c.scenario_pick.value)
            c.scenario_message.value = ""

    def _on_export(self) -> None:
        c = self.controls
        name = c.scenario_pick.value or c.scenario_name.value.strip()
        if not name:
            c.scenario_message.value = message("warn", T.SCENARIO_NEED_NAME)
            return
        try:
            path = self.export_scenario(name)
        except AllocationError as exc:
            c.scenario_message.value = message("bad", str(exc))
            return
        except OSError as exc:
            c.scenario_message.value = message("bad", T.SCENARIO_EXPORT_FAILED.format(error=exc))
            return
        c.scenario_message.value = render_export_message(path, self.round.path)

    # -- the innstilling -----------------------------------------------------------------------

    def innstilling_name(self) -> str:
        """The scenario name "Lag innstilling" saves the settings under (the name field's, else
        a default name)."""
        return self.controls.scenario_name.value.strip() or T.INNSTILLING_DEFAULT_NAME

    def make_innstilling(self, name: str | None = None, *, wait: bool = False) -> JobState:
        """Save the settings shown as a scenario and make its innstilling with the pipeline.

        The scenario file (in the scenarios folder) goes to
        :func:`allocation.run.pipeline.run_round` exactly as ``allocation run ROUND --scenario
        FILE`` would take it; the run folder goes under :attr:`reports_dir`. The job runs in a
        background thread (``wait``: in this one, for scripts and tests) and its progress and
        documents show below the button.

        Returns
        -------
        JobState
            The job's state (final with ``wait``; nothing started when a lock has no reason,
            the scenario cannot be saved or a job already runs: the message says so).
        """
        c = self.controls
        if self.job.running:
            c.job_html.value = message("warn", T.JOB_BUSY)
            return self.job.state
        missing = self.settings().missing_reasons()
        if missing:
            ids = ", ".join(missing)
            c.job_html.value = message("warn", T.INNSTILLING_NEED_REASONS.format(ids=ids))
            return self.job.state
        name = (name or self.innstilling_name()).strip()
        # stable: against the innstilling made from the last saved scenario (before this save)
        source = self._stable_name() if c.stable.value else None
        parent = reports_parent(self.round.path, self.reports_dir)
        stable_from = self.shelf.latest_run(source, parent) if source else None
        self.job_plain_while_stable = bool(c.stable.value) and stable_from is None
        try:
            self.save_scenario(name)
        except (AllocationError, OSError) as exc:
            c.job_html.value = message("bad", T.SCENARIO_SAVE_FAILED.format(error=exc))
            return self.job.state
        # the pipeline reads a scenario file (written now if the scenarios are not kept)
        path = self.shelf.paths.get(name) if self.keep else None
        try:
            path = path or self.shelf.save(name, self.settings(), self.base)
        except (AllocationError, OSError) as exc:
            c.job_html.value = message("bad", T.SCENARIO_SAVE_FAILED.format(error=exc))
            return self.job.state
        values: dict[str, Any] = {
            "round": str(self.round.path.resolve()),
            "scenario": str(path.resolve()),
        }
        if self.solver != "highs":  # as the command line: the default solver is not named
            values["solver"] = self.solver
        if stable_from is not None:
            values["stable_from"] = str(stable_from)
        cfg = RunConfig.from_mapping(values)
        self.job_name = name
        if wait:
            return self.job.run(cfg, self.reports_dir)
        self.job.start(cfg, self.reports_dir)
        return self.job.state

    def _on_innstilling(self) -> None:
        self.make_innstilling()

    def _on_job_update(self, state: JobState) -> None:
        """Show a job's progress and, at the end, its documents (called from the job's thread)."""
        c = self.controls
        c.innstilling_button.disabled = state.running
        c.job_progress.max = max(state.total, 1)
        c.job_progress.value = min(state.step, state.total)
        c.job_progress.layout.display = None if state.running else "none"
        stable = self.job_plain_while_stable and not state.running
        c.job_html.value = render_job(state, self.job_name or "", stable_note=stable)

    def _update_scenario_views(self, select: str | None = None) -> None:
        c = self.controls
        names = list(self.scenarios)
        c.scenario_pick.options = names
        if select in names:
            c.scenario_pick.value = select
        c.compare_html.value = render_comparison(
            list(self.scenarios.values()), self.round, self.base
        )

    # -- display -------------------------------------------------------------------------------

    def show(self) -> w.Widget:
        """The explorer's widget (display it, or let it be a cell's last value)."""
        return self.widget

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


# -- entry points --------------------------------------------------------------------------------


def explore(round_folder: str | Path | None = None, **kwargs: Any) -> Explorer | w.Widget:
    """The explorer of a round folder, or a Norwegian message saying why it cannot open.

    This is what notebooks/explore.ipynb calls; no traceback reaches the adviser. Saved
    scenarios are kept in the round's scenarios folder (``keep=True``).
    """
    path = resolve_round(round_folder)
    kwargs.setdefault("keep", True)  # the app keeps the adviser's scenarios on disk
    try:
        return Explorer.open(path, **kwargs)
    except DataValidationError as exc:
        problems = [str(p) for p in exc.problems if p.severity == "error"]
    except (AllocationError, OSError) as exc:
        problems = [str(exc)]
    except Exception as exc:  # noqa: BLE001 - last line of defence: no traceback for advisers
        if os.environ.get("ALLOCATION_DEBUG"):
            raise
        problems = [T.UNEXPECTED.format(error=f"{type(exc).__name__}: {exc}")]
    return w.HTML(render_load_failure(path, problems))
