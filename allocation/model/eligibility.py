"""Eligibility, fundable amounts and candidates (CONTRACT sections 2.2 to 2.5).

For application *i* (R = ``rounding``):

- ``excluded_i``: the sum of its budget lines in ``excluded_cost_categories``;
- ``u_i = min(max(0, requested_i - excluded_i), cap)``;
- ``U_i``: ``u_i`` rounded down to a multiple of R (the fundable amount, ``fundable``);
- ``L_i = max(floor, min_share * u_i, R)`` rounded up to a multiple of R (the smallest grant);
- a *candidate* is eligible, has a score ``s_i >= threshold - 1e-9`` and ``L_i <= U_i``.

Rounding treats a value within ``1e-9 * R`` of a multiple of R as that multiple.
Every application that is not a candidate gets a ``status`` code saying why (see
:data:`STATUSES`); :mod:`allocation.explain` turns the codes into Norwegian reasons.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from allocation.model.scoring import Scoring
from allocation.round.data import Round, key
from allocation.round.partners import partner_parts
from allocation.tolerances import ROUNDING_TOLERANCE, SCORE_TOLERANCE

#: Why an application is (not) a candidate, in the order they are checked.
STATUSES = (
    "ineligible",  # applicant_type not in applicant_types, or no partner -> avvist
    "continued",  # requested 0, committed > 0 -> videreført (v1.2)
    "transferred",  # requested 0, transfer > 0 -> overført (v1.2)
    "no_score",  # s_i does not exist
    "below_threshold",  # s_i < threshold
    "nothing_fundable",  # U_i == 0 (everything excluded, capped or rounded away)
    "below_smallest_grant",  # L_i > U_i
    "candidate",
)


def floor_to(value: float, step: int) -> int:
    """``value`` rounded down to a multiple of ``step`` (within ``1e-9 * step``)."""
    if isinstance(value, (int, np.integer)):
        return int(value) // step * step
    return int(math.floor(value / step + ROUNDING_TOLERANCE)) * step


def ceil_to(value: float, step: int) -> int:
    """``value`` rounded up to a multiple of ``step`` (within ``1e-9 * step``)."""
    if isinstance(value, (int, np.integer)):
        return -(-int(value) // step) * step
    return int(math.ceil(value / step - ROUNDING_TOLERANCE)) * step


def region_ceiling(share: float, budget: int, rounding: int) -> int:
    """The binding figure of ``max_region_share``: ``share * B`` rounded down to the rounding step.

    A region's grants are whole multiples of R, so ``share * B`` and this figure allow the same
    allocations (CONTRACT 2.7, compared within 1e-9 R); this is the figure every document quotes.

    >>> region_ceiling(0.6, 2_805_000, 10_000)
    1680000
    >>> region_ceiling(0.29, 100, 1)
    29
    """
    return floor_to(float(share) * int(budget), int(rounding))


def committed_total(round: Round) -> int:
    """The sum of ``committed`` over all applications (kroner)."""
    return int(round.applications["committed"].astype("int64").sum())


def budget_from(frame: int, carry_over: int, committed: int) -> int:
    """``B = frame + carry_over - committed`` (may be negative)."""
    return int(frame) + int(carry_over) - int(committed)


def available_budget(round: Round) -> int:
    """``B = frame + carry_over - sum of committed over all applications`` (may be negative)."""
    return budget_from(round.scheme.frame, round.scheme.carry_over, committed_total(round))


def excluded_amounts(round: Round) -> pd.Series:
    """Per application_id (input order): the sum of its budget lines in excluded categories."""
    ids = round.applications["application_id"].astype(str)
    out = pd.Series(0, index=pd.Index(ids, name="application_id"), dtype="int64")
    excluded = {key(c) for c in round.scheme.excluded_cost_categories}
    lines = round.budget_lines
    if excluded and lines is not None and len(lines):
        mask = lines["category"].map(key).isin(excluded)
        sums = lines.loc[mask].groupby(lines.loc[mask, "application_id"].astype(str))["amount"]
        sums = sums.sum().astype("int64")
        out = out.add(sums.reindex(out.index, fill_value=0), fill_value=0).astype("int64")
    return out


def has_partner(round: Round) -> np.ndarray:
    """Per application (input order): whether its ``partners`` cell names at least one partner."""
    apps = round.applications
    if "partners" not in apps:
        return np.zeros(len(apps), dtype=bool)
    return np.array([bool(partner_parts(v)) for v in apps["partners"].tolist()], dtype=bool)


def partner_required(round: Round) -> bool:
    """The project's own key ``[eligibility] partner_required``: an application without a partner
    is not eligible."""
    return bool(round.scheme.rule_params.get("partner_required", False))


def _amounts(apps: pd.DataFrame, name: str) -> list[int]:
    """An amount column as ints, 0 where the input has none."""
    if name not in apps:
        return [0] * len(apps)
    return [0 if v is None or v != v else int(v) for v in apps[name].tolist()]


def _requested_zero_status(committed: int, transfer: int) -> str:
    """The status of an eligible application asking for no new money (CONTRACT v1.2)."""
    if committed > 0:
        return "continued"
    if transfer > 0:
        return "transferred"
    return "nothing_fundable"


def fundable_table(round: Round, scoring: Scoring) -> pd.DataFrame:
    """The eligibility and amount table, one row per application in input order.

    Columns: ``application_id, eligible, score, excluded, u, fundable (U_i), smallest (L_i),
    candidate, status``. Amounts are Python-int valued int64; ``fundable`` is 0 when not
    eligible (as in allocation.csv).
    """
    scheme = round.scheme
    apps = round.applications
    ids = apps["application_id"].astype(str).tolist()
    R = int(scheme.rounding or 1)
    requested = apps["requested"].astype("int64").tolist()
    excluded = excluded_amounts(round).tolist()
    types = apps["applicant_type"].map(key).tolist() if "applicant_type" in apps else []
    allowed = None if scheme.applicant_types is None else {key(t) for t in scheme.applicant_types}
    scores = scoring.total.reindex(ids).to_numpy(dtype=float)
    threshold = scheme.threshold
    committed, transfer = _amounts(apps, "committed"), _amounts(apps, "transfer")
    partnered = has_partner(round) if partner_required(round) else np.ones(len(ids), dtype=bool)

    rows = []
    for i, app_id in enumerate(ids):
        app_type = types[i] if types else "kommune"
        eligible = (allowed is None or (app_type or "kommune") in allowed) and bool(partnered[i])
        u = max(0, int(requested[i]) - int(excluded[i]))
        if scheme.cap is not None:
            u = min(u, int(scheme.cap))
        U = floor_to(u, R)
        L = ceil_to(max(float(scheme.floor or 0), float(scheme.min_share or 0.0) * u, R), R)
        # Keep L exact when every term is an integer (avoids float noise for big amounts).
        if not scheme.min_share:
            L = ceil_to(max(int(scheme.floor or 0), R), R)
        s = scores[i]
        if not eligible:
            status = "ineligible"
        elif int(requested[i]) == 0:  # needs no scores (CONTRACT v1.2)
            status = _requested_zero_status(committed[i], transfer[i])
        elif math.isnan(s):
            status = "no_score"
        elif threshold is not None and s < threshold - SCORE_TOLERANCE:
            status = "below_threshold"
        elif U <= 0:
            status = "nothing_fundable"
        elif L > U:
            status = "below_smallest_grant"
        else:
            status = "candidate"
        rows.append((app_id, eligible, s, int(excluded[i]), u, U if eligible else 0, L, status))
    table = pd.DataFrame(
        rows,
        columns=[
            "application_id",
            "eligible",
            "score",
            "excluded",
            "u",
            "fundable",
            "smallest",
            "status",
        ],
    )
    table = table.astype(
        {"excluded": "int64", "u": "int64", "fundable": "int64", "smallest": "int64"}
    )
    table.insert(7, "candidate", table["status"] == "candidate")
    return table
