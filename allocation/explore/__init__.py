"""The explorer: an ipywidgets app to try scenarios, and its Voila server."""
