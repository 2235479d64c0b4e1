"""A run of the pipeline: configuration, scenarios, notebooks, run folder, comparison."""
