"""Scenarios saved in the explorer, and scenario files written and read.

A saved scenario keeps its settings and what they gave (status, totals, the grant of every
application), so that the comparison shows them without solving again. An exported scenario is
the file ``allocation run ROUND --scenario FILE`` reads; the explorer never writes documents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from allocation.errors import ConfigError
from allocation.explore.settings import Settings, from_scenario, to_scenario
from allocation.results import AllocationResult
from allocation.round.data import Round
from allocation.run.scenario import Scenario, load_scenario, save_scenario
from allocation.wording import widgets as T


@dataclass
class SavedScenario:
    """A scenario saved in the explorer: its settings and what they gave."""

    name: str
    settings: Settings
    status: str
    totals: dict[str, int]
    grants: dict[str, int] | None  # application_id -> granted (None unless optimal)


def status_of(result: AllocationResult) -> str:
    """The solve's status as text (``"optimal"``, ``"infeasible"``, ...)."""
    return str(getattr(result.status, "value", result.status))


def totals_of(result: AllocationResult) -> dict[str, int]:
    """The figures shown at the top: budget B, granted, left, and counts per outcome."""
    table = result.allocation
    budget = int(result.summary.get("budget", 0) or 0)
    committed = int(result.summary.get("committed_total", 0) or 0)
    if table is None:
        return {"budget": budget, "committed": committed}
    decisions = table["decision"]
    granted = int(table["granted"].sum())
    return {
        "budget": budget,
        "committed": committed,
        "granted": granted,
        "left": budget - granted,
        "full": int((decisions == "innvilget").sum()),
        "partial": int((decisions == "delvis_innvilget").sum()),
        "none": int(decisions.isin(["avslått", "avvist"]).sum()),
        "funded": int((table["granted"] > 0).sum()),
    }


def saved_scenario(name: str, settings: Settings, result: AllocationResult | None) -> SavedScenario:
    """Settings and what they gave (``result`` None: they could not be solved)."""
    if result is None:
        return SavedScenario(name, settings, "error", {}, None)
    grants = None
    if result.allocation is not None:
        table = result.allocation
        ids, granted = table["application_id"].astype(str), table["granted"].astype(int)
        grants = {a: int(g) for a, g in zip(ids, granted, strict=True)}
    return SavedScenario(name, settings, status_of(result), totals_of(result), grants)


def slug(text: str) -> str:
    """A name as a CSS class part (``"Ramme 1,8"`` -> ``"Ramme_1_8"``); ASCII only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "x"


def file_stem(name: str) -> str:
    """A scenario name as a file stem that keeps Norwegian letters.

    Letters and digits of any script stay (``"skjønn"`` stays ``"skjønn"``, composed as NFC so
    that ``ø`` is one character on every file system); anything else becomes ``_``.

    Examples
    --------
    >>> file_stem("Skjønn på Ålesund 3,2 mill")
    'Skjønn_på_Ålesund_3_2_mill'
    >>> file_stem("../")
    'scenario'
    """
    text = unicodedata.normalize("NFC", name)
    return re.sub(r"[^\w-]+", "_", text).strip("_-") or "scenario"


def write_scenario_file(scenario: Scenario, path: str | Path) -> Path:
    """Write a scenario file atomically (:func:`allocation.run.scenario.save_scenario`, which
    gives it the normal file mode); the folder is made when missing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_scenario(scenario, path)
    return path


def export_scenario_file(settings: Settings, base: Settings, name: str, path: str | Path) -> Path:
    """Write ``settings`` (relative to the scheme's ``base``) as a scenario file.

    Raises
    ------
    ConfigError
        A lock has no reason, or the scenario does not validate.
    """
    missing = settings.missing_reasons()
    if missing:
        raise ConfigError(T.SCENARIO_NEED_REASONS.format(ids=", ".join(missing)))
    scenario = to_scenario(settings, base, name, T.SCENARIO_DESCRIPTION)
    return write_scenario_file(scenario, path)


def default_export_path(export_dir: Path, name: str) -> Path:
    """Where a scenario is exported when no path is given."""
    return export_dir / f"{file_stem(name)}.toml"


def read_scenario_file(round_: Round, path: str | Path) -> tuple[str, Settings]:
    """A scenario file's name and the settings it gives on a round (as ``allocation run``)."""
    scenario = load_scenario(path)
    return scenario.name, from_scenario(round_, scenario)
