"""The interactive scenario explorer: change the rules, see the allocation at once.

An :class:`Explorer` wraps one loaded round in ipywidgets controls (budget, rules, spread
rules, group weights, and a three-way lock per application for the adviser's discretion)
and re-solves on every change, debounced so that dragging a slider does not queue a solve
per step. Settings can be saved as named scenarios, compared side by side, loaded back, and
exported as a scenario file that ``allocation run ROUND --scenario FILE`` turns into the
innstilling. The explorer never writes documents itself.

The parts, each in its own module of :mod:`allocation.explore`:

* :mod:`~allocation.explore.settings`: what the controls set (:class:`Settings`), as scenario
  parameters, and solving them exactly as the pipeline solves a scenario file;
* :mod:`~allocation.explore.controls`: the widgets, and reading them into settings;
* :mod:`~allocation.explore.render`: the HTML and SVG shown (pure functions of results);
* :mod:`~allocation.explore.store`: saved scenarios and scenario files;
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
    render_load_failure,
    render_result_message,
    render_status,
    render_table,
    render_totals,
    render_what_it_takes,
)
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
from allocation.orchestrator import allocate
from allocation.paths import EXAMPLES_DIR, PROJECT_ROOT
from allocation.results import AllocationResult
from allocation.round.data import Round
from allocation.run.scenario import apply_scenario
from allocation.solve.stable import EarlierGrants
from allocation.whatif import DEFAULT_LIMIT, WhatItTakes, what_it_takes
from allocation.wording import report as WR
from allocation.wording import widgets as T

__all__ = [
    "DEFAULT_DELAY",
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
ENV_ROUND = "ALLOCATION_ROUND"
ENV_SCENARIO_DIR = "ALLOCATION_SCENARIO_DIR"
DEFAULT_ROUND = EXAMPLES_DIR / "regional-2025"


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
        Folder for exported scenario files (default ``$ALLOCATION_SCENARIO_DIR`` or
        ``reports/scenarios`` under the project folder).
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
        solver: str = "highs",
    ) -> None:
        self.round = round_
        self.n = len(round_.applications)
        self.base = settings_from_round(round_)
        self.solver = solver
        self.auto = auto
        if export_dir is None:
            export_dir = os.environ.get(ENV_SCENARIO_DIR) or Path.cwd() / "reports" / "scenarios"
        self.export_dir = Path(export_dir)
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
        self.what_button = w.Button(description=WR.WHAT_BUTTON, tooltip=WR.WHAT_BUTTON_TOOLTIP)
        self.what_html = w.HTML()
        self.what_button.on_click(lambda _b: self.what_it_takes())
        self.widget = w.VBox([self.controls.widget, self.what_button, self.what_html])
        c = self.controls
        c.save_button.on_click(lambda _b: self._on_save())
        c.load_button.on_click(lambda _b: self._on_load())
        c.export_button.on_click(lambda _b: self._on_export())
        c.delete_button.on_click(lambda _b: self._on_delete())
        self.refresh()

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
        name = self.last_saved if self.last_saved in self.scenarios else None
        name = name or next(reversed(self.scenarios), None)
        saved = self.scenarios.get(name) if name is not None else None
        if saved is None or saved.grants is None:
            return None
        s = self.round.scheme
        return EarlierGrants(name or "", saved.totals["budget"], saved.grants, s.name, s.year)

    def _solve(self, settings: Settings) -> AllocationResult:
        """:func:`solve_settings`, or the stable re-run against :meth:`stable_source`."""
        earlier = self.stable_source()
        if earlier is None:
            return solve_settings(self.round, settings, base=self.base, solver=self.solver)
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

    def _show_error(self, text: str, *, escaped: bool = False) -> None:
        self.result = None
        self.error = text
        c = self.controls
        c.message_html.value = render_error(text, escaped=escaped)
        self._show_outputs(False)
        c.totals_html.value = ""
        c.status_html.value = ""

    def _show_result(self, result: AllocationResult, settings: Settings) -> None:
        c = self.controls
        c.message_html.value = render_result_message(result) + self._stable_message(result)
        if result.allocation is not None:
            # the scheme solved (a scenario may change the threshold the chart marks)
            solved = result.round if result.round is not None else self.round
            c.table_html.value = render_table(result.allocation, settings.locks)
            c.charts_html.value = render_charts(result.allocation, solved.scheme)
        self._show_outputs(result.allocation is not None)
        self.what_records = None  # the figures belonged to the previous result
        self.what_html.value = ""
        # The totals go last: once they show, the table and charts of the same solve are
        # already sent (the browser applies widget messages in order).
        c.totals_html.value = render_totals(result)

    def what_it_takes(self, limit: int = DEFAULT_LIMIT) -> list[WhatItTakes]:
        """What it would take for each application without a grant under the current result
        (:func:`allocation.whatif.what_it_takes`), shown one line each below the explorer."""
        if self.result is None:
            self.what_html.value = ""
            return []
        self.what_html.value = note(WR.WHAT_WORKING, "p")
        start = time.perf_counter()
        cost: dict[str, float] = {}
        records = what_it_takes(self.result, limit=limit, solver=self.solver, cost=cost)
        seconds = time.perf_counter() - start
        solves = int(cost.get("solves", 0))
        self.what_records = records
        self.what_html.value = render_what_it_takes(records, limit, seconds, solves)
        return records

    # -- scenarios -----------------------------------------------------------------------------

    def save_scenario(self, name: str) -> SavedScenario:
        """Save the current settings (and what they give) under a name."""
        name = name.strip()
        if not name:
            raise ValueError(T.SCENARIO_NEED_NAME)
        settings = self.settings()
        result = self.result if self.result is not None else self.refresh()
        saved = saved_scenario(name, settings, result)
        self.scenarios[name] = saved
        self.last_saved = name
        self._update_scenario_views(select=name)
        return saved

    def load_scenario(self, name: str) -> AllocationResult | None:
        """Bring back a saved scenario's settings and solve."""
        self.set_settings(self.scenarios[name].settings)
        return self.result

    def delete_scenario(self, name: str) -> None:
        """Forget a saved scenario."""
        self.scenarios.pop(name, None)
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
        self.save_scenario(name)
        c.scenario_message.value = message("ok", T.SCENARIO_SAVED.format(name=name))

    def _on_load(self) -> None:
        c = self.controls
        name = c.scenario_pick.value
        if name in self.scenarios:
            self.load_scenario(name)
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


def resolve_round(path: str | Path | None = None) -> Path:
    """The round folder to explore: ``path``, else ``$ALLOCATION_ROUND``, else the example.

    A relative path is taken from the current folder when it exists there, else from the
    project folder.
    """
    text = str(path) if path else os.environ.get(ENV_ROUND, "")
    if not text:
        return DEFAULT_ROUND
    p = Path(text).expanduser()
    if p.is_absolute() or p.exists():
        return p
    candidate = PROJECT_ROOT / p
    return candidate if candidate.exists() else p


def explore(round_folder: str | Path | None = None, **kwargs: Any) -> Explorer | w.Widget:
    """The explorer of a round folder, or a Norwegian message saying why it cannot open.

    This is what notebooks/explore.ipynb calls; no traceback reaches the adviser.
    """
    path = resolve_round(round_folder)
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
