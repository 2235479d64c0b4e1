"""Changes against an earlier run: who gains, who loses, by how much, and why.

Used by ``allocation run ROUND -p budget 3200000 --compare RUN``: the earlier run folder's
``allocation.csv``, ``summary.json`` and ``manifest.json`` are read back, and every
application whose grant differs is listed (exactly those, nothing else), with the rule
changes between the runs and the new run's reason for its decision. The same earlier run is
what ``--stable-from RUN`` keeps to (:func:`earlier_grants`).

Only like is compared with like (:func:`check_like_with_like`): an earlier run of another
scheme or year, or one sharing no application id with the round, is refused. A changed frame,
rules or scores, and added or withdrawn applications are what a re-run is for: they are listed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from allocation import format as fmt
from allocation.errors import ConfigError
from allocation.round.data import Round
from allocation.run.config import RULE_PARAMETERS
from allocation.solve.stable import EarlierGrants
from allocation.tolerances import SCORE_TOLERANCE
from allocation.wording import report as W
from allocation.wording.innstilling import Words, words
from allocation.wording.language import Lang

#: The options that name an earlier run, for the messages.
COMPARE_OPTION, STABLE_OPTION = "--compare", "--stable-from"

CHANGE_COLUMNS = [
    "application_id",
    "applicant",
    "granted_before",
    "granted_after",
    "change",
    "decision_before",
    "decision_after",
    "why",
]


@dataclass
class EarlierRun:
    """An earlier run folder read back."""

    path: Path
    allocation: pd.DataFrame
    summary: dict[str, Any]
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.path.name

    @property
    def parameters(self) -> dict[str, Any]:
        return dict(self.manifest.get("parameters", {}).get("rules", {}))


@dataclass
class Comparison:
    """The comparison: ``context`` sentences (what changed in the rules and totals) and
    ``changes`` (one row per application whose grant changed, columns :data:`CHANGE_COLUMNS`),
    worded in bokmål unless :func:`compare_allocations` was given another language.

    ``inputs`` are the arguments it was made from, so :meth:`worded` can say the same in the
    innstilling's written standard."""

    previous: str
    context: list[str]
    changes: pd.DataFrame
    inputs: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def worded(self, lang: Lang, reasons: Mapping[str, str] | None = None) -> Comparison:
        """The same comparison in ``lang``, with ``reasons`` (application_id -> the new run's
        reason in that language) in place of the allocation table's ``reason`` text.

        A comparison made without its inputs (built by hand) is returned as it is.
        """
        if not self.inputs:
            return self
        return compare_allocations(**self.inputs, lang=lang, reasons=reasons)


def load_run(path: str | Path, option: str = COMPARE_OPTION) -> EarlierRun:
    """Read an earlier run folder (``allocation.csv``, ``summary.json``, ``manifest.json``).

    ``path`` may also be the run's ``allocation.csv`` (its folder is read). ``option`` names
    the command-line option in the messages.

    Raises
    ------
    ConfigError
        The folder is missing or holds no allocation (for example an infeasible run).
    """
    folder = Path(path)
    if folder.is_file():
        if folder.name != "allocation.csv":
            raise ConfigError(W.CMP_NOT_A_RUN.format(path=folder, option=option))
        folder = folder.parent
    if not folder.is_dir():
        raise ConfigError(W.CMP_NOT_FOUND.format(path=folder, option=option))
    alloc_path, summary_path = folder / "allocation.csv", folder / "summary.json"
    if not alloc_path.is_file() or not summary_path.is_file():
        raise ConfigError(W.CMP_NO_ALLOCATION.format(path=folder))
    allocation = pd.read_csv(alloc_path, dtype=str, keep_default_na=False, encoding="utf-8")
    summary = json.loads(summary_path.read_text(encoding="utf-8"))
    manifest_path = folder / "manifest.json"
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
    )
    return EarlierRun(folder, allocation, summary, manifest)


def check_like_with_like(run: EarlierRun, round_: Round, option: str = COMPARE_OPTION) -> None:
    """Refuse an earlier run of another scheme or year, or one sharing no application id.

    A summary.json written before ``scheme`` and ``year`` were recorded is checked by its ids
    only.

    Raises
    ------
    ConfigError
        With the reason, naming the run and ``option``.
    """
    s = round_.scheme
    where = {"label": run.label, "option": option}
    before_scheme = run.summary.get("scheme")
    if before_scheme is not None and str(before_scheme) != str(s.name):
        raise ConfigError(W.CMP_OTHER_SCHEME.format(before=before_scheme, after=s.name, **where))
    before_year = run.summary.get("year")
    if before_year is not None and int(before_year) != int(s.year):
        raise ConfigError(W.CMP_OTHER_YEAR.format(before=before_year, after=s.year, **where))
    ids = set(round_.applications["application_id"].astype(str))
    if not ids & set(run.allocation["application_id"].astype(str)):
        raise ConfigError(W.CMP_NO_SHARED.format(**where))


def earlier_grants(run: EarlierRun) -> EarlierGrants:
    """The grants and budget of an earlier run, for a stable re-run (``--stable-from``)."""
    year = run.summary.get("year")
    return EarlierGrants(
        label=run.label,
        budget=int(run.summary.get("budget", 0)),
        granted=_granted(run.allocation),
        scheme=run.summary.get("scheme"),
        year=None if year is None else int(year),
    )


def stable_source(path: str | Path, round_: Round) -> EarlierGrants:
    """The earlier run of ``--stable-from`` (a run folder or its allocation.csv), checked to be
    of the same scheme and year as ``round_`` and to share application ids with it.

    Raises
    ------
    ConfigError
        The run is missing, holds no allocation, or is not like with like.
    """
    run = load_run(path, STABLE_OPTION)
    check_like_with_like(run, round_, STABLE_OPTION)
    return earlier_grants(run)


def _granted(table: pd.DataFrame) -> dict[str, int]:
    values = pd.to_numeric(table["granted"], errors="coerce").fillna(0).astype("int64")
    return dict(zip(table["application_id"].astype(str), values, strict=True))


#: The comparison's texts when no language is given (bokmål).
NB_WORDS = words("nb")


def _shown(name: str, value: Any, w: Words = NB_WORDS) -> str:
    """A rule parameter's value as the documents print it, by its kind (``RULE_PARAMETERS``)."""
    if value is None:
        return w.CMP_AS_SCHEME
    if value is False:
        return w.OFF
    if value is True:
        return w.YES
    kind = RULE_PARAMETERS.get(name)
    if kind == "money":
        return fmt.money(value)
    if kind == "share":
        return fmt.percent(value)
    if kind == "count":
        return fmt.integer(value)
    if isinstance(value, float):
        return fmt.decimal(value, 2)
    if isinstance(value, list):
        return "–".join(fmt.integer(v) for v in value)
    if isinstance(value, Mapping):  # group weights
        return ", ".join(f"{k} {fmt.percent(v)}" for k, v in value.items())
    return str(value)


def context_lines(
    before_summary: Mapping[str, Any],
    after_summary: Mapping[str, Any],
    before_params: Mapping[str, Any],
    after_params: Mapping[str, Any],
    label: str,
    before_apps: pd.DataFrame | None = None,
    after_apps: pd.DataFrame | None = None,
    w: Words = NB_WORDS,
) -> list[str]:
    """Sentences on what changed between the runs: the money available, rules, applications
    added or withdrawn and scores changed (when the tables are given), totals; in the written
    standard of ``w``."""
    lines = [w.CMP_INTRO.format(label=label)]
    b0, b1 = int(before_summary.get("budget", 0)), int(after_summary.get("budget", 0))
    if b0 != b1:
        lines.append(
            w.CMP_BUDGET.format(
                before=fmt.money(b0), after=fmt.money(b1), change=fmt.money(b1 - b0, signed=True)
            )
        )
    else:
        lines.append(w.CMP_BUDGET_SAME.format(budget=fmt.money(b1)))
    for name in sorted(set(before_params) | set(after_params)):
        if name == "budget":
            continue
        v0, v1 = before_params.get(name), after_params.get(name)
        if v0 != v1:
            lines.append(
                w.CMP_RULE.format(
                    rule=w.PARAMETER_LABELS.get(name, name),
                    before=_shown(name, v0, w),
                    after=_shown(name, v1, w),
                )
            )
    l0 = before_summary.get("locks") or {}
    l1 = after_summary.get("locks") or {}
    if l0 != l1:
        lines.append(w.CMP_LOCKS.format(before=fmt.integer(len(l0)), after=fmt.integer(len(l1))))
    lines += _membership_lines(before_apps, after_apps, w)
    g0, g1 = int(before_summary.get("granted_total", 0)), int(after_summary.get("granted_total", 0))
    lines.append(
        w.CMP_TOTAL.format(
            before=fmt.money(g0),
            after=fmt.money(g1),
            f0=fmt.integer(before_summary.get("funded", 0)),
            f1=fmt.integer(after_summary.get("funded", 0)),
        )
    )
    return lines


def _scores(table: pd.DataFrame) -> dict[str, float | None]:
    values = pd.to_numeric(table["score"], errors="coerce") if "score" in table else None
    if values is None:
        return {}
    ids = table["application_id"].astype(str)
    return {a: (None if pd.isna(v) else float(v)) for a, v in zip(ids, values, strict=True)}


def _score_changed(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is not b
    return abs(a - b) > SCORE_TOLERANCE


def _membership_lines(
    before: pd.DataFrame | None, after: pd.DataFrame | None, w: Words = NB_WORDS
) -> list[str]:
    """Applications added, withdrawn, or with another total score than before."""
    if before is None or after is None:
        return []
    ids0 = list(dict.fromkeys(before["application_id"].astype(str)))
    ids1 = list(dict.fromkeys(after["application_id"].astype(str)))
    lines = []
    added = [a for a in ids1 if a not in set(ids0)]
    gone = [a for a in ids0 if a not in set(ids1)]
    if added:
        lines.append(w.CMP_ADDED.format(ids=", ".join(added)))
    if gone:
        lines.append(w.CMP_WITHDRAWN.format(ids=", ".join(gone)))
    s0, s1 = _scores(before), _scores(after)
    moved = [a for a in ids1 if a in s0 and a in s1 and _score_changed(s0[a], s1[a])]
    if moved:
        n = fmt.count(len(moved), *w.APPLICATIONS)
        lines.append(w.CMP_SCORES.format(n=n, ids=", ".join(moved)))
    return lines


def _cause(b0: int, b1: int, w: Words) -> str:
    """Why grants moved: more or less money, or the rules."""
    if b1 > b0:
        return w.CMP_CAUSE_MORE.format(change=fmt.money(b1 - b0))
    if b1 < b0:
        return w.CMP_CAUSE_LESS.format(change=fmt.money(b0 - b1))
    return w.CMP_CAUSE_RULES


def _movement(app: str, a: int, b: int, grants: tuple[Mapping[str, int], ...], w: Words) -> str:
    """How one application's grant moved from ``a`` (before) to ``b`` (after); ``grants``
    are the two runs' grants by application."""
    g0, g1 = grants
    if app not in g0:
        return w.CMP_NEW_APP
    if app not in g1:
        return w.CMP_GONE_APP
    if a == 0:
        return w.CMP_NOW_FUNDED.format(amount=fmt.money(b))
    if b == 0:
        return w.CMP_NO_LONGER.format(amount=fmt.money(a))
    if b > a:
        return w.CMP_MORE.format(change=fmt.money(b - a))
    return w.CMP_LESS.format(change=fmt.money(a - b))


def compare_allocations(
    before: pd.DataFrame,
    after: pd.DataFrame,
    *,
    before_summary: Mapping[str, Any],
    after_summary: Mapping[str, Any],
    before_params: Mapping[str, Any] | None = None,
    after_params: Mapping[str, Any] | None = None,
    label: str = "",
    lang: Lang = "nb",
    reasons: Mapping[str, str] | None = None,
) -> Comparison:
    """Compare two allocation tables (allocation.csv contents).

    Returns exactly the applications whose ``granted`` differs (an application missing from
    one run counts as 0 there), in the later run's order (then the earlier's), each with why:
    worded in ``lang``, with the new run's reason from ``reasons`` (application_id -> text)
    where given, else from ``after``'s ``reason`` column.
    """
    inputs = {
        "before": before,
        "after": after,
        "before_summary": before_summary,
        "after_summary": after_summary,
        "before_params": before_params,
        "after_params": after_params,
        "label": label,
    }
    w = words(lang)
    g0, g1 = _granted(before), _granted(after)
    dec0 = dict(zip(before["application_id"].astype(str), before["decision"], strict=True))
    dec1 = dict(zip(after["application_id"].astype(str), after["decision"], strict=True))
    names = dict(zip(before["application_id"].astype(str), before["applicant"], strict=True))
    names.update(zip(after["application_id"].astype(str), after["applicant"], strict=True))
    reason_of = dict(zip(after["application_id"].astype(str), after["reason"], strict=True))
    reason_of.update(reasons or {})
    cause = _cause(int(before_summary.get("budget", 0)), int(after_summary.get("budget", 0)), w)
    rows = []
    for app in dict.fromkeys([*g1, *g0]):
        a, b = int(g0.get(app, 0)), int(g1.get(app, 0))
        if a == b:
            continue
        reason = str(reason_of.get(app, "") or "")
        why = f"{_movement(app, a, b, (g0, g1), w)} {cause}" + (
            f" {w.CMP_NOW}: {reason}" if reason else ""
        )
        rows.append(
            {
                "application_id": app,
                "applicant": str(names.get(app, "")),
                "granted_before": a,
                "granted_after": b,
                "change": b - a,
                "decision_before": w.DECISION_LABELS.get(dec0.get(app, ""), dec0.get(app, "")),
                "decision_after": w.DECISION_LABELS.get(dec1.get(app, ""), dec1.get(app, "")),
                "why": why,
            }
        )
    changes = pd.DataFrame(rows, columns=CHANGE_COLUMNS)
    context = context_lines(
        before_summary, after_summary, before_params or {}, after_params or {}, label,
        before, after, w,
    )  # fmt: skip
    return Comparison(previous=label, context=context, changes=changes, inputs=inputs)


def compare_with_run(
    earlier: str | Path | EarlierRun,
    allocation: pd.DataFrame,
    summary: Mapping[str, Any],
    parameters: Mapping[str, Any] | None = None,
) -> Comparison:
    """Compare a new result with an earlier run folder (see :func:`compare_allocations`)."""
    run = earlier if isinstance(earlier, EarlierRun) else load_run(earlier)
    return compare_allocations(
        run.allocation,
        allocation,
        before_summary=run.summary,
        after_summary=summary,
        before_params=run.parameters,
        after_params=parameters or {},
        label=run.label,
    )
