"""What it would take (allocation.whatif): every figure re-solved at its value and one step below.

The frame: funded at the reported frame, not funded one step R below (and, where the scan was
exact, at no frame below it). The score: funded at the reported score, not funded 0.01 below.
A rule that holds an application out whatever its score: not funded with the top of the scale.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLES_DIR
from roundkit import load, make_round, simple_scheme

from allocation.model.scoring import score_round
from allocation.orchestrator import allocate
from allocation.results import AllocationResult, Lock
from allocation.round.data import Criterion, Round
from allocation.whatif import WhatItTakes, what_it_takes, with_score

EXAMPLES = EXAMPLES_DIR


def _grant(result: AllocationResult, app_id: str) -> int:
    assert result.allocation is not None
    a = result.allocation
    return int(a.loc[a["application_id"] == app_id, "granted"].iloc[0])


def _at_frame(result: AllocationResult, app_id: str, frame: int) -> int:
    assert result.round is not None
    return _grant(allocate(result.round, budget=frame, locks=result.locks), app_id)


def _at_score(result: AllocationResult, app_id: str, score: float) -> int:
    assert result.round is not None
    changed = with_score(result.round, app_id, score)
    return _grant(allocate(changed, locks=result.locks), app_id)


def verify(result: AllocationResult, w: WhatItTakes) -> None:
    """Re-solve every figure of ``w`` at its value (funded) and one step below (not funded)."""
    assert result.round is not None
    scheme = result.round.scheme
    R = int(scheme.rounding)
    if w.frame is not None:
        assert w.frame_grant is not None and w.frame_grant > 0
        assert _at_frame(result, w.application_id, w.frame) == w.frame_grant
        assert _at_frame(result, w.application_id, w.frame - R) == 0
    if w.score_needed is not None:
        assert w.score_grant is not None and w.score_grant > 0
        assert _at_score(result, w.application_id, w.score_needed) == w.score_grant
        assert _at_score(result, w.application_id, round(w.score_needed - 0.01, 2)) == 0
        assert w.score is None or w.score_needed > w.score
        assert not w.held_out
    elif w.searched and not w.frame_out and not w.unsolved:
        # held out whatever its score: not even the top of the scale funds it
        assert w.held_out
        assert _at_score(result, w.application_id, float(scheme.scale[1])) == 0


def small_round(**changes: Any) -> Round:
    apps = [
        {"application_id": "A", "requested": 400_000, "region": "Nord", "model": "m1"},
        {"application_id": "B", "requested": 300_000, "region": "Nord", "model": "m2"},
        {"application_id": "C", "requested": 300_000, "region": "Sør", "model": "m1"},
        {"application_id": "D", "requested": 200_000, "region": "Sør", "model": "m2"},
        {"application_id": "E", "requested": 250_000, "region": "Sør", "model": "m3"},
    ]
    scores = {"A": 5.0, "B": 4.5, "C": 4.0, "D": 3.5, "E": 3.0}
    base = {"frame": 700_000, "rounding": 50_000, "scale": (1.0, 6.0)}
    return make_round(apps, scores, **{**base, **changes})


def test_with_score_sets_the_total_and_nothing_else() -> None:
    scheme = simple_scheme(
        groups={"G": 0.75, "H": 0.25},
        criteria=(
            Criterion("q", "G", weight=2.0),
            Criterion("r", "G", weight=1.0),
            Criterion("s", "H", weight=1.0),
        ),
    )
    rows = [
        {"application_id": a, "assessor": x, "criterion": c, "score": v}
        for a, x, c, v in [
            ("A", "X", "q", 4), ("A", "X", "r", 2), ("A", "X", "s", 5), ("A", "Y", "q", 3),
            ("B", "X", "q", 6), ("B", "X", "r", 1), ("B", "X", "s", 2),
        ]
    ]  # fmt: skip
    rnd = make_round(
        [{"application_id": "A", "requested": 1}, {"application_id": "B", "requested": 1}],
        rows,
        scheme=scheme,
    )
    before = score_round(rnd).total
    after = score_round(with_score(rnd, "A", 4.37)).total
    assert after["A"] == pytest.approx(4.37, abs=1e-12)
    assert after["B"] == before["B"]


@pytest.mark.parametrize("policy", ["merit", "coverage", "priority"])
def test_small_round_every_figure_verified(policy: str) -> None:
    result = allocate(small_round(policy=policy))
    figures = what_it_takes(result, coarse_points=100)
    assert figures, "the small round leaves applications without a grant"
    alloc = result.allocation
    assert alloc is not None
    unfunded = set(alloc.loc[alloc["granted"] == 0, "application_id"])
    assert {w.application_id for w in figures} == unfunded
    for w in figures:
        assert w.searched and w.frame_exact  # 14 steps of R: every frame was solved
        verify(result, w)
    # exact: no frame below the reported one funds it (scanned here one step at a time)
    for w in figures:
        if w.frame is not None:
            for frame in range(700_000 + 50_000, w.frame, 50_000):
                assert _at_frame(result, w.application_id, frame) == 0


def test_frame_beyond_twice_the_frame() -> None:
    rnd = small_round(frame=100_000, cap=100_000, floor=100_000)
    result = allocate(rnd)
    figures = {w.application_id: w for w in what_it_takes(result)}
    # one grant of 100 000 kr; twice the frame funds two: B, and nobody else
    assert figures["B"].frame == 200_000
    for app_id in ("C", "D", "E"):
        assert figures[app_id].frame is None
        assert figures[app_id].frame_limit == 200_000
        verify(result, figures[app_id])


def test_rule_holds_out_whatever_the_score() -> None:
    """one_per_applicant with the sibling locked in: no score can fund it."""
    apps = [
        {"application_id": "A", "requested": 300_000, "applicant": "Kommune"},
        {"application_id": "B", "requested": 300_000, "applicant": "Kommune"},
        {"application_id": "C", "requested": 300_000, "applicant": "Annen"},
    ]
    rnd = make_round(
        apps, {"A": 3.0, "B": 5.0, "C": 4.0}, frame=900_000, rounding=10_000,
        one_per_applicant=True,
    )  # fmt: skip
    locks = {"A": Lock("must_fund", "strategisk")}
    result = allocate(rnd, locks=locks)
    figures = {w.application_id: w for w in what_it_takes(result)}
    b = figures["B"]
    assert b.score_needed is None and b.frame is None
    assert [r.code for r in b.held_out] == ["out.one_per_applicant"]
    verify(result, b)


def test_not_candidates_and_locks_get_their_reason_without_a_solve() -> None:
    apps = [
        {"application_id": "A", "requested": 300_000},
        {"application_id": "B", "requested": 300_000, "applicant_type": "frivillig"},
        {"application_id": "C", "requested": 300_000},
        {"application_id": "D", "requested": 300_000},
    ]
    rnd = make_round(
        apps, {"A": 5.0, "B": 5.0, "C": 2.0, "D": 4.0}, frame=300_000, rounding=10_000,
        applicant_types=("kommune",), threshold=3.0,
    )  # fmt: skip
    result = allocate(rnd, locks={"D": Lock("must_not_fund", "nei")})
    figures = {w.application_id: w for w in what_it_takes(result)}
    assert figures["B"].frame_out and [r.code for r in figures["B"].held_out] == ["ineligible"]
    assert figures["D"].frame_out and [r.code for r in figures["D"].held_out] == ["locked.out"]
    # below the threshold: no frame helps, a score does (at least the threshold)
    c = figures["C"]
    assert c.frame_out and c.frame is None
    assert c.score_needed is not None and c.score_needed >= 3.0
    verify(result, c)


def test_limit_searches_only_the_first_by_rank() -> None:
    result = allocate(small_round())
    figures = what_it_takes(result, limit=1)
    searched = [w.application_id for w in figures if w.searched]
    unfunded = sorted(
        (w for w in figures), key=lambda w: (-(w.score or 0.0), w.application_id)
    )  # fmt: skip
    assert searched == [unfunded[0].application_id]
    assert all(w.frame is None and w.score_needed is None for w in figures if not w.searched)


def test_not_optimal_gives_nothing() -> None:
    rnd = small_round(projects_min=9)
    result = allocate(rnd)
    assert result.status.value == "infeasible"
    assert what_it_takes(result) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["regional-2025", "national-2024"])
@pytest.mark.parametrize("policy", ["merit", "coverage", "priority"])
def test_example_rounds_every_figure_verified(name: str, policy: str) -> None:
    result = allocate(load(EXAMPLES / name), policy=policy)
    t = time.perf_counter()
    figures = what_it_takes(result)
    seconds = time.perf_counter() - t
    print(f"{name} {policy}: {len(figures)} unfunded, {seconds:.2f} s")
    assert seconds < 120  # a few seconds on an idle machine; generous for shared CI
    assert any(w.frame is not None for w in figures)
    assert any(w.score_needed is not None for w in figures)
    for w in figures:
        verify(result, w)


def test_workbook_table_and_explorer_lines() -> None:
    from allocation.explore.render import render_what_it_takes, what_it_takes_line
    from allocation.report.sections import what_it_takes_tables
    from allocation.wording import report as W

    apps = [
        {"application_id": "A", "requested": 300_000},
        {"application_id": "B", "requested": 300_000, "applicant_type": "frivillig"},
        {"application_id": "C", "requested": 300_000},
    ]
    rnd = make_round(
        apps, {"A": 5.0, "B": 5.0, "C": 4.0}, frame=300_000, rounding=10_000,
        applicant_types=("kommune",), floor=300_000,
    )  # fmt: skip
    result = allocate(rnd)
    figures = what_it_takes(result)
    table, notes = what_it_takes_tables(figures, 10_000, 50)
    assert table.id == "what_it_takes" and table.sheet == W.SHEET_WHAT_IT_TAKES
    assert table.sheet_only and notes.id == "what_it_takes_notes"
    headers = [c.header for c in table.columns]
    for header in (W.COL_WHAT_FRAME, W.COL_WHAT_SCORE_NEEDED, W.COL_WHAT_HELD_OUT):
        assert header in headers
    by_id = {r["application_id"]: r for r in table.rows}
    assert by_id["C"]["frame"] == 600_000 and by_id["C"]["score_needed"] == 5.01
    assert by_id["B"]["frame"] is None and "frivillig" in by_id["B"]["held_out"]
    c = next(w for w in figures if w.application_id == "C")
    line = what_it_takes_line(c, 50)
    assert "600 000 kr" in line and "5,01" in line
    html = render_what_it_takes(figures, 50, 1.5, 12)
    assert html.count("<li>") == 2 and "1,5" in html


def test_workbook_has_the_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from allocation.report.content import build_innstilling
    from allocation.report.sections import what_it_takes_tables
    from allocation.report.write_xlsx import write_xlsx

    result = allocate(small_round())
    assert result.round is not None and result.allocation is not None
    inn = build_innstilling(result.round, result.allocation, result.summary, charts=False)
    inn.sheet_tables += what_it_takes_tables(what_it_takes(result), 10_000, 50)
    write_xlsx(inn, tmp_path / "t.xlsx")
    wb = load_workbook(tmp_path / "t.xlsx")
    names = wb.sheetnames
    assert names.index("Hva skal til") == names.index("Avslag") + 1
    ws = wb["Hva skal til"]
    assert ws.cell(row=2, column=4).value == "Budsjettramme som ville gitt tilskudd"


def test_explorer_button() -> None:
    from allocation.explore.app import Explorer

    ex = Explorer(small_round(), auto=False)
    records = ex.what_it_takes()
    assert records and "<li>" in ex.what_html.value
    ex.refresh()  # a new result: the old figures go
    assert ex.what_html.value == "" and ex.what_records is None
