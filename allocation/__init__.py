"""Allocation modelling suite for Norwegian state grant schemes (tilskuddsordninger).

The public surface is small: load and validate a round, score it, solve the allocation.
"""

__version__ = "0.1.0"
