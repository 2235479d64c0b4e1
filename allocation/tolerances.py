"""The package's numeric tolerances, each defined once and named after what it compares.

Every value cites the CONTRACT.md rule it implements; code compares with these names, never
with a literal.
"""

from __future__ import annotations

#: Scores are compared with a tolerance of 1e-9 (CONTRACT section 2, items 1 and 4).
SCORE_TOLERANCE = 1e-9

#: A value within 1e-9·R of a multiple of the rounding step R is that multiple, and the region
#: ceiling is compared within 1e-9·R (CONTRACT section 2, items 3 and 7); relative to R.
ROUNDING_TOLERANCE = 1e-9

#: The weights in ``[groups]`` sum to 1 within 1e-6 (CONTRACT section 1, scheme.toml).
WEIGHT_SUM_TOLERANCE = 1e-6
