"""Run parameters: what a notebook's ``parameters`` cell, ``allocation run -p`` and a scenario
file may set, validated in one place.

papermill only *warns* about parameters a notebook does not declare, so the notebooks build
their configuration with :meth:`RunConfig.from_namespace` right after the parameters cell:
an unknown name or a value of the wrong type is a :class:`~allocation.errors.ConfigError`
with a Norwegian message naming the parameter.

Rule parameters left at ``None`` keep the scheme's value. The optional rules (``cap``,
``projects``, ``threshold`` and the spread rules) can be switched off with ``False``.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from allocation.errors import ConfigError
from allocation.paths import PROJECT_ROOT
from allocation.round.data import POLICIES, Round
from allocation.round.scheme import GROUP_SUM_TOLERANCE
from allocation.wording import report as W

SOLVERS = ("highs", "cbc")

#: Parameters that change the rules (also allowed in a scenario's ``[parameters]``), with
#: their kind: "money" (whole kroner >= 0), "count" (integer >= 0), "share" (0..1),
#: "number" (float), "bool", "policy", "solver", "projects", "seconds".
RULE_PARAMETERS: dict[str, str] = {
    "budget": "money",
    "carry_over": "money",
    "policy": "policy",
    "solver": "solver",
    "time_limit": "seconds",
    "cap": "money",
    "floor": "money",
    "min_share": "share",
    "rounding": "money",
    "projects": "projects",
    "threshold": "number",
    "one_per_applicant": "bool",
    "min_per_region": "count",
    "max_region_share": "share",
    "min_models": "count",
    "max_per_model": "count",
    "min_per_size_class": "count",
}
#: Rules that may be switched off with ``False``.
SWITCHABLE = frozenset(
    {
        "cap",
        "projects",
        "threshold",
        "min_per_region",
        "max_region_share",
        "min_models",
        "max_per_model",
        "min_per_size_class",
    }
)
#: Switchable rules whose parameter a rule unit keeps in ``Scheme.rule_params`` (no attribute).
RULE_PARAMS_RULES = ("min_per_size_class",)
#: The robustness section's parameters (``allocation run`` and the notebooks only; not rules):
#: ``robustness_samples`` (0 = off) and the budget curve's frames (None: half to twice the
#: scheme's frame, :func:`allocation.robust.default_frames`). The notebooks need not declare
#: them: :meth:`RunConfig.from_namespace` takes them from papermill's injected cell.
ROBUSTNESS_PARAMETERS: dict[str, str] = {
    "robustness_samples": "count",
    "sweep_from": "money",
    "sweep_to": "money",
    "sweep_step": "money",
}
#: Parameters whose default switches their part of the run off: name -> that value. A run left
#: at it did not ask for the part, so the manifest does not list it among the given parameters
#: (:func:`switched_off`); a parameter left out of a run takes this value.
OFF_DEFAULTS: dict[str, Any] = {"robustness_samples": 0}
#: Parameters about paths (notebooks and ``allocation run`` only).
PATH_PARAMETERS = ("round", "output", "scenario", "compare", "stable_from")
#: The parameters the notebooks declare in their parameters cell.
PARAMETERS = (*PATH_PARAMETERS, *RULE_PARAMETERS, "groups")
#: Parameters of ``allocation run`` itself (what it writes after the notebooks): not rules,
#: not in the run id, not passed to the notebooks. ``pdf``: innstilling.pdf (default on).
RUN_PARAMETERS = ("pdf",)
#: Every name a run configuration takes (the order of the "unknown name" message).
KNOWN_NAMES = (*PARAMETERS, *ROBUSTNESS_PARAMETERS, *RUN_PARAMETERS)


def switched_off(name: str, value: Any) -> bool:
    """Whether ``value`` is the default that switches the part of ``name`` off
    (:data:`OFF_DEFAULTS`), so that no one asked for that part.

    >>> switched_off("robustness_samples", 0), switched_off("robustness_samples", 200)
    (True, False)
    >>> switched_off("budget", 0)
    False
    """
    if name not in OFF_DEFAULTS:
        return False
    off = OFF_DEFAULTS[name]
    return type(value) is type(off) and value == off  # False is not 0 here


# Names a Jupyter kernel defines itself; never taken for parameters.
_KERNEL_NAMES = frozenset({"In", "Out", "exit", "quit", "get_ipython", "open"})


def _check_value(name: str, value: Any) -> tuple[Any, str | None]:
    """Normalise one rule parameter; returns (value, problem or None)."""
    kind = RULE_PARAMETERS[name]
    if value is None:
        return None, None
    if value is False and name in SWITCHABLE:
        return False, None
    if kind == "bool":
        if isinstance(value, bool):
            return value, None
        return value, W.CFG_BOOL.format(name=name, value=value)
    if isinstance(value, bool):  # True/False is not a number
        return value, W.CFG_TYPE.format(name=name, value=value, kind=W.CFG_KINDS[kind])
    if kind in ("money", "count"):
        return _whole_number(name, value, kind, smallest=1 if name == "rounding" else 0)
    if kind in ("share", "number", "seconds"):
        if not isinstance(value, int | float) or not math.isfinite(value):
            return value, W.CFG_TYPE.format(name=name, value=value, kind=W.CFG_KINDS[kind])
        value = float(value)
        if kind == "share" and not 0.0 <= value <= 1.0:
            return value, W.CFG_RANGE.format(name=name, value=value)
        if kind == "seconds" and value <= 0:
            return value, W.CFG_RANGE.format(name=name, value=value)
        return value, None
    if kind == "policy":
        if isinstance(value, str) and value.strip().lower() in POLICIES:
            return value.strip().lower(), None
        return value, W.CFG_CHOICE.format(name=name, value=value, choices=", ".join(POLICIES))
    if kind == "solver":
        if isinstance(value, str) and value.strip().lower() in SOLVERS:
            return value.strip().lower(), None
        return value, W.CFG_CHOICE.format(name=name, value=value, choices=", ".join(SOLVERS))
    if kind == "projects":
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if (
            isinstance(value, list | tuple)
            and 1 <= len(value) <= 2
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value)
            and (len(value) == 1 or value[0] <= value[1])
        ):
            return [int(v) for v in value], None
        return value, W.CFG_PROJECTS.format(name=name, value=value)
    raise AssertionError(kind)  # pragma: no cover


def _check_robustness(name: str, value: Any) -> tuple[Any, str | None]:
    """Normalise one of :data:`ROBUSTNESS_PARAMETERS` (whole numbers >= 0; a step above 0)."""
    if value is None:
        return OFF_DEFAULTS.get(name), None
    smallest = 1 if name == "sweep_step" else 0
    return _whole_number(name, value, ROBUSTNESS_PARAMETERS[name], smallest=smallest)


def _whole_number(name: str, value: Any, kind: str, *, smallest: int) -> tuple[Any, str | None]:
    """A money or count parameter: a whole number of at least ``smallest``.

    A float with a whole value counts as that integer; True/False is not a number.
    """
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        return value, W.CFG_TYPE.format(name=name, value=value, kind=W.CFG_KINDS[kind])
    if value < smallest:
        return value, W.CFG_RANGE.format(name=name, value=value)
    return value, None


def check_groups(groups: Any, *, where: str = "groups") -> tuple[dict[str, float] | None, list]:
    """Validate a ``groups`` override (group name -> weight >= 0, summing to 1)."""
    if groups is None:
        return None, []
    if not isinstance(groups, Mapping) or not groups:
        return None, [W.CFG_GROUPS_TYPE.format(name=where)]
    problems = []
    out: dict[str, float] = {}
    for name, weight in groups.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or weight < 0:
            problems.append(W.CFG_GROUP_WEIGHT.format(name=where, group=name, value=weight))
        else:
            out[str(name)] = float(weight)
    if not problems and abs(sum(out.values()) - 1.0) > GROUP_SUM_TOLERANCE:
        problems.append(W.CFG_GROUP_SUM.format(name=where, total=sum(out.values())))
    return out, problems


def check_rule_parameters(params: Mapping[str, Any], *, where: str = "") -> tuple[dict, list]:
    """Validate rule parameters (names of :data:`RULE_PARAMETERS`); returns (clean, problems)."""
    clean: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in params.items():
        if name not in RULE_PARAMETERS:
            problems.append(
                W.CFG_UNKNOWN.format(name=name, known=", ".join(RULE_PARAMETERS), where=where)
            )
            continue
        value, problem = _check_value(name, value)
        if problem:
            problems.append(where + problem)
        else:
            clean[name] = value
    return clean, problems


def apply_rules(round_: Round, params: Mapping[str, Any], groups: Mapping | None = None) -> Round:
    """The round under the rule parameters (already validated); ``None`` keeps the scheme's.

    ``budget`` replaces the frame (like ``allocation solve --budget``); ``solver`` and
    ``time_limit`` are not rules and are ignored here. ``groups`` must name the scheme's groups.
    """
    s = round_.scheme
    changes: dict[str, Any] = {}
    simple = {
        "budget": "frame",
        "carry_over": "carry_over",
        "policy": "policy",
        "floor": "floor",
        "min_share": "min_share",
        "rounding": "rounding",
        "one_per_applicant": "one_per_applicant",
    }
    for name, attr in simple.items():
        if params.get(name) is not None:
            changes[attr] = params[name]
    # The switchable rules: ``False`` switches the rule off (None in the scheme).
    for name in (
        "cap",
        "threshold",
        "min_per_region",
        "max_region_share",
        "min_models",
        "max_per_model",
    ):
        if params.get(name) is not None:
            changes[name] = None if params[name] is False else params[name]
    for name in RULE_PARAMS_RULES:  # kept by their rule unit in Scheme.rule_params
        if params.get(name) is not None:
            rule_params = {k: v for k, v in s.rule_params.items() if k != name}
            if params[name] is not False:
                rule_params[name] = params[name]
            changes["rule_params"] = rule_params
    if params.get("projects") is not None:
        value = params["projects"]
        if value is False:
            changes["projects_min"] = changes["projects_max"] = None
        else:
            changes["projects_min"] = value[0]
            changes["projects_max"] = value[1] if len(value) > 1 else None
    if groups is not None:
        unknown = sorted(set(groups) - set(s.groups))
        missing = sorted(set(s.groups) - set(groups))
        if unknown or missing:
            raise ConfigError(
                W.CFG_GROUP_NAMES.format(
                    unknown=", ".join(unknown) or "-",
                    missing=", ".join(missing) or "-",
                    known=", ".join(s.groups),
                )
            )
        changes["groups"] = dict(groups)
    return round_.with_scheme(s.replace(**changes)) if changes else round_


def _parse_cli_value(name: str, text: str) -> Any:
    """Turn a ``-p NAME VALUE`` string into the parameter's Python value (may stay ill-typed)."""
    raw = text.strip()
    low = raw.lower()
    if low in ("none", "null", ""):
        return None
    if low in ("false", "nei", "av", "off", "no"):
        return False
    if low in ("true", "ja", "på", "on", "yes"):
        return True
    if name in PATH_PARAMETERS:
        return raw
    if name == "groups":
        try:
            return json.loads(raw)
        except json.JSONDecodeError:
            pairs = [p.split("=", 1) for p in raw.split(",") if p.strip()]
            if all(len(p) == 2 for p in pairs):
                try:
                    return {k.strip(): float(v.strip().replace(",", ".")) for k, v in pairs}
                except ValueError:
                    return raw
            return raw
    kind = RULE_PARAMETERS.get(name) or ROBUSTNESS_PARAMETERS.get(name)
    if kind == "projects":
        parts = [p for p in re.split(r"[\s,;\[\]]+", raw) if p]
        try:
            return [int(p) for p in parts]
        except ValueError:
            return raw
    if kind in ("money", "count"):
        digits = re.sub(r"[\s\u00a0\u202f_]", "", raw)
        digits = re.sub(r"(kr|nok)$", "", digits, flags=re.IGNORECASE)
        try:
            return int(digits)
        except ValueError:
            return raw
    if kind in ("share", "number", "seconds"):
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return raw
    return raw


@dataclass(frozen=True)
class RunConfig:
    """The validated parameters of one run (a notebook's parameters cell, or ``allocation run``).

    Parameters
    ----------
    round
        The round folder. A relative path is taken from the current folder, else from the
        project folder (so a notebook finds ``data/examples/...`` wherever it runs).
    output
        Folder the step writes its files into (``""``: write nothing, only display).
    scenario
        A scenario file (TOML, see docs/scenario.md), ``""`` for none. Parameters given
        here override the scenario's.
    compare
        An earlier run folder to compare against (``""`` for none).
    stable_from
        An earlier run folder (or its ``allocation.csv``) to re-run stably against
        (:mod:`allocation.solve.stable`): no earlier grant moves against the change of the
        frame. ``""`` for a plain run. The innstilling compares with it unless ``compare`` names
        another run.
    budget, carry_over, policy, solver, time_limit, cap, floor, min_share, rounding, projects,
    threshold, one_per_applicant, min_per_region, max_region_share, min_models, max_per_model,
    min_per_size_class
        Rule overrides; ``None`` keeps the scheme's value, ``False`` switches an optional
        rule off. ``budget`` replaces the frame.
    groups
        Replaces the scheme's group weights (``None`` keeps them).
    robustness_samples, sweep_from, sweep_to, sweep_step
        The innstilling's robustness section (:mod:`allocation.robust`): ``robustness_samples``
        weight and assessor samples each (0: no section, the default), and the budget curve's
        frames (None: half to twice the scheme's frame in about 41 steps).
    pdf
        ``allocation run`` only: write innstilling.pdf beside the DOCX (LibreOffice);
        ``None`` (the default) and ``True`` write it, ``False`` does not.

    Raises
    ------
    ConfigError
        An ill-typed or out-of-range value; every problem is listed.
    """

    round: str = "data/examples/regional-2025"
    output: str = ""
    scenario: str = ""
    compare: str = ""
    stable_from: str = ""
    budget: int | None = None
    carry_over: int | None = None
    policy: str | None = None
    solver: str | None = None
    time_limit: float | None = None
    cap: int | bool | None = None
    floor: int | None = None
    min_share: float | None = None
    rounding: int | None = None
    projects: list[int] | bool | None = None
    threshold: float | bool | None = None
    one_per_applicant: bool | None = None
    min_per_region: int | bool | None = None
    max_region_share: float | bool | None = None
    min_models: int | bool | None = None
    max_per_model: int | bool | None = None
    min_per_size_class: int | bool | None = None
    groups: dict[str, float] | None = field(default=None)
    robustness_samples: int = 0
    sweep_from: int | None = None
    sweep_to: int | None = None
    sweep_step: int | None = None
    pdf: bool | None = None

    def __post_init__(self) -> None:
        problems: list[str] = []
        for name in PATH_PARAMETERS:
            value = getattr(self, name)
            if value is None:
                object.__setattr__(self, name, "")
            elif isinstance(value, Path):
                object.__setattr__(self, name, str(value))
            elif not isinstance(value, str):
                problems.append(W.CFG_TYPE.format(name=name, value=value, kind=W.CFG_KINDS["path"]))
        if not self.round:
            problems.append(W.CFG_ROUND_MISSING)
        raw = {name: getattr(self, name) for name in RULE_PARAMETERS}
        clean, rule_problems = check_rule_parameters(raw)
        problems += rule_problems
        for name, value in clean.items():
            object.__setattr__(self, name, value)
        for name in ROBUSTNESS_PARAMETERS:
            value, problem = _check_robustness(name, getattr(self, name))
            if problem:
                problems.append(problem)
            object.__setattr__(self, name, value)
        groups, group_problems = check_groups(self.groups)
        problems += group_problems
        if self.pdf is not None and not isinstance(self.pdf, bool):
            problems.append(W.CFG_BOOL.format(name="pdf", value=self.pdf))
        object.__setattr__(self, "groups", groups)
        if problems:
            raise ConfigError(W.CFG_HEADER + "\n" + "\n".join(f"  - {p}" for p in problems))

    # -- construction ---------------------------------------------------------------------

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> RunConfig:
        """Build from a mapping; unknown names are an error (all listed at once)."""
        unknown = [name for name in values if name not in KNOWN_NAMES]
        if unknown:
            raise ConfigError(
                W.CFG_HEADER
                + "\n"
                + "\n".join(
                    "  - " + W.CFG_UNKNOWN.format(name=n, known=", ".join(KNOWN_NAMES), where="")
                    for n in unknown
                )
            )
        return cls(**dict(values))

    @classmethod
    def from_namespace(cls, namespace: Mapping[str, Any]) -> RunConfig:
        """Build from a notebook's globals after the parameters cell (and papermill's).

        Every plain value (str, number, bool, None, list, dict) whose name does not start
        with ``_`` counts as a parameter, so a parameter papermill injected under a wrong
        name is caught here instead of being silently ignored.
        """
        values = {
            name: value
            for name, value in namespace.items()
            if not name.startswith("_")
            and name not in _KERNEL_NAMES
            and (value is None or isinstance(value, str | int | float | bool | list | dict))
        }
        return cls.from_mapping(values)

    @classmethod
    def from_cli(cls, round_path: str, pairs: list[tuple[str, str]] | list[list[str]]) -> RunConfig:
        """Build from ``allocation run ROUND -p NAME VALUE ...`` (values are strings)."""
        values: dict[str, Any] = {"round": round_path}
        problems = []
        for name, text in pairs:
            if name in ("round", "output"):
                problems.append(W.CFG_CLI_RESERVED.format(name=name))
                continue
            if name in values and name != "round":
                problems.append(W.CFG_DUPLICATE.format(name=name))
            values[name] = _parse_cli_value(name, text) if name in KNOWN_NAMES else text
        if problems:
            raise ConfigError(W.CFG_HEADER + "\n" + "\n".join(f"  - {p}" for p in problems))
        return cls.from_mapping(values)

    # -- use ------------------------------------------------------------------------------

    def resolve(self, path: str) -> Path:
        """A parameter path: relative to the current folder if it exists there, else to the
        project folder."""
        p = Path(path).expanduser()
        if p.is_absolute() or p.exists():
            return p
        candidate = PROJECT_ROOT / p
        return candidate if candidate.exists() else p

    @property
    def round_path(self) -> Path:
        return self.resolve(self.round)

    @property
    def output_path(self) -> Path | None:
        return Path(self.output) if self.output else None

    def rule_parameters(self) -> dict[str, Any]:
        """The rule parameters that were set (not None), in :data:`RULE_PARAMETERS` order."""
        return {
            name: getattr(self, name) for name in RULE_PARAMETERS if getattr(self, name) is not None
        }

    def robustness_parameters(self) -> dict[str, Any]:
        """The robustness parameters that were set (samples above 0, frames given)."""
        out: dict[str, Any] = {}
        for name in ROBUSTNESS_PARAMETERS:
            value = getattr(self, name)
            if value is not None and not switched_off(name, value):
                out[name] = value
        return out

    def as_dict(self) -> dict[str, Any]:
        """All parameters (for manifests and papermill)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}

    def replace(self, **changes: Any) -> RunConfig:
        return dataclasses.replace(self, **changes)
