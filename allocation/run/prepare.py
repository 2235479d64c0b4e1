"""A round under a run's rules, and its result files (shared by ``allocation run`` and the
notebooks).

The rules of a run come from three places, later ones winning: the scheme (``scheme.toml``),
the scenario file, and the run's parameters. :func:`prepare` applies them once; every notebook
step and the run pipeline start from its :class:`Prepared`.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.orchestrator import allocate
from allocation.results import AllocationResult, Lock, allocation_csv_text, write_outputs
from allocation.round.data import Round
from allocation.round.read import load_round
from allocation.run.config import RunConfig, apply_rules
from allocation.run.scenario import Scenario, apply_scenario, load_scenario


@dataclass
class Prepared:
    """A round under the run's rules: the scenario and the parameters applied."""

    config: RunConfig
    round: Round  # with the rule overrides applied
    original: Round  # as loaded
    locks: dict[str, Lock]
    scenario: Scenario | None
    solver: str
    time_limit: float | None
    rules: dict[str, Any]  # the effective rule overrides (scenario, then parameters)

    def allocate(self) -> AllocationResult:
        """:func:`allocation.orchestrator.allocate` under these rules."""
        return allocate(
            self.round, solver=self.solver, locks=self.locks or None, time_limit=self.time_limit
        )


def prepare(cfg: RunConfig, round_: Round | None = None) -> Prepared:
    """Load the round (unless given), apply the scenario, then the parameters over it.

    Raises
    ------
    DataValidationError
        The round is invalid.
    ConfigError
        The scenario file is invalid, or names applications or groups that do not exist.
    """
    original = round_ if round_ is not None else load_round(cfg.round_path)
    scenario = load_scenario(cfg.resolve(cfg.scenario)) if cfg.scenario else None
    rules: dict[str, Any] = {}
    groups = None
    locks: dict[str, Lock] = {}
    base = original
    if scenario is not None:
        base, locks = apply_scenario(original, scenario)
        rules.update(scenario.parameters)
        groups = scenario.groups
    overrides = cfg.rule_parameters()
    rules.update(overrides)
    if cfg.groups is not None:
        groups = cfg.groups
    changed = apply_rules(base, overrides, cfg.groups)
    if groups is not None:
        rules["groups"] = groups
    return Prepared(
        config=cfg,
        round=changed,
        original=original,
        locks=locks,
        scenario=scenario,
        solver=str(rules.get("solver") or "highs"),
        time_limit=rules.get("time_limit"),
        rules=rules,
    )


def deterministic_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """summary.json's content without the wall-clock ``timings`` (kept in the manifest)."""
    return {k: v for k, v in summary.items() if k != "timings"}


def write_result(result: AllocationResult, out_dir: Path) -> list[Path]:
    """Write allocation.csv and summary.json with :func:`allocation.results.write_outputs`
    (without timings, see :func:`deterministic_summary`)."""
    clean = dataclasses.replace(result, summary=deterministic_summary(result.summary))
    return write_outputs(clean, Path(out_dir))


def csv_roundtrip(table: pd.DataFrame) -> pd.DataFrame:
    """The allocation as read back from allocation.csv (text cells), to compare like with like."""
    text = allocation_csv_text(table)
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
