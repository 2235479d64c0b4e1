"""The run of the pipeline as an adviser drives it: scenario syntax errors in Norwegian, the
command line beating the scenario, bad parameters writing nothing, a scenario exported from the
explorer reproducing the screen, and the shape of the run package (exit codes, no import cycle,
the run folder with and without kernels)."""

from __future__ import annotations

import ast
import contextlib
import doctest
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import EXAMPLES_DIR, PROJECT_ROOT

from allocation import exit_codes
from allocation.cli.main import main
from allocation.errors import ConfigError
from allocation.exit_codes import ExitCode
from allocation.explore.app import Explorer
from allocation.report.content import DOCUMENTS
from allocation.round.read import load_round
from allocation.run import pipeline, steps
from allocation.run.config import RunConfig
from allocation.run.pipeline import run_round
from allocation.run.prepare import prepare
from allocation.run.scenario import load_scenario

NATIONAL = EXAMPLES_DIR / "national-2024"
REGIONAL = EXAMPLES_DIR / "regional-2025"
# -- scenario files --------------------------------------------------------------------------


def test_toml_syntax_error_is_norwegian_with_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text('[scenario]\nname = "x"\n[parameters]\nbudget = 3 000 000\n', "utf-8")
    with pytest.raises(ConfigError) as err:
        load_scenario(path)
    message = str(err.value)
    assert "linje 4" in message and "kolonne" in message and str(path) in message
    assert "Expected" not in message and "Invalid" not in message
    path.write_text('[scenario]\nname = "x', "utf-8")
    with pytest.raises(ConfigError, match="ikke gyldig TOML"):
        load_scenario(path)


def test_parameter_on_the_command_line_beats_the_scenario(tmp_path: Path) -> None:
    path = tmp_path / "s.toml"
    path.write_text(
        '[scenario]\nname = "Ramme"\n[parameters]\nbudget = 3_000_000\nmin_per_region = false\n',
        "utf-8",
    )
    cfg = RunConfig.from_cli(str(REGIONAL), [("budget", "3 300 000")]).replace(scenario=str(path))
    prep = prepare(cfg)
    assert prep.round.scheme.frame == 3_300_000
    assert prep.round.scheme.min_per_region is None  # the scenario's, not overridden
    assert prep.rules["budget"] == 3_300_000


def run_cli(*args: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return main(["run", *args])


def test_bad_parameters_and_scenarios_write_nothing(tmp_path: Path, capsys) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[scenario]\nname = "x"\n\n[[locks]]\napplication_id = "NOPE-1"\n', "utf-8")
    cases = [
        (["-p", "budsjett", "3200000"], "ukjent parameter «budsjett»"),
        (["-p", "budget", "mye"], "parameteren «budget»"),
        (["-p", "min_share", "1,5"], "parameteren «min_share»"),
        (["--scenario", str(bad)], "«lock»"),
    ]
    for args, needle in cases:
        assert run_cli(str(REGIONAL), "--out", str(tmp_path / "out"), *args) == 2
        assert needle in capsys.readouterr().err
    unknown = tmp_path / "unknown.toml"
    unknown.write_text(
        '[scenario]\nname = "x"\n\n[[locks]]\napplication_id = "NOPE-1"\n'
        'lock = "must_fund"\nreason = "Skjønn"\n',
        "utf-8",
    )
    assert run_cli(str(REGIONAL), "--out", str(tmp_path / "out"), "--scenario", str(unknown)) == 2
    assert "NOPE-1" in capsys.readouterr().err
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.json"))


# -- explorer -> scenario file -> allocation run ---------------------------------------------


@pytest.mark.slow
def test_explorer_export_reproduces_the_screen_in_allocation_run(tmp_path: Path) -> None:
    ex = Explorer(load_round(NATIONAL), auto=False, export_dir=tmp_path)
    start = ex.result.allocation
    funded = list(start.loc[start["granted"] > 0, "application_id"].astype(str))
    refused = list(start.loc[start["decision"] == "avslått", "application_id"].astype(str))
    ids = [funded[0], refused[0]]  # lock a funded one out and a refused (eligible) one in
    ex.budget.value = 4_100_000
    ex.rule_on["max_per_model"].value = False
    ex.min_share.value = 0.6
    groups = list(ex.group_weights)
    ex.group_weights[groups[0]].value = 0.5
    ex.lock_action[ids[0]].value = "must_not_fund"
    ex.lock_reason[ids[0]].value = "Skjønn: finansiert over annen post"
    ex.lock_action[ids[-1]].value = "must_fund"
    ex.lock_reason[ids[-1]].value = "Skjønn: eneste søknad fra fylket"
    result = ex.refresh()
    assert result is not None and result.status.value == "optimal"
    shown = result.allocation[["application_id", "granted", "decision"]].astype(str)
    path = ex.export_scenario("Revidert ramme")

    out = tmp_path / "runs"
    assert run_cli(str(NATIONAL), "--scenario", str(path), "--out", str(out)) == 0
    (run,) = [p for p in (out / "national-2024").iterdir() if not p.name.startswith(".")]
    table = pd.read_csv(run / "allocation.csv", dtype=str, keep_default_na=False)
    pd.testing.assert_frame_equal(
        table[["application_id", "granted", "decision"]].reset_index(drop=True),
        shown.reset_index(drop=True),
    )
    page = (run / "innstilling.html").read_text("utf-8")
    for reason in ("Skjønn: finansiert over annen post", "Skjønn: eneste søknad fra fylket"):
        assert reason in page


# -- the run package: exit codes, imports, the run folder without kernels -------------------


def test_exit_codes_are_the_contracts() -> None:
    assert doctest.testmod(exit_codes).failed == 0
    assert [int(c) for c in ExitCode] == [0, 1, 2, 3, 4]
    assert ExitCode.for_status("optimal") == ExitCode.OK
    assert ExitCode.for_status("infeasible") == ExitCode.INFEASIBLE


def _imports(path: Path, name: str) -> set[str]:
    """The allocation modules a module imports, inside functions too."""
    found: set[str] = set()
    package = name.rsplit(".", 1)[0] if path.name != "__init__.py" else name
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names}
    return {m for m in found if m.split(".")[0] == "allocation"}


def test_no_import_cycle_through_the_run_package() -> None:
    root = PROJECT_ROOT / "allocation"
    modules = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(PROJECT_ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = path
    # The package's __init__ (its public surface, re-exported) is left out: ``from allocation
    # import __version__`` is not a dependency on the modules it re-exports.
    graph = {
        n: {m for m in _imports(p, n) if m in modules and m not in (n, "allocation")}
        for n, p in modules.items()
    }
    for start in [n for n in modules if n.startswith(("allocation.run", "allocation.exit_codes"))]:
        seen, todo = set(), list(graph[start])
        while todo:
            m = todo.pop()
            assert m != start, f"{start} imports itself back (through {sorted(seen)})"
            if m not in seen:
                seen.add(m)
                todo += graph[m]


def test_the_step_functions_stay_importable_from_the_pipeline() -> None:
    for name in ("validate_step", "score_step", "allocate_step", "innstilling_step"):
        assert getattr(pipeline, name) is getattr(steps, name)
    assert pipeline.prepare is prepare


def test_a_failed_run_leaves_no_folder_and_a_complete_one_a_manifest(tmp_path: Path) -> None:
    cfg = RunConfig(round=str(REGIONAL), pdf=False)  # the PDF: tests/test_print.py
    ran: list[str] = []

    def nothing(name: str, folder: Path, params: dict) -> None:
        ran.append(name)

    with pytest.raises(RuntimeError, match="skrev ikke"):  # 04 wrote no documents
        run_round(cfg, out_root=tmp_path, progress=False, executor=nothing)
    assert sorted(ran) == ["01-validate", "02-score", "03-allocate", "04-innstilling"]
    assert list((tmp_path / "regional-2025").iterdir()) == []  # not even the hidden folder

    def documents(name: str, folder: Path, params: dict) -> None:
        assert params["round"] == str(REGIONAL.resolve()) and params["output"] == "."
        if name == "04-innstilling":
            for fname in DOCUMENTS.values():
                (folder / fname).write_bytes(b"")

    outcome = run_round(cfg, out_root=tmp_path, progress=False, executor=documents)
    assert outcome.exit_code == 0 and outcome.folder is not None
    names = {p.name for p in outcome.folder.iterdir()}
    assert names == {"allocation.csv", "summary.json", "manifest.json", *DOCUMENTS.values()}
    manifest = json.loads((outcome.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["run_id"] == outcome.folder.name and manifest["notebooks"] == []
    assert set(manifest["outputs"]) == names - {"manifest.json"}
