"""The notebook steps: one call per notebook, each returning what the notebook displays.

:func:`validate_step` (01-validate), :func:`score_step` (02-score), :func:`allocate_step`
(03-allocate) and :func:`innstilling_step` (04-innstilling). Each starts from the run's
configuration alone (:func:`allocation.run.prepare.prepare`), so the notebooks do not depend
on each other and can run at the same time. The tables are DataFrames of formatted text, every
figure through :mod:`allocation.format`.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from allocation import format as fmt
from allocation.errors import ConfigError, Problem
from allocation.letters.folder import write_letters
from allocation.model.greedy import greedy_allocation, greedy_violations
from allocation.model.scoring import Scoring, score_round
from allocation.orchestrator import allocate
from allocation.report.content import build_innstilling, write_documents
from allocation.report.document import Chart, Column, Innstilling, Table
from allocation.report.sections import scores_table, what_it_takes_tables
from allocation.report.xlsx_tables import workbook_tables
from allocation.results import AllocationResult
from allocation.robust.for_run import RunRobustness, run_robustness
from allocation.round.data import Round, Scheme
from allocation.round.read import check_round
from allocation.run.compare import Comparison, compare_with_run, stable_source
from allocation.run.config import RunConfig
from allocation.run.prepare import (
    Prepared,
    csv_roundtrip,
    deterministic_summary,
    prepare,
    write_result,
)
from allocation.whatif import DEFAULT_LIMIT, WhatItTakes, what_it_takes
from allocation.wording import report as W
from allocation.wording.language import Lang

# -- shared pieces --------------------------------------------------------------------------


def allocate_run(prep: Prepared) -> AllocationResult:
    """The run's allocation: :meth:`Prepared.allocate`, or with ``stable_from`` set, the stable
    re-run against that earlier run (checked like with like; a ConfigError if not)."""
    cfg = prep.config
    if not cfg.stable_from:
        return prep.allocate()
    earlier = stable_source(cfg.resolve(cfg.stable_from), prep.round)
    return allocate(
        prep.round,
        solver=prep.solver,
        locks=prep.locks or None,
        time_limit=prep.time_limit,
        stable_from=earlier,
    )


def _frame(table: Table) -> pd.DataFrame:
    """An innstilling :class:`~allocation.report.content.Table` as a DataFrame of formatted text."""
    rows = table.rows + ([table.total] if table.total else [])
    data = [[table.cell_text(r, c) for c in table.columns] for r in rows]
    return pd.DataFrame(data, columns=[c.header for c in table.columns])


def _key_figures(inn: Innstilling) -> list[tuple[str, str]]:
    """The innstilling's key figures (its budget facts) as (label, money text)."""
    return [(label, fmt.money(value)) for label, value, _ in inn.facts()]


def _what_value(rows: list[tuple[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[W.NB_WHAT, W.NB_VALUE])


def _status_label(result: AllocationResult) -> str:
    return W.STATUS_LABELS.get(result.status.value, result.status.value)


# -- 01-validate ----------------------------------------------------------------------------


@dataclass
class ValidateStep:
    """01-validate: the round, its problems (warnings), and an overview."""

    round: Round | None
    problems: pd.DataFrame
    overview: pd.DataFrame
    applications: pd.DataFrame

    @property
    def ok(self) -> bool:
        """The round is valid (it may have warnings)."""
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


def _overview(round_: Round) -> pd.DataFrame:
    s = round_.scheme
    apps = round_.applications
    return _what_value(
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
        ]
    )


def validate_step(cfg: RunConfig) -> ValidateStep:
    """Check the round folder; never raises for bad input (the problems are in the result)."""
    round_, problems = check_round(cfg.round_path)
    if round_ is None:
        empty = pd.DataFrame()
        return ValidateStep(None, _problem_frame(problems), empty, empty)
    shown = round_.applications[
        ["application_id", "applicant", "region", "applicant_type", "title", "model", "requested"]
    ].rename(columns=W.NB_APP_COLUMNS)
    return ValidateStep(round_, _problem_frame(problems), _overview(round_), shown)


# -- 02-score -------------------------------------------------------------------------------


@dataclass
class ScoreStep:
    """02-score: scores by criterion, weights, and assessor disagreements."""

    scoring: Scoring
    weights: pd.DataFrame
    scores: pd.DataFrame
    flagged: pd.DataFrame


def _weights_table(s: Scheme) -> Table:
    """Each criterion's effective weight: its group's weight times its share of the group."""
    sums: dict[str, float] = {}
    for c in s.criteria:
        sums[c.group] = sums.get(c.group, 0.0) + c.weight
    rows = [
        {
            "group": c.group,
            "criterion": c.label or c.id,
            "effective": s.groups.get(c.group, 0.0) * (c.weight / sums[c.group])
            if sums[c.group]
            else 0.0,
        }
        for c in s.criteria
    ]
    columns = [
        Column("group", W.COL_GROUP),
        Column("criterion", W.COL_CRITERION),
        Column("effective", W.COL_EFFECTIVE, "share"),
    ]
    return Table(W.CAP_CRITERIA, columns, rows, id="criteria")


def _flagged_frame(scoring: Scoring) -> pd.DataFrame:
    flagged = scoring.flagged.copy()
    flagged["spread"] = flagged["spread"].map(lambda v: fmt.decimal(v, 1))
    return flagged.rename(
        columns={"application_id": W.COL_ID, "criterion": W.COL_CRITERION, "spread": W.COL_SPREAD}
    )


def score_step(cfg: RunConfig) -> ScoreStep:
    """Score the round under the run's rules (group weights may be overridden)."""
    prep = prepare(cfg)
    scoring = score_round(prep.round)
    alloc = prep.round.applications[["application_id", "applicant"]].copy()
    alloc["application_id"] = alloc["application_id"].astype(str)
    alloc["score"] = alloc["application_id"].map(scoring.total)
    table = scores_table(scoring, alloc, prep.round.scheme)
    # Highest score first; applications without a score last (the sort is stable).
    table.rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0.0)))
    weights = _weights_table(prep.round.scheme)
    return ScoreStep(scoring, _frame(weights), _frame(table), _flagged_frame(scoring))


# -- 03-allocate ----------------------------------------------------------------------------


@dataclass
class AllocateStep:
    """03-allocate: the result, its key figures, tables and charts; files written if any."""

    result: AllocationResult
    figures: pd.DataFrame
    grants: pd.DataFrame
    rejected: pd.DataFrame
    conflicts: list[str]
    charts: list[Chart] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)

    @property
    def optimal(self) -> bool:
        """The solver proved an optimal allocation."""
        return self.result.status.value == "optimal"


def _not_optimal(result: AllocationResult, written: list[Path]) -> AllocateStep:
    """The step when there is no allocation: the status, the message and the conflicts."""
    message = result.summary.get("message", "")
    figures = _what_value(
        [(W.NB_STATUS, _status_label(result))] + ([(W.NB_MESSAGE, message)] if message else [])
    )
    empty = pd.DataFrame()
    return AllocateStep(result, figures, empty, empty, list(result.conflicts), [], written)


def allocate_step(cfg: RunConfig) -> AllocateStep:
    """Allocate under the run's rules; with ``cfg.output`` write allocation.csv/summary.json."""
    result = allocate_run(prepare(cfg))
    written = write_result(result, cfg.output_path) if cfg.output_path else []
    if result.status.value != "optimal":
        return _not_optimal(result, written)
    assert result.round is not None and result.allocation is not None  # optimal
    inn = build_innstilling(result.round, result.allocation, result.summary, charts=True)
    figures = _what_value(
        [(W.NB_STATUS, W.STATUS_LABELS["optimal"])]
        + _key_figures(inn)
        + [(W.NB_FUNDED, fmt.integer(result.summary.get("funded", 0)))]
    )
    grants_table, rejected_table = inn.table("grants"), inn.table("rejected")
    assert grants_table is not None and rejected_table is not None  # an optimal innstilling
    grants, rejected = _frame(grants_table), _frame(rejected_table)
    return AllocateStep(result, figures, grants, rejected, [], inn.charts(), written)


# -- 04-innstilling -------------------------------------------------------------------------


@dataclass
class InnstillingStep:
    """04-innstilling: the innstilling's content, and the documents written (if any)."""

    innstilling: Innstilling
    paths: dict[str, Path]
    figures: pd.DataFrame
    greedy: pd.DataFrame | None
    changes: pd.DataFrame | None
    context: list[str]


def _comparison(cfg: RunConfig, prep: Prepared, result: AllocationResult) -> Comparison | None:
    """The comparison with ``cfg.compare``'s run (else ``cfg.stable_from``'s), read as its
    files are (None without one)."""
    earlier = cfg.compare or cfg.stable_from
    if not earlier or result.allocation is None:
        return None
    return compare_with_run(
        cfg.resolve(earlier),
        csv_roundtrip(result.allocation),
        deterministic_summary(result.summary),
        prep.rules,
    )


def _robustness(prep: Prepared, result: AllocationResult) -> RunRobustness | None:
    """With ``-p robustness_samples N``: the robustness figures and the budget curve, their
    files written into the run folder (:mod:`allocation.robust.for_run`); else None."""
    cfg = prep.config
    if cfg.robustness_samples <= 0 or result.round is None:
        return None
    frames = (cfg.sweep_from, cfg.sweep_to, cfg.sweep_step)
    return run_robustness(
        result.round,
        cfg.robustness_samples,
        frames,
        solver=prep.solver,
        out_dir=cfg.output_path,
        locks=result.locks or None,
    )


def _lang(round_: Round) -> Lang:
    """The innstilling's written standard (``[case] malform``)."""
    return round_.scheme.case.lang


def _innstilling(
    prep: Prepared, result: AllocationResult, comparison: Comparison | None, date: _dt.date | None
) -> tuple[Innstilling, list[WhatItTakes]]:
    """The innstilling of an optimal result, with the greedy baseline beside it (and what it
    would take for those without a grant, which the letters say too)."""
    assert result.round is not None and result.allocation is not None  # optimal
    greedy = greedy_allocation(result.round)
    inn = build_innstilling(
        result.round,
        result.allocation,
        result.summary,
        scoring=result.scoring,
        greedy=greedy,
        greedy_notes=greedy_violations(result.round, greedy, lang=_lang(result.round)),
        locks=prep.locks,
        scenario=prep.scenario,
        comparison=comparison,
        parameters={k: v for k, v in prep.rules.items() if k not in ("solver", "time_limit")},
        date=date,
        robustness=_robustness(prep, result),
        explanations=result.explanations,
    )
    # The workbook's "Hva skal til": what it would take for each application without a grant.
    figures = what_it_takes(result, solver=prep.solver, time_limit=prep.time_limit)
    rounding = int(result.round.scheme.rounding or 1)
    lang = _lang(result.round)
    inn.sheet_tables += what_it_takes_tables(figures, rounding, DEFAULT_LIMIT, lang)
    # The workbook's "Alle søknader" (with an autofilter) and "Offentlig liste".
    inn.sheet_tables += workbook_tables(result.round, result.allocation, result.explanations)
    return inn, figures


def innstilling_step(cfg: RunConfig, *, date: _dt.date | None = None) -> InnstillingStep:
    """Build the innstilling; with ``cfg.output`` write the three documents there.

    Raises
    ------
    ConfigError
        The rules conflict (infeasible) or the solver stopped: there is no innstilling.
    """
    prep = prepare(cfg)
    result = allocate_run(prep)
    if result.status.value != "optimal":
        raise ConfigError(
            W.NO_INNSTILLING.format(status=W.STATUS_LABELS.get(result.status.value, ""))
            + "".join(f"\n  - {c}" for c in result.conflicts)
        )
    comparison = _comparison(cfg, prep, result)
    inn, figures = _innstilling(prep, result, comparison, date)
    paths = write_documents(inn, cfg.output_path) if cfg.output_path else {}
    if cfg.output_path:  # the decision letters, brev/ beside the innstilling
        paths |= write_letters(result, cfg.output_path, what=figures, date=inn.date)
    greedy, changes = inn.table("greedy"), inn.table("changes")
    return InnstillingStep(
        inn,
        paths,
        _what_value(_key_figures(inn)),
        _frame(greedy) if greedy else None,
        _frame(changes) if changes else None,
        list(comparison.context) if comparison else [],
    )
