"""The command line: ``allocation validate|solve|run``."""
