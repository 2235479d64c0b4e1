"""Allocation modelling suite for Norwegian state grant schemes (tilskuddsordninger).

The public surface is small: load and validate a round, allocate its money, read the decisions.

>>> import allocation
>>> sorted(allocation.__all__)[:3]
['AllocationError', 'AllocationResult', 'ConfigError']

Names are imported on first use (PEP 562, :mod:`allocation.lazy`), so ``import allocation``
stays light for the command line; ``from allocation import allocate`` works as usual.
"""

from __future__ import annotations

from allocation.lazy import exports

__version__ = "0.1.0"

#: Public name -> the module that defines it.
_PUBLIC = {
    "allocate": "allocation.orchestrator",
    "Summary": "allocation.orchestrator",
    "load_round": "allocation.round.read",
    "check_round": "allocation.round.read",
    "Round": "allocation.round.data",
    "Scheme": "allocation.round.data",
    "AllocationResult": "allocation.results",
    "SolveStatus": "allocation.results",
    "Lock": "allocation.results",
    "Decision": "allocation.records",
    "Reason": "allocation.records",
    "Explanation": "allocation.records",
    "Rule": "allocation.model.rules",
    "AllocationError": "allocation.errors",
    "ConfigError": "allocation.errors",
    "DataValidationError": "allocation.errors",
    "Problem": "allocation.errors",
}

__all__ = ["__version__", *_PUBLIC]

__getattr__, __dir__ = exports(__name__, _PUBLIC, extra=["__version__"])
