"""The explorer's widgets: building them, laying them out, and reading them into settings.

:class:`Controls` builds the rule panel (budget, grant rules, quality, spread, group weights),
the three-way lock per application, the output areas and the scenario bar, and lays them out
as one widget. :meth:`Controls.read` gives the :class:`~allocation.explore.settings.Settings`
they show; :meth:`Controls.show` puts settings back into them. Every change of an input calls
the ``on_change`` callback once (the explorer debounces it into a solve); changes made by the
controls themselves (the slider following the typed frame, the other group weights following
one) do not.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import ipywidgets as w

from allocation.explore.locks import LockRows
from allocation.explore.numbers import AmountText, DecimalText
from allocation.explore.render import heading, note, render_header
from allocation.explore.settings import SPREAD_RULES, Settings
from allocation.round.data import Round
from allocation.wording import report as WR
from allocation.wording import widgets as T

#: Largest amount a money field takes (kroner).
MAX_AMOUNT = 10**12
#: The frame slider spans this many of its steps on each side of the frame it was centred on,
#: so that one pixel of a drag is about one step (the number field is the precise control).
SLIDER_HALF_STEPS = 100
#: The spread rules' labels and the value a rule gets when it is switched on.
_RULE_LABELS: dict[str, tuple[str, str, float]] = {
    "min_per_region": (T.MIN_PER_REGION_ON, T.MIN_PER_REGION, 1),
    "max_region_share": (T.MAX_REGION_SHARE_ON, T.MAX_REGION_SHARE, 0.5),
    "min_models": (T.MIN_MODELS_ON, T.MIN_MODELS, 2),
    "max_per_model": (T.MAX_PER_MODEL_ON, T.MAX_PER_MODEL, 2),
    "min_per_size_class": (T.MIN_PER_SIZE_CLASS_ON, T.MIN_PER_SIZE_CLASS, 1),
}


def slider_step(frame: int) -> int:
    """A step for the budget slider: about a hundredth of the frame, dividing it if possible."""
    top = 10 ** max(0, int(math.log10(max(frame, 1))) - 2)
    candidates = [c for c in (top, top // 2, top // 5, top // 10) if c >= 1]
    for c in candidates:
        if frame % c == 0:
            return c
    return top


def slider_window(frame: int, step: int) -> tuple[int, int]:
    """The frame slider's range around ``frame``: :data:`SLIDER_HALF_STEPS` steps each side.

    The ends are multiples of ``step`` and the range never goes below 0.

    Examples
    --------
    >>> slider_window(2_600_000, 10_000)
    (1600000, 3600000)
    >>> slider_window(300_000, 10_000)
    (0, 2000000)
    """
    step = max(step, 1)
    half = SLIDER_HALF_STEPS * step
    lo = max(0, (frame - half) // step * step)
    return lo, lo + 2 * half


def rebalance(weights: Mapping[str, float], group: str, new: float) -> dict[str, float]:
    """The other groups' weights once ``group`` is set to ``new``, so that all sum to 1.

    The others share what is left in proportion to their weights (equally when all are 0).
    """
    new = min(max(new, 0.0), 1.0)
    others = {g: float(v) for g, v in weights.items() if g != group}
    rest, total = 1.0 - new, sum(others.values())
    if total > 0:
        return {g: rest * v / total for g, v in others.items()}
    return {g: rest / len(others) for g in others}


def _wide(widget: Any, width: str = "330px", label: str = "150px") -> Any:
    widget.layout.width = width
    widget.style.description_width = label
    return widget


def _classed(widget: Any, *css: str) -> Any:
    for c in css:
        widget.add_class(c)
    return widget


def _amount(value: int, description: str, minimum: int = 0, tooltip: str = "") -> Any:
    field = AmountText(value=value, min=minimum, max=MAX_AMOUNT, description=description)
    field.tooltip = tooltip or None
    return _wide(field)


def _fraction(value: float, description: str, tooltip: str = "") -> Any:
    field = DecimalText(value=value, min=0.0, max=1.0, description=description)
    field.tooltip = tooltip or None
    return _wide(field)


def _dark(button: Any, colour: str) -> Any:
    """A button in a dark colour with white text (WCAG AA: ipywidgets' own "success" and
    "primary" colours give white text a contrast under 4.5:1)."""
    button.style.button_color = colour
    button.style.text_color = "#ffffff"
    return button


def _switch(on: bool, description: str) -> Any:
    return w.Checkbox(value=on, description=description, indent=False)


class Controls:
    """Every widget of the explorer, built for one round from the scheme's settings ``base``.

    Parameters
    ----------
    round_
        The round explored (its applications get a lock row each).
    base
        The scheme's settings: the controls' starting values.
    on_change
        Called after every change of an input by the adviser (not for changes the controls
        make themselves, nor inside :meth:`show`).
    """

    def __init__(self, round_: Round, base: Settings, on_change: Callable[[], None]) -> None:
        self.round = round_
        self.n = len(round_.applications)
        self.on_change = on_change
        self._silent = 0
        self._build_budget(base)
        self._build_grant_rules(base)
        self._build_quality_and_spread(base)
        self._build_groups(base)
        self._build_locks()
        self._build_outputs()
        self._build_scenario_bar()
        self.widget = self._layout()
        self._observe()
        self.sync_enabled()

    # -- building ------------------------------------------------------------------------------

    def _build_budget(self, s: Settings) -> None:
        step = slider_step(s.budget)
        lo, hi = slider_window(s.budget, step)
        self.budget = _classed(
            _amount(s.budget, T.BUDGET, tooltip=T.BUDGET_TOOLTIP), "alloc-budget"
        )
        slider = w.IntSlider(
            value=s.budget,
            min=lo,
            max=hi,
            step=step,
            description=T.BUDGET_SLIDER,
            tooltip=T.BUDGET_SLIDER_TOOLTIP,
            continuous_update=True,
            readout=False,
        )
        self.budget_slider = _classed(_wide(slider, "340px", "60px"), "alloc-budget-slider")
        self.carry_over = _classed(_amount(s.carry_over, T.CARRY_OVER), "alloc-carry-over")
        self.policy = w.ToggleButtons(
            options=list(T.POLICY_OPTIONS),
            value=s.policy,
            tooltips=list(T.POLICY_TOOLTIPS),
            description=T.POLICY,
        )
        self.policy.style.button_width = "84px"
        self.policy.style.description_width = "150px"
        self.policy.add_class("alloc-policy")
        # a stable re-run against the last saved scenario (allocation.solve.stable)
        self.stable = _classed(_switch(False, WR.STB_EXPLORE_LABEL), "alloc-stable")

    def _build_grant_rules(self, s: Settings) -> None:
        largest_request = max(int(self.round.applications["requested"].max()), 0)
        self.cap_on = _switch(s.cap is not None, T.CAP_ON)
        self.cap = _amount(s.cap if s.cap is not None else largest_request, T.CAP)
        self.floor = _amount(s.floor, T.FLOOR)
        # the whole label, on two lines: it says what the rule does (alloc.css)
        min_share = _fraction(s.min_share, T.MIN_SHARE, T.MIN_SHARE_TOOLTIP)
        self.min_share = _classed(min_share, "alloc-wrap-label", "alloc-min-share")
        self.rounding = _amount(s.rounding, T.ROUNDING, minimum=1)
        lo, hi = s.projects if s.projects else (0, self.n)
        self.projects_on = _switch(s.projects is not None, T.PROJECTS_ON)
        projects = w.IntRangeSlider(
            value=(lo, hi), min=0, max=max(self.n, hi), description=T.PROJECTS
        )
        self.projects = _classed(_wide(projects), "alloc-projects")

    def _build_quality_and_spread(self, s: Settings) -> None:
        scale_lo, scale_hi = (float(v) for v in self.round.scheme.scale)
        self.threshold_on = _switch(s.threshold is not None, T.THRESHOLD_ON)
        threshold = DecimalText(
            value=s.threshold if s.threshold is not None else scale_lo,
            min=scale_lo,
            max=scale_hi,
            description=T.THRESHOLD,
        )
        self.threshold = _wide(threshold)
        self.one_per_applicant = _switch(s.one_per_applicant, T.ONE_PER_APPLICANT)
        self.rule_on: dict[str, Any] = {}
        self.rule_value: dict[str, Any] = {}
        for name, kind in SPREAD_RULES.items():
            on_label, value_label, default = _RULE_LABELS[name]
            value = getattr(s, name)
            shown = value if value is not None else default
            self.rule_on[name] = _classed(
                _switch(value is not None, on_label), f"alloc-rule-{name}"
            )
            if kind == "share":
                box = _fraction(float(shown), value_label)
            else:
                box = AmountText(value=int(shown), min=0, max=max(self.n, 1000))
                box.description = value_label
            self.rule_value[name] = _classed(_wide(box), f"alloc-rule-{name}-value")

    def _build_groups(self, s: Settings) -> None:
        self.group_weights: dict[str, Any] = {}
        for group, weight in s.groups.items():
            box = _classed(_fraction(weight, group), "alloc-group")
            box.disabled = len(s.groups) == 1  # a single group always weighs 1
            self.group_weights[group] = box

    def _build_locks(self) -> None:
        """Per application the three-way lock and the reason (built when first needed)."""
        self.locks = LockRows(self.round, self._on_input)

    @property
    def lock_action(self) -> dict[str, Any]:
        """The lock dropdown of each application (builds the locks tab)."""
        return self.locks.action

    @property
    def lock_reason(self) -> dict[str, Any]:
        """The lock reason field of each application (builds the locks tab)."""
        return self.locks.reason

    def _build_outputs(self) -> None:
        self.totals_html = _classed(w.HTML(), "alloc-totals")
        self.status_html = _classed(w.HTML(), "alloc-status")
        self.message_html = _classed(w.HTML(), "alloc-message")
        self.table_html = _classed(w.HTML(), "alloc-table")
        self.table_html.layout.width = "100%"
        self.table_html.layout.overflow = "auto"
        self.charts_html = _classed(w.HTML(), "alloc-charts")
        # "Hva skal til?": over the table it fills a column of (computed on request only)
        what = w.Button(description=WR.WHAT_BUTTON, tooltip=WR.WHAT_BUTTON_TOOLTIP)
        self.what_button = _classed(what, "alloc-what-button")
        self.what_html = _classed(w.HTML(), "alloc-what")
        # "Hvor robust?" (allocation.explore.robustness) fills this box under the tools
        self.robustness_slot = _classed(w.VBox([]), "alloc-robustness")
        self.table_tools = w.HBox([self.what_button])
        # "Lag innstilling": the pipeline for the settings shown, its progress and files
        make = w.Button(
            description=T.INNSTILLING_BUTTON,
            tooltip=T.INNSTILLING_TOOLTIP,
        )
        make.layout.width = "auto"
        _dark(make, "#1a7f37")
        self.innstilling_button = _classed(make, "alloc-innstilling")
        progress = w.IntProgress(value=0, min=0, max=4, description="", bar_style="info")
        progress.layout.display = "none"  # shown while a job runs
        progress.layout.width = "220px"
        self.job_progress = _classed(progress, "alloc-job-progress")
        self.job_html = _classed(w.HTML(), "alloc-job")

    def _build_scenario_bar(self) -> None:
        name = w.Text(description=T.SCENARIO_NAME, placeholder=T.SCENARIO_NAME_PLACEHOLDER)
        self.scenario_name = _classed(name, "alloc-scenario-name")
        save = _dark(w.Button(description=T.SCENARIO_SAVE), "#0550ae")
        self.save_button = _classed(save, "alloc-scenario-save")
        pick = w.Dropdown(options=[], description=T.SCENARIO_PICK)
        self.scenario_pick = _classed(pick, "alloc-scenario-pick")
        self.load_button = _classed(w.Button(description=T.SCENARIO_LOAD), "alloc-scenario-load")
        export = w.Button(description=T.SCENARIO_EXPORT)
        self.export_button = _classed(export, "alloc-scenario-export")
        delete = w.Button(description=T.SCENARIO_DELETE)
        self.delete_button = _classed(delete, "alloc-scenario-delete")
        self.scenario_message = _classed(w.HTML(), "alloc-scenario-message")
        self.compare_html = _classed(w.HTML(note(T.SCENARIO_NONE, "p")), "alloc-compare")

    # -- layout --------------------------------------------------------------------------------

    def _panel(self) -> Any:
        """The rule panel on the left, in the groups the adviser thinks in."""
        spread_rows: list[Any] = [self.one_per_applicant]
        for name in SPREAD_RULES:
            spread_rows += [self.rule_on[name], self.rule_value[name]]
        sections: list[tuple[str, list[Any]]] = [
            (
                T.SECTION_BUDGET,
                [self.budget, self.budget_slider, self.carry_over, self.policy, self.stable],
            ),
            (
                T.SECTION_GRANTS,
                [self.cap_on, self.cap, self.floor, self.min_share, self.rounding]
                + [self.projects_on, self.projects],
            ),
            (T.SECTION_QUALITY, [self.threshold_on, self.threshold]),
            (T.SECTION_SPREAD, spread_rows),
            (
                T.SECTION_GROUPS,
                [w.HTML(note(T.GROUPS_NOTE)), *self.group_weights.values()],
            ),
        ]
        children = [c for title, rows in sections for c in (w.HTML(heading(title)), *rows)]
        return w.VBox(
            children, layout=w.Layout(width="360px", min_width="360px", padding="0 12px 0 0")
        )

    def _layout(self) -> Any:
        scenarios_tab = w.VBox(
            [
                w.HBox([self.scenario_name, self.save_button]),
                w.HBox(
                    [self.scenario_pick, self.load_button, self.export_button, self.delete_button]
                ),
                self.scenario_message,
                w.HTML(note(T.SCENARIOS_KEPT, "p")),
                self.compare_html,
            ]
        )
        self.table_tab = w.VBox(
            [self.table_tools, self.what_html, self.robustness_slot, self.table_html]
        )
        self.tabs = w.Tab(
            children=[self.table_tab, self.charts_html, self.locks.tab, scenarios_tab],
            titles=[T.TAB_TABLE, T.TAB_CHARTS, T.TAB_LOCKS, T.TAB_SCENARIOS],
        )
        self.tabs.add_class("alloc-tabs")
        job_bar = w.HBox([self.innstilling_button, self.job_progress])
        main = w.VBox(
            [
                self.totals_html,
                job_bar,
                self.job_html,
                self.status_html,
                self.message_html,
                self.tabs,
            ],
            layout=w.Layout(flex="1 1 auto", min_width="0"),
        )
        app = w.VBox([w.HTML(render_header(self.round)), w.HBox([self._panel(), main])])
        return _classed(app, "alloc-app")

    def inputs(self) -> list[Any]:
        """The inputs whose change re-solves (the slider and the group weights aside)."""
        return [
            self.budget,
            self.carry_over,
            self.policy,
            self.stable,
            self.cap_on,
            self.cap,
            self.floor,
            self.min_share,
            self.rounding,
            self.projects_on,
            self.projects,
            self.threshold_on,
            self.threshold,
            self.one_per_applicant,
            *self.rule_on.values(),
            *self.rule_value.values(),
        ]

    def _observe(self) -> None:
        for widget in self.inputs():
            widget.observe(self._on_input, names="value")
        self.budget_slider.observe(self._on_budget_slider, names="value")
        for group, box in self.group_weights.items():
            box.observe(lambda change, g=group: self._on_group(g, change), names="value")
        self.tabs.observe(self._on_tab, names="selected_index")

    # -- settings <-> widgets ------------------------------------------------------------------

    def _rule(self, name: str) -> Any:
        """A spread rule's value (int for a count, float for a share), None when it is off."""
        if not self.rule_on[name].value:
            return None
        value = self.rule_value[name].value
        return float(value) if SPREAD_RULES[name] == "share" else int(value)

    def read(self) -> Settings:
        """The settings the controls show now."""
        locks = self.locks.read()
        lo, hi = self.projects.value
        return Settings(
            budget=int(self.budget.value),
            carry_over=int(self.carry_over.value),
            policy=str(self.policy.value),
            cap=int(self.cap.value) if self.cap_on.value else None,
            floor=int(self.floor.value),
            min_share=float(self.min_share.value),
            rounding=int(self.rounding.value),
            projects=(int(lo), int(hi)) if self.projects_on.value else None,
            threshold=float(self.threshold.value) if self.threshold_on.value else None,
            one_per_applicant=bool(self.one_per_applicant.value),
            min_per_region=self._rule("min_per_region"),
            max_region_share=self._rule("max_region_share"),
            min_models=self._rule("min_models"),
            max_per_model=self._rule("max_per_model"),
            min_per_size_class=self._rule("min_per_size_class"),
            groups={g: float(box.value) for g, box in self.group_weights.items()},
            locks=locks,
        )

    def show(self, settings: Settings) -> None:
        """Put some settings into the controls (without calling ``on_change``)."""
        self._silent += 1
        try:
            self._show_rules(settings)
            groups = settings.normalised_groups()
            for group, box in self.group_weights.items():
                box.value = groups.get(group, 0.0)
            self.locks.show(settings.locks)
        finally:
            self._silent -= 1
        self.sync_enabled()

    def _show_rules(self, s: Settings) -> None:
        self.budget.value = s.budget
        self.follow_budget()
        self.carry_over.value = s.carry_over
        self.policy.value = s.policy
        self.floor.value = s.floor
        self.min_share.value = s.min_share
        self.rounding.value = s.rounding
        self.one_per_applicant.value = s.one_per_applicant
        # An optional rule switched off keeps the value it had, for switching it on again.
        self.cap_on.value = s.cap is not None
        if s.cap is not None:
            self.cap.value = s.cap
        self.projects_on.value = s.projects is not None
        if s.projects is not None:
            self.projects.max = max(self.projects.max, s.projects[1])
            self.projects.value = tuple(s.projects)
        self.threshold_on.value = s.threshold is not None
        if s.threshold is not None:
            self.threshold.value = s.threshold
        for name in SPREAD_RULES:
            value = getattr(s, name)
            self.rule_on[name].value = value is not None
            if value is not None:
                self.rule_value[name].value = value

    def sync_enabled(self) -> None:
        """Grey out the value of every rule that is switched off."""
        self.cap.disabled = not self.cap_on.value
        self.projects.disabled = not self.projects_on.value
        self.threshold.disabled = not self.threshold_on.value
        for name, box in self.rule_value.items():
            box.disabled = not self.rule_on[name].value
        # the size-class rule needs every application's population (CONTRACT 2.7)
        if not self._has_population() and not self.rule_on["min_per_size_class"].value:
            self.rule_on["min_per_size_class"].disabled = True
            self.rule_on["min_per_size_class"].tooltip = T.MIN_PER_SIZE_CLASS_NEEDS

    def _has_population(self) -> bool:
        apps = self.round.applications
        asking = apps["requested"] > 0
        return "population" in apps and not apps.loc[asking, "population"].isna().any()

    # -- events --------------------------------------------------------------------------------

    def _on_input(self, _change: Mapping[str, Any] | None = None) -> None:
        if self._silent:
            return
        self.sync_enabled()
        self._silent += 1
        try:
            self.follow_budget()
        finally:
            self._silent -= 1
        self.on_change()

    def follow_budget(self) -> None:
        """Keep the slider with the typed frame; re-centre its window when the frame left it.

        Only a typed frame moves the window, never a drag (the track must not move under the
        mouse). Call with ``_silent`` raised: the slider's own change must not move the frame.
        """
        slider, frame = self.budget_slider, int(self.budget.value)
        if not slider.min <= frame <= slider.max:
            lo, hi = slider_window(frame, int(slider.step))
            slider.max = max(hi, slider.max)  # in this order: min never passes max
            slider.min = lo
            slider.max = hi
        slider.value = frame

    def _on_tab(self, change: Mapping[str, Any]) -> None:
        if self.tabs.children[change["new"] or 0] is self.locks.tab:
            self.locks.build()

    def _on_budget_slider(self, change: Mapping[str, Any]) -> None:
        if self._silent:
            return
        new = int(change["new"])
        # The browser snaps the slider to its step and sends the snapped value back; that
        # echo of a typed frame (less than a step away) must not change the frame.
        if abs(new - int(self.budget.value)) < self.budget_slider.step:
            return
        self.budget.value = new  # fires _on_input

    def _on_group(self, group: str, change: Mapping[str, Any]) -> None:
        """Keep the weights summing to 1: the other groups share what is left, in proportion."""
        if self._silent:
            return
        current = {g: float(box.value) for g, box in self.group_weights.items()}
        self._silent += 1
        try:
            for g, v in rebalance(current, group, float(change["new"])).items():
                self.group_weights[g].value = round(v, 6)
        finally:
            self._silent -= 1
        self.on_change()
