"""``allocation run``: the notebooks, executed through papermill into a new run folder.

A run folder ``reports/<round>/<YYYYMMDD-HHMMSS>-<hash>/`` (``--out DIR``: under ``DIR/``)
holds the executed notebooks, ``allocation.csv``, ``summary.json``, the innstilling
(``innstilling.docx``, ``innstilling.html``, ``tildeling.xlsx``), the scenario file when one
was applied, and ``manifest.json`` (sha256 of every input, the parameters, versions, git
commit, timings). ``<hash>`` is the first 8 hex digits of a sha256 over the inputs and
parameters, so equal inputs give equal hashes. The folder is built under a hidden temporary
name next to it and renamed when complete: it exists completely or not at all, and an earlier
run is never overwritten.

The allocation is computed once in-process (to fail early with the right exit status and to
write ``allocation.csv``/``summary.json`` exactly as ``allocation solve`` does); the notebooks
then re-derive it from the round and parameters (the solver is deterministic), display it, and
``04-innstilling`` writes the documents. After the notebooks ran, the pipeline checks that
``03-allocate`` wrote byte-identical ``allocation.csv`` and ``summary.json``.

``summary.json`` here leaves out the solver's ``timings`` (they move to ``manifest.json``),
so that two runs on the same input give byte-identical files.

Exit status (cli.py): 0 done; 1 invalid round (nothing written) or a notebook failed (nothing
written); 2 usage or parameter/scenario error; 3 infeasible rules: the run folder is written
with ``summary.json`` naming the conflicting rules and notebooks 01-03, and no innstilling;
4 the solver stopped without proof (same, with the gap).

The step functions (:func:`validate_step`, :func:`score_step`, :func:`allocate_step`,
:func:`innstilling_step`) are what the notebooks call: one call per notebook.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from allocation import __version__
from allocation.errors import ConfigError, DataValidationError, Problem
from allocation.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from allocation.round.data import Round
from allocation.run.config import RunConfig
from allocation.wording import report as W

NOTEBOOKS = ("01-validate", "02-score", "03-allocate", "04-innstilling")
KERNEL_NAME = "python3"
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
EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INFEASIBLE, EXIT_TIME_LIMIT = 0, 1, 2, 3, 4


# -- preparing a run (shared by the pipeline and the notebooks) ------------------------------


@dataclass
class Prepared:
    """A round under the run's rules: the scenario and the parameters applied."""

    config: RunConfig
    round: Round  # with the rule overrides applied
    original: Round  # as loaded
    locks: dict[str, Any]
    scenario: Any  # allocation.run.scenario.Scenario | None
    solver: str
    time_limit: float | None
    rules: dict[str, Any]  # the effective rule overrides (scenario, then parameters)

    def allocate(self) -> Any:
        """:func:`allocation.orchestrator.allocate` under these rules (an ``AllocationResult``)."""
        from allocation.orchestrator import allocate

        return allocate(
            self.round, solver=self.solver, locks=self.locks or None, time_limit=self.time_limit
        )


def prepare(cfg: RunConfig, round_: Round | None = None) -> Prepared:
    """Load the round (unless given), apply the scenario, then the parameters over it.

    Raises
    ------
    DataValidationError
        The round is invalid.
    ConfigError
        The scenario file is invalid, or names applications or groups that do not exist.
    """
    from allocation.round.read import load_round
    from allocation.run.config import apply_rules

    original = round_ if round_ is not None else load_round(cfg.round_path)
    scenario = None
    rules: dict[str, Any] = {}
    groups = None
    locks: dict[str, Any] = {}
    if cfg.scenario:
        from allocation.run.scenario import apply_scenario, load_scenario

        scenario = load_scenario(cfg.resolve(cfg.scenario))
        base, locks = apply_scenario(original, scenario)
        rules.update(scenario.parameters)
        groups = scenario.groups
    else:
        base = original
    overrides = cfg.rule_parameters()
    rules.update(overrides)
    if cfg.groups is not None:
        groups = cfg.groups
    changed = apply_rules(base, overrides, cfg.groups)
    if groups is not None:
        rules["groups"] = groups
    return Prepared(
        config=cfg,
        round=changed,
        original=original,
        locks=locks,
        scenario=scenario,
        solver=str(rules.get("solver") or "highs"),
        time_limit=rules.get("time_limit"),
        rules=rules,
    )


def deterministic_summary(summary: Mapping[str, Any]) -> dict[str, Any]:
    """summary.json's content without the wall-clock ``timings`` (kept in the manifest)."""
    return {k: v for k, v in summary.items() if k != "timings"}


def write_result(result: Any, out_dir: Path) -> list[Path]:
    """Write allocation.csv and summary.json with :func:`allocation.results.write_outputs`
    (without timings, see :func:`deterministic_summary`)."""
    import dataclasses

    from allocation.results import write_outputs

    clean = dataclasses.replace(result, summary=deterministic_summary(result.summary))
    return write_outputs(clean, Path(out_dir))


# -- notebook steps ---------------------------------------------------------------------------


def _frame(table: Any) -> pd.DataFrame:
    """An innstilling :class:`~allocation.report.content.Table` as a DataFrame of formatted text."""
    rows = table.rows + ([table.total] if table.total else [])
    data = [[table.cell_text(r, c) for c in table.columns] for r in rows]
    return pd.DataFrame(data, columns=[c.header for c in table.columns])


@dataclass
class ValidateStep:
    """01-validate: the round, its problems (warnings), and an overview."""

    round: Round | None
    problems: pd.DataFrame
    overview: pd.DataFrame
    applications: pd.DataFrame

    @property
    def ok(self) -> bool:
        return self.round is not None


def _problem_frame(problems: list[Problem]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                W.NB_SEVERITY: W.NB_ERROR if p.severity == "error" else W.NB_WARNING,
                W.NB_FILE: p.file,
                W.NB_ROW: p.row if p.row is not None else "",
                W.NB_COLUMN: p.column or "",
                W.NB_MESSAGE: p.message,
            }
            for p in problems
        ],
        columns=[W.NB_SEVERITY, W.NB_FILE, W.NB_ROW, W.NB_COLUMN, W.NB_MESSAGE],
    )


def validate_step(cfg: RunConfig) -> ValidateStep:
    """Check the round folder; never raises for bad input (the problems are in the result)."""
    from allocation import format as fmt
    from allocation.round.read import check_round

    round_, problems = check_round(cfg.round_path)
    if round_ is None:
        empty = pd.DataFrame()
        return ValidateStep(None, _problem_frame(problems), empty, empty)
    s = round_.scheme
    apps = round_.applications
    overview = pd.DataFrame(
        [
            (W.NB_SCHEME, s.name),
            (W.NB_YEAR, str(s.year)),
            (W.NB_REGION, s.region or ""),
            (W.NB_APPLICATIONS, fmt.integer(len(apps))),
            (W.NB_REQUESTED, fmt.money(int(apps["requested"].sum()))),
            (W.F_FRAME, fmt.money(s.frame)),
            (W.F_CARRY_OVER, fmt.money(s.carry_over)),
            (W.F_COMMITTED, fmt.money(int(apps["committed"].sum()))),
            (W.NB_CRITERIA, fmt.integer(len(s.criteria))),
            (W.NB_ASSESSORS, fmt.integer(round_.scores["assessor"].nunique())),
        ],
        columns=[W.NB_WHAT, W.NB_VALUE],
    )
    shown = apps[
        ["application_id", "applicant", "region", "applicant_type", "title", "model", "requested"]
    ].rename(columns=W.NB_APP_COLUMNS)
    return ValidateStep(round_, _problem_frame(problems), overview, shown)


@dataclass
class ScoreStep:
    """02-score: scores by criterion, weights, and assessor disagreements."""

    scoring: Any
    weights: pd.DataFrame
    scores: pd.DataFrame
    flagged: pd.DataFrame


def score_step(cfg: RunConfig) -> ScoreStep:
    """Score the round under the run's rules (group weights may be overridden)."""
    from allocation import format as fmt
    from allocation.model.scoring import score_round
    from allocation.report.content import Column, Table, _scores_table

    prep = prepare(cfg)
    scoring = score_round(prep.round)
    alloc = prep.round.applications[["application_id", "applicant"]].copy()
    alloc["application_id"] = alloc["application_id"].astype(str)
    alloc["score"] = alloc["application_id"].map(scoring.total)
    table = _scores_table(scoring, alloc, prep.round.scheme)
    table.rows.sort(key=lambda r: -(r["score"] if r["score"] is not None else -1e9))
    s = prep.round.scheme
    sums: dict[str, float] = {}
    for c in s.criteria:
        sums[c.group] = sums.get(c.group, 0.0) + c.weight
    weights = Table(
        W.CAP_CRITERIA,
        [
            Column("group", W.COL_GROUP),
            Column("criterion", W.COL_CRITERION),
            Column("effective", W.COL_EFFECTIVE, "share"),
        ],
        [
            {
                "group": c.group,
                "criterion": c.label or c.id,
                "effective": s.groups.get(c.group, 0.0) * (c.weight / sums[c.group])
                if sums[c.group]
                else 0.0,
            }
            for c in s.criteria
        ],
    )
    flagged = scoring.flagged.copy()
    flagged["spread"] = flagged["spread"].map(lambda v: fmt.decimal(v, 1))
    flagged = flagged.rename(
        columns={"application_id": W.COL_ID, "criterion": W.COL_CRITERION, "spread": W.COL_SPREAD}
    )
    return ScoreStep(scoring, _frame(weights), _frame(table), flagged)


@dataclass
class AllocateStep:
    """03-allocate: the result, its key figures, tables and charts; files written if any."""

    result: Any
    figures: pd.DataFrame
    grants: pd.DataFrame
    rejected: pd.DataFrame
    conflicts: list[str]
    charts: list[Any] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        return self.result.status.value == "optimal"


def allocate_step(cfg: RunConfig) -> AllocateStep:
    """Allocate under the run's rules; with ``cfg.output`` write allocation.csv/summary.json."""
    from allocation import format as fmt
    from allocation.report.content import build_innstilling

    prep = prepare(cfg)
    result = prep.allocate()
    written = write_result(result, cfg.output_path) if cfg.output_path else []
    if result.status.value != "optimal":
        message = result.summary.get("message", "")
        figures = pd.DataFrame(
            [(W.NB_STATUS, W.STATUS_LABELS.get(result.status.value, result.status.value))]
            + ([(W.NB_MESSAGE, message)] if message else []),
            columns=[W.NB_WHAT, W.NB_VALUE],
        )
        empty = pd.DataFrame()
        return AllocateStep(result, figures, empty, empty, list(result.conflicts), [], written)
    inn = build_innstilling(result.round, result.allocation, result.summary, charts=True)
    tables = {t.caption: t for t in inn.tables()}
    facts = [b for s in inn.sections for b in s.blocks if b.kind == "facts"][0].items
    figures = pd.DataFrame(
        [(W.NB_STATUS, W.STATUS_LABELS["optimal"])]
        + [(label, fmt.money(v)) for label, v, _ in facts]
        + [(W.NB_FUNDED, fmt.integer(result.summary.get("funded", 0)))],
        columns=[W.NB_WHAT, W.NB_VALUE],
    )
    return AllocateStep(
        result,
        figures,
        _frame(tables[W.CAP_GRANTS]),
        _frame(tables[W.CAP_REJECTED]),
        [],
        inn.charts(),
        written,
    )


@dataclass
class InnstillingStep:
    """04-innstilling: the innstilling's content, and the documents written (if any)."""

    innstilling: Any
    paths: dict[str, Path]
    figures: pd.DataFrame
    greedy: pd.DataFrame | None
    changes: pd.DataFrame | None
    context: list[str]


def _greedy(round_: Round) -> tuple[pd.DataFrame | None, list[str]]:
    try:
        from allocation.model.greedy import greedy_allocation, greedy_violations
    except ImportError:  # the greedy comparison is optional
        return None, []
    table = greedy_allocation(round_)
    return table, list(greedy_violations(round_, table))


def innstilling_step(cfg: RunConfig, *, date: _dt.date | None = None) -> InnstillingStep:
    """Build the innstilling; with ``cfg.output`` write the three documents there.

    Raises
    ------
    ConfigError
        The rules conflict (infeasible) or the solver stopped: there is no innstilling.
    """
    from allocation import format as fmt
    from allocation.report.content import build_innstilling, write_documents
    from allocation.run.compare import compare_with_run

    prep = prepare(cfg)
    result = prep.allocate()
    if result.status.value != "optimal":
        raise ConfigError(
            W.NO_INNSTILLING.format(status=W.STATUS_LABELS.get(result.status.value, ""))
            + "".join(f"\n  - {c}" for c in result.conflicts)
        )
    comparison = None
    if cfg.compare:
        comparison = compare_with_run(
            cfg.resolve(cfg.compare),
            _csv_roundtrip(result.allocation),
            deterministic_summary(result.summary),
            prep.rules,
        )
    greedy, notes = _greedy(result.round)
    inn = build_innstilling(
        result.round,
        result.allocation,
        result.summary,
        scoring=result.scoring,
        greedy=greedy,
        greedy_notes=notes,
        locks=prep.locks,
        scenario=prep.scenario,
        comparison=comparison,
        parameters={k: v for k, v in prep.rules.items() if k not in ("solver", "time_limit")},
        date=date,
    )
    paths = write_documents(inn, cfg.output_path) if cfg.output_path else {}
    facts = [b for s in inn.sections for b in s.blocks if b.kind == "facts"][0].items
    figures = pd.DataFrame(
        [(label, fmt.money(v)) for label, v, _ in facts], columns=[W.NB_WHAT, W.NB_VALUE]
    )
    tables = {t.caption: t for t in inn.tables()}
    g = tables.get(W.CAP_GREEDY)
    c = tables.get(W.CAP_CHANGES)
    return InnstillingStep(
        inn,
        paths,
        figures,
        _frame(g) if g else None,
        _frame(c) if c else None,
        list(comparison.context) if comparison else [],
    )


def _csv_roundtrip(table: pd.DataFrame) -> pd.DataFrame:
    """The allocation as read back from allocation.csv (text cells), to compare like with like."""
    import io

    from allocation.results import allocation_csv_text

    return pd.read_csv(io.StringIO(allocation_csv_text(table)), dtype=str, keep_default_na=False)


# -- the run folder ---------------------------------------------------------------------------


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = ""
    return out


def _git() -> dict[str, Any] | None:
    if not (PROJECT_ROOT / ".git").exists():
        return None
    try:
        commit = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(PROJECT_ROOT), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit, "dirty": bool(dirty)}


def _jsonable(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class Progress:
    """Prints which step runs (stderr), with its time."""

    def __init__(self, total: int, enabled: bool = True, stream: Any = None):
        self.total, self.n, self.enabled = total, 0, enabled
        self.stream = stream or sys.stderr
        self.timings: dict[str, float] = {}

    @contextmanager
    def step(self, key: str, label: str, *, details: bool = False) -> Iterator[None]:
        """One step; with ``details`` the step prints lines of its own before it ends."""
        self.n += 1
        if self.enabled:
            print(f"[{self.n}/{self.total}] {label} …", end="", file=self.stream, flush=True)
        t = time.perf_counter()
        ok = False
        try:
            yield
            ok = True
        finally:
            seconds = time.perf_counter() - t
            self.timings[key] = round(seconds, 3)
            if self.enabled:
                from allocation import format as fmt

                done = W.PROGRESS_ALL_DONE if details else W.PROGRESS_DONE
                word = done if ok else W.PROGRESS_FAILED
                lead = W.PROGRESS_INDENT if details else " "
                print(f"{lead}{word} ({fmt.decimal(seconds, 1)} s)", file=self.stream, flush=True)


@dataclass
class RunOutcome:
    """What :func:`run_round` produced."""

    status: str
    folder: Path | None
    documents: dict[str, Path]
    exit_code: int
    conflicts: list[str] = field(default_factory=list)
    message: str = ""


def _run_id(inputs: Mapping[str, str], cfg: RunConfig, now: _dt.datetime) -> str:
    payload = json.dumps(
        {
            "inputs": dict(inputs),
            "parameters": _jsonable(cfg.rule_parameters()),
            "groups": cfg.groups,
        },
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:8]
    return f"{now:%Y%m%d-%H%M%S}-{digest}"


def _final_folder(parent: Path, run_id: str) -> Path:
    folder = parent / run_id
    n = 2
    while folder.exists():
        folder = parent / f"{run_id}-{n}"
        n += 1
    return folder


def _execute(name: str, folder: Path, parameters: dict[str, Any]) -> None:
    import papermill as pm

    pm.execute_notebook(
        str(NOTEBOOKS_DIR / f"{name}.ipynb"),
        str(folder / f"{name}.ipynb"),
        parameters=parameters,
        kernel_name=KERNEL_NAME,
        # The kernel's working folder, set through nbclient's resources: papermill's own
        # ``cwd=`` changes the working folder of this whole process, which is not safe when
        # notebooks run in parallel threads.
        resources={"metadata": {"path": str(folder)}},
        progress_bar=False,
        log_output=False,
        request_save_on_cell_execute=False,
    )


@contextmanager
def _quiet_stderr() -> Iterator[Any]:
    """Send file descriptor 2 (ours and the kernels') to a temporary file while notebooks run:
    papermill and ipykernel log warnings there that an adviser should not see."""
    import logging

    logger = logging.getLogger("papermill")
    level = logger.level
    logger.setLevel(logging.ERROR)
    sys.stderr.flush()
    saved = os.dup(2)
    visible = os.fdopen(os.dup(saved), "w", encoding="utf-8", errors="replace")
    with tempfile.TemporaryFile() as log:
        os.dup2(log.fileno(), 2)
        try:
            yield visible
        finally:
            visible.close()
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            logger.setLevel(level)
            if os.environ.get("ALLOCATION_DEBUG"):
                log.seek(0)
                sys.stderr.write(log.read().decode("utf-8", "replace"))


def _run_notebooks(
    run_nb: Callable[[str, Path, dict[str, Any]], None],
    names: list[str],
    folder: Path,
    params: dict[str, Any],
    *,
    parallel: bool,
    progress: bool = True,
) -> dict[str, float]:
    """Execute the notebooks (in parallel threads, one kernel each); returns their times.

    Each finished notebook is reported on a line of its own."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    from allocation import format as fmt

    def one(name: str) -> float:
        t = time.perf_counter()
        run_nb(name, folder, params)
        return round(time.perf_counter() - t, 3)

    times: dict[str, float] = {}
    with _quiet_stderr() as visible:
        if progress:
            print("", file=visible, flush=True)

        def done(name: str, seconds: float) -> None:
            times[name] = seconds
            if progress:
                line = W.PROGRESS_NOTEBOOK_DONE.format(name=name, s=fmt.decimal(seconds, 1))
                print(line, file=visible, flush=True)

        if parallel and len(names) > 1:
            with ThreadPoolExecutor(max_workers=len(names)) as pool:
                futures = {pool.submit(one, name): name for name in names}
                for future in as_completed(futures):
                    done(futures[future], future.result())
        else:
            for name in names:
                done(name, one(name))
    return {name: times[name] for name in names}


def run_round(
    cfg: RunConfig,
    *,
    out_root: str | Path | None = None,
    progress: bool = True,
    now: _dt.datetime | None = None,
    executor: Callable[[str, Path, dict[str, Any]], None] | None = None,
    parallel: bool = True,
) -> RunOutcome:
    """Run the notebooks on a round into a new run folder (see the module docstring).

    Parameters
    ----------
    cfg
        The run's parameters (``round``, rule overrides, ``scenario``, ``compare``;
        ``output`` is ignored: the run folder is the output).
    out_root
        Parent of ``<round>/<run id>/`` (default ``reports/`` in the current folder).
    progress
        Print the steps to stderr.
    now
        The run's time stamp (default: now).
    executor
        Runs one notebook (name, folder, parameters); default papermill in-process.
    parallel
        Run the notebooks at the same time (each has its own kernel; they do not depend on
        each other, since each re-derives its step from the round and the parameters).

    Returns
    -------
    RunOutcome

    Raises
    ------
    DataValidationError
        The round is invalid (nothing written).
    ConfigError
        A scenario or comparison folder is invalid (nothing written).
    """
    from allocation.round.read import load_round
    from allocation.run.compare import load_run

    t_start = time.perf_counter()
    now = now or _dt.datetime.now()
    run_nb = executor or _execute
    steps = 4
    prog = Progress(steps, enabled=progress)

    with prog.step("validate", W.PROGRESS_VALIDATE):
        original = load_round(cfg.round_path)
        prep = prepare(cfg, original)
        earlier = load_run(cfg.resolve(cfg.compare)) if cfg.compare else None
    with prog.step("solve", W.PROGRESS_SOLVE):
        result = prep.allocate()

    inputs: dict[str, str] = {}
    files: dict[str, Path] = {}
    for _key, path in sorted(original.files.items()):
        files[f"round/{Path(path).name}"] = Path(path)
    if prep.scenario is not None and prep.scenario.path is not None:
        files["scenario"] = Path(prep.scenario.path)
    if earlier is not None:
        files["compare/allocation.csv"] = earlier.path / "allocation.csv"
        files["compare/summary.json"] = earlier.path / "summary.json"
    for label, path in files.items():
        inputs[label] = sha256_file(path)

    run_id = _run_id(inputs, cfg, now)
    parent = Path(out_root) if out_root is not None else Path("reports")
    parent = parent.resolve() / original.path.resolve().name
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{run_id}-", dir=parent))
    status = result.status.value
    try:
        write_result(result, tmp)
        params: dict[str, Any] = {"round": str(original.path.resolve()), "output": "."}
        if prep.scenario is not None and prep.scenario.path is not None:
            shutil.copyfile(prep.scenario.path, tmp / "scenario.toml")
            params["scenario"] = "scenario.toml"
        if earlier is not None:
            params["compare"] = str(earlier.path.resolve())
        params.update(_jsonable(cfg.rule_parameters()))
        if cfg.groups is not None:
            params["groups"] = dict(cfg.groups)
        expected = {p.name: p.read_bytes() for p in tmp.iterdir() if p.is_file()}
        names = [n for n in NOTEBOOKS if status == "optimal" or n != "04-innstilling"]
        label = W.PROGRESS_NOTEBOOKS.format(names=", ".join(names))
        with prog.step("notebooks", label, details=progress):
            nb_times = _run_notebooks(
                run_nb, names, tmp, params, parallel=parallel, progress=progress
            )
        prog.timings.update({f"notebook {k}": v for k, v in nb_times.items()})
        for fname in ("allocation.csv", "summary.json"):
            if fname in expected and (tmp / fname).read_bytes() != expected[fname]:
                raise RuntimeError(W.RUN_MISMATCH.format(file=fname))
        with prog.step("manifest", W.PROGRESS_MANIFEST):
            documents = {}
            if status == "optimal":
                from allocation.report.content import DOCUMENTS

                for kind, fname in DOCUMENTS.items():
                    if not (tmp / fname).is_file():
                        raise RuntimeError(W.RUN_MISSING_DOCUMENT.format(file=fname))
                    documents[kind] = fname
            outputs = {p.name: sha256_file(p) for p in sorted(tmp.iterdir()) if p.is_file()}
            manifest = {
                "run_id": run_id,
                "created": now.isoformat(timespec="seconds"),
                "status": status,
                "round": {
                    "name": original.path.resolve().name,
                    "path": str(original.path.resolve()),
                },
                "inputs": {
                    label: {"path": str(path.resolve()), "sha256": inputs[label]}
                    for label, path in files.items()
                },
                "parameters": {
                    "given": _jsonable(
                        {k: v for k, v in cfg.as_dict().items() if v not in (None, "")}
                    ),
                    "rules": _jsonable(prep.rules),
                },
                "scenario": (
                    {
                        "name": prep.scenario.name,
                        "file": "scenario.toml",
                        "locks": {
                            k: {"action": v.action, "reason": v.reason}
                            for k, v in prep.locks.items()
                        },
                    }
                    if prep.scenario is not None
                    else None
                ),
                "compare": str(earlier.path.resolve()) if earlier is not None else None,
                "package": {"name": "allocation", "version": __version__},
                "solver": {
                    "name": prep.solver,
                    "version": _versions().get("highspy" if prep.solver == "highs" else "pulp"),
                },
                "libraries": _versions(),
                "platform": platform.platform(),
                "git": _git(),
                "notebooks": [f"{n}.ipynb" for n in NOTEBOOKS if (tmp / f"{n}.ipynb").exists()],
                "outputs": outputs,
                "timings": {
                    "steps": dict(prog.timings),
                    "solver": result.summary.get("timings", {}),
                    "total": round(time.perf_counter() - t_start, 3),
                },
            }
            (tmp / "manifest.json").write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        final = _final_folder(parent, run_id)
        os.rename(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    code = {"optimal": EXIT_OK, "infeasible": EXIT_INFEASIBLE}.get(status, EXIT_TIME_LIMIT)
    return RunOutcome(
        status=status,
        folder=final,
        documents={k: final / v for k, v in documents.items()},
        exit_code=code,
        conflicts=list(result.conflicts),
        message=str(result.summary.get("message", "")),
    )


def command_run(args: Any) -> int:
    """``allocation run ROUND [-p NAME VALUE ...] [--out DIR] [--scenario FILE] [--compare RUN]``.

    Returns the exit status (see the module docstring)."""
    try:
        cfg = RunConfig.from_cli(args.round, [tuple(p) for p in args.parameter])
        extra: dict[str, Any] = {}
        if getattr(args, "scenario", None):
            extra["scenario"] = args.scenario
        if getattr(args, "compare", None):
            extra["compare"] = args.compare
        if extra:
            cfg = cfg.replace(**extra)
        if not cfg.round_path.is_dir():
            print(W.RUN_NO_ROUND.format(path=args.round), file=sys.stderr)
            return EXIT_INVALID
        outcome = run_round(cfg, out_root=getattr(args, "out", None))
    except DataValidationError as exc:
        for problem in exc.problems:
            print(str(problem))
        print(W.RUN_INVALID, file=sys.stderr)
        return EXIT_INVALID
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except Exception as exc:  # a notebook failed: papermill's error names the cell
        if os.environ.get("ALLOCATION_DEBUG"):
            raise
        name = type(exc).__name__
        if name == "PapermillExecutionError":
            text = f"{getattr(exc, 'ename', '')}: {getattr(exc, 'evalue', '')}"
            print(W.RUN_NOTEBOOK_FAILED.format(error=text), file=sys.stderr)
            return EXIT_INVALID
        raise
    folder = outcome.folder
    print(W.RUN_FOLDER.format(path=folder))
    if outcome.exit_code == EXIT_OK:
        print(W.RUN_DOCX.format(path=outcome.documents["docx"]))
        print(W.RUN_HTML.format(path=outcome.documents["html"]))
        print(W.RUN_XLSX.format(path=outcome.documents["xlsx"]))
    elif outcome.exit_code == EXIT_INFEASIBLE:
        print(W.RUN_INFEASIBLE, file=sys.stderr)
        for c in outcome.conflicts:
            print(f"  - {c}", file=sys.stderr)
    else:
        print(W.RUN_TIME_LIMIT.format(message=outcome.message), file=sys.stderr)
    return outcome.exit_code
