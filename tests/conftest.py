"""Shared test configuration: hypothesis profiles and common paths."""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "dev", max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

TESTS_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = TESTS_DIR.parent
# The package's own data (allocation/paths.py); the top-level data/ and notebooks/ only point here.
EXAMPLES_DIR = PROJECT_ROOT / "allocation" / "data" / "examples"
NOTEBOOKS_DIR = PROJECT_ROOT / "allocation" / "notebooks"
CONFORMANCE_DIR = TESTS_DIR / "conformance"
