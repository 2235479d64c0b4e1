"""Robustness to weights and assessors (``allocation robustness``), reproducible everywhere."""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocation.cli.main import main
from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.paths import EXAMPLES_DIR
from allocation.robust import Cancelled, robustness, robustness_files, write_files
from allocation.robust.samples import ASSESSORS, WEIGHTS, Sampler
from allocation.robust.stats import COLUMNS, classify, nearest_rank, robustness_table
from allocation.round.read import load_round

REGIONAL = EXAMPLES_DIR / "regional-2025"
NATIONAL = EXAMPLES_DIR / "national-2024"


@pytest.fixture(scope="module")
def regional():
    return load_round(REGIONAL)


def _nominal_funded(round_) -> list[bool]:
    result = allocate(round_)
    return (result.allocation["granted"] > 0).tolist()


def _csv(result) -> bytes:
    return dict(robustness_files(result))["robustness.csv"]


# -- the samples ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [REGIONAL, NATIONAL])
def test_scheme_weights_give_score_rounds_floats(path):
    round_ = load_round(path)
    scoring = score_round(round_)
    nominal = Sampler(round_, scoring).nominal()
    expected = scoring.total.to_numpy(dtype=float)
    assert np.array_equal(nominal, expected, equal_nan=True)
    # concentration inf: every weight sample is the scheme's weights exactly
    exact = Sampler(round_, scoring, concentration=math.inf)
    assert np.array_equal(exact.draw(1, WEIGHTS, 7), expected, equal_nan=True)


def test_samples_are_pure_functions_of_seed_kind_index(regional):
    scoring = score_round(regional)
    a, b = Sampler(regional, scoring), Sampler(regional, scoring)
    b.draw(1, WEIGHTS, 0)  # another draw first changes nothing
    for kind in (WEIGHTS, ASSESSORS):
        assert np.array_equal(a.draw(3, kind, 5), b.draw(3, kind, 5), equal_nan=True)
        assert not np.array_equal(a.draw(3, kind, 5), a.draw(4, kind, 5), equal_nan=True)


def _one_criterion(round_):
    """The round with all weight on its first criterion (every other weight 0)."""
    scheme = round_.scheme
    first = scheme.criteria[0]
    groups = {g: (1.0 if g == first.group else 0.0) for g in scheme.groups}
    criteria = tuple(
        dataclasses.replace(c, weight=1.0 if c is first else 0.0) for c in scheme.criteria
    )
    return round_.with_scheme(scheme.replace(groups=groups, criteria=criteria))


def test_zero_weights_stay_zero(regional):
    one = _one_criterion(regional)
    scoring = score_round(one)
    sampler = Sampler(one, scoring, concentration=5.0)
    for k in range(5):  # all mass on one criterion: the score is that criterion's mean
        assert np.array_equal(sampler.draw(1, WEIGHTS, k), scoring.total.to_numpy(), equal_nan=True)


def test_all_weight_on_one_criterion_equals_solving_on_it(regional):
    one = _one_criterion(regional)
    result = robustness(one, samples=4, vary="weights", concentration=3.0, executor="serial")
    funded = _nominal_funded(one)
    assert result.table["core_index"].tolist() == [1.0 if f else 0.0 for f in funded]


def test_infinite_concentration_gives_the_nominal_allocation(regional):
    result = robustness(
        regional, samples=3, vary="weights", concentration=math.inf, executor="serial"
    )
    funded = _nominal_funded(regional)
    assert result.table["core_index"].tolist() == [1.0 if f else 0.0 for f in funded]
    granted = allocate(regional).allocation["granted"].tolist()
    assert result.table["mean_grant"].tolist() == granted
    assert result.nominal.tolist() == granted
    # a very large concentration: the draws are within noise of the scheme's weights
    close = robustness(regional, samples=3, vary="weights", concentration=1e12, executor="serial")
    assert close.table["core_index"].tolist() == result.table["core_index"].tolist()


def test_one_assessor_per_cell_bootstrap_is_the_nominal(regional):
    first = regional.scores.groupby(["application_id", "criterion"], sort=False).head(1)
    single = dataclasses.replace(regional, scores=first.reset_index(drop=True))
    result = robustness(single, samples=3, vary="assessors", executor="serial")
    funded = _nominal_funded(single)
    assert result.table["funding_probability"].tolist() == [1.0 if f else 0.0 for f in funded]
    assert result.table["core_index"].isna().all()


# -- the figures ----------------------------------------------------------------------------------


def test_table_figures_by_hand():
    weights = np.array([[100, 0, 50], [100, 0, 0], [100, 0, 0], [100, 0, 0]])
    table = robustness_table(["a", "b", "c"], weights, None)
    assert list(table.columns) == COLUMNS
    assert table["core_index"].tolist() == [1.0, 0.0, 0.25]
    assert table["funding_probability"].isna().all()
    assert table["class"].tolist() == ["robust_funded", "robust_not_funded", "borderline"]
    assert table["mean_grant"].tolist() == [100, 0, 13]  # 12.5 rounds half up
    assert nearest_rank(np.array([0, 0, 0, 50]), 90) == 50
    assert nearest_rank(np.array([0, 0, 0, 50]), 10) == 0
    assert classify(0.9) == "robust_funded" and classify(0.1) == "robust_not_funded"
    both = robustness_table(["a"], np.array([[0], [0]]), np.array([[10], [10]]))
    assert both["class"].tolist() == ["robust_funded"]  # the probability decides
    assert both["mean_grant"].tolist() == [5]


def test_seeded_run_is_reproduced_byte_for_byte(regional):
    a = robustness(regional, samples=8, seed=7, executor="serial")
    b = robustness(regional, samples=8, seed=7, executor="serial")
    assert _csv(a) == _csv(b)
    c = robustness(regional, samples=8, seed=8, executor="serial")
    assert _csv(a) != _csv(c)
    ja, jb = a.as_json(), b.as_json()
    ja.pop("timings"), jb.pop("timings")
    assert ja == jb
    # --vary both draws the very weight samples of --vary weights
    w = robustness(regional, samples=8, seed=7, vary="weights", executor="serial")
    assert w.table["core_index"].tolist() == a.table["core_index"].tolist()


def test_progress_and_cancel(regional):
    calls = []
    robustness(regional, samples=3, vary="weights", executor="serial",
               progress=lambda done, total: calls.append((done, total)))  # fmt: skip
    assert calls[0] == (0, 3) and calls[-1] == (3, 3)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        robustness(regional, samples=3, executor="serial", cancel=cancel)


def test_infeasible_nominal_rules(regional, tmp_path):
    blocked = regional.with_scheme(regional.scheme.replace(projects_min=100))
    result = robustness(blocked, samples=3, executor="serial")
    assert not result.ok and str(result.status) == "infeasible"
    names = [n for n, _ in robustness_files(result)]
    assert names == ["robustness.json"]


# -- the command ----------------------------------------------------------------------------------


def test_cli_robustness(tmp_path, capsys):
    out = tmp_path / "r"
    code = main(["robustness", str(REGIONAL), "--samples", "4", "--vary", "weights",
                 "--workers", "1", "--out", str(out)])  # fmt: skip
    assert code == 0
    with open(out / "robustness.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == COLUMNS
    assert all(r["funding_probability"] == "" for r in rows)
    assert all(r["core_index"] != "" for r in rows)
    data = json.loads((out / "robustness.json").read_text(encoding="utf-8"))
    assert data["samples"] == 4 and data["seed"] == 1
    assert data["counts"]["weights"]["drawn"] == 4
    assert "Robusthet: 4 trekk" in capsys.readouterr().out
    assert main(["robustness", str(REGIONAL), "--samples", "2", "--out", str(out)]) == 2
    assert main(["robustness", str(REGIONAL), "--samples", "0"]) == 2


def test_cli_robustness_exit_3_when_infeasible(tmp_path):
    folder = tmp_path / "round"
    folder.mkdir()
    for f in REGIONAL.iterdir():
        text = f.read_bytes()
        if f.name == "scheme.toml":
            text = text.replace(b"[grants]\n", b"[grants]\nprojects = [40]\n", 1)
        (folder / f.name).write_bytes(text)
    out = tmp_path / "out"
    assert main(["robustness", str(folder), "--samples", "2", "--out", str(out)]) == 3
    assert sorted(p.name for p in out.iterdir()) == ["robustness.json"]


# -- parallel and Dask ----------------------------------------------------------------------------


@pytest.mark.slow
def test_pool_gives_the_serial_files(regional, tmp_path):
    serial = robustness(regional, samples=12, seed=3, executor="serial")
    pool = robustness(regional, samples=12, seed=3, executor="pool", workers=2)
    assert _csv(serial) == _csv(pool)
    assert pool.timings["executor"] == "pool"


@pytest.mark.slow
def test_local_dask_cluster_gives_the_serial_files(regional, tmp_path):
    distributed = pytest.importorskip("distributed")
    serial = robustness(regional, samples=10, seed=5, executor="serial")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        on_dask = robustness(regional, samples=10, seed=5, scheduler=cluster.scheduler_address)
    assert on_dask.timings["executor"] == "dask"
    write_files(tmp_path / "a", robustness_files(serial))
    write_files(tmp_path / "b", robustness_files(on_dask))
    assert (tmp_path / "a" / "robustness.csv").read_bytes() == (
        tmp_path / "b" / "robustness.csv"
    ).read_bytes()
    ja = json.loads((tmp_path / "a" / "robustness.json").read_text(encoding="utf-8"))
    jb = json.loads((tmp_path / "b" / "robustness.json").read_text(encoding="utf-8"))
    ja.pop("timings"), jb.pop("timings")
    assert ja == jb


def test_frame_helpers_keep_types(regional):
    result = robustness(regional, samples=2, vary="assessors", executor="serial")
    assert isinstance(result.table, pd.DataFrame)
    assert str(result.table["mean_grant"].dtype) == "Int64"
    assert Path(REGIONAL).is_dir()


@pytest.mark.slow
def test_innstilling_carries_the_robustness_section(tmp_path):
    from allocation.run.config import RunConfig
    from allocation.run.steps import innstilling_step

    cfg = RunConfig(
        round=str(REGIONAL),
        output=str(tmp_path),
        robustness_samples=6,
        sweep_from=2_000_000,
        sweep_to=3_500_000,
        sweep_step=500_000,
    )
    step = innstilling_step(cfg)
    inn = step.innstilling
    headings = [s.heading for s in inn.sections]
    assert "Hvor robust er innstillingen?" in headings
    table = inn.table("robustness")
    assert table is not None and table.rows
    assert any(c.key == "sweep" for c in inn.charts())
    written = sorted(p.name for p in tmp_path.iterdir())
    for name in ("robustness.csv", "robustness.json", "sweep.csv", "sweep.png",
                 "sweep_frames.csv", "sweep_applications.csv", "innstilling.docx"):  # fmt: skip
        assert name in written
    frames = (tmp_path / "sweep_frames.csv").read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in frames[1:]] == [
        "2000000",
        "2500000",
        "3000000",
        "3500000",
    ]


def test_run_parameters_are_checked():
    from allocation.errors import ConfigError
    from allocation.run.config import RunConfig

    cfg = RunConfig.from_cli(
        str(REGIONAL), [("robustness_samples", "200"), ("sweep_step", "50 000")]
    )
    assert cfg.robustness_samples == 200 and cfg.sweep_step == 50_000
    assert cfg.robustness_parameters() == {"robustness_samples": 200, "sweep_step": 50_000}
    assert RunConfig(round=str(REGIONAL)).robustness_parameters() == {}
    for bad in ({"robustness_samples": -1}, {"sweep_step": 0}, {"sweep_from": "x"}):
        with pytest.raises(ConfigError):
            RunConfig(round=str(REGIONAL), **bad)


def test_locks_hold_in_every_sample(regional):
    from allocation.results import Lock

    nominal = allocate(regional).allocation.set_index("application_id")["granted"]
    funded = next(a for a, g in nominal.items() if g > 0)
    locks = {funded: Lock(action="must_not_fund", reason="test")}
    result = robustness(regional, samples=4, vary="weights", executor="serial", locks=locks)
    table = result.table.set_index("application_id")
    assert table.loc[funded, "core_index"] == 0.0
    locked = allocate(regional, locks=locks).allocation["granted"].tolist()
    assert result.nominal.tolist() == locked
    assert result.parameters["locks"] == {funded: "must_not_fund"}


@pytest.mark.parametrize("lang", ["nb", "nn"])
def test_the_section_reads_in_the_innstillings_written_standard(regional, lang):
    """With ``[case] malform = "nn"`` the section, its table and its chart caption are nynorsk
    (and bokmål otherwise): no marker word of the other standard in the package's text."""
    import dataclasses as dc
    from types import SimpleNamespace

    from malform_markers import leaks

    from allocation.report.robustness_section import robustness_section
    from allocation.robust import sweep
    from allocation.wording import robustness as WR
    from allocation.wording.innstilling import words as innstilling_words

    nb, nn = WR.SECTION_TEXTS["nb"], WR.SECTION_TEXTS["nn"]
    assert set(nb) == set(nn) == set(WR.SECTION_KEYS)
    round_ = regional.with_scheme(
        regional.scheme.replace(case=dc.replace(regional.scheme.case, malform=lang))
    )
    result = allocate(round_)
    robust = robustness(round_, samples=8, executor="serial")
    curve = sweep(round_, 2_000_000, 3_000_000, 500_000)
    w = innstilling_words(lang)
    ctx = SimpleNamespace(alloc=result.allocation, lang=lang, charts=False, w=w)
    sec = robustness_section(ctx, robust, curve)
    assert sec.heading == WR.SECTION_TEXTS[lang]["SECTION_HEADING"]
    applicants = set(result.allocation["applicant"].astype(str))
    texts = [sec.heading] + [b.text for b in sec.blocks if getattr(b, "text", None)]
    for block in sec.blocks:
        table = getattr(block, "table", None)
        if table is not None:
            assert table.sheet == w.SHEET_ROBUSTNESS
            texts += [table.sheet, table.caption] + [c.header for c in table.columns]
            texts += [str(r["class"]) for r in table.rows]
    assert any(b.table is not None and b.table.rows for b in sec.blocks)
    words = " ".join(texts)
    for name in applicants:  # applicant names are data, in either standard
        words = words.replace(name, "")
    assert leaks(words, lang) == set()
