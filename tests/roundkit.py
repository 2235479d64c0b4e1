"""Test helpers: build :class:`Round` objects directly, and read the conformance rounds.

``make_round`` builds a Round from plain Python data so that tests do not depend on the
loader. ``load`` reads a round folder through ``load_round`` when the loader
exists, else with a tiny private reader that understands the (plain UTF-8 CSV) conformance
rounds only.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from allocation.round.data import Criterion, Round, Scheme

REFERENCE = (
    Path(__file__).resolve().parent.parent / "allocation" / "data" / "reference" / "kommuner.csv"
)

APP_DEFAULTS: dict[str, Any] = {
    "applicant": "",
    "kommunenummer": "",
    "region": "",
    "applicant_type": "kommune",
    "title": "t",
    "model": "",
    "requested": 0,
    "committed": 0,
}


def simple_scheme(**changes: Any) -> Scheme:
    """A one-criterion scheme (score = the assessor's score) with ``changes`` applied."""
    base = Scheme(
        name="Test",
        year=2025,
        frame=1_000_000,
        groups={"G": 1.0},
        criteria=(Criterion(id="q", group="G", label="Kvalitet"),),
    )
    return base.replace(**changes)


def make_round(
    apps: Iterable[Mapping[str, Any]],
    scores: Iterable[Mapping[str, Any]] | Mapping[str, float] | None = None,
    budget_lines: Iterable[Mapping[str, Any]] = (),
    scheme: Scheme | None = None,
    **scheme_changes: Any,
) -> Round:
    """Build a Round.

    ``apps``: dicts with at least application_id and requested (other columns default).
    ``scores``: long rows (application_id, assessor, criterion, score), or a mapping
    application_id -> score for the one-criterion :func:`simple_scheme` (assessor "A").
    """
    scheme = scheme or simple_scheme()
    if scheme_changes:
        scheme = scheme.replace(**scheme_changes)
    rows = []
    for n, a in enumerate(apps):
        row = dict(APP_DEFAULTS)
        row["applicant"] = f"Søker {a['application_id']}"
        row.update(a)
        row["source_row"] = n + 2
        rows.append(row)
    applications = pd.DataFrame(rows)
    for col in ("requested", "committed"):
        applications[col] = applications[col].astype("int64")
    for col in ("own_funding", "population"):
        if col not in applications:
            applications[col] = pd.array([pd.NA] * len(applications), dtype="Int64")
    if isinstance(scores, Mapping):
        crit = scheme.criteria[0].id
        scores = [
            {"application_id": a, "assessor": "A", "criterion": crit, "score": s}
            for a, s in scores.items()
        ]
    score_rows = [dict(r, source_row=n + 2) for n, r in enumerate(scores or [])]
    score_df = pd.DataFrame(
        score_rows, columns=["application_id", "assessor", "criterion", "score", "source_row"]
    )
    score_df["score"] = score_df["score"].astype(float)
    line_rows = [dict(r, source_row=n + 2) for n, r in enumerate(budget_lines)]
    lines = pd.DataFrame(line_rows, columns=["application_id", "category", "amount", "source_row"])
    lines["amount"] = lines["amount"].astype("int64")
    return Round(
        path=Path("test-round"),
        scheme=scheme,
        applications=applications,
        scores=score_df,
        budget_lines=lines,
    )


def _scheme_from_toml(path: Path) -> Scheme:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    s, b, g = data["scheme"], data["budget"], data.get("grants", {})
    q, sp, el = data.get("quality", {}), data.get("spread", {}), data.get("eligibility", {})
    projects = g.get("projects")
    return Scheme(
        name=s["name"],
        year=int(s["year"]),
        region=s.get("region"),
        frame=int(b["frame"]),
        carry_over=int(b.get("carry_over", 0)),
        groups={k: float(v) for k, v in data["groups"].items()},
        criteria=tuple(
            Criterion(
                id=c["id"],
                group=c["group"],
                label=c.get("label", ""),
                weight=float(c.get("weight", 1)),
            )
            for c in data["criteria"]
        ),
        policy=g.get("policy", "merit"),
        cap=g.get("cap"),
        floor=int(g.get("floor", 0)),
        min_share=float(g.get("min_share", 0.0)),
        rounding=int(g.get("rounding", 1)),
        projects_min=projects[0] if projects else None,
        projects_max=projects[1] if projects and len(projects) > 1 else None,
        one_per_applicant=bool(g.get("one_per_applicant", False)),
        scale=tuple(q.get("scale", (1, 6))),
        threshold=q.get("threshold"),
        min_per_region=sp.get("min_per_region"),
        max_region_share=sp.get("max_region_share"),
        min_models=sp.get("min_models"),
        max_per_model=sp.get("max_per_model"),
        applicant_types=tuple(el["applicant_types"]) if "applicant_types" in el else None,
        excluded_cost_categories=tuple(el.get("excluded_cost_categories", ())),
    )


def read_plain_round(folder: Path) -> Round:
    """The private reader: plain UTF-8 ``,`` CSV rounds only (the conformance rounds)."""
    folder = Path(folder)
    scheme = _scheme_from_toml(folder / "scheme.toml")
    apps = pd.read_csv(folder / "applications.csv", dtype=str, keep_default_na=False)
    if "region" not in apps or (apps["region"] == "").any():
        ref = pd.read_csv(REFERENCE, dtype=str)
        fylke = dict(zip(ref["kommunenummer"], ref["fylke"], strict=True))
        derived = apps["kommunenummer"].map(fylke).fillna("")
        apps["region"] = (
            apps["region"].where(apps["region"] != "", derived) if ("region" in apps) else derived
        )
    records = apps.to_dict("records")
    for r in records:
        r["requested"] = int(r["requested"])
        r["committed"] = int(r.get("committed") or 0)
    scores = pd.read_csv(folder / "scores.csv", dtype=str).to_dict("records")
    lines_path = folder / "budget_lines.csv"
    lines = []
    if lines_path.exists():
        lines = pd.read_csv(lines_path, dtype=str).to_dict("records")
        for r in lines:
            r["amount"] = int(r["amount"])
    rnd = make_round(records, scores, lines, scheme=scheme)
    rnd.path = folder
    return rnd


def load(folder: Path) -> Round:
    """Load a round folder with the project's loader when it exists, else privately."""
    try:
        from allocation.round.read import load_round
    except ImportError:
        return read_plain_round(folder)
    return load_round(folder)


def rule_violations(result, locks=None) -> list[str]:
    """Check an optimal AllocationResult's table against CONTRACT 2, independently of the
    model code (only the eligibility table is shared). Returns the broken rules."""
    from allocation.round.data import key

    rnd, table, alloc = result.round, result.fundable, result.allocation
    sch = rnd.scheme
    R = int(sch.rounding or 1)
    B = result.summary["budget"]
    out = []
    g = alloc["granted"].astype(int).tolist()
    cand = table["candidate"].tolist()
    U, L = table["fundable"].tolist(), table["smallest"].tolist()
    for i, gi in enumerate(g):
        if gi % R:
            out.append(f"step:{i}")
        if gi and not cand[i]:
            out.append(f"not_candidate:{i}")
        if gi and not (L[i] <= gi <= U[i]):
            out.append(f"bounds:{i}")
    if sum(g) > B:
        out.append("budget")
    funded = [i for i, gi in enumerate(g) if gi > 0]
    apps = rnd.applications
    if sch.projects_min is not None and len(funded) < sch.projects_min:
        out.append("projects_min")
    if sch.projects_max is not None and len(funded) > sch.projects_max:
        out.append("projects_max")
    if sch.one_per_applicant:
        keys = [key(apps["applicant"].iloc[i]) for i in funded]
        if len(keys) != len(set(keys)):
            out.append("one_per_applicant")
    regions = [key(v) for v in apps["region"]]
    models = [key(v) for v in apps["model"]]
    cands = [i for i, c in enumerate(cand) if c]
    if sch.min_per_region:
        for r in {regions[i] for i in cands}:
            n_r = sum(1 for i in cands if regions[i] == r)
            if sum(1 for i in funded if regions[i] == r) < min(sch.min_per_region, n_r):
                out.append(f"min_per_region:{r}")
    if sch.max_region_share is not None:
        for r in set(regions):
            if sum(g[i] for i in funded if regions[i] == r) > sch.max_region_share * B + 1e-6:
                out.append(f"max_region_share:{r}")
    if sch.min_models:
        need = min(sch.min_models, len({models[i] for i in cands}))
        if len({models[i] for i in funded}) < need:
            out.append("min_models")
    if sch.max_per_model is not None:
        for m in set(models):
            if sum(1 for i in funded if models[i] == m) > sch.max_per_model:
                out.append(f"max_per_model:{m}")
    ids = apps["application_id"].tolist()
    for app_id, lock in (locks or {}).items():
        i = ids.index(app_id)
        if (lock.action == "must_fund") != (g[i] > 0):
            out.append(f"lock:{app_id}")
    return out
