"""The package's numeric tolerances, each defined once and named after what it compares.

Every value cites the CONTRACT.md rule it implements; code compares with these names, never
with a literal.
"""

from __future__ import annotations

#: Scores are compared with a tolerance of 1e-9 (CONTRACT section 2, items 1, 4 and 8).
SCORE_TOLERANCE = 1e-9

#: A value within 1e-9·R of a multiple of the rounding step R is that multiple, and the region
#: ceiling is compared within 1e-9·R (CONTRACT section 2, items 3 and 7); relative to R.
ROUNDING_TOLERANCE = 1e-9

#: The weights in ``[groups]`` sum to 1 within 1e-6 (CONTRACT section 1, scheme.toml).
WEIGHT_SUM_TOLERANCE = 1e-6

#: The required relative gap of a proven optimum: 1e-9 up to SMALL_ROUND candidates, 1e-6 above
#: (CONTRACT section 2, item 8).
GAP_SMALL = 1e-9
GAP_LARGE = 1e-6
SMALL_ROUND = 1000

#: The tie-breaking solve keeps the objective within this relative distance of the optimum
#: (CONTRACT section 2, item 9: the project's documented tie rule).
TIE_TOLERANCE = 1e-11

#: A solver's column value within this of a whole number is that number.
INTEGRALITY_TOLERANCE = 1e-5
