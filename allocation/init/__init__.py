"""``allocation init``: write a ready-to-fill round folder from a template."""
