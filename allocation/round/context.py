"""What the checks of one table know of the rest of the round."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from allocation.errors import Problem


@dataclass
class Context:
    """What the checks of the tables know of the round: the problems found so far and the
    parts of scheme.toml that parsed (``partial``, see :class:`~.scheme.SchemeResult`)."""

    problems: list[Problem]
    partial: dict[str, Any]


@dataclass
class Applications:
    """What the scores are checked against: the applications table (None when it could not
    be read) and its application key -> position."""

    table: pd.DataFrame | None
    index: dict[str, int]
    file: str

    @property
    def ids(self) -> np.ndarray:
        if self.table is None:
            return np.empty(0, dtype=object)
        return self.table["application_id"].to_numpy(dtype=object)
