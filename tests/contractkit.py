"""An independent reference implementation of CONTRACT section 2, for auditing the CLI.

Written from the contract alone (it does not import or read the package's scoring,
eligibility or model code). It reads the plain round folders that :func:`write_round` writes
(UTF-8, ``,``-separated CSV, scheme.toml), computes every quantity of section 2 and finds the
optimum by brute force over the funded sets, which is exact for small rounds (<= ~10
candidates):

- for a fixed funded set the only coupling constraints on the grants are the budget and the
  per-region caps; these form a laminar family, so starting every funded application at
  ``L_i`` and filling by objective value per krone is exact (greedy is optimal on a laminar
  polymatroid, also in whole multiples of ``R``).

``check_outputs`` compares an ``allocation.csv`` / ``summary.json`` pair with the reference and
returns every deviation in words (an empty list means the outputs obey the contract).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import tomllib
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

REFERENCE = (
    Path(__file__).resolve().parent.parent / "allocation" / "data" / "reference" / "kommuner.csv"
)
HEADER = [
    "application_id",
    "applicant",
    "region",
    "model",
    "score",
    "requested",
    "committed",
    "fundable",
    "granted",
    "decision",
    "reason",
]
SCORE_TOL = 1e-9


def key(text: Any) -> str:
    """A text key as the contract compares it: trimmed and case-folded."""
    return str(text if text is not None else "").strip().casefold()


def fylke_of() -> dict[str, str]:
    """kommunenummer -> fylke name, from the reference list."""
    with REFERENCE.open(encoding="utf-8", newline="") as fh:
        return {row["kommunenummer"]: row["fylke"] for row in csv.DictReader(fh)}


# --------------------------------------------------------------------------- rounding


def _exact(value: float | int | Fraction) -> Fraction:
    """A number as an exact fraction; floats are read as the decimal they print as."""
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def round_down(value: float | int | Fraction, r: int) -> int:
    """``value`` rounded down to a multiple of ``r``; within 1e-9*r of a multiple is that one."""
    q = _exact(value) / r
    n = round(q)
    if abs(q - n) <= Fraction(1, 10**9):
        return int(n) * r
    return math.floor(q) * r


def round_up(value: float | int | Fraction, r: int) -> int:
    """``value`` rounded up to a multiple of ``r``; within 1e-9*r of a multiple is that one."""
    q = _exact(value) / r
    n = round(q)
    if abs(q - n) <= Fraction(1, 10**9):
        return int(n) * r
    return math.ceil(q) * r


# --------------------------------------------------------------------------- model


@dataclass
class RefApp:
    """One application with every quantity of CONTRACT section 2."""

    id: str
    applicant: str
    applicant_type: str
    region: str
    model: str
    requested: int
    committed: int
    eligible: bool
    score: float | None
    excluded: int
    u: int
    U: int
    L: int
    candidate: bool


@dataclass
class RefRound:
    """A round as the contract defines it, plus the brute-force optimum."""

    apps: list[RefApp]
    B: int
    policy: str
    R: int
    projects: list[int] | None
    one_per_applicant: bool
    min_per_region: int | None
    max_region_share: float | None
    min_models: int | None
    max_per_model: int | None
    status: str = ""
    objective: float | None = None
    grants: dict[str, int] = field(default_factory=dict)

    @property
    def candidates(self) -> list[RefApp]:
        return [a for a in self.apps if a.candidate]

    def value(self, app: RefApp, grant: int) -> float:
        """The objective's contribution of ``grant`` to ``app``."""
        if grant == 0:
            return 0.0
        assert app.score is not None
        if self.policy == "coverage":
            return app.score * grant / app.U
        return app.score * grant

    def region_cap(self) -> Fraction | None:
        if self.max_region_share is None:
            return None
        return _exact(self.max_region_share) * self.B


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{k.strip().lower(): (v or "") for k, v in row.items()} for row in rows]


def load_reference(
    folder: Path, *, budget: int | None = None, policy: str | None = None
) -> RefRound:
    """Read a plain round folder and compute section 2 (including the brute-force optimum)."""
    scheme = tomllib.loads((folder / "scheme.toml").read_text(encoding="utf-8"))
    grants = scheme.get("grants", {})
    quality = scheme.get("quality", {})
    spread = scheme.get("spread", {})
    elig = scheme.get("eligibility", {})
    R = int(grants.get("rounding", 1))
    cap = grants.get("cap")
    floor = grants.get("floor", 0)
    min_share = grants.get("min_share", 0.0)
    threshold = quality.get("threshold")
    types = elig.get("applicant_types")
    type_keys = None if types is None else {key(t) for t in types}
    excluded_keys = {key(c) for c in elig.get("excluded_cost_categories", [])}

    groups = {g: float(w) for g, w in scheme["groups"].items()}
    criteria = scheme["criteria"]
    by_group: dict[str, list[tuple[str, float]]] = {}
    for c in criteria:
        by_group.setdefault(c["group"], []).append((c["id"], float(c.get("weight", 1))))

    scores: dict[tuple[str, str], list[float]] = {}
    for row in _read_scores(folder, [c["id"] for c in criteria]):
        scores.setdefault((row[0], row[1]), []).append(row[2])

    excluded: dict[str, int] = {}
    bl = folder / "budget_lines.csv"
    if bl.exists():
        for row in _read_csv(bl):
            if key(row["category"]) in excluded_keys:
                aid = row["application_id"].strip()
                excluded[aid] = excluded.get(aid, 0) + int(row["amount"])

    fylker = fylke_of()
    apps: list[RefApp] = []
    for row in _read_csv(folder / "applications.csv"):
        aid = row["application_id"].strip()
        region = row.get("region", "")
        if not region.strip():
            region = fylker[row["kommunenummer"].strip()]
        atype = row.get("applicant_type", "")
        if not atype.strip():
            atype = "kommune"
        eligible = type_keys is None or key(atype) in type_keys
        # score
        means = {}
        for c in criteria:
            vals = scores.get((aid, c["id"]))
            if vals:
                means[c["id"]] = sum(vals) / len(vals)
        score: float | None = None
        if len(means) == len(criteria):
            total = 0.0
            for g, wg in groups.items():
                if wg == 0:
                    continue
                members = by_group.get(g, [])
                wsum = sum(w for _, w in members)
                total += wg * sum((w / wsum) * means[cid] for cid, w in members)
            score = total
        requested = int(row["requested"])
        committed = int(row.get("committed", "") or 0)
        exc = excluded.get(aid, 0)
        u = max(0, requested - exc)
        if cap is not None:
            u = min(u, cap)
        U = round_down(u, R)
        L = round_up(max(_exact(floor), _exact(min_share) * u, Fraction(R)), R)
        candidate = (
            eligible
            and score is not None
            and (threshold is None or score >= threshold - SCORE_TOL)
            and L <= U
        )
        apps.append(
            RefApp(
                id=aid,
                applicant=row["applicant"],
                applicant_type=atype,
                region=region,
                model=row.get("model", ""),
                requested=requested,
                committed=committed,
                eligible=eligible,
                score=score,
                excluded=exc,
                u=u,
                U=U,
                L=L,
                candidate=candidate,
            )
        )
    frame = scheme["budget"]["frame"] if budget is None else budget
    B = frame + scheme["budget"].get("carry_over", 0) - sum(a.committed for a in apps)
    ref = RefRound(
        apps=apps,
        B=B,
        policy=(policy or grants.get("policy", "merit")).lower(),
        R=R,
        projects=grants.get("projects"),
        one_per_applicant=bool(grants.get("one_per_applicant", False)),
        min_per_region=spread.get("min_per_region"),
        max_region_share=spread.get("max_region_share"),
        min_models=spread.get("min_models"),
        max_per_model=spread.get("max_per_model"),
    )
    if B >= 0:
        brute_force(ref)
    return ref


def _read_scores(folder: Path, criterion_ids: list[str]) -> list[tuple[str, str, float]]:
    rows = _read_csv(folder / "scores.csv")
    out: list[tuple[str, str, float]] = []
    if rows and "criterion" in rows[0]:
        for r in rows:
            out.append((r["application_id"].strip(), r["criterion"].strip(), float(r["score"])))
    else:
        for r in rows:
            for cid in criterion_ids:
                cell = r.get(cid.lower(), "").strip()
                if cell:
                    out.append((r["application_id"].strip(), cid, float(cell)))
    return out


# --------------------------------------------------------------------------- rules


def count_violations(ref: RefRound, funded: list[RefApp]) -> list[str]:
    """Violations of the rules that depend only on which candidates are funded."""
    out: list[str] = []
    n = len(funded)
    cands = ref.candidates
    if ref.projects is not None:
        lo = ref.projects[0]
        if n < lo:
            out.append(f"projects: {n} funded < min {lo}")
        if len(ref.projects) > 1 and n > ref.projects[1]:
            out.append(f"projects: {n} funded > max {ref.projects[1]}")
    if ref.one_per_applicant:
        seen: dict[str, int] = {}
        for a in funded:
            seen[key(a.applicant)] = seen.get(key(a.applicant), 0) + 1
        for k, c in seen.items():
            if c > 1:
                out.append(f"one_per_applicant: {c} funded for applicant {k!r}")
    if ref.min_per_region is not None:
        regions = {key(a.region) for a in cands}
        for reg in regions:
            need = min(ref.min_per_region, sum(1 for a in cands if key(a.region) == reg))
            have = sum(1 for a in funded if key(a.region) == reg)
            if have < need:
                out.append(f"min_per_region: region {reg!r} has {have} < {need}")
    if ref.min_models is not None:
        need = min(ref.min_models, len({key(a.model) for a in cands}))
        have = len({key(a.model) for a in funded})
        if have < need:
            out.append(f"min_models: {have} distinct models < {need}")
    if ref.max_per_model is not None:
        per: dict[str, int] = {}
        for a in funded:
            per[key(a.model)] = per.get(key(a.model), 0) + 1
        for m, c in per.items():
            if c > ref.max_per_model:
                out.append(f"max_per_model: model {m!r} has {c} > {ref.max_per_model}")
    return out


def amount_violations(ref: RefRound, grants: dict[str, int]) -> list[str]:
    """Violations of the budget and region-cap rules by ``grants`` (application id -> NOK)."""
    out: list[str] = []
    total = sum(grants.values())
    if total > ref.B:
        out.append(f"budget: granted {total} > B {ref.B}")
    cap = ref.region_cap()
    if cap is not None:
        per: dict[str, int] = {}
        for a in ref.apps:
            per[key(a.region)] = per.get(key(a.region), 0) + grants.get(a.id, 0)
        for reg, s in per.items():
            if s > cap:
                out.append(f"max_region_share: region {reg!r} granted {s} > {float(cap)}")
    return out


def best_grants(ref: RefRound, funded: list[RefApp]) -> dict[str, int] | None:
    """The optimal grants for a fixed funded set, or None when the smallest grants don't fit."""
    g = {a.id: a.L for a in funded}
    if amount_violations(ref, g):
        return None
    budget_left = Fraction(ref.B - sum(g.values()))
    cap = ref.region_cap()
    region_left: dict[str, Fraction] = {}
    if cap is not None:
        for a in funded:
            region_left.setdefault(key(a.region), cap)
            region_left[key(a.region)] -= a.L

    def per_unit(a: RefApp) -> float:
        assert a.score is not None
        return a.score / a.U if ref.policy == "coverage" else a.score

    for a in sorted(funded, key=per_unit, reverse=True):
        room = Fraction(a.U - a.L)
        room = min(room, budget_left)
        if cap is not None:
            room = min(room, region_left[key(a.region)])
        add = max(0, math.floor(room / ref.R)) * ref.R
        g[a.id] += add
        budget_left -= add
        if cap is not None:
            region_left[key(a.region)] -= add
    return g


def brute_force(ref: RefRound) -> None:
    """Fill ``ref.status``, ``ref.objective`` and ``ref.grants`` by exhaustive search."""
    cands = ref.candidates
    best: tuple[float, dict[str, int]] | None = None
    for n in range(len(cands) + 1):
        for funded in itertools.combinations(cands, n):
            funded_l = list(funded)
            if count_violations(ref, funded_l):
                continue
            g = best_grants(ref, funded_l)
            if g is None:
                continue
            obj = sum(ref.value(a, g[a.id]) for a in funded_l)
            if best is None or obj > best[0]:
                best = (obj, g)
    if best is None:
        ref.status = "infeasible"
        ref.objective = None
        ref.grants = {}
    else:
        ref.status = "optimal"
        ref.objective = best[0]
        ref.grants = best[1]


# --------------------------------------------------------------------------- outputs


def read_allocation(path: Path) -> tuple[list[str], list[dict[str, str]], bytes]:
    """Header, rows and raw bytes of an allocation.csv."""
    raw = path.read_bytes()
    text = raw.decode("utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    rows = [dict(zip(header, r, strict=True)) for r in reader]
    return header, rows, raw


def close(a: float, b: float, rel: float = 1e-9) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def check_outputs(ref: RefRound, out: Path, exit_code: int) -> list[str]:
    """Every deviation of the outputs in ``out`` (and the exit code) from the reference."""
    errs: list[str] = []
    expect_code = 0 if ref.status == "optimal" else 3
    if exit_code != expect_code:
        errs.append(f"exit status {exit_code}, expected {expect_code} ({ref.status})")
    summary_path = out / "summary.json"
    if not summary_path.exists():
        return errs + ["no summary.json"]
    sraw = summary_path.read_bytes()
    if sraw.startswith(b"\xef\xbb\xbf"):
        errs.append("summary.json has a BOM")
    summary = json.loads(sraw.decode("utf-8"))
    for k in ("status", "policy", "budget", "objective", "granted_total", "funded", "conflicts"):
        if k not in summary:
            errs.append(f"summary.json lacks {k!r}")
    if errs:
        return errs
    if summary["status"] != ref.status:
        errs.append(f"summary status {summary['status']!r}, expected {ref.status!r}")
    if summary["policy"] != ref.policy:
        errs.append(f"summary policy {summary['policy']!r}, expected {ref.policy!r}")
    if summary["budget"] != ref.B:
        errs.append(f"summary budget {summary['budget']!r}, expected B = {ref.B}")
    alloc = out / "allocation.csv"
    if ref.status != "optimal":
        if summary["objective"] is not None:
            errs.append(f"objective {summary['objective']!r} should be null when infeasible")
        if summary["granted_total"] != 0 or summary["funded"] != 0:
            errs.append("granted_total / funded should be 0 when infeasible")
        if not summary["conflicts"]:
            errs.append("conflicts empty although infeasible")
        if alloc.exists():
            errs.append("allocation.csv written although infeasible")
        return errs
    if summary["conflicts"]:
        errs.append(f"conflicts non-empty although optimal: {summary['conflicts']!r}")
    assert ref.objective is not None
    if summary["objective"] is None or not close(summary["objective"], ref.objective):
        errs.append(f"objective {summary['objective']!r}, brute force {ref.objective!r}")
    if not alloc.exists():
        return errs + ["no allocation.csv"]
    header, rows, raw = read_allocation(alloc)
    if raw.startswith(b"\xef\xbb\xbf"):
        errs.append("allocation.csv has a BOM")
    if header[: len(HEADER)] != HEADER:
        errs.append(f"allocation.csv header {header!r}")
        return errs
    ids = [r["application_id"] for r in rows]
    if ids != [a.id for a in ref.apps]:
        errs.append(f"rows {ids!r} not in input order {[a.id for a in ref.apps]!r}")
        return errs
    grants: dict[str, int] = {}
    for a, r in zip(ref.apps, rows, strict=True):
        where = f"row {a.id}"
        errs += _check_row(ref, a, r, where)
        try:
            g = int(r["granted"])
        except ValueError:
            errs.append(f"{where}: granted {r['granted']!r} is not whole kroner")
            continue
        if g:
            grants[a.id] = g
    funded = [a for a in ref.apps if a.id in grants]
    errs += count_violations(ref, [a for a in funded if a.candidate])
    errs += amount_violations(ref, grants)
    obj = sum(ref.value(a, grants[a.id]) for a in funded if a.score is not None)
    if not close(obj, ref.objective):
        errs.append(f"objective of the granted amounts {obj!r}, brute force {ref.objective!r}")
    if summary["granted_total"] != sum(grants.values()):
        errs.append(f"granted_total {summary['granted_total']} != {sum(grants.values())}")
    if summary["funded"] != len(grants):
        errs.append(f"funded {summary['funded']} != {len(grants)}")
    return errs


def _check_row(ref: RefRound, a: RefApp, r: dict[str, str], where: str) -> list[str]:
    errs: list[str] = []
    if key(r["applicant"]) != key(a.applicant):
        errs.append(f"{where}: applicant {r['applicant']!r} vs {a.applicant!r}")
    if key(r["region"]) != key(a.region):
        errs.append(f"{where}: region {r['region']!r}, expected {a.region!r}")
    if key(r["model"]) != key(a.model):
        errs.append(f"{where}: model {r['model']!r} vs {a.model!r}")
    if a.score is None:
        if r["score"] != "":
            errs.append(f"{where}: score {r['score']!r} should be empty")
    else:
        try:
            s = float(r["score"])
            if abs(s - a.score) > 1e-9:
                errs.append(f"{where}: score {r['score']!r}, expected {a.score!r}")
        except ValueError:
            errs.append(f"{where}: score {r['score']!r} is not a number")
    for col, want in (("requested", a.requested), ("committed", a.committed)):
        if r[col] != str(want):
            errs.append(f"{where}: {col} {r[col]!r}, expected {want}")
    fundable = a.U if a.eligible else 0
    if r["fundable"] != str(fundable):
        errs.append(f"{where}: fundable {r['fundable']!r}, expected {fundable}")
    try:
        g = int(r["granted"])
    except ValueError:
        return errs
    if g:
        if not a.candidate:
            errs.append(f"{where}: granted {g} to a non-candidate")
        if g % ref.R:
            errs.append(f"{where}: granted {g} not a multiple of R = {ref.R}")
        if not a.L <= g <= a.U:
            errs.append(f"{where}: granted {g} outside [L, U] = [{a.L}, {a.U}]")
    if not a.eligible:
        want = "avvist"
    elif a.requested == 0 and a.committed > 0:  # v1.2 (the generator writes no transfer)
        want = "videreført"
    elif g > 0 and g == a.U:
        want = "innvilget"
    elif g > 0:
        want = "delvis_innvilget"
    else:
        want = "avslått"
    if r["decision"] != want:
        errs.append(f"{where}: decision {r['decision']!r}, expected {want!r} (granted {g})")
    return errs


# --------------------------------------------------------------------------- writing rounds


def toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    raise TypeError(v)


def scheme_toml(scheme: dict[str, Any]) -> str:
    """A scheme.toml text for ``scheme`` (tables of scalars, plus the ``criteria`` list)."""
    lines: list[str] = []
    for table, body in scheme.items():
        if table == "criteria":
            continue
        lines.append(f"[{table}]")
        for k, v in body.items():
            lines.append(f"{json.dumps(k)} = {toml_value(v)}")
        lines.append("")
    for c in scheme.get("criteria", []):
        lines.append("[[criteria]]")
        for k, v in c.items():
            lines.append(f"{k} = {toml_value(v)}")
        lines.append("")
    return "\n".join(lines)


def write_csv(path: Path, header: list[str], rows: list[list[Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        for r in rows:
            w.writerow(["" if x is None else x for x in r])


def write_round(folder: Path, spec: dict[str, Any]) -> Path:
    """Write a round spec (see the test module's strategy) as a plain CSV round folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(scheme_toml(spec["scheme"]), encoding="utf-8")
    cols = spec["app_columns"]
    write_csv(
        folder / "applications.csv",
        cols,
        [[app.get(c, "") for c in cols] for app in spec["applications"]],
    )
    crit_ids = [c["id"] for c in spec["scheme"]["criteria"]]
    if spec.get("wide_scores"):
        table: dict[tuple[str, str], dict[str, Any]] = {}
        for aid, who, cid, s in spec["scores"]:
            table.setdefault((aid, who), {})[cid] = s
        write_csv(
            folder / "scores.csv",
            ["application_id", "assessor", *crit_ids],
            [[aid, who, *[v.get(c, "") for c in crit_ids]] for (aid, who), v in table.items()],
        )
    else:
        write_csv(
            folder / "scores.csv",
            ["application_id", "assessor", "criterion", "score"],
            [list(s) for s in spec["scores"]],
        )
    if spec.get("budget_lines") is not None:
        write_csv(
            folder / "budget_lines.csv",
            ["application_id", "category", "amount"],
            [list(b) for b in spec["budget_lines"]],
        )
    return folder


# --------------------------------------------------------------------------- other formats

AMOUNT_COLUMNS = {"requested", "committed", "own_funding", "amount", "population"}


def _tables(spec: dict[str, Any]) -> dict[str, tuple[list[str], list[list[Any]]]]:
    """The round's tables as (header, rows) with typed values (what write_round writes)."""
    cols = spec["app_columns"]
    tables = {
        "applications": (cols, [[app.get(c, "") for c in cols] for app in spec["applications"]]),
        "scores": (["application_id", "assessor", "criterion", "score"], spec["scores"]),
    }
    if spec.get("budget_lines") is not None:
        tables["budget_lines"] = (["application_id", "category", "amount"], spec["budget_lines"])
    return tables


def _norwegian_amount(v: int, style: int) -> str:
    """A whole-kroner amount the way Norwegian Excel users write it."""
    sep = [" ", "\u00a0", "\u202f", ""][style % 4]
    digits = f"{v:,}".replace(",", sep)
    unit = ["", " kr", "kr", " NOK"][(style // 4) % 4]
    return digits + unit


def write_round_norwegian_csv(folder: Path, spec: dict[str, Any], *, encoding: str) -> Path:
    """The same round as Norwegian-Excel CSV: ``;``, decimal comma, amounts like "2 905 000 kr".

    ``encoding`` is ``"cp1252"`` or ``"utf-8-sig"`` (narrow no-break spaces only in UTF-8).
    Column names are written with odd case and padding.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(scheme_toml(spec["scheme"]), encoding="utf-8")
    for name, (header, rows) in _tables(spec).items():
        out_rows = []
        for i, row in enumerate(rows):
            cells = []
            for col, v in zip(header, row, strict=True):
                if col in AMOUNT_COLUMNS and isinstance(v, int):
                    style = i + len(col)
                    if encoding == "cp1252" and style % 4 == 2:
                        style += 1
                    cells.append(_norwegian_amount(v, style))
                elif isinstance(v, float):
                    cells.append(repr(v).replace(".", ","))
                else:
                    cells.append("" if v is None else str(v))
            out_rows.append(cells)
        odd_header = [
            h if h == "extra" else f" {h.upper()} " if j % 2 else h.capitalize()
            for j, h in enumerate(header)
        ]
        with (folder / f"{name}.csv").open("w", encoding=encoding, newline="") as fh:
            w = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            w.writerow(odd_header)
            w.writerows(out_rows)
    return folder


def write_round_xlsx(folder: Path, spec: dict[str, Any]) -> Path:
    """The same round as XLSX files: identifiers that look like numbers as numeric cells,
    kommunenummer as a number (0301 -> 301), amounts partly as floats (100000.0)."""
    from openpyxl import Workbook

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(scheme_toml(spec["scheme"]), encoding="utf-8")
    for name, (header, rows) in _tables(spec).items():
        wb = Workbook()
        ws = wb.active
        ws.title = "Ark1"
        ws.append(header)
        for i, row in enumerate(rows):
            cells: list[Any] = []
            for col, v in zip(header, row, strict=True):
                if col in ("application_id", "kommunenummer") and _plain_digits(v, col):
                    cells.append(int(v))
                elif col in AMOUNT_COLUMNS and isinstance(v, int) and i % 2:
                    cells.append(float(v))
                elif v == "":
                    cells.append(None)
                else:
                    cells.append(v)
            ws.append(cells)
        extra = wb.create_sheet("Notater")  # only the first sheet counts
        extra.append(["application_id", "noe annet"])
        if name != "scores":  # v1.2: every sheet of scores.xlsx holding data is read
            extra.append(["zzz", 1])
        wb.save(folder / f"{name}.xlsx")
    return folder


def _plain_digits(v: Any, col: str) -> bool:
    s = str(v)
    if not s.isdigit():
        return False
    if col == "kommunenummer":
        return True  # 0301 is written as the number 301
    return not s.startswith("0")
