"""The run folder: its id, the staging folder renamed when complete, and ``manifest.json``.

A run folder ``<parent>/<YYYYMMDD-HHMMSS>-<hash>/`` is built under a hidden temporary name next
to it (:func:`staged_folder`) and renamed when complete (:meth:`Staging.finish`): it exists
completely or not at all, and an earlier run is never overwritten (a second run in the same
second gets ``-2``, ``-3``, ...). ``<hash>`` is the first 8 hex digits of a sha256 over the
inputs and parameters (:func:`run_id`), so equal inputs give equal hashes.

``manifest.json`` (:class:`Manifest`) records the sha256 of every input, the parameters, the
versions of the package, the solver and the libraries, the git commit, and the timings.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import secrets
import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from allocation import __version__
from allocation.paths import CHECKOUT_DIR
from allocation.run.compare import EarlierRun
from allocation.run.config import RunConfig, switched_off
from allocation.run.prepare import Prepared

#: The libraries whose versions the manifest records.
LIBRARIES = (
    "pandas",
    "numpy",
    "pulp",
    "highspy",
    "papermill",
    "nbformat",
    "ipykernel",
    "python-docx",
    "openpyxl",
    "matplotlib",
    "jinja2",
)
#: The name of the scenario file copied into the run folder.
SCENARIO_FILE = "scenario.toml"
_CHUNK = 1 << 16


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes (hex)."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


def jsonable(value: Any) -> Any:
    """``value`` with paths as strings and tuples as lists (for JSON)."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


# -- inputs and the run id ----------------------------------------------------------------------


@dataclass(frozen=True)
class RunInputs:
    """The files a run reads (label -> path) and their sha256 (label -> hex)."""

    files: dict[str, Path]
    sha256: dict[str, str]

    @classmethod
    def of(cls, prep: Prepared, earlier: EarlierRun | None) -> RunInputs:
        """The round's files, the scenario file and the compared run's outputs, hashed."""
        files = {f"round/{Path(p).name}": Path(p) for _, p in sorted(prep.original.files.items())}
        if prep.scenario is not None and prep.scenario.path is not None:
            files["scenario"] = Path(prep.scenario.path)
        if earlier is not None:
            files["compare/allocation.csv"] = earlier.path / "allocation.csv"
            files["compare/summary.json"] = earlier.path / "summary.json"
        return cls(files, {label: sha256_file(path) for label, path in files.items()})

    def manifest_entry(self) -> dict[str, dict[str, str]]:
        """The manifest's ``inputs``: label -> path and sha256."""
        return {
            label: {"path": str(path.resolve()), "sha256": self.sha256[label]}
            for label, path in self.files.items()
        }


def run_id(inputs: Mapping[str, str], cfg: RunConfig, now: _dt.datetime) -> str:
    """``YYYYMMDD-HHMMSS-<hash>``: the time stamp and 8 hex digits over inputs and parameters."""
    payload = json.dumps(
        {
            "inputs": dict(inputs),
            "parameters": jsonable(cfg.rule_parameters()),
            "groups": cfg.groups,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:8]
    return f"{now:%Y%m%d-%H%M%S}-{digest}"


def runs_parent(out_root: str | Path | None, round_dir: Path) -> Path:
    """``<out_root>/<round name>/`` (default ``reports/`` in the current folder), created."""
    parent = Path(out_root) if out_root is not None else Path("reports")
    parent = parent.resolve() / round_dir.resolve().name
    parent.mkdir(parents=True, exist_ok=True)
    return parent


# -- staging ------------------------------------------------------------------------------------


def final_folder(parent: Path, name: str) -> Path:
    """``parent/name``, or ``name-2``, ``name-3``, ... when taken (never overwrite a run)."""
    folder = parent / name
    n = 2
    while folder.exists():
        folder = parent / f"{name}-{n}"
        n += 1
    return folder


@dataclass
class Staging:
    """A run folder being built: ``path`` is the hidden temporary folder."""

    parent: Path
    run_id: str
    path: Path

    def finish(self) -> Path:
        """Rename the complete folder to its final name; returns that name."""
        final = final_folder(self.parent, self.run_id)
        os.rename(self.path, final)
        return final


#: Attempts at a free hidden name (8 random hex digits each: a clash is all but impossible).
_NAME_ATTEMPTS = 100


def make_hidden_folder(parent: Path, name: str) -> Path:
    """A new, empty folder ``parent/.<name>-<random>`` created as ``mkdir`` creates one.

    Not :func:`tempfile.mkdtemp`: that makes the folder 0700 whatever the umask, and the run
    folder keeps its mode when renamed, so colleagues on a shared drive could not open it. Here
    the mode is 0777 less the process's umask, and the project never sets a mode itself.
    """
    for _ in range(_NAME_ATTEMPTS):
        path = parent / f".{name}-{secrets.token_hex(4)}"
        try:
            path.mkdir()
        except FileExistsError:
            continue
        return path
    raise FileExistsError(parent / f".{name}-*")  # pragma: no cover


@contextmanager
def staged_folder(parent: Path, name: str) -> Iterator[Staging]:
    """A hidden temporary folder under ``parent``, removed if anything fails before
    :meth:`Staging.finish` renamed it."""
    tmp = make_hidden_folder(parent, name)
    try:
        yield Staging(parent, name, tmp)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


# -- the manifest -------------------------------------------------------------------------------


def versions() -> dict[str, str]:
    """Python's version and those of :data:`LIBRARIES` (``""`` when not installed)."""
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def _git_output(checkout: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(checkout), *args],
        capture_output=True,
        text=True,
        timeout=10,
        check=True,
    ).stdout.strip()


def git_state() -> dict[str, Any] | None:
    """The project's git commit and whether tracked files changed (None outside git, e.g. when
    the package is installed from a wheel)."""
    if CHECKOUT_DIR is None or not (CHECKOUT_DIR / ".git").exists():
        return None
    try:
        commit = _git_output(CHECKOUT_DIR, "rev-parse", "HEAD")
        dirty = _git_output(CHECKOUT_DIR, "status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(dirty)}


@dataclass
class Manifest:
    """``manifest.json``: what a run read, with which rules and software, and what it wrote."""

    run_id: str
    created: str
    status: str
    round: dict[str, str]
    inputs: dict[str, dict[str, str]]
    parameters: dict[str, Any]
    scenario: dict[str, Any] | None
    compare: str | None
    package: dict[str, str]
    solver: dict[str, str | None]
    libraries: dict[str, str]
    platform: str
    git: dict[str, Any] | None
    notebooks: list[str]
    outputs: dict[str, str]
    timings: dict[str, Any]

    def write(self, folder: Path) -> Path:
        """Write ``folder/manifest.json`` (UTF-8, indented); returns its path."""
        path = folder / "manifest.json"
        text = json.dumps(asdict(self), ensure_ascii=False, indent=2) + "\n"
        # newline="\n": the same bytes on Windows (no "\r\n" translation).
        path.write_text(text, encoding="utf-8", newline="\n")
        return path


def _scenario_entry(prep: Prepared) -> dict[str, Any] | None:
    if prep.scenario is None:
        return None
    return {
        "name": prep.scenario.name,
        "file": SCENARIO_FILE,
        "locks": {k: {"action": v.action, "reason": v.reason} for k, v in prep.locks.items()},
    }


def _outputs(folder: Path) -> dict[str, str]:
    """Every file the run wrote, by its path inside the run folder (``brev/...`` included,
    with ``/`` on every platform), hashed."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): sha256_file(p) for p in files}


def build_manifest(
    *,
    name: str,
    now: _dt.datetime,
    status: str,
    prep: Prepared,
    inputs: RunInputs,
    earlier: EarlierRun | None,
    folder: Path,
    notebooks: tuple[str, ...],
    timings: dict[str, Any],
) -> Manifest:
    """The manifest of the run ``name`` whose files are in ``folder`` (hashed as they are)."""
    cfg = prep.config
    round_dir = prep.original.path.resolve()
    libraries = versions()
    # what the adviser gave: not the defaults that switch a part off (config.OFF_DEFAULTS)
    given = {
        k: v for k, v in cfg.as_dict().items() if v not in (None, "") and not switched_off(k, v)
    }
    return Manifest(
        run_id=name,
        created=now.isoformat(timespec="seconds"),
        status=status,
        round={"name": round_dir.name, "path": str(round_dir)},
        inputs=inputs.manifest_entry(),
        parameters={"given": jsonable(given), "rules": jsonable(prep.rules)},
        scenario=_scenario_entry(prep),
        compare=str(earlier.path.resolve()) if earlier is not None else None,
        package={"name": "allocation", "version": __version__},
        solver={
            "name": prep.solver,
            "version": libraries.get("highspy" if prep.solver == "highs" else "pulp"),
        },
        libraries=libraries,
        platform=platform.platform(),
        git=git_state(),
        notebooks=[f"{n}.ipynb" for n in notebooks if (folder / f"{n}.ipynb").exists()],
        outputs=_outputs(folder),
        timings=timings,
    )
