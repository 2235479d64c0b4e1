"""The package's own files, defined once: reference data, example rounds, notebooks, templates.

They ship inside the package (package data, see ``pyproject.toml``), so a wheel installed
anywhere finds them, and an editable checkout finds the same files in ``allocation/``: there is
one copy of each in git. The top-level ``data/`` and ``notebooks/`` folders of the repository
only point here.

The folders are found with :mod:`importlib.resources`; the package is always installed as
plain files (a wheel or an editable checkout, never imported from a zip), so each is a real
folder that papermill, Voilà and :func:`shutil.copytree` can use.
"""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

#: The installed package's folder (``.../site-packages/allocation`` or the checkout's).
PACKAGE_DIR = Path(str(resources.files("allocation"))).resolve()
#: Where a relative parameter path is looked up when the current folder has no such path: the
#: package's folder, so that ``data/examples/regional-2025`` names the bundled example round
#: from any folder, in a checkout and in an installed wheel alike.
PROJECT_ROOT = PACKAGE_DIR
DATA_DIR = PACKAGE_DIR / "data"
REFERENCE_DIR = DATA_DIR / "reference"
EXAMPLES_DIR = DATA_DIR / "examples"
NOTEBOOKS_DIR = PACKAGE_DIR / "notebooks"
TEMPLATES_DIR = PACKAGE_DIR / "templates"
#: The git checkout holding the package, or None when it is installed from a wheel.
CHECKOUT_DIR: Path | None = (
    PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else None
)


def example_rounds() -> list[str]:
    """The names of the bundled example rounds (folders with a ``scheme.toml``), sorted.

    >>> "regional-2025" in example_rounds()
    True
    """
    return sorted(p.name for p in EXAMPLES_DIR.iterdir() if (p / "scheme.toml").is_file())


def copy_examples(target: Path) -> list[Path]:
    """Copy every bundled example round into ``target/<name>/`` (``target`` is created).

    Only the round's files are copied (no generator script, no caches). Returns the folders
    written, in name order. ``target`` must not hold folders of the same names.
    """
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in example_rounds():
        destination = target / name
        shutil.copytree(
            EXAMPLES_DIR / name,
            destination,
            ignore=shutil.ignore_patterns("__pycache__", ".*"),
        )
        written.append(destination)
    return written
