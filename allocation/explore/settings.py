"""What the explorer's controls set, and its conversion to and from a scheme and a scenario.

The controls become scenario parameters (:meth:`Settings.parameters`);
:func:`allocation.run.scenario.apply_scenario` applies them to the round and
:func:`allocation.orchestrator.allocate` solves (:func:`solve_settings`). So an exported scenario
gives the pipeline exactly the allocation shown on screen. Nothing here knows about widgets.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from typing import Any

from allocation.orchestrator import allocate
from allocation.results import AllocationResult
from allocation.round.data import Round, Scheme
from allocation.run.scenario import Scenario, apply_scenario, make_lock
from allocation.wording import widgets as T

#: Spread rules: name -> kind ("count" or "share").
SPREAD_RULES: dict[str, str] = {
    "min_per_region": "count",
    "max_region_share": "share",
    "min_models": "count",
    "max_per_model": "count",
    "min_per_size_class": "count",
}
#: Rules that can be switched off (``None`` in :class:`Settings`, ``false`` in a scenario).
OPTIONAL_RULES = ("cap", "projects", "threshold", *SPREAD_RULES)
#: The lock value of an application the model decides on its own.
LOCK_AUTO = "auto"
#: Two weights closer than this are the same weight (a scenario file rounds to 6 decimals).
WEIGHT_TOLERANCE = 1e-9
#: Two settings' floats closer than this are the same setting.
SETTING_TOLERANCE = 1e-12


@dataclass
class Settings:
    """Everything the explorer's controls set, in the units of the scheme.

    ``None`` switches an optional rule off. ``projects`` is ``(min, max)``; ``groups`` maps
    group name to weight (normalised to sum 1 when applied); ``locks`` maps application_id to
    ``(action, reason)`` with action ``"must_fund"`` or ``"must_not_fund"``.
    """

    budget: int
    carry_over: int = 0
    policy: str = "merit"
    cap: int | None = None
    floor: int = 0
    min_share: float = 0.0
    rounding: int = 1
    projects: tuple[int, int] | None = None
    threshold: float | None = None
    one_per_applicant: bool = False
    min_per_region: int | None = None
    max_region_share: float | None = None
    min_models: int | None = None
    max_per_model: int | None = None
    min_per_size_class: int | None = None
    groups: dict[str, float] = field(default_factory=dict)
    locks: dict[str, tuple[str, str]] = field(default_factory=dict)

    @classmethod
    def from_scheme(cls, scheme: Scheme, n_applications: int) -> Settings:
        """The settings a scheme stands for (the explorer's starting point)."""
        projects = None
        if scheme.projects_min is not None or scheme.projects_max is not None:
            lo = scheme.projects_min or 0
            hi = scheme.projects_max if scheme.projects_max is not None else n_applications
            projects = (int(lo), int(max(lo, hi)))
        return cls(
            budget=int(scheme.frame),
            carry_over=int(scheme.carry_over),
            policy=scheme.policy,
            cap=scheme.cap,
            floor=int(scheme.floor),
            min_share=float(scheme.min_share),
            rounding=int(scheme.rounding),
            projects=projects,
            threshold=scheme.threshold,
            one_per_applicant=bool(scheme.one_per_applicant),
            min_per_region=scheme.min_per_region,
            max_region_share=scheme.max_region_share,
            min_models=scheme.min_models,
            max_per_model=scheme.max_per_model,
            min_per_size_class=scheme.rule_value("min_per_size_class") or None,
            groups={str(g): float(v) for g, v in scheme.groups.items()},
        )

    def normalised_groups(self) -> dict[str, float]:
        """The group weights scaled to sum 1 (unchanged when they all are 0)."""
        total = sum(self.groups.values())
        if total <= 0:
            return dict(self.groups)
        return {g: v / total for g, v in self.groups.items()}

    def parameters(self, base: Settings) -> dict[str, Any]:
        """The scenario ``[parameters]`` that turn ``base`` into these settings.

        Only rules that differ are listed; a rule switched off is ``False``.
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            name = f.name
            if name in ("groups", "locks"):
                continue
            mine, theirs = getattr(self, name), getattr(base, name)
            if _same(mine, theirs):
                continue
            if mine is None:
                out[name] = False
            elif name == "projects":
                out[name] = [int(mine[0]), int(mine[1])]
            else:
                out[name] = mine
        return out

    def group_override(self, base: Settings) -> dict[str, float] | None:
        """The scenario ``[groups]`` (normalised), or None when the weights are the scheme's."""
        mine, theirs = self.normalised_groups(), base.normalised_groups()
        if all(abs(mine[g] - theirs.get(g, 0.0)) <= WEIGHT_TOLERANCE for g in mine):
            return None
        # Rounded for a readable file; the last group takes the rest so they sum to 1.
        names = list(mine)
        rounded = {g: round(mine[g], 6) for g in names}
        rounded[names[-1]] = round(1.0 - sum(rounded[g] for g in names[:-1]), 6)
        return rounded

    def missing_reasons(self) -> list[str]:
        """Locked applications without a written reason."""
        return [app for app, (_action, reason) in self.locks.items() if not reason.strip()]


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        return math.isclose(float(a), float(b), rel_tol=0, abs_tol=SETTING_TOLERANCE)
    if isinstance(a, tuple | list):
        return tuple(a) == tuple(b)
    return bool(a == b)


def settings_from_round(round_: Round) -> Settings:
    """The settings of a round's scheme (see :meth:`Settings.from_scheme`)."""
    return Settings.from_scheme(round_.scheme, len(round_.applications))


def to_scenario(
    settings: Settings,
    base: Settings,
    name: str,
    description: str = "",
    *,
    default_reason: str | None = None,
) -> Scenario:
    """The :class:`allocation.run.scenario.Scenario` of some settings relative to the scheme's.

    ``default_reason`` fills in locks without a reason (for solving on screen); without it
    such locks are left out of the scenario's locks (export checks for them first).
    """
    locks = {}
    for app, (action, reason) in settings.locks.items():
        reason = reason.strip() or (default_reason or "")
        if reason:
            locks[app] = make_lock(action, reason)
    return Scenario(
        name=name,
        description=description,
        parameters=settings.parameters(base),
        groups=settings.group_override(base),
        locks=locks,
    )


def from_scenario(round_: Round, scenario: Scenario) -> Settings:
    """The settings a scenario gives on a round (through :func:`apply_scenario`)."""
    new_round, locks = apply_scenario(round_, scenario)
    settings = settings_from_round(new_round)
    settings.locks = {app: (lock.action, lock.reason) for app, lock in locks.items()}
    return settings


def solve_settings(
    round_: Round, settings: Settings, *, base: Settings | None = None, solver: str = "highs"
) -> AllocationResult:
    """Solve a round under some settings, exactly as the pipeline would the scenario file.

    Locks without a reason are solved with a placeholder reason (the export refuses them).
    """
    base = base if base is not None else settings_from_round(round_)
    scenario = to_scenario(settings, base, "explorer", default_reason=T.DEFAULT_LOCK_REASON)
    new_round, locks = apply_scenario(round_, scenario)
    return allocate(new_round, locks=locks or None, solver=solver)
