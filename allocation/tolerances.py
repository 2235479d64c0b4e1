"""Named tolerances, each defined once (CONTRACT section 2)."""

from __future__ import annotations

#: Scores are compared with this tolerance (CONTRACT 2.1, 2.4, 2.8).
SCORE_TOLERANCE = 1e-9
#: A value within this fraction of R of a multiple of R is that multiple (CONTRACT 2.3, 2.7).
ROUNDING_TOLERANCE = 1e-9
#: Group weights must sum to 1 within this (CONTRACT 1, ``[groups]``).
WEIGHT_SUM_TOLERANCE = 1e-6
#: Required relative gap of a proven optimum up to SMALL_ROUND candidates, and above (CONTRACT 2.8).
GAP_SMALL = 1e-9
GAP_LARGE = 1e-6
SMALL_ROUND = 1000
#: The tie-breaking solve keeps the objective within this relative distance of the optimum.
TIE_TOLERANCE = 1e-11
#: A solver's column value within this of an integer is that integer.
INTEGRALITY_TOLERANCE = 1e-5
