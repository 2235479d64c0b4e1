"""The exact check of an integer allocation against every rule in force, and its objective.

Every answer passes through here: the solver's (before any value is used), the greedy
baseline's and an edited table's. Each rule family checks itself
(:meth:`allocation.model.rules.Rule.broken`); this module only loops over them.
"""

from __future__ import annotations

import numpy as np

from allocation.model.data import ModelData
from allocation.model.rules import Tally
from allocation.records import Reason

#: Parameters that identify the instance of a rule in a violation's name.
_INSTANCE_KEYS = ("region", "model", "applicant", "id")


def broken_rules(d: ModelData, g: np.ndarray, x: np.ndarray) -> list[Reason]:
    """Every instance of a rule in force that the allocation (grants ``g`` in kroner) breaks."""
    tally = Tally.of(d, g, x)
    return [fact for rule in d.active_rules for fact in rule.broken(d, tally)]


def violation_name(fact: Reason) -> str:
    """A broken rule as a short name: ``max_per_model:CSNAT``, ``budget``."""
    instance = next((fact.params[k] for k in _INSTANCE_KEYS if k in fact.params), None)
    return fact.rule if instance is None else f"{fact.rule}:{instance}"


def violations(d: ModelData, k: np.ndarray, x: np.ndarray) -> list[str]:
    """Rules that the integer solution ``(k, x)`` (k in units of R) breaks, by name; [] if none."""
    k = np.asarray(k, dtype=np.int64)
    return [violation_name(f) for f in broken_rules(d, k * d.R, np.asarray(x, dtype=np.int64))]


def objective_value(d: ModelData, k: np.ndarray) -> float:
    """The contract objective of grants ``g = R k``, summed in candidate (input) order."""
    s = 0.0
    if d.policy == "coverage":
        for j in range(d.n):
            if k[j]:
                s += float(d.score[j]) * float(int(k[j]) * d.R) / float(int(d.K[j]) * d.R)
    else:
        for j in range(d.n):
            if k[j]:
                s += float(d.score[j]) * float(int(k[j]) * d.R)
    return s
