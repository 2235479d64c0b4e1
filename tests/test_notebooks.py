"""The notebooks: thin, committed without outputs, parameters checked by RunConfig, and they
run under papermill on the example round (``pytest --nbval-lax notebooks/`` runs them too)."""

from __future__ import annotations

import ast
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from conftest import EXAMPLES_DIR, NOTEBOOKS_DIR

from allocation.run.config import PARAMETERS, RunConfig
from allocation.run.notebooks import NOTEBOOKS

NB_DIR = NOTEBOOKS_DIR
PATHS = [NB_DIR / f"{name}.ipynb" for name in NOTEBOOKS]


def execute(path: Path, out: Path, **parameters) -> nbformat.NotebookNode:
    return pm.execute_notebook(
        str(path),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        progress_bar=False,
        resources={"metadata": {"path": str(out.parent)}},
    )


@pytest.mark.parametrize("path", PATHS, ids=NOTEBOOKS)
def test_committed_thin_and_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].metadata.get("tags") == ["parameters"]
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(node, ast.FunctionDef | ast.ClassDef | ast.Lambda)
            if isinstance(node, ast.ImportFrom):
                assert node.module.split(".")[0] in ("allocation", "IPython"), node.module
    # The parameters cell holds plain values only.
    for node in ast.parse(code[0].source).body:
        assert isinstance(node, ast.Assign)
        ast.literal_eval(node.value)
    # The next cell builds the RunConfig (validation lives in the package).
    assert "RunConfig.from_namespace(globals())" in code[1].source


@pytest.mark.parametrize("path", PATHS, ids=NOTEBOOKS)
def test_parameters_match_runconfig(path: Path) -> None:
    params = pm.inspect_notebook(str(path))
    assert tuple(params) == PARAMETERS
    # The defaults themselves are valid.
    defaults = {name: ast.literal_eval(p["default"]) for name, p in params.items()}
    RunConfig.from_mapping(defaults)


def test_notebooks_run_on_the_example_round(tmp_path: Path) -> None:
    round_ = str(EXAMPLES_DIR / "national-2024")

    def run(name: str) -> nbformat.NotebookNode:
        return execute(
            NB_DIR / f"{name}.ipynb", tmp_path / f"{name}.ipynb", round=round_, output=str(tmp_path)
        )

    with ThreadPoolExecutor(max_workers=len(NOTEBOOKS)) as pool:
        books = list(pool.map(run, NOTEBOOKS))
    for nb in books:
        errors = [
            o
            for c in nb.cells
            if c.cell_type == "code"
            for o in c.outputs
            if o.output_type == "error"
        ]
        assert not errors
    for name in (
        "allocation.csv",
        "summary.json",
        "innstilling.docx",
        "innstilling.html",
        "tildeling.xlsx",
    ):
        assert (tmp_path / name).is_file(), name
    # 03-allocate displays the charts as images.
    images = [
        o for c in books[2].cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})
    ]
    assert len(images) == 4


@pytest.mark.parametrize(
    ("parameters", "needle"),
    [({"budgt": 1}, "ukjent parameter «budgt»"), ({"budget": "mye"}, "«budget» må være")],
)
def test_unknown_or_ill_typed_parameter_is_an_error(tmp_path: Path, parameters, needle) -> None:
    with pytest.raises(pm.PapermillExecutionError) as info:
        execute(NB_DIR / "01-validate.ipynb", tmp_path / "out.ipynb", **parameters)
    assert info.value.ename == "ConfigError"
    assert needle in info.value.evalue
