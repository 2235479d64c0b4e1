"""The checks and counts the orchestrator, the robustness analysis and the commands share."""

from __future__ import annotations

import pandas as pd
import pytest

from allocation.errors import ConfigError
from allocation.orchestrator import check_budget, check_solver
from allocation.results import SolveStatus
from allocation.robust.analysis import RobustnessResult
from allocation.robust.execute import default_workers, executor_name
from allocation.robust.stats import CLASSES, SampleCounts
from allocation.wording import robustness as WR


def test_check_solver_normalises_and_names_the_choices() -> None:
    assert check_solver("HiGHS") == "highs"
    with pytest.raises(ConfigError) as err:
        check_solver("gurobi")
    assert str(err.value) == WR.UNKNOWN_SOLVER.format(solver="gurobi")


def test_check_budget_returns_b_and_names_the_terms_when_negative() -> None:
    assert check_budget(1_000_000, 50_000, 150_000) == 900_000
    assert check_budget(100, 0, 100) == 0
    with pytest.raises(ConfigError) as err:
        check_budget(100_000, 0, 250_000)
    text = str(err.value)
    assert "ramme 100 000 kr" in text and text.endswith("250 000 kr = -150 000 kr.")


def test_default_workers() -> None:
    assert default_workers(3) == 3
    assert default_workers(None) >= 1
    assert executor_name(None, tasks=5, workers=1) == "serial"
    assert executor_name(None, tasks=5, workers=2) == "pool"
    assert executor_name("tcp://x:8786", tasks=5) == "dask"


def _result(classes: list[str], counts: dict[str, SampleCounts]) -> RobustnessResult:
    table = pd.DataFrame({"application_id": [f"A{i}" for i in range(len(classes))]})
    table["class"] = classes
    table["core_index"] = float("nan")
    table["funding_probability"] = float("nan")
    params = {"seed": 1, "samples": 4}
    return RobustnessResult(SolveStatus.OPTIMAL, table, pd.Series(dtype="int64"), params, counts)


def test_class_counts_in_class_order_with_zeros_and_the_unclassified_last() -> None:
    result = _result(["borderline", "robust_funded", "", "robust_funded"], {})
    counts = result.class_counts()
    assert list(counts) == [*CLASSES, ""]
    assert counts == {"robust_funded": 2, "borderline": 1, "robust_not_funded": 0, "": 1}
    # robustness.json keeps the classes present, sorted by name
    assert result.as_json()["classes"] == {"": 1, "borderline": 1, "robust_funded": 2}


def test_lost_counts_infeasible_and_stopped_samples_of_every_kind() -> None:
    counts = {
        "weights": SampleCounts(drawn=10, infeasible=2, time_limit=1),
        "assessors": SampleCounts(drawn=5, infeasible=0, time_limit=3),
    }
    assert _result(["borderline"], counts).lost == 6
    assert _result([], {}).class_counts() == dict.fromkeys(CLASSES, 0)
