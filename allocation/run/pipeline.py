"""``allocation run``: the notebooks, executed through papermill into a new run folder.

A run folder ``reports/<round>/<YYYYMMDD-HHMMSS>-<hash>/`` (``--out DIR``: under ``DIR/``)
holds the executed notebooks, ``allocation.csv``, ``summary.json``, the innstilling
(``innstilling.docx``, ``innstilling.html``, ``tildeling.xlsx``), the scenario file when one
was applied, and ``manifest.json`` (sha256 of every input, the parameters, versions, git
commit, timings). ``<hash>`` is the first 8 hex digits of a sha256 over the inputs and
parameters, so equal inputs give equal hashes. The folder is built under a hidden temporary
name next to it and renamed when complete: it exists completely or not at all, and an earlier
run is never overwritten (:mod:`allocation.run.folder`).

The allocation is computed once in-process (to fail early with the right exit status and to
write ``allocation.csv``/``summary.json`` exactly as ``allocation solve`` does); the notebooks
then re-derive it from the round and parameters (the solver is deterministic), display it, and
``04-innstilling`` writes the documents (:mod:`allocation.run.notebooks`). After the notebooks
ran, the pipeline checks that ``03-allocate`` wrote byte-identical ``allocation.csv`` and
``summary.json``.

``summary.json`` here leaves out the solver's ``timings`` (they move to ``manifest.json``),
so that two runs on the same input give byte-identical files.

Exit status (:class:`allocation.exit_codes.ExitCode`): 0 done; 1 invalid round (nothing
written) or a notebook failed (nothing written); 2 usage or parameter/scenario error; 3
infeasible rules: the run folder is written with ``summary.json`` naming the conflicting rules
and notebooks 01-03, and no innstilling; 4 the solver stopped without proof (same, with the gap).

The step functions the notebooks call (one per notebook) live in :mod:`allocation.run.steps`
and are importable from here too.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from papermill.exceptions import PapermillExecutionError

from allocation import format as fmt
from allocation.errors import ConfigError, DataValidationError
from allocation.exit_codes import ExitCode
from allocation.letters.folder import LETTERS_DIR
from allocation.letters.overview import OVERVIEW_FILE
from allocation.report.content import DOCUMENTS
from allocation.report.pdf import archive_pdf
from allocation.round.read import load_round
from allocation.run.compare import EarlierRun, check_like_with_like, load_run
from allocation.run.config import RunConfig
from allocation.run.folder import (
    RunInputs,
    build_manifest,
    run_id,
    runs_parent,
    sha256_file,
    staged_folder,
)
from allocation.run.notebooks import (
    NOTEBOOKS,
    Executor,
    check_same_results,
    execute_notebook,
    notebook_parameters,
    notebooks_for,
    result_bytes,
    run_notebooks,
)
from allocation.run.prepare import Prepared, deterministic_summary, prepare, write_result
from allocation.run.progress import Progress
from allocation.run.steps import (
    AllocateStep,
    InnstillingStep,
    ScoreStep,
    ValidateStep,
    allocate_run,
    allocate_step,
    innstilling_step,
    score_step,
    validate_step,
)
from allocation.wording import report as W

__all__ = [
    "NOTEBOOKS",
    "AllocateStep",
    "InnstillingStep",
    "Prepared",
    "RunOutcome",
    "ScoreStep",
    "ValidateStep",
    "allocate_step",
    "command_run",
    "deterministic_summary",
    "innstilling_step",
    "prepare",
    "run_round",
    "score_step",
    "validate_step",
    "write_result",
]

#: The steps ``allocation run`` reports progress on.
STEPS = 4


@dataclass
class RunOutcome:
    """What :func:`run_round` produced."""

    status: str
    folder: Path | None
    documents: dict[str, Path]
    exit_code: ExitCode
    conflicts: list[str] = field(default_factory=list)
    message: str = ""
    pdf_message: str = ""  # why there is no innstilling.pdf ("" when written or switched off)


def _documents(folder: Path, status: str) -> dict[str, str]:
    """The innstilling's files (kind -> file name), checked to be there when optimal."""
    if status != "optimal":
        return {}
    for fname in DOCUMENTS.values():
        if not (folder / fname).is_file():
            raise RuntimeError(W.RUN_MISSING_DOCUMENT.format(file=fname))
    letters = f"{LETTERS_DIR}/{OVERVIEW_FILE}"  # the decision letters, listed where written
    return DOCUMENTS | ({"brev": letters} if (folder / letters).is_file() else {})


#: The innstilling for the archive, beside the DOCX (``-p pdf false``: none).
PDF_FILE = "innstilling.pdf"


def _archive_pdf(cfg: RunConfig, folder: Path, status: str) -> str:
    """Write innstilling.pdf from the DOCX unless switched off; returns why it is missing."""
    if status != "optimal" or cfg.pdf is False:
        return ""
    return archive_pdf(folder / DOCUMENTS["docx"]).message


def _notebooks_step(
    prog: Progress,
    names: list[str],
    folder: Path,
    params: dict[str, Any],
    executor: Executor,
    parallel: bool,
) -> None:
    """Run the notebooks as one step of the progress, each notebook's time kept apart."""
    label = W.PROGRESS_NOTEBOOKS.format(names=", ".join(names))
    with prog.step("notebooks", label, details=prog.enabled):
        times = run_notebooks(
            executor, names, folder, params, parallel=parallel, progress=prog.enabled
        )
    prog.timings.update({f"notebook {k}": v for k, v in times.items()})


def _stable_run(cfg: RunConfig) -> EarlierRun | None:
    """The run of ``--stable-from`` (already checked by the solve step), or None."""
    return load_run(cfg.resolve(cfg.stable_from), "--stable-from") if cfg.stable_from else None


def _with_stable_inputs(inputs: RunInputs, cfg: RunConfig) -> RunInputs:
    """The run's inputs with the ``--stable-from`` run's result files (hashed like the others)."""
    run = _stable_run(cfg)
    if run is None:
        return inputs
    extra = {f"stable_from/{f}": run.path / f for f in ("allocation.csv", "summary.json")}
    files = {**inputs.files, **extra}
    return RunInputs(files, {**inputs.sha256, **{k: sha256_file(p) for k, p in extra.items()}})


def _stable_parameter(params: dict[str, Any], cfg: RunConfig) -> dict[str, Any]:
    """The notebooks' parameters with ``stable_from`` as an absolute path (when set)."""
    run = _stable_run(cfg)
    return params if run is None else {**params, "stable_from": str(run.path.resolve())}


def run_round(
    cfg: RunConfig,
    *,
    out_root: str | Path | None = None,
    progress: bool = True,
    now: _dt.datetime | None = None,
    executor: Executor | None = None,
    parallel: bool = True,
) -> RunOutcome:
    """Run the notebooks on a round into a new run folder (see the module docstring).

    Parameters
    ----------
    cfg
        The run's parameters (``round``, rule overrides, ``scenario``, ``compare``,
        ``stable_from``;
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
    t_start = time.perf_counter()
    now = now or _dt.datetime.now()
    prog = Progress(STEPS, enabled=progress)
    with prog.step("validate", W.PROGRESS_VALIDATE):
        prep = prepare(cfg, load_round(cfg.round_path))
        earlier = load_run(cfg.resolve(cfg.compare)) if cfg.compare else None
        if earlier is not None:
            check_like_with_like(earlier, prep.round)
    with prog.step("solve", W.PROGRESS_SOLVE):
        result = allocate_run(prep)  # checks cfg.stable_from like with like
    status = result.status.value
    inputs = _with_stable_inputs(RunInputs.of(prep, earlier), cfg)
    name = run_id(inputs.sha256, cfg, now)
    with staged_folder(runs_parent(out_root, prep.original.path), name) as stage:
        write_result(result, stage.path)
        expected = result_bytes(stage.path)
        params = _stable_parameter(notebook_parameters(prep, earlier, stage.path), cfg)
        params.update(cfg.robustness_parameters())  # 04-innstilling computes and writes them
        names = notebooks_for(status)
        _notebooks_step(prog, names, stage.path, params, executor or execute_notebook, parallel)
        check_same_results(stage.path, expected)
        t_pdf = time.perf_counter()
        pdf_message = _archive_pdf(cfg, stage.path, status)
        prog.timings["pdf"] = round(time.perf_counter() - t_pdf, 3)
        with prog.step("manifest", W.PROGRESS_MANIFEST):
            documents = _documents(stage.path, status)
            if (stage.path / PDF_FILE).is_file():
                documents["pdf"] = PDF_FILE
            timings = {
                "steps": dict(prog.timings),
                "solver": result.summary.get("timings", {}),
                "total": round(time.perf_counter() - t_start, 3),
            }
            build_manifest(
                name=name,
                now=now,
                status=status,
                prep=prep,
                inputs=inputs,
                earlier=earlier,
                folder=stage.path,
                notebooks=NOTEBOOKS,
                timings=timings,
            ).write(stage.path)
        final = stage.finish()
    return RunOutcome(
        status=status,
        folder=final,
        documents={k: final / v for k, v in documents.items()},
        exit_code=ExitCode.for_status(status),
        conflicts=list(result.conflicts),
        message=str(result.summary.get("message", "")),
        pdf_message=pdf_message,
    )


# -- the command ----------------------------------------------------------------------------


def _config(args: argparse.Namespace) -> RunConfig:
    """The run's configuration from the command line's arguments."""
    cfg = RunConfig.from_cli(args.round, [tuple(p) for p in args.parameter])
    extra: dict[str, Any] = {}
    if getattr(args, "scenario", None):
        extra["scenario"] = args.scenario
    if getattr(args, "compare", None):
        extra["compare"] = args.compare
    if getattr(args, "stable_from", None):
        extra["stable_from"] = args.stable_from
    return cfg.replace(**extra) if extra else cfg


def _report(outcome: RunOutcome) -> None:
    """Print where the run went (stdout) and, when not optimal, why (stderr)."""
    print(W.RUN_FOLDER.format(path=outcome.folder))
    if outcome.exit_code == ExitCode.OK:
        print(W.RUN_DOCX.format(path=outcome.documents["docx"]))
        print(W.RUN_HTML.format(path=outcome.documents["html"]))
        print(W.RUN_XLSX.format(path=outcome.documents["xlsx"]))
        if "pdf" in outcome.documents:
            print(W.RUN_PDF.format(path=outcome.documents["pdf"]))
        if "brev" in outcome.documents:
            letters = Path(outcome.documents["brev"]).parent  # brev/oversikt.xlsx
            count = len(list(letters.glob("*.docx")))
            print(W.RUN_LETTERS.format(count=fmt.count(count, *W.RUN_LETTERS_NOUN), path=letters))
        if outcome.pdf_message:
            print(outcome.pdf_message, file=sys.stderr)
    elif outcome.exit_code == ExitCode.INFEASIBLE:
        print(W.RUN_INFEASIBLE, file=sys.stderr)
        for c in outcome.conflicts:
            print(f"  - {c}", file=sys.stderr)
    else:
        print(W.RUN_TIME_LIMIT.format(message=outcome.message), file=sys.stderr)


def command_run(args: argparse.Namespace) -> int:
    """``allocation run ROUND [-p NAME VALUE ...] [--out DIR] [--scenario FILE] [--compare RUN]
    [--stable-from RUN]``.

    Returns the exit status (see the module docstring)."""
    try:
        cfg = _config(args)
        if not cfg.round_path.is_dir():
            print(W.RUN_NO_ROUND.format(path=args.round), file=sys.stderr)
            return ExitCode.INVALID_INPUT
        outcome = run_round(cfg, out_root=getattr(args, "out", None))
    except DataValidationError as exc:
        for problem in exc.problems:
            print(str(problem))
        print(W.RUN_INVALID, file=sys.stderr)
        return ExitCode.INVALID_INPUT
    except ConfigError as exc:
        print(str(exc), file=sys.stderr)
        return ExitCode.USAGE
    except PapermillExecutionError as exc:  # a notebook failed: papermill's error names the cell
        if os.environ.get("ALLOCATION_DEBUG"):
            raise
        text = f"{exc.ename}: {exc.evalue}"
        print(W.RUN_NOTEBOOK_FAILED.format(error=text), file=sys.stderr)
        return ExitCode.INVALID_INPUT
    _report(outcome)
    return outcome.exit_code
