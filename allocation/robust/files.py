"""Writing the robustness and sweep files: every text made first, then all files or none.

CSV files are UTF-8 without BOM, ``,``-separated, ``.`` decimal mark, written by
:func:`allocation.results.allocation_csv_text` (floats as their shortest exact text, whole
kroner as integers, empty cells where there is no value). JSON with two-space indent.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from allocation.results import allocation_csv_text, json_text

if TYPE_CHECKING:  # pragma: no cover
    from allocation.robust.analysis import RobustnessResult
    from allocation.robust.curve import SweepResult

__all__ = ["write_files", "sweep_files", "robustness_files", "json_text"]


def sweep_files(result: SweepResult) -> list[tuple[str, bytes]]:
    """The sweep's four files as (name, bytes), chart included."""
    from allocation.robust.chart import sweep_chart

    return [
        ("sweep.csv", allocation_csv_text(result.long).encode("utf-8")),
        ("sweep_frames.csv", allocation_csv_text(result.by_frame).encode("utf-8")),
        ("sweep_applications.csv", allocation_csv_text(result.by_application).encode("utf-8")),
        ("sweep.png", sweep_chart(result)),
    ]


def robustness_files(result: RobustnessResult) -> list[tuple[str, bytes]]:
    """robustness.csv (only when the nominal rules hold) and robustness.json."""
    out = []
    if result.ok:
        out.append(("robustness.csv", allocation_csv_text(result.table).encode("utf-8")))
    out.append(("robustness.json", json_text(result.as_json()).encode("utf-8")))
    return out


def write_files(out_dir: Path, files: Sequence[tuple[str, bytes]]) -> list[Path]:
    """Write the files into ``out_dir`` (created when missing): all of them or none.

    Each goes to a hidden temporary name first; only when every one is complete are they
    renamed into place. On any failure the temporary files, the files renamed so far and a
    folder created here are removed again.
    """
    out_dir = Path(out_dir)
    created = not out_dir.exists()
    out_dir.mkdir(parents=True, exist_ok=True)
    staged: list[Path] = []
    written: list[Path] = []
    try:
        for name, data in files:
            tmp = out_dir / f".{name}.tmp"
            staged.append(tmp)
            with open(tmp, "wb") as f:
                f.write(data)
                f.flush()
                os.fsync(f.fileno())
        for (name, _), tmp in zip(files, staged, strict=True):
            os.replace(tmp, out_dir / name)
            written.append(out_dir / name)
    except BaseException:
        for path in [*staged, *written]:
            path.unlink(missing_ok=True)
        if created and not any(out_dir.iterdir()):
            out_dir.rmdir()
        raise
    return written
