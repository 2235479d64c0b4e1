"""Random rounds for the benchmarks, built so that every rule family is active and the spread
rules really bind.

How the spread rules are made to bind:

- scores depend on the region and the model: a few "strong" regions and models score high, so
  a pure ranking would pile money there; ``max_region_share`` and ``max_per_model`` cut that;
- "weak" regions and rare models score low, so ``min_per_region`` and ``min_models`` force
  lower-scored applications in;
- applicants apply more than once (``one_per_applicant``), the budget covers about a third of
  the fundable total, and ``projects`` has a maximum below what the budget alone would allow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from allocation.round.data import Criterion, Round, Scheme

REGIONS = [f"Region {i:02d}" for i in range(15)]
MODELS = [
    "palliativ plan",
    "CSNAT",
    "forhåndssamtaler",
    "Livets siste dager",
    "e-læring",
    "kompetansenettverk",
    "palliativt team",
    "pårørendestøtte",
    "",
    "hjemmedød",
]
CRITERIA = (
    Criterion("kvalitet", "Prosjekt", "Kvalitet", 2.0),
    Criterion("metode", "Prosjekt", "Metode", 1.0),
    Criterion("forankring", "Søknad", "Forankring", 1.0),
    Criterion("budsjett", "Budsjett", "Budsjett", 1.0),
)


def make_round(n: int, seed: int = 0, *, rules: bool = True) -> Round:
    """A round of ``n`` applications (three assessors, four criteria) with every rule set."""
    rng = np.random.default_rng(seed)
    region_strength = np.linspace(0.8, -0.8, len(REGIONS))
    model_weights = np.array([30, 20, 15, 12, 8, 6, 4, 2, 2, 1], dtype=float)
    model_weights /= model_weights.sum()
    model_strength = np.linspace(0.6, -0.9, len(MODELS))
    n_applicants = max(1, int(n * 0.8))
    applicant = rng.integers(0, n_applicants, n)
    region = applicant % len(REGIONS)  # a kommune lies in one region
    model = rng.choice(len(MODELS), size=n, p=model_weights)
    quality = np.clip(
        3.6 + region_strength[region] + model_strength[model] + rng.normal(0, 0.8, n), 1, 6
    )
    requested = (rng.integers(60, 900, n) * 1000).astype(np.int64)
    ids = [f"B-{i:06d}" for i in range(n)]
    apps = pd.DataFrame(
        {
            "application_id": ids,
            "applicant": [f"Kommune {a:05d}" for a in applicant],
            "kommunenummer": [""] * n,
            "region": [REGIONS[r] for r in region],
            "applicant_type": np.where(rng.random(n) < 0.04, "frivillig", "kommune"),
            "title": [f"Prosjekt {i}" for i in range(n)],
            "model": [MODELS[m] for m in model],
            "requested": requested,
            "committed": np.zeros(n, dtype=np.int64),
            "own_funding": pd.array([pd.NA] * n, dtype="Int64"),
            "population": pd.array([pd.NA] * n, dtype="Int64"),
            "source_row": np.arange(2, n + 2),
        }
    )
    rows = []
    for c in CRITERIA:
        for a in ("A", "B", "C"):
            s = np.clip(np.rint(quality + rng.normal(0, 0.7, n)), 1, 6)
            rows.append(
                pd.DataFrame({"application_id": ids, "assessor": a, "criterion": c.id, "score": s})
            )
    scores = pd.concat(rows, ignore_index=True)
    scores["source_row"] = np.arange(2, len(scores) + 2)
    cat = rng.choice(["Lønn", "Kurs", "Utstyr"], size=n, p=[0.5, 0.3, 0.2])
    lines = pd.DataFrame(
        {
            "application_id": ids,
            "category": cat,
            "amount": (requested * rng.uniform(0.1, 0.4, n)).astype(np.int64),
            "source_row": np.arange(2, n + 2),
        }
    )
    budget = int(requested.sum() * 0.3) // 1000 * 1000
    scheme = Scheme(
        name=f"Benchmark {n}",
        year=2025,
        frame=budget,
        groups={"Prosjekt": 0.6, "Søknad": 0.2, "Budsjett": 0.2},
        criteria=CRITERIA,
        policy="merit",
        cap=750_000,
        floor=50_000,
        min_share=0.4,
        rounding=5_000,
        threshold=2.5,
        excluded_cost_categories=("utstyr",),
        applicant_types=("kommune",),
    )
    if rules:
        scheme = scheme.replace(
            projects_min=max(1, n // 20),
            projects_max=max(len(REGIONS) + 5, int(n * 0.45)),
            one_per_applicant=True,
            min_per_region=max(1, n // 200),
            max_region_share=0.12,
            min_models=min(len(MODELS), max(2, n // 10)),
            max_per_model=max(5, int(n * 0.08)),
        )
    return Round(
        path=Path(f"benchmark-{n}"),
        scheme=scheme,
        applications=apps,
        scores=scores,
        budget_lines=lines,
    )
