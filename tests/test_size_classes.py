"""The size-class (demographic) spread rule: ``[spread] min_per_size_class`` with ``size_classes``
(CONTRACT v1.2, sections 1 and 2.7), its scheme keys and the ``population`` column it needs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from roundkit import make_round

from allocation.cli.main import main
from allocation.model.data import size_class_of
from allocation.orchestrator import allocate
from allocation.round.read import check_round, load_round
from allocation.round.scheme import parse_scheme_text
from allocation.wording.reasons import size_class_labels

SMALL = Path(__file__).resolve().parent / "fixtures" / "small"


def _apps(populations, scores=None):
    apps = [
        {"application_id": f"A{i}", "requested": 100_000, "region": "R", "population": p}
        for i, p in enumerate(populations)
    ]
    scores = scores or [5] * len(apps)
    return apps, {a["application_id"]: s for a, s in zip(apps, scores, strict=True)}


def test_classes_follow_the_contract_bounds():
    bounds = (5000, 20000)
    assert [size_class_of(p, bounds) for p in (0, 4999, 5000, 19999, 20000, 10**7)] == [
        0, 0, 1, 1, 2, 2,
    ]  # fmt: skip
    assert size_class_labels(bounds) == [
        "små kommuner (under 5 000 innbyggere)",
        "mellomstore kommuner (5 000–19 999 innbyggere)",
        "store kommuner (20 000 innbyggere og flere)",
    ]


def test_the_rule_funds_a_small_kommune_over_higher_scores():
    apps, scores = _apps([60_000, 50_000, 3_000], [6, 5.5, 3.5])
    plain = make_round(apps, scores, frame=200_000, rounding=1000)
    assert allocate(plain).allocation["granted"].tolist() == [100_000, 100_000, 0]
    ruled = make_round(
        apps, scores, frame=200_000, floor=100_000, rule_params={"min_per_size_class": 1}
    )
    result = allocate(ruled)
    assert result.status == "optimal"
    assert result.allocation["granted"].tolist() == [100_000, 0, 100_000]
    why = result.allocation.set_index("application_id")["reason"]
    assert "kommunestørrelse" in why["A2"]


def test_a_class_without_candidates_needs_nothing_and_own_bounds_are_used():
    apps, scores = _apps([60_000, 50_000, 3_000], [6, 5.5, 3.5])
    params = {"min_per_size_class": 1, "size_classes": (1_000,)}  # everyone is "large"
    rnd = make_round(apps, scores, frame=200_000, rounding=1000, rule_params=params)
    assert allocate(rnd).allocation["granted"].tolist() == [100_000, 100_000, 0]


def test_a_rule_that_cannot_hold_is_named_in_the_conflict():
    apps, scores = _apps([60_000, 10_000, 3_000])
    rnd = make_round(
        apps, scores, frame=500_000, projects_max=2, rule_params={"min_per_size_class": 1}
    )
    result = allocate(rnd)
    assert result.status == "infeasible"
    assert any("kommunestørrelse" in c for c in result.conflicts)


SCHEME_HEAD = """
[scheme]
name = "x"
year = 2025
[budget]
frame = 100
[groups]
G = 1
[[criteria]]
id = "c"
group = "G"
"""


@pytest.mark.parametrize(
    "value", ["[]", "[0, 5000]", "[5000, 5000]", "[20000, 5000]", "[-1]", '"5000"', "[1.5]"]
)
def test_size_classes_must_be_strictly_increasing_positive_integers(value):
    result = parse_scheme_text(SCHEME_HEAD + f"[spread]\nsize_classes = {value}\n")
    assert result.scheme is None
    assert [p.column for p in result.problems] == ["spread.size_classes"]


def test_size_classes_are_read_with_the_rule():
    text = SCHEME_HEAD + "[spread]\nsize_classes = [3000, 10000]\nmin_per_size_class = 2\n"
    scheme = parse_scheme_text(text).scheme
    assert scheme is not None
    assert scheme.rule_value("size_classes") == (3000, 10000)
    assert scheme.rule_value("min_per_size_class") == 2


def _round_with(tmp_path: Path, spread: str, population_cells: list[str]) -> Path:
    folder = tmp_path / "round"
    shutil.copytree(SMALL, folder)
    scheme = (folder / "scheme.toml").read_text(encoding="utf-8")
    (folder / "scheme.toml").write_text(
        scheme.replace("[spread]\n", "[spread]\n" + spread), encoding="utf-8"
    )
    lines = (folder / "applications.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    at = header.index("population")
    rows = []
    for line, cell in zip(lines[1:], population_cells, strict=True):
        parts = line.split(",")
        parts[at] = cell
        rows.append(",".join(parts))
    (folder / "applications.csv").write_text("\n".join([lines[0], *rows]) + "\n", encoding="utf-8")
    return folder


def test_every_population_fault_is_reported_at_once(tmp_path, capsys):
    # S-1 decimal, S-2 blank (a candidate), S-3 text (not eligible: still a bad cell), S-4 < 0
    folder = _round_with(tmp_path, "min_per_size_class = 1\n", ["60000.5", "", "mange", "-3"])
    _, problems = check_round(folder)
    errors = [(p.file, p.row, p.column) for p in problems if p.severity == "error"]
    assert errors == [
        ("applications.csv", 2, "population"),
        ("applications.csv", 3, "population"),
        ("applications.csv", 4, "population"),
        ("applications.csv", 5, "population"),
    ]
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert "min_per_size_class" in out


def test_population_is_needed_only_while_the_rule_is_on(tmp_path):
    folder = _round_with(tmp_path, "min_per_size_class = 0\n", ["", "", "", ""])
    assert load_round(folder) is not None
    folder2 = _round_with(tmp_path / "b", "", ["", "", "", ""])
    assert load_round(folder2) is not None


def test_a_non_candidate_row_may_lack_population(tmp_path):
    # S-3 is a "frivillig" (not eligible): its population is not needed
    folder = _round_with(tmp_path, "min_per_size_class = 1\n", ["60000", "291000", "", "53000"])
    rnd = load_round(folder)
    result = allocate(rnd)
    assert result.status == "optimal"


def test_the_spread_tables_show_funding_per_size_class():
    from allocation.report.content import innstilling_from_result

    apps, scores = _apps([60_000, 50_000, 3_000], [6, 5.5, 3.5])
    rnd = make_round(
        apps, scores, frame=200_000, floor=100_000, rule_params={"min_per_size_class": 1}
    )
    doc = innstilling_from_result(allocate(rnd), greedy=False, charts=False)
    table = doc.table("spread_size_class")
    # classes in their order (those with applications), not by amount
    assert [(r["name"], r["applied"], r["granted"]) for r in table.rows] == [
        ("små kommuner (under 5 000 innbyggere)", 1, 100_000),
        ("store kommuner (20 000 innbyggere og flere)", 2, 100_000),
    ]


def test_the_rule_from_the_command_line_and_the_explorer(tmp_path):
    from allocation.explore.app import Explorer
    from allocation.run.config import RunConfig, apply_rules

    apps, scores = _apps([60_000, 50_000, 3_000], [6, 5.5, 3.5])
    plain = make_round(apps, scores, frame=200_000, floor=100_000, rounding=1000)
    ruled = apply_rules(plain, {"min_per_size_class": 1})
    assert ruled.scheme.rule_params == {"min_per_size_class": 1}
    assert apply_rules(ruled, {"min_per_size_class": False}).scheme.rule_params == {}
    want = allocate(ruled).allocation["granted"].tolist()
    assert want == [100_000, 0, 100_000]
    assert RunConfig(round="x", min_per_size_class=1).min_per_size_class == 1

    ex = Explorer(plain, auto=False, export_dir=tmp_path)
    assert not ex.rule_on["min_per_size_class"].disabled
    ex.rule_on["min_per_size_class"].value = True
    ex.rule_value["min_per_size_class"].value = 1
    shown = ex.refresh()
    assert shown is not None and shown.allocation["granted"].tolist() == want


def test_the_explorer_offers_the_rule_only_with_populations(tmp_path):
    from allocation.explore.app import Explorer

    apps, scores = _apps([60_000, None, 3_000])
    ex = Explorer(make_round(apps, scores, frame=200_000), auto=False, export_dir=tmp_path)
    assert ex.rule_on["min_per_size_class"].disabled
