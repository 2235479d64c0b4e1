"""``brev/`` in a run's output folder: every letter and the overview, written as a whole."""

from __future__ import annotations

import datetime as _dt
import shutil
from collections.abc import Iterable
from pathlib import Path

from allocation.letters.compose import compose
from allocation.letters.content import letters_from_result
from allocation.letters.overview import OVERVIEW_FILE, write_overview
from allocation.letters.write import write_letter
from allocation.results import AllocationResult
from allocation.whatif import WhatItTakes

__all__ = ["LETTERS_DIR", "write_letters"]

#: The letters' folder inside the output folder.
LETTERS_DIR = "brev"


def write_letters(
    result: AllocationResult,
    out_dir: str | Path,
    *,
    what: Iterable[WhatItTakes] = (),
    date: _dt.date | None = None,
) -> dict[str, Path]:
    """Write ``brev/`` into ``out_dir``: one DOCX per application and ``oversikt.xlsx``.

    The folder is written beside as ``.brev.tmp`` and moved into place when complete, so a
    failed run never leaves half the letters.

    Parameters
    ----------
    result : AllocationResult
        An optimal result (see :func:`~allocation.letters.content.letters_from_result`).
    out_dir : str or Path
        The output folder (the innstilling's).
    what : iterable of WhatItTakes
        What it would have taken for those without a grant (an avslagsbrev says it).
    date : datetime.date, optional
        The letters' date (default today).

    Returns
    -------
    dict
        ``{"brev": <the folder>, "brev_oversikt": <oversikt.xlsx>}``.
    """
    letters = letters_from_result(result, what=what, date=date)
    out = Path(out_dir)
    final, tmp = out / LETTERS_DIR, out / f".{LETTERS_DIR}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        for one in letters.letters:
            write_letter(compose(one, letters), letters.date, tmp / one.file_name)
        write_overview(letters, tmp / OVERVIEW_FILE)
        shutil.rmtree(final, ignore_errors=True)
        tmp.replace(final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"brev": final, "brev_oversikt": final / OVERVIEW_FILE}
