"""The budget curve (``allocation sweep``): at every frame the grants of ``allocate(budget=F)``."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from test_bruteforce import rounds

from allocation.cli.main import main
from allocation.errors import ConfigError
from allocation.orchestrator import allocate
from allocation.paths import EXAMPLES_DIR
from allocation.robust import default_frames, sweep, sweep_files, write_files
from allocation.robust.curve import frames_between
from allocation.round.read import load_round

REGIONAL = EXAMPLES_DIR / "regional-2025"
NATIONAL = EXAMPLES_DIR / "national-2024"


@pytest.fixture(scope="module")
def regional():
    return load_round(REGIONAL)


@pytest.fixture(scope="module")
def national():
    return load_round(NATIONAL)


def _assert_like_allocate(round_, result, frames, policy=None):
    for frame in frames:
        expected = allocate(round_, budget=frame, policy=policy)
        at = result.long[result.long["frame"] == frame]
        row = result.by_frame[result.by_frame["frame"] == frame].iloc[0]
        assert row["status"] == expected.status.value
        if expected.allocation is None:
            assert at["granted"].isna().all()
            continue
        table = expected.allocation
        assert at["application_id"].tolist() == table["application_id"].tolist()
        assert at["granted"].astype("int64").tolist() == table["granted"].tolist(), frame
        assert at["decision"].tolist() == table["decision"].tolist(), frame
        assert int(row["granted_total"]) == expected.summary["granted_total"]
        assert int(row["funded"]) == expected.summary["funded"]


@pytest.mark.parametrize("name", ["regional", "national"])
def test_grants_at_each_frame_equal_allocate(name, request):
    round_ = request.getfixturevalue(name)
    frame = int(round_.scheme.frame)
    R = int(round_.scheme.rounding)
    start = frame // 2 // R * R
    result = sweep(round_, start, start + 6 * 250 * R, 250 * R)
    _assert_like_allocate(round_, result, result.frames[::2])


@pytest.mark.parametrize("policy", ["priority", "coverage"])
def test_grants_equal_allocate_under_every_policy(regional, policy):
    result = sweep(regional, 2_000_000, 3_800_000, 600_000, policy=policy)
    _assert_like_allocate(regional, result, result.frames, policy=policy)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["regional", "national"])
def test_every_frame_of_a_full_sweep_equals_allocate(name, request):
    round_ = request.getfixturevalue(name)
    result = sweep(round_, *default_frames(round_.scheme))
    assert 39 <= len(result.frames) <= 43  # about 41 (the step is rounded to R)
    _assert_like_allocate(round_, result, result.frames)


@given(case=rounds(max_apps=6))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_random_small_rounds_equal_allocate(case):
    round_, locks = case
    if locks:  # the sweep has no locks
        return
    frame = int(round_.scheme.frame)
    R = int(round_.scheme.rounding or 1)
    committed = int(round_.applications["committed"].astype("int64").sum())
    start = max(committed - int(round_.scheme.carry_over), 0)
    step = max(R, (frame // 2) // R * R)
    result = sweep(round_, start, start + 3 * step, step)
    _assert_like_allocate(round_, result, result.frames)


def test_tables_first_funded_and_marginal(regional):
    result = sweep(regional, 1_500_000, 5_500_000, 100_000)
    apps = result.by_application.set_index("application_id")
    for app_id, row in apps.iterrows():
        grants = result.long[result.long["application_id"] == app_id]
        funded = grants[grants["granted"] > 0]
        expected = None if funded.empty else int(funded["frame"].iloc[0])
        got = row["first_funded_frame"]
        assert (
            None if got is None or got is np.nan or str(got) == "<NA>" else int(got)
        ) == expected
    # the marginal application is funded, and funded last in the ranking
    for frame_row in result.by_frame.itertuples(index=False):
        at = result.long[result.long["frame"] == frame_row.frame].set_index("application_id")
        assert at.loc[frame_row.marginal, "granted"] > 0


def test_frames_range_checks():
    assert frames_between(0, 10, 5) == [0, 5, 10]
    assert frames_between(0, 11, 5) == [0, 5, 10]
    for bad in ((10, 0, 5), (0, 10, 0), (-5, 10, 5), (0, 10**9, 1)):
        with pytest.raises(ConfigError):
            frames_between(*bad)


def test_negative_budget_is_an_error(regional):
    with pytest.raises(ConfigError, match="negativt"):
        sweep(regional, 0, 100_000, 50_000)  # carry_over 150 000, committed above it


def test_files_written_all_or_nothing(regional, tmp_path):
    result = sweep(regional, 2_500_000, 3_000_000, 250_000)
    written = write_files(tmp_path / "out", sweep_files(result))
    names = sorted(p.name for p in written)
    assert names == ["sweep.csv", "sweep.png", "sweep_applications.csv", "sweep_frames.csv"]
    with open(tmp_path / "out" / "sweep_frames.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["frame"]) for r in rows] == [2_500_000, 2_750_000, 3_000_000]
    assert not list((tmp_path / "out").glob(".*"))


def test_cli_sweep(tmp_path, capsys):
    out = tmp_path / "curve"
    code = main(
        [
            "sweep", str(REGIONAL), "--from", "2 000 000", "--to", "3000000", "--step",
            "500_000", "--out", str(out),
        ]
    )  # fmt: skip
    assert code == 0
    assert (out / "sweep.png").read_bytes()[:4] == b"\x89PNG"
    text = (out / "sweep.csv").read_text(encoding="utf-8")
    assert text.startswith("frame,application_id,granted,decision\n")
    assert "Budsjettkurve: 3 rammer" in capsys.readouterr().out
    # the folder is now not empty: a usage error, nothing written
    assert main(["sweep", str(REGIONAL), "--from", "1", "--to", "2", "--step", "1",
                 "--out", str(out)]) == 2  # fmt: skip
    assert main(["sweep", str(REGIONAL), "--from", "x", "--to", "2", "--step", "1"]) == 2
    assert main(["sweep", str(tmp_path / "missing"), "--from", "1", "--to", "2", "--step", "1",
                 "--out", str(tmp_path / "new")]) == 1  # fmt: skip
    assert not (tmp_path / "new").exists()


def test_default_frames(regional):
    start, stop, step = default_frames(regional.scheme)
    R = int(regional.scheme.rounding)
    assert start % R == stop % R == step % R == 0
    assert 39 <= len(frames_between(start, stop, step)) <= 43
    assert Path(REGIONAL).is_dir()


def test_locks_hold_at_every_frame(regional):
    from allocation.results import Lock

    locks = {"KT25-01": Lock(action="must_not_fund")}
    result = sweep(regional, 2_500_000, 3_500_000, 500_000, locks=locks)
    for frame in result.frames:
        expected = allocate(regional, budget=frame, locks=locks).allocation
        assert result.granted(frame).tolist() == expected["granted"].tolist()
