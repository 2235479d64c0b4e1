"""Where the explorer finds its round and writes its files: the names both the server and the
app use, in a module that imports nothing heavy (the server reads them before it starts Voilà,
and must not wait for pandas and ipywidgets to do so)."""

from __future__ import annotations

import os
from pathlib import Path

from allocation.paths import EXAMPLES_DIR, PROJECT_ROOT

__all__ = ["DEFAULT_ROUND", "ENV_REPORTS_DIR", "ENV_ROUND", "ENV_SCENARIO_DIR", "resolve_round"]

ENV_ROUND = "ALLOCATION_ROUND"
ENV_SCENARIO_DIR = "ALLOCATION_SCENARIO_DIR"
#: The reports folder (``reports/`` of the folder ``make explore`` started in): a Voilà kernel
#: runs in the notebook's folder, so the server passes it on.
ENV_REPORTS_DIR = "ALLOCATION_REPORTS_DIR"
DEFAULT_ROUND = EXAMPLES_DIR / "regional-2025"


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
