"""The meaning of the model: scores, fundable amounts, the MILP data, its rules and emitters."""
