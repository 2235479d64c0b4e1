"""Write a generated benchmark round (:func:`generate.make_round`) as a round folder.

The folder is what an adviser would bring (CONTRACT section 1): ``scheme.toml``,
``applications.csv``, ``scores.csv`` and ``budget_lines.csv`` (two lines per application),
plain UTF-8 with ``,``. Scores
are written in wide form by default (one row per application and assessor, one column per
criterion: 30 000 rows for 10 000 applications), or long form with ``--long``.

    .venv/bin/python benchmarks/make_round_folder.py 10000 --easy /tmp/round-10000-easy
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import make_round  # noqa: E402

from allocation.round.data import Scheme  # noqa: E402


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(value)


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _toml_value(name)


def scheme_toml(s: Scheme) -> str:
    """The scheme as scheme.toml text (only the keys that are set)."""
    tables: dict[str, dict[str, object]] = {
        "scheme": {"name": s.name, "year": s.year},
        "budget": {"frame": s.frame, "carry_over": s.carry_over},
        "grants": {
            "policy": s.policy,
            "cap": s.cap,
            "floor": s.floor,
            "min_share": s.min_share,
            "rounding": s.rounding,
            "one_per_applicant": s.one_per_applicant,
        },
        "quality": {"scale": list(s.scale), "threshold": s.threshold},
        "groups": dict(s.groups),
        "spread": {
            "min_per_region": s.min_per_region,
            "max_region_share": s.max_region_share,
            "min_models": s.min_models,
            "max_per_model": s.max_per_model,
        },
        "eligibility": {
            "applicant_types": s.applicant_types,
            "excluded_cost_categories": list(s.excluded_cost_categories),
        },
    }
    if s.projects_min is not None:
        bounds = [s.projects_min] + ([s.projects_max] if s.projects_max is not None else [])
        tables["grants"]["projects"] = bounds
    lines: list[str] = []
    for name, values in tables.items():
        kept = {k: v for k, v in values.items() if v is not None}
        if not kept:
            continue
        lines.append(f"[{name}]")
        lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in kept.items()]
        lines.append("")
    for c in s.criteria:
        lines += [
            "[[criteria]]",
            f"id = {_toml_value(c.id)}",
            f"group = {_toml_value(c.group)}",
            f"label = {_toml_value(c.label)}",
            f"weight = {c.weight!r}",
            "",
        ]
    return "\n".join(lines)


def write_folder(n: int, folder: Path, *, easy: bool, long_form: bool, seed: int = 0) -> None:
    """Write the generated round of ``n`` applications into ``folder``."""
    round_ = make_round(n, seed, rules=not easy)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "scheme.toml").write_text(scheme_toml(round_.scheme), encoding="utf-8")
    apps = round_.applications.drop(columns=["source_row", "own_funding", "population"])
    apps.to_csv(folder / "applications.csv", index=False, lineterminator="\n")
    scores = round_.scores.drop(columns=["source_row"])
    if not long_form:
        criteria = [c.id for c in round_.scheme.criteria]
        scores = scores.pivot(
            index=["application_id", "assessor"], columns="criterion", values="score"
        )
        scores = scores[criteria].reset_index()
        scores.columns.name = None
        scores[criteria] = scores[criteria].astype("int64")
    else:
        scores["score"] = scores["score"].astype("int64")
    scores.to_csv(folder / "scores.csv", index=False, lineterminator="\n")
    lines = round_.budget_lines.drop(columns=["source_row"])
    # A second line per application makes the lines sum to the request (no 10 000 warnings);
    # its category is not excluded, so the model is the generated round's.
    requested = round_.applications.set_index("application_id")["requested"]
    rest = lines.assign(
        category="Annet", amount=requested.loc[lines["application_id"]].to_numpy() - lines["amount"]
    )
    lines = pd.concat([lines, rest]).sort_index(kind="stable").reset_index(drop=True)
    lines.to_csv(folder / "budget_lines.csv", index=False, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Command line: ``make_round_folder.py N FOLDER [--easy] [--long] [--seed S]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of applications")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--easy", action="store_true", help="no projects/spread/one-per rules")
    parser.add_argument("--long", action="store_true", help="scores in long form")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    write_folder(args.n, args.folder, easy=args.easy, long_form=args.long, seed=args.seed)
    print(f"wrote {args.folder}")
    return 0


if __name__ == "__main__":
    pd.options.mode.copy_on_write = True
    raise SystemExit(main())
