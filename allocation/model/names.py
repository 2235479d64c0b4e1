"""Names of the model's columns and rows: LP-file-safe, unique, readable."""

from __future__ import annotations

import re
from collections.abc import Iterable


def safe_names(labels: Iterable[str], prefix: str) -> list[str]:
    """``prefix_label`` with characters outside [A-Za-z0-9_] replaced, made unique.

    >>> safe_names(["Ålesund", "a b", "a b"], "x")
    ['x__lesund', 'x_a_b', 'x_a_b_2']
    """
    out: list[str] = []
    seen: set[str] = set()
    for n, label in enumerate(labels):
        base = re.sub(r"[^A-Za-z0-9_]", "_", label) or "blank"
        name = f"{prefix}_{base}"
        if name in seen:
            name = f"{name}_{n}"
        seen.add(name)
        out.append(name)
    return out
