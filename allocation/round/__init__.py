"""Reading and checking a round folder: tables, scheme, reference data."""
