"""Solvers: running HiGHS or CBC, reading the answer back, diagnosing conflicts."""
