"""The real install: a wheel built from this checkout, installed outside it, runs every command.

The wheel is built with ``pip wheel --no-deps`` from a copy of the package's sources and
installed with ``pip install --no-deps --target`` into a temporary folder; its dependencies
come from this environment's site-packages. The commands run as ``python -m allocation ...``
under the base interpreter (so this environment's ``.pth`` files, the editable install among
them, are not read), with ``PYTHONPATH`` = the target + the site-packages, in a temporary
folder: the checkout is on no path. They run on rounds copied out by ``allocation examples``.
No solver banner may appear in any output, executed notebook or explorer page. These tests are
marked slow; the last two (``examples`` and ``python -m allocation`` in this checkout) are not.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from conftest import EXAMPLES_DIR, PROJECT_ROOT
from docx import Document

from allocation.cli.main import main
from allocation.explore.serve import free_port
from allocation.report.content import DOCUMENTS
from allocation.round.read import load_round

BANNER = "Running HiGHS"
#: What the wheel is built from: the package and its metadata, nothing else of the checkout.
SOURCES = ("pyproject.toml", "README.md", "allocation")
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "*.egg-info")


@dataclass(frozen=True)
class Install:
    """The installed wheel: where it is, and how to run Python on it."""

    wheel: Path
    target: Path
    python: str
    env: dict[str, str]

    def run(self, *args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """``python -m allocation ARGS`` in ``cwd``; output captured as UTF-8 text."""
        return self.python_run("-m", "allocation", *args, cwd=cwd, timeout=timeout)

    def python_run(
        self, *args: str, cwd: Path, timeout: float = 600
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [self.python, *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=timeout,
            check=False,
        )


@dataclass(frozen=True)
class Copied:
    """The working folder and what ``allocation examples rounds`` did there."""

    folder: Path
    done: subprocess.CompletedProcess[str]


def _pip(*args: str, cwd: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pip", *args, "--quiet", "--disable-pip-version-check"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def _environment(target: Path) -> dict[str, str]:
    paths = sysconfig.get_paths()
    site = [str(target), paths["purelib"]]
    if paths["platlib"] != paths["purelib"]:
        site.append(paths["platlib"])
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "ALLOCATION_"))}
    env.update(PYTHONPATH=os.pathsep.join(site), PYTHONNOUSERSITE="1", PYTHONUTF8="1")
    # The dependencies' data files too (Voilà's templates, the kernel spec), from this environment.
    env["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Install:
    work = tmp_path_factory.mktemp("install")
    source = work / "source"
    source.mkdir()
    for name in SOURCES:
        origin = PROJECT_ROOT / name
        if origin.is_dir():
            shutil.copytree(origin, source / name, ignore=IGNORED)
        else:
            shutil.copy2(origin, source / name)
    _pip("wheel", str(source), "--no-deps", "-w", str(work / "wheel"), cwd=work)
    (wheel,) = (work / "wheel").glob("allocation-*.whl")
    target = work / "target"
    _pip("install", "--no-deps", "--target", str(target), str(wheel), cwd=work)
    # The base interpreter reads no .pth file of this environment (the editable install's).
    python = getattr(sys, "_base_executable", "") or sys.executable
    return Install(wheel, target, python, _environment(target))


@pytest.fixture(scope="module")
def copied(installed: Install, tmp_path_factory: pytest.TempPathFactory) -> Copied:
    """The adviser's working folder, outside the checkout, after ``allocation examples rounds``."""
    folder = tmp_path_factory.mktemp("adviser")
    return Copied(folder, installed.run("examples", "rounds", cwd=folder))


@pytest.fixture(scope="module")
def folder(copied: Copied) -> Path:
    return copied.folder


def _no_banner(*texts: str) -> None:
    for text in texts:
        assert BANNER not in text


@pytest.mark.slow
def test_wheel_holds_the_package_data(installed: Install) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    expected = {
        "allocation/__main__.py",
        "allocation/data/reference/kommuner.csv",
        "allocation/data/reference/fylker.csv",
        "allocation/data/examples/regional-2025/scheme.toml",
        "allocation/data/examples/regional-2025-excel/scores.xlsx",
        "allocation/notebooks/03-allocate.ipynb",
        "allocation/notebooks/explore.ipynb",
        "allocation/templates/innstilling.html.j2",
    }
    assert expected <= names
    assert not [n for n in names if "__pycache__" in n or "checkpoint" in n]


@pytest.mark.slow
def test_the_installed_package_is_imported_from_the_target(
    installed: Install, folder: Path
) -> None:
    probe = "import allocation, json, sys; print(json.dumps([allocation.__file__, sys.path]))"
    done = installed.python_run("-c", probe, cwd=folder)
    assert done.returncode == 0, done.stderr
    module, path = json.loads(done.stdout)
    assert Path(module).resolve().is_relative_to(installed.target.resolve())
    # The checkout is on no path (its .venv may be, for the dependencies).
    for entry in path:
        where = Path(entry or folder).resolve()
        assert where != PROJECT_ROOT and not where.is_relative_to(PROJECT_ROOT / "allocation")


@pytest.mark.slow
def test_examples_copies_the_rounds_and_refuses_a_full_folder(
    installed: Install, copied: Copied
) -> None:
    folder, done = copied.folder, copied.done
    assert done.returncode == 0, done.stderr
    assert "regional-2025" in done.stdout
    for name in ("regional-2025", "national-2024", "regional-2025-excel"):
        assert (folder / "rounds" / name / "scheme.toml").read_bytes() == (
            EXAMPLES_DIR / name / "scheme.toml"
        ).read_bytes()
    again = installed.run("examples", "rounds", cwd=folder)
    assert again.returncode == 2
    assert "ikke tom" in again.stderr


@pytest.mark.slow
def test_validate_and_solve_from_the_wheel(
    installed: Install, folder: Path, tmp_path: Path
) -> None:
    done = installed.run("validate", "rounds/regional-2025", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    solved = installed.run("solve", "rounds/regional-2025", "--out", "solved", cwd=folder)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    _no_banner(done.stdout, done.stderr, solved.stdout, solved.stderr)
    # The same result as the checkout's own solve of the bundled round (timings aside).
    assert main(["solve", str(EXAMPLES_DIR / "regional-2025"), "--out", str(tmp_path)]) == 0
    csv = "allocation.csv"
    assert (folder / "solved" / csv).read_bytes() == (tmp_path / csv).read_bytes()
    ours, theirs = (
        json.loads((f / "summary.json").read_text("utf-8")) for f in (folder / "solved", tmp_path)
    )
    assert {**ours, "timings": None} == {**theirs, "timings": None}


def _document_texts(run: Path) -> dict[str, str]:
    docx = Document(str(run / DOCUMENTS["docx"]))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    book = openpyxl.load_workbook(run / DOCUMENTS["xlsx"], read_only=True)
    values = [
        str(v) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for v in row
    ]
    return {
        "docx": "\n".join([p.text for p in docx.paragraphs] + cells),
        "html": (run / DOCUMENTS["html"]).read_text("utf-8"),
        "xlsx": "\n".join(values),
    }


@pytest.mark.slow
def test_run_from_the_wheel_writes_the_documents(installed: Install, folder: Path) -> None:
    t = time.perf_counter()
    done = installed.run("run", "rounds/regional-2025", cwd=folder)
    seconds = time.perf_counter() - t
    assert done.returncode == 0, done.stdout + done.stderr
    _no_banner(done.stdout, done.stderr)
    (run,) = (folder / "reports" / "regional-2025").iterdir()
    manifest = json.loads((run / "manifest.json").read_text("utf-8"))
    assert manifest["git"] is None  # installed from a wheel: no checkout behind it
    assert manifest["status"] == "optimal"
    name = load_round(EXAMPLES_DIR / "regional-2025").scheme.name
    for kind, text in _document_texts(run).items():
        assert name in re.sub(r"\s+", " ", text), kind
    executed = sorted(run.glob("*.ipynb"))
    assert [p.stem for p in executed] == [
        "01-validate",
        "02-score",
        "03-allocate",
        "04-innstilling",
    ]
    _no_banner(*(p.read_text("utf-8") for p in executed))
    assert seconds < 300


def _interrupt(proc: subprocess.Popen[str]) -> None:
    """Ask ``allocation.explore.serve`` to stop, the way a terminal does."""
    if sys.platform == "win32":
        proc.send_signal(signal.CTRL_BREAK_EVENT)
    else:
        proc.send_signal(signal.SIGTERM)


@pytest.mark.slow
def test_explorer_from_the_wheel_shows_no_banner(installed: Install, folder: Path) -> None:
    flags = {}
    if sys.platform == "win32":  # a group of its own, so that Ctrl+Break reaches only it
        flags["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP
    proc = subprocess.Popen(  # noqa: S603
        [installed.python, "-m", "allocation.explore.serve", "rounds/national-2024"]
        + ["--port", str(free_port())],
        cwd=folder,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
        **flags,
    )
    lines = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            match = re.search(r"http://127\.0\.0\.1:\d+/", line)
            if match:
                break
        assert match, "".join(lines)
        with urllib.request.urlopen(match.group(0), timeout=180) as page:  # noqa: S310
            html = page.read().decode("utf-8", "replace")
    finally:
        _interrupt(proc)
        rest, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0, "".join(lines) + rest
    # The page holds the explorer (one widget) and no printed output: no banner in the cell.
    assert "application/vnd.jupyter.widget-view+json" in html
    assert html.count("jp-OutputArea-output") == 1
    _no_banner(html, "".join(lines), rest)


# -- in this checkout, fast -----------------------------------------------------------------------


def test_examples_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "new"
    assert main(["examples", str(target)]) == 0
    assert sorted(p.name for p in target.iterdir()) == [
        "national-2024",
        "regional-2025",
        "regional-2025-excel",
    ]
    assert "3 eksempelrunder" in capsys.readouterr().out
    assert main(["validate", str(target / "regional-2025-excel")]) == 0
    assert main(["examples", str(target)]) == 2  # not empty
    (tmp_path / "file").write_text("x", encoding="utf-8", newline="\n")
    assert main(["examples", str(tmp_path / "file")]) == 2  # not a folder
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["examples", str(empty)]) == 0


def test_python_dash_m_allocation(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "allocation", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert done.returncode == 0 and "examples" in done.stdout
